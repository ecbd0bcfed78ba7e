# Two commands for a new user: `make site` and `make test`. Everything here is idempotent.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# Tests run on both cores; browser tests share one server per worker.
PYTEST_ARGS ?= -n 2

.PHONY: site test lint bench chromium validators clean help zensical-smoke

help:
	@echo "make site   - install pinned dependencies into .venv and build content/ into site/"
	@echo "make test   - run the whole test suite (installs Chromium, Java and the npm validators if missing)"
	@echo "make bench  - run the benchmarks in benchmarks/"
	@echo "make lint   - ruff"
	@echo "make zensical-smoke - build the example with Zensical's classic theme (not in make test)"

$(STAMP): requirements.lock pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.lock
	$(PY) -m pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

site: $(STAMP)
	$(VENV)/bin/publisher build

# Debian's Chromium: Playwright's own browser download is not reachable here. Liberation Sans
# stands in for Arial, so screenshots and printed PDFs have the theme's font metrics.
chromium:
	@if [ ! -x /usr/bin/chromium ] || [ ! -e /usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf ]; then \
	  echo "Installing Debian's chromium and fonts-liberation for the browser tests"; \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$SUDO apt-get update -qq && \
	  $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-liberation >/dev/null; \
	fi

# Outside validators the tests run on the built site: the W3C Nu HTML Checker (npm's vnu-jar,
# run with Debian's Java) and pa11y (npm, driving Debian's Chromium: no browser download, no
# install scripts). Pinned in validators/package-lock.json, installed in validators/node_modules.
VALIDATORS := validators/node_modules/.installed
$(VALIDATORS): validators/package.json validators/package-lock.json
	cd validators && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

validators: chromium $(VALIDATORS)
	@if ! command -v java >/dev/null; then \
	  echo "Installing Debian's default-jre-headless for the W3C Nu HTML Checker"; \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$SUDO apt-get update -qq && \
	  $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null; \
	fi

test: $(STAMP) chromium validators
	$(VENV)/bin/ruff check generator redaction tests benchmarks
	$(VENV)/bin/lint-imports
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check generator redaction tests benchmarks

bench: $(STAMP)
	$(PY) benchmarks/build_scale.py
	$(PY) benchmarks/redaction_dask.py
	$(PY) benchmarks/redaction_quality.py; status=$$?; \
	  $(PY) benchmarks/realtext_sites.py && exit $$status

# The theme exit path (Material 9.x is in maintenance; its successor is Zensical): Zensical in
# its own venv, pinned. 0.0.41 is the last release whose dependencies are all on the package
# index here (later ones need zensical-ui, which is not).
ZENSICAL := .venv-zensical/bin/zensical
$(ZENSICAL):
	$(PYTHON) -m venv .venv-zensical
	.venv-zensical/bin/pip install -q --disable-pip-version-check zensical==0.0.41

zensical-smoke: $(STAMP) $(ZENSICAL)
	work=$$(mktemp -d) && $(PY) benchmarks/zensical_smoke.py $(ZENSICAL) $$work; \
	status=$$?; rm -rf $$work; exit $$status

clean:
	rm -rf site reports release .cache validators/node_modules
