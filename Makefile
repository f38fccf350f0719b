# Vigil: two commands for a newcomer.
#   make run    install, build the assets, migrate, load the demo partnership, start the
#               worker, serve on http://127.0.0.1:8000 (SQLite under var/)
#   make test   install what the tests need (Debian's chromium included) and run the whole
#               suite on SQLite and on PostgreSQL, browser journeys included
# Everything installs into .venv and node_modules; nothing is needed beforehand but
# python3.11, node/npm and (for the PostgreSQL run) a server on 127.0.0.1:5432.

SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/pip
PYTEST := $(BIN)/pytest
VIGIL := $(BIN)/vigil
SUDO := $(shell [ "$$(id -u)" = "0" ] || echo sudo)
WORKERS ?= 2
PG_URL ?= postgres://postgres@127.0.0.1:5432/vigil
export DJANGO_SETTINGS_MODULE := config.settings

.PHONY: run test install install-test assets chromium lint test-sqlite test-postgres bench clean help

help:
	@sed -n '2,9p' Makefile

$(BIN)/python:
	python3 -m venv $(VENV)
	$(PIP) install --quiet pip==26.3

$(VENV)/.run-installed: pyproject.toml constraints.txt | $(BIN)/python
	$(PIP) install --quiet -c constraints.txt -e .
	touch $@

$(VENV)/.test-installed: pyproject.toml constraints.txt | $(BIN)/python
	$(PIP) install --quiet -c constraints.txt -e '.[test]'
	touch $@ $(VENV)/.run-installed

install: $(VENV)/.run-installed
install-test: $(VENV)/.test-installed

node_modules/.installed: package.json package-lock.json
	npm ci --omit=optional --no-audit --no-fund --loglevel=error
	touch $@

assets: node_modules/.installed
	npm run --silent build

chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
	  echo "Installing Debian's chromium for the browser journeys"; \
	  $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	fi

run: install assets
	$(VIGIL) demo
	@$(VIGIL) worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; $(VIGIL) serve

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy vigil config
	$(BIN)/bandit -q -c pyproject.toml -r vigil config

test-sqlite: install-test assets chromium
	env -u DATABASE_URL $(PYTEST) -n $(WORKERS) -p no:cacheprovider

test-postgres: install-test assets chromium
	DATABASE_URL=$(PG_URL) $(PYTEST) -n $(WORKERS) -p no:cacheprovider

test: install-test assets chromium lint test-sqlite test-postgres

bench: install-test
	DATABASE_URL=$(PG_URL) $(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) node_modules var vigil/web/static/dist
