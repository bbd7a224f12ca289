# ahasend-codegen: make generate | make test | make lint | make check | make clean
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: generate test lint check clean

# The venv is (re)built only when pyproject.toml is newer than the stamp.
$(VENV)/.stamp: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

# Regenerate generated/ from spec/.
generate: $(VENV)/.stamp
	$(BIN)/ahasend-codegen generate

# Lint and type-check the generator and its tests.
lint: $(VENV)/.stamp
	$(BIN)/ruff check generator spec tests
	$(BIN)/mypy --strict generator spec tests

# Lint, then run the test suite.
test: lint
	$(BIN)/python -m pytest

check: lint test

clean:
	rm -rf $(VENV) build dist *.egg-info .mypy_cache .ruff_cache .pytest_cache .hypothesis
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
