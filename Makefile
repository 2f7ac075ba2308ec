# neuroapp: `make run` to try it, `make test` to check it.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYENV_PYTHON := $(shell command -v pyenv >/dev/null 2>&1 && echo "$$(pyenv root)/versions/3.13.0/bin/python3")
PYTHON ?= $(firstword $(wildcard $(PYENV_PYTHON)) $(shell command -v python3.13 python3 2>/dev/null))
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help run test test-fast lint format bench audit check-python browser clean

help:
	@echo "make run    - install, migrate, load the exercise library, serve on http://$(HOST):$(PORT)"
	@echo "make test   - install what tests need and run the whole suite (browser tests included)"
	@echo "make lint   - ruff (lint + format check), mypy, import-linter contracts"
	@echo "make bench  - performance benchmarks and the find-out-what-helps simulation (figures printed)"

check-python:
	@test -n "$(PYTHON)" || { echo "ERROR: no python3 found. Install Python 3.13 (e.g. 'pyenv install 3.13.0')."; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' || { \
	  echo "ERROR: $(PYTHON) is Python $$($(PYTHON) -c 'import platform; print(platform.python_version())'); neuroapp needs Python >= 3.12 (3.13 recommended)."; \
	  echo "       Install it (e.g. 'pyenv install 3.13.0') or run: make PYTHON=/path/to/python3.13 ..."; exit 1; }

$(BIN)/python: | check-python
	$(PYTHON) -m venv $(VENV)

$(STAMP): requirements.lock pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	touch $(STAMP)

run: check-python $(STAMP)
	DJANGO_DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DJANGO_DEBUG=1 $(BIN)/python manage.py load_exercises
	@echo "neuroapp is at http://$(HOST):$(PORT)/  (Ctrl+C to stop)"
	DJANGO_DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

CHROMIUM_PATH ?= /usr/bin/chromium
BROWSER_PACKAGES := chromium fonts-dejavu-core

# Browser tests need Debian's Chromium. Install it when we can (root with apt-get, as on a
# fresh machine or CI); otherwise stop before running anything, with one line saying what to do.
browser:
	@if [ -x "$(CHROMIUM_PATH)" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "--- installing $(BROWSER_PACKAGES) for the browser tests"; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  apt-get update -qq && apt-get install -y -qq --no-install-recommends $(BROWSER_PACKAGES) >/dev/null \
	    || { echo "ERROR: apt-get could not install $(BROWSER_PACKAGES)."; exit 1; }; \
	  [ -x "$(CHROMIUM_PATH)" ] || { echo "ERROR: Chromium installed, but not at $(CHROMIUM_PATH); set CHROMIUM_PATH."; exit 1; }; \
	else \
	  echo "ERROR: browser tests need Chromium at $(CHROMIUM_PATH): run 'sudo apt-get install $(BROWSER_PACKAGES)' (or set CHROMIUM_PATH), or run 'make test-fast' without them."; \
	  exit 1; \
	fi

# The suite, browser tests included, runs on every CPU (pytest-xdist). The load and fault
# tests against gunicorn run afterwards, in one process: they measure time. Exit 5:
# PYTEST_ARGS selected none of them.
TEST_WORKERS ?= auto

test: check-python browser $(STAMP)
	CHROMIUM_PATH=$(CHROMIUM_PATH) $(BIN)/python -m pytest -n $(TEST_WORKERS) -m "not reliability" $(PYTEST_ARGS) || [ $$? -eq 5 ]
	$(BIN)/python -m pytest -m reliability $(PYTEST_ARGS) || [ $$? -eq 5 ]

test-fast: check-python $(STAMP)
	$(BIN)/python -m pytest -n $(TEST_WORKERS) -m "not browser and not reliability" $(PYTEST_ARGS)

lint: check-python $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: check-python $(STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache

audit: check-python $(STAMP)
	# --strict: a dependency that cannot be checked fails the audit instead of passing silently.
	$(BIN)/pip-audit --strict --requirement requirements.lock --disable-pip --no-deps --progress-spinner off
