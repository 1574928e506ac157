# The two commands a newcomer needs: `make demo` and `make test`. Both bootstrap .venv themselves.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
EDITIONS := $(filter-out %.series.yaml,$(wildcard editions/*.yaml))

.PHONY: demo test lint golden bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install -q -e '.[test]'
	touch $@

# The reference MJML implementation (npm `mjml`), pinned by package-lock.json.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

demo: $(VENV)/.installed
	$(BIN)/briefkit render $(EDITIONS)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check briefkit tests bench
	$(BIN)/ruff format --check briefkit tests bench
	$(BIN)/mypy

test: $(VENV)/.installed-test node_modules/.installed
	$(BIN)/pytest
	$(MAKE) --no-print-directory lint

# Regenerate the golden files after an intended change of output; read `git diff tests/golden` before committing.
golden: $(VENV)/.installed-test
	BRIEFKIT_UPDATE_GOLDEN=1 $(BIN)/pytest -q tests/test_golden.py

bench: $(VENV)/.installed node_modules/.installed
	$(BIN)/python bench/bench_email.py

clean:
	rm -rf $(VENV) node_modules outbox/*/
