# Quick start: `make run` (serve the seed tracker) and `make test`.
# Python 3.13 is found through pyenv (.python-version says 3.13.0) or on PATH.

PYTHON ?= $(shell pyenv which python3.13 2>/dev/null || command -v python3.13 2>/dev/null || ls $(HOME)/.pyenv/versions/3.13*/bin/python3.13 2>/dev/null | head -n 1)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
DJANGO_TARGET := 6.1
WORKER_RESTART_SECONDS ?= 3
SITE_HOST = $(if $(filter 0.0.0.0,$(HOST)),127.0.0.1,$(HOST))
# Python files for django-upgrade: tracked or new, not ignored; migrations
# are generated and left as Django wrote them.
PY_FILES = $(shell git ls-files --cached --others --exclude-standard '*.py' | grep -v '^articles/migrations/')

# A shell fragment for `make run` and `make serve`: with the database task
# queue, start `manage.py db_worker` in the background (restarted after
# WORKER_RESTART_SECONDS if it stops on an error) and stop it when the
# server stops. Make joins its lines into one; every statement ends in `;`.
TASK_WORKER_BESIDE = if [ "$$($(PY) manage.py shell --no-imports -v 0 -c 'from django.conf import settings; print(settings.TASKS["default"]["BACKEND"])')" = django_tasks_db.DatabaseBackend ]; then \
	  echo "Task worker: manage.py db_worker (deadline alerts), restarted if it stops on an error"; \
	  ( trap 'kill $$child 2>/dev/null; wait $$child 2>/dev/null; exit 0' TERM; \
	    while :; do \
	      $(PY) manage.py db_worker --verbosity 0 & child=$$!; \
	      wait $$child; status=$$?; \
	      if [ $$status -eq 0 ]; then exit 0; fi; \
	      echo "Task worker stopped (exit status $$status); restarting it in $(WORKER_RESTART_SECONDS) s." >&2; \
	      sleep $(WORKER_RESTART_SECONDS) & wait $$!; \
	    done ) & worker=$$!; \
	fi; \
	trap 'if [ -n "$$worker" ]; then kill $$worker 2>/dev/null; wait $$worker 2>/dev/null; fi' EXIT INT TERM;

.PHONY: install install-dev run test lint format migrate seed editor secret-key check clean

$(PY):
	@test -n "$(PYTHON)" || { echo "Python 3.13 not found: install it (pyenv install 3.13.0) or set PYTHON=/path/to/python3.13"; exit 1; }
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 12), sys.version' || { echo "$(PYTHON) is older than 3.12; Django 6 needs 3.12+"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Runtime only (what production installs): make install, make run.
$(VENV)/.installed: requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

# Runtime plus tests and tooling: make test, make lint, make format.
$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

# With DEBUG off the site refuses to start without a real SECRET_KEY. The
# quick start keeps a generated one in .env (git-ignored, readable only by
# you), written once: a SECRET_KEY already in the environment or in .env is
# left alone.
secret-key: install
	@if [ -z "$$SECRET_KEY" ] && ! grep -Eqs '^[[:space:]]*(export[[:space:]]+)?SECRET_KEY[[:space:]]*=' .env; then \
	  umask 077; \
	  if [ -s .env ] && [ -n "$$(tail -c 1 .env)" ]; then echo >> .env; fi; \
	  echo "SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')" >> .env; \
	  echo "Wrote a generated SECRET_KEY to .env (git-ignored; keep it out of commits)."; \
	fi

migrate: secret-key
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py load_seed

editor: migrate
	$(PY) manage.py create_editor --if-none --site-url http://$(HOST):$(PORT)

# Beside the server, a task worker for the database queue (settings TASKS;
# deadline alerts: manage.py check_deadlines), stopped when the server stops.
# A worker that stops on an error (e.g. SQLite's "database is locked" while
# a long import holds the write lock) is started again after
# WORKER_RESTART_SECONDS, with a line saying so.
# With another TASKS_BACKEND (immediate, RQ, Celery) no worker is started here.
# Mail goes to the console unless EMAIL_URL (environment or .env) says otherwise.
# SITE_URL (absolute links in alert emails) is http://HOST:PORT for the run
# unless the environment or .env sets it (HOST 0.0.0.0 is linked as 127.0.0.1).
run: seed editor
	@umask 077; if [ -z "$$EMAIL_URL" ] && ! grep -Eqs '^[[:space:]]*(export[[:space:]]+)?EMAIL_URL[[:space:]]*=' .env; then \
	  if [ -s .env ] && [ -n "$$(tail -c 1 .env)" ]; then echo >> .env; fi; \
	  echo "EMAIL_URL=consolemail://" >> .env; \
	  echo "Wrote EMAIL_URL=consolemail:// to .env: mail (deadline alerts) is printed by the task worker; set an smtp:// URL to send it."; \
	fi
	$(PY) manage.py collectstatic --noinput --verbosity 0
	@echo "Serving the tracker at http://$(HOST):$(PORT)/  (editors: http://$(HOST):$(PORT)/admin/, API: http://$(HOST):$(PORT)/api/v1/)"
	@worker=; \
	if [ -z "$$SITE_URL" ] && ! grep -Eqs '^[[:space:]]*(export[[:space:]]+)?SITE_URL[[:space:]]*=' .env; then \
	  SITE_URL=http://$(SITE_HOST):$(PORT); export SITE_URL; \
	  echo "SITE_URL=$$SITE_URL for this run (links in alert emails, canonical URLs); set SITE_URL in .env for another address."; \
	fi; \
	$(TASK_WORKER_BESIDE) \
	$(PY) manage.py runserver $(HOST):$(PORT)

