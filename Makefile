# ahasend-codegen: make generate | make test | make lint | make check | make clean
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
NODE_STAMP := node_modules/.stamp

.PHONY: generate test lint check clean

# The venv is (re)built only when pyproject.toml is newer than the stamp.
$(VENV)/.stamp: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

# Node tools (Prism, the mock server) exactly as the lockfile pins them.
$(NODE_STAMP): package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Regenerate generated/ from spec/.
generate: $(VENV)/.stamp
	$(BIN)/ahasend-codegen generate

# Lint and type-check the generator, the restorer, the tests and the generated client.
lint: $(VENV)/.stamp
	$(BIN)/ruff check generator spec tests
	$(BIN)/mypy --strict generator spec tests
	cd generated && ../$(BIN)/mypy --strict --cache-dir ../.mypy_cache/generated src/ahasend

# Lint, fail on drift between spec/ and generated/, then run the test suite.
test: lint $(NODE_STAMP)
	$(BIN)/ahasend-codegen generate --check
	$(BIN)/python -m pytest

check: lint test

clean:
	rm -rf $(VENV) node_modules build dist *.egg-info .mypy_cache .ruff_cache .pytest_cache .hypothesis
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
