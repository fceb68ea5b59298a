# Two commands matter: `make run` (set up everything and serve the demo site) and `make test`.
PORT ?= 8000
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
export UV_PROJECT_ENVIRONMENT := $(VENV)
export UV_PYTHON_DOWNLOADS := never

ASSET_SOURCES := $(shell find static/src -type f) static/build.mjs
PO_FILES := $(wildcard locale/*/LC_MESSAGES/django.po)
MO_FILES := $(PO_FILES:.po=.mo)

.PHONY: setup run test lint format messages clean

setup: $(VENV)/.synced static/dist/.built $(MO_FILES)

$(BIN)/uv:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet uv==0.13.9

# Python dependencies come only from the committed lock file.
$(VENV)/.synced: uv.lock pyproject.toml | $(BIN)/uv
	$(BIN)/uv sync --frozen --python $(BIN)/python
	@touch $@

node_modules/.package-lock.json: package-lock.json
	npm ci --no-audit --no-fund

static/dist/.built: node_modules/.package-lock.json $(ASSET_SOURCES)
	npm run build
	@touch $@

%.mo: %.po
	@command -v msgfmt >/dev/null || { echo "msgfmt is missing: apt-get install gettext"; exit 1; }
	msgfmt --check -o $@ $<

run: setup
	$(MANAGE) migrate --noinput
	$(MANAGE) prepare_dev_site --port $(PORT)
	$(MANAGE) runserver 127.0.0.1:$(PORT)

test: setup
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(VENV)/.synced
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.synced
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Refresh the catalogues after changing strings in code or templates; translate, then commit.
messages: $(VENV)/.synced
	$(MANAGE) makemessages --locale it --locale en --no-obsolete --ignore '.venv/*' --ignore 'node_modules/*' --ignore 'static/*'

clean:
	rm -rf $(VENV) node_modules static/dist staticfiles
