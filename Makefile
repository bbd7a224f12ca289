# ahasend-codegen: make generate | make test | make lint | make dist | make check | make bench | make fuzz | make clean
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
NODE_STAMP := node_modules/.stamp
BENCH_VENV := benchmarks/.venv
DIST   := dist

.PHONY: generate test lint dist check clean bench fuzz

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
	$(BIN)/ruff check generator spec tests benchmarks
	$(BIN)/mypy --strict generator spec tests
	MYPYPATH=benchmarks $(BIN)/mypy --strict benchmarks/*.py
	cd generated && ../$(BIN)/mypy --strict --cache-dir ../.mypy_cache/generated src/ahasend
	$(BIN)/actionlint .github/workflows/*.yml

# Lint, fail on drift between spec/ and generated/, then run the test suite.
test: lint $(NODE_STAMP)
	$(BIN)/ahasend-codegen generate --check
	$(BIN)/python -m pytest
	$(MAKE) --no-print-directory dist

# Build generated/ as sdist + wheel into dist/, check the metadata PyPI will
# render, then install the wheel into a fresh venv and call the mock server.
dist: $(VENV)/.stamp $(NODE_STAMP)
	rm -rf $(DIST)
	$(BIN)/python -m build --outdir $(DIST) generated
	$(BIN)/twine check --strict $(DIST)/*
	$(BIN)/python -m tests.packaging.smoke_dist $(DIST) generated/openapi.normalised.json

check: lint test

# The adversarial tests with long, freshly seeded fuzzing (`make test` runs
# 500 derandomized examples per source) and the slow size-limit test.
FUZZ_EXAMPLES ?= 10000
fuzz: $(VENV)/.stamp
	AHASEND_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) AHASEND_ADVERSARIAL_FULL=1 \
		$(BIN)/python -m pytest tests/adversarial --timeout=0 --hypothesis-show-statistics

# The peers the benchmarks compare against, in their own venv, exactly as pinned.
$(BENCH_VENV)/.stamp: benchmarks/requirements.txt
	$(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip install --quiet -r benchmarks/requirements.txt
	touch $@

# Generator and client measured beside the alternatives: benchmarks/RESULTS.md.
# Not part of `make test` (its --quick mode is, through tests/benchmarks).
# The generator is byte-compiled first, as installing it from a wheel would: the
# editable install never is where PYTHONDONTWRITEBYTECODE is set, and compiling its
# modules from source costs every run about 0.1 s (the peers' venv has its bytecode).
bench: $(VENV)/.stamp $(NODE_STAMP) $(BENCH_VENV)/.stamp
	$(BIN)/python -m compileall -q generator
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) node_modules build dist *.egg-info .mypy_cache .ruff_cache .pytest_cache .hypothesis
	rm -rf $(BENCH_VENV) .codegen-cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
