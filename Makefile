# The two commands a newcomer needs: `make demo` and `make test`. Both bootstrap .venv themselves.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Exact versions with hashes (requirements/*.txt, written by `make lock` from pyproject.toml's ranges), then
# briefkit itself as an editable install: a .pth file that puts this checkout on sys.path, no import hook.
PIP_LOCKED := $(BIN)/pip install -q --require-hashes --no-deps -r

.PHONY: demo test lint golden bench lock dist clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

# Debian packages outside Python: Pango for WeasyPrint's PDFs (the theme brings its own fonts). Installed only
# when missing.
DEBIAN_RUNTIME := libpango-1.0-0 libpangoft2-1.0-0
# For the browser tests (Playwright drives Debian's Chromium; the email's font stacks fall back to these fonts)
# and the WeasyPrint version evidence, which lays out text in the system's DejaVu and Liberation fonts; for the
# benchmark, Chromium prints the same print HTML, and poppler-utils shows PDF pages.
DEBIAN_TEST := chromium fonts-liberation fonts-dejavu-core
DEBIAN_BENCH := chromium poppler-utils fonts-liberation fonts-dejavu-core
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
define debian
	@dpkg -s $(1) >/dev/null 2>&1 || { echo "installing $(1)"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $(1) >/dev/null; }
endef

$(VENV)/.installed: pyproject.toml requirements/run.txt | $(BIN)/python
	$(call debian,$(DEBIAN_RUNTIME))
	$(PIP_LOCKED) requirements/run.txt
	$(BIN)/pip install -q --no-deps -e .
	touch $@

$(VENV)/.installed-test: requirements/test.txt $(VENV)/.installed
	$(PIP_LOCKED) requirements/test.txt
	touch $@

# The reference MJML implementation (npm `mjml`), pinned by package-lock.json.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

demo: $(VENV)/.installed
	$(BIN)/briefkit build

lint: $(VENV)/.installed-test
	$(BIN)/ruff check briefkit tests bench
	$(BIN)/ruff format --check briefkit tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache

# The whole suite under coverage (the CLI tests' subprocesses too), the figure printed; then lint, types, layers.
test: $(VENV)/.installed-test node_modules/.installed
	$(call debian,$(DEBIAN_TEST))
	rm -f .coverage .coverage.*
	$(BIN)/coverage run -m pytest
	$(BIN)/coverage combine -q
	$(BIN)/coverage report
	$(MAKE) --no-print-directory lint

# Regenerate the golden files after an intended change of output; read `git diff tests/golden` before committing.
golden: $(VENV)/.installed-test
	BRIEFKIT_UPDATE_GOLDEN=1 $(BIN)/pytest -q tests/test_golden.py tests/test_golden_outbox.py tests/test_redteam.py tests/test_validation.py tests/test_handoff.py tests/test_top_of_edition.py tests/test_weekly_theme.py

$(VENV)/.installed-bench: requirements/bench.txt $(VENV)/.installed
	$(PIP_LOCKED) requirements/bench.txt
	touch $@

# Write requirements/*.txt anew from pyproject.toml: versions already there are kept unless a range excludes
# them; `make lock UPGRADE=--upgrade` takes the newest each range allows. Read the diff before committing.
LOCK_SETS := run: test:--extra=test bench:--extra=bench
lock: | $(BIN)/python
	$(BIN)/pip install -q pip-tools
	cd requirements && for set in $(LOCK_SETS); do \
		CUSTOM_COMPILE_COMMAND="make lock" ../$(BIN)/pip-compile -q --generate-hashes --strip-extras --allow-unsafe \
			--no-emit-index-url --no-emit-find-links $(UPGRADE) $${set#*:} -o $${set%%:*}.txt ../pyproject.toml; \
	done
	cd requirements && CUSTOM_COMPILE_COMMAND="make lock" ../$(BIN)/pip-compile -q --generate-hashes --strip-extras --allow-unsafe \
		--no-emit-index-url --no-emit-find-links $(UPGRADE) -o dist.txt dist.in

bench: $(VENV)/.installed-bench node_modules/.installed
	$(call debian,$(DEBIAN_BENCH))
	$(BIN)/python bench/bench_email.py
	$(BIN)/python bench/bench_pdf.py
	$(BIN)/python bench/bench_book.py
	$(BIN)/python bench/bench_footnotes.py
	$(BIN)/python bench/bench_preview.py
	$(BIN)/python bench/bench_feeds.py
	$(BIN)/python bench/bench_send.py
	$(BIN)/python bench/bench_build.py

$(VENV)/.installed-dist: requirements/dist.txt $(VENV)/.installed
	$(PIP_LOCKED) requirements/dist.txt
	touch $@

# The wheel and the sdist in dist/, to install briefkit anywhere without this Makefile (see the README).
dist: $(VENV)/.installed-dist
	rm -rf dist
	$(BIN)/python -m build --outdir dist .

clean:
	rm -rf $(VENV) node_modules outbox/*/ dist .coverage .coverage.*
