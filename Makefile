# Two commands matter: `make run` (set up everything and serve the demo site) and `make test`.
PORT ?= 8000
# The Python that creates the virtual environment: any 3.11–3.13 (make run PYTHON=python3.13).
PYTHON ?= python3
# Overridable so that another Python can have its own environment beside .venv (.ci/run).
VENV ?= .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
export UV_PROJECT_ENVIRONMENT := $(VENV)
export UV_PYTHON_DOWNLOADS := never

ASSET_SOURCES := $(shell find static/src -type f) static/build.mjs
PO_FILES := $(wildcard locale/*/LC_MESSAGES/django.po)
MO_FILES := $(PO_FILES:.po=.mo)

.PHONY: setup run test audit chromium pdf-libraries pdf-packages lint format messages clean

setup: pdf-libraries $(VENV)/.synced static/dist/.built $(MO_FILES)

# A $(VENV) that is half-made or made by another Python than the one given (or one the project
# does not support) is rebuilt, never used: the reason, if any, is printed by the recipe below.
VENV_REBUILD := $(shell $(PYTHON) scripts/check_python.py $(VENV) \
  $(if $(filter command line environment,$(origin PYTHON)),--requested) 2>/dev/null)
ifneq ($(VENV_REBUILD),)
.PHONY: $(BIN)/uv
endif

$(BIN)/uv:
	@command -v $(PYTHON) >/dev/null || { echo "PYTHON=$(PYTHON) is not found: install it or give another, e.g. make run PYTHON=python3.12"; exit 1; }
	@$(PYTHON) scripts/check_python.py
	$(if $(VENV_REBUILD),@echo "$(VENV_REBUILD)" && rm -rf $(VENV))
	@echo "Creating $(VENV) with $$($(PYTHON) -c 'import sys; print(sys.executable, sys.version.split()[0])')"
	@$(PYTHON) -m venv $(VENV)
	@$(BIN)/pip install --quiet uv==0.13.9

# Python dependencies come only from the committed lock file, and only as wheels (no compiler).
$(VENV)/.synced: uv.lock pyproject.toml $(BIN)/uv
	@echo "Installing the Python dependencies from uv.lock into $(VENV)"
	@$(BIN)/uv sync --frozen --no-build --quiet --python $(BIN)/python
	@touch $@

node_modules/.package-lock.json: package-lock.json
	@echo "Installing the front end's tools from package-lock.json into node_modules"
	@npm ci --no-audit --no-fund

static/dist/.built: node_modules/.package-lock.json $(ASSET_SOURCES)
	@npm run --silent build
	@touch $@

%.mo: %.po
	@command -v msgfmt >/dev/null || { echo "msgfmt is missing: apt-get install gettext"; exit 1; }
	@echo "Compiling $<"
	@msgfmt --check -o $@ $<

# A few lines of progress, then the server, which prints the addresses and credentials last.
# The links the site writes (e-mails, sitemap) name the port it is served on.
run: export WAGTAILADMIN_BASE_URL ?= http://127.0.0.1:$(PORT)
run: setup
	@$(MANAGE) prepare_dev_site
	@DJANGO_RUNSERVER_HIDE_WARNING=true $(MANAGE) serve_dev_site 127.0.0.1:$(PORT)

# The migrated database and the demo are snapshots restored while current (tests/README.md);
# make test PYTEST_ARGS=--create-db makes them afresh, PYTEST_ARGS='-m "not demo"' leaves out the
# demo-site and browser tests. The suite is spread over one process per core (pytest-xdist, at
# most 4, each with its own test database); TEST_PROCESSES=0 runs it in one.
TEST_PROCESSES ?= auto --maxprocesses=4
test: setup chromium
	$(BIN)/pytest --numprocesses=$(TEST_PROCESSES) $(PYTEST_ARGS)

# Lighthouse (mobile) on the demo site served as in production; prints the four scores per page.
audit: setup chromium
	$(BIN)/python -m tests.browser.audit

# The browser tests and the audit drive Debian's Chromium (Playwright's own download does not work).
chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; \
	  else \
	    echo "Chromium is missing for the browser tests: sudo apt-get install chromium fonts-dejavu-core"; exit 1; \
	  fi; \
	fi

# WeasyPrint, which makes the attestation PDFs (register/attestation.py), loads Pango, HarfBuzz
# (with its font subsetter), fontconfig and GLib from the system, and falls back to a system font
# where the site's own fonts cannot be read: Debian's packages, installed when run as root.
PDF_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 libfontconfig1 fonts-dejavu-core
pdf-libraries:
	@if command -v dpkg-query >/dev/null; then \
	  missing=$$(for package in $(PDF_PACKAGES); do \
	    dpkg-query -W -f='$${Status}' $$package 2>/dev/null | grep -q 'ok installed' || echo $$package; \
	  done); \
	  if [ -n "$$missing" ]; then \
	    if [ "$$(id -u)" = 0 ]; then \
	      echo "Installing the libraries of the attestation PDFs:" $$missing; \
	      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	    else \
	      echo "Libraries for the attestation PDFs are missing: sudo apt-get install" $$missing; exit 1; \
	    fi; \
	  fi; \
	else \
	  echo "Not Debian: install Pango >= 1.44, HarfBuzz (with libharfbuzz-subset) and fontconfig for WeasyPrint"; \
	fi

# The list alone, for .ci/run.
pdf-packages:
	@echo $(PDF_PACKAGES)

# The production configuration under gunicorn on 127.0.0.1, driven by wrk; not part of `make
# test`. Shorter: make loadtest LOADTEST_DURATION=10 LOADTEST_CONNECTIONS=8 PAGE_CACHE=off
LOADTEST_DURATION ?= 60
LOADTEST_CONNECTIONS ?= 32
LOADTEST_THREADS ?= 2
.PHONY: loadtest
loadtest: setup
	@if ! command -v wrk >/dev/null; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; \
	  else \
	    echo "wrk is missing for the load test: sudo apt-get install wrk"; exit 1; \
	  fi; \
	fi
	$(BIN)/python loadtest/run.py --duration $(LOADTEST_DURATION) \
	  --connections $(LOADTEST_CONNECTIONS) --threads $(LOADTEST_THREADS) \
	  --page-cache $(or $(PAGE_CACHE),on) $(if $(LOADTEST_REDIS_URL),--redis-url $(LOADTEST_REDIS_URL))

# Page by page at scale (bench/README.md): SCALE cooperatives and 500 news items in a database
# of its own (PostgreSQL when DATABASE_URL is given), the production configuration under
# gunicorn, wrk runs with the page cache off and on; writes bench/results.md and .json.
SCALE ?= 10000
.PHONY: bench
bench: setup
	@if ! command -v wrk >/dev/null; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; \
	  else \
	    echo "wrk is missing for the benchmark: sudo apt-get install wrk"; exit 1; \
	  fi; \
	fi
	$(BIN)/python bench/run.py --scale $(SCALE)

# Code (bandit: no high-severity finding) and locked dependencies (pip-audit against PyPI's
# advisories; needs network to pypi.org). Accepted advisories, each with its reason, are in
# pip-audit-ignore.txt. --strict: a dependency that cannot be checked fails the audit.
.PHONY: security
AUDIT_PROBE := https://pypi.org/pypi/django/5.2.19/json
security: $(VENV)/.synced
	$(BIN)/bandit -c pyproject.toml -r . --severity-level high --quiet
	$(BIN)/uv export --frozen --format requirements-txt --no-emit-project --quiet > $(VENV)/audit-requirements.txt
	@# pip-audit reads advisories from PyPI's per-release JSON; where that is not served (this
	@# workplace's PyPI answers 404 for it) the audit cannot run: say so instead of passing.
	@if $(BIN)/python -c "import urllib.request as u; u.urlopen('$(AUDIT_PROBE)', timeout=10)" 2>/dev/null; then \
	  $(BIN)/pip-audit --requirement $(VENV)/audit-requirements.txt --disable-pip --require-hashes \
	    --strict --progress-spinner off \
	    $$(sed -e 's/#.*//' pip-audit-ignore.txt | xargs -r printf -- '--ignore-vuln %s '); \
	else \
	  echo "pip-audit NOT RUN: $(AUDIT_PROBE) is unreachable, so PyPI's vulnerability data cannot be read here."; \
	fi

lint: $(VENV)/.synced
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: $(VENV)/.synced
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Refresh the catalogues after changing strings in code or templates; translate, then commit.
messages: $(VENV)/.synced
	$(MANAGE) makemessages --locale it --locale en --no-obsolete --ignore '.venv/*' --ignore 'var/*' --ignore 'node_modules/*' --ignore 'static/*'

clean:
	rm -rf $(VENV) node_modules static/dist staticfiles
