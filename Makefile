# The two commands a newcomer needs: `make demo` and `make test`. Both bootstrap .venv themselves.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
EDITIONS := $(filter-out %.series.yaml,$(wildcard editions/*.yaml))
# An editable install that puts the project on sys.path with a .pth file: the default (an import hook
# consulted for every module) adds ~40 ms to each briefkit command that loads WeasyPrint's ~500 modules.
EDITABLE := --config-settings editable_mode=compat

.PHONY: demo test lint golden bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

# Debian packages outside Python: Pango and fonts for WeasyPrint's PDFs. Installed only when missing.
DEBIAN_RUNTIME := libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation fonts-dejavu-core
# For the browser tests (Playwright drives Debian's Chromium) and the benchmark (Chromium prints the same
# print HTML); poppler-utils to look at PDF pages.
DEBIAN_TEST := chromium
DEBIAN_BENCH := chromium poppler-utils
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
define debian
	@dpkg -s $(1) >/dev/null 2>&1 || { echo "installing $(1)"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $(1) >/dev/null; }
endef

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(call debian,$(DEBIAN_RUNTIME))
	$(BIN)/pip install -q -e . $(EDITABLE)
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install -q -e '.[test]' $(EDITABLE)
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
	$(call debian,$(DEBIAN_TEST))
	$(BIN)/pytest
	$(MAKE) --no-print-directory lint

# Regenerate the golden files after an intended change of output; read `git diff tests/golden` before committing.
golden: $(VENV)/.installed-test
	BRIEFKIT_UPDATE_GOLDEN=1 $(BIN)/pytest -q tests/test_golden.py

$(VENV)/.installed-bench: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install -q -e '.[bench]' $(EDITABLE)
	touch $@

bench: $(VENV)/.installed-bench node_modules/.installed
	$(call debian,$(DEBIAN_BENCH))
	$(BIN)/python bench/bench_email.py
	$(BIN)/python bench/bench_pdf.py
	$(BIN)/python bench/bench_feeds.py

clean:
	rm -rf $(VENV) node_modules outbox/*/
