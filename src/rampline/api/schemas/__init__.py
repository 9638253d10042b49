"""Request (``XCreate``) and response (``XPublic``) bodies, with their mappers to records."""
