# Two commands for a fresh machine: `make demo` and `make test`.
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
SYSSTAMP := $(VENV)/.system-packages

.PHONY: demo test lint typecheck imports unit setup system clean bench

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

# Debian packages the tests need: a PostgreSQL server to start on loopback and
# Chromium for the browser tests. Installed only where missing (CI is root).
$(SYSSTAMP): | $(BIN)/python
	@if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || ! command -v chromium >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql chromium >/dev/null; \
	  else echo "note: postgresql/chromium missing and not root; those tests will be skipped"; fi; \
	fi
	touch $(SYSSTAMP)

system: $(SYSSTAMP)

demo: $(STAMP)
	$(BIN)/rampline demo

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy

imports: $(STAMP)
	$(BIN)/lint-imports

unit: $(STAMP) $(SYSSTAMP)
	$(BIN)/pytest -n 2 -q

test: lint typecheck imports unit

bench: $(STAMP)
	$(BIN)/python benchmarks/simulate.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
