# Quick start: `make run` (serve the seed tracker) and `make test`.
# Python 3.13 is found through pyenv (.python-version says 3.13.0) or on PATH.

PYTHON ?= $(shell pyenv which python3.13 2>/dev/null || command -v python3.13 2>/dev/null || ls $(HOME)/.pyenv/versions/3.13*/bin/python3.13 2>/dev/null | head -n 1)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test lint format migrate seed editor check clean

$(VENV)/.installed: requirements.txt
	@test -n "$(PYTHON)" || { echo "Python 3.13 not found: install it (pyenv install 3.13.0) or set PYTHON=/path/to/python3.13"; exit 1; }
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 12), sys.version' || { echo "$(PYTHON) is older than 3.12; Django 6 needs 3.12+"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

install: $(VENV)/.installed

migrate: install
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py load_seed

editor: migrate
	$(PY) manage.py create_editor --if-none

run: seed editor
	$(PY) manage.py collectstatic --noinput --verbosity 0
	@echo "Serving the tracker at http://$(HOST):$(PORT)/  (editors: http://$(HOST):$(PORT)/admin/, API: http://$(HOST):$(PORT)/api/v1/)"
	$(PY) manage.py runserver $(HOST):$(PORT)

test: install
	$(PY) -m pytest

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check: install
	SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))') \
	ALLOWED_HOSTS=tracker.example.org SECURE_SSL_REDIRECT=true SECURE_HSTS_SECONDS=31536000 SECURE_HSTS_INCLUDE_SUBDOMAINS=true SECURE_HSTS_PRELOAD=true \
	$(PY) manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