# The suite runs on factcheck/settings_test.py (pyproject.toml): SQLite, or
# the database DATABASE_URL names.
test: install-dev
	$(PY) -m pytest

# Exactly what CI runs (.ci/run calls `make lint`); the same tools run from
# .pre-commit-config.yaml on each commit.
lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/django-upgrade --check --target-version $(DJANGO_TARGET) $(PY_FILES)
	$(VENV)/bin/djlint templates --lint
	$(VENV)/bin/pre-commit validate-config .pre-commit-config.yaml
	$(PY) manage.py makemigrations --check --dry-run --settings=factcheck.settings_test
	@$(MAKE) --no-print-directory check

# django-upgrade exits 1 when it rewrote a file: not a failure here.
format: install-dev
	-$(VENV)/bin/django-upgrade --target-version $(DJANGO_TARGET) $(PY_FILES)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# `check --deploy` with production-like values (no .env: ENV_FILE is empty).
check: install
	ENV_FILE= DEBUG=false \
	SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))') \
	ALLOWED_HOSTS=tracker.example.org SECURE_SSL_REDIRECT=true SECURE_HSTS_SECONDS=31536000 SECURE_HSTS_INCLUDE_SUBDOMAINS=true SECURE_HSTS_PRELOAD=true \
	$(PY) manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache

# Backups (articles/backup.py): PostgreSQL via pg_dump --format=custom,
# SQLite via its online backup API, into backups/ (git-ignored). Uploaded
# media is not included (README, "Backups").
.PHONY: backup restore
backup: install
	$(PY) manage.py backup $(FILE)

# make restore FILE=backups/tracker-....dump; replacing a database that has
# tables needs RESTORE_CONFIRM=yes (or answer the command's refusal).
restore: install
	@test -n "$(FILE)" || { echo "make restore FILE=backups/tracker-<timestamp>.<dump|sqlite3>"; exit 2; }
	$(PY) manage.py restore $(FILE)

# The production stack on this machine (issue 10; README, "make serve"):
# gunicorn with factcheck/gunicorn_conf.py (gthread workers, WEB_CONCURRENCY
# of them, WEB_THREADS each; GUNICORN_BIND=HOST:PORT) and, beside it, the
# task worker as in `make run`; DEBUG off and static files collected into WhiteNoise's compressed
# manifest storage (hashed names, .gz and .br) for this run only, so the
# test suite and `make run` keep the plain storage. SQLite, or the
# DATABASE_URL of the environment or .env. No seed and no editor: this may
# be a production database (`make seed serve` loads the sample data first;
# `manage.py create_editor` makes an editor). Plain HTTP: the HTTPS redirect
# and HSTS stay as the environment sets them (off unless set); cookies stay
# Secure (browsers keep them from http://127.0.0.1 and localhost).
.PHONY: serve
serve: export DEBUG = false
serve: export STATIC_MANIFEST = true
serve: export GUNICORN_BIND = $(HOST):$(PORT)
serve: migrate
	$(PY) manage.py collectstatic --noinput --verbosity 0
	@if [ -z "$$EMAIL_URL" ] && ! grep -Eqs '^[[:space:]]*(export[[:space:]]+)?EMAIL_URL[[:space:]]*=' .env; then \
	  echo "EMAIL_URL is not set: deadline alerts go to an SMTP server on localhost:25 (set EMAIL_URL, e.g. consolemail:// to print them)."; \
	fi
	@echo "Serving the tracker (production settings, gunicorn) at http://$(HOST):$(PORT)/  (health: /healthz, /readyz)"
	@worker=; \
	if [ -z "$$SITE_URL" ] && ! grep -Eqs '^[[:space:]]*(export[[:space:]]+)?SITE_URL[[:space:]]*=' .env; then \
	  SITE_URL=http://$(SITE_HOST):$(PORT); export SITE_URL; \
	fi; \
	$(TASK_WORKER_BESIDE) \
	$(PY) -m gunicorn -c python:factcheck.gunicorn_conf factcheck.wsgi
