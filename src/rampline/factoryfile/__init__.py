"""Factory files: YAML text → the domain model, with every error found at once.

``load_factory_file`` reads a file and returns the base plan and each scenario
as :class:`~rampline.domain.factory.Factory` objects, or raises
:class:`~rampline.errors.FactoryFileError` holding every problem with its file,
line and dotted path.
"""

from rampline.factoryfile.loader import FactoryFile, load_factory, load_factory_file, parse_factory

__all__ = ["FactoryFile", "load_factory", "load_factory_file", "parse_factory"]
