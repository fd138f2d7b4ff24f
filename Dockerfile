# The tracker's image (issue 10, "Production"): gunicorn serving the site,
# static files collected at build time into WhiteNoise's compressed manifest
# storage. compose.yaml runs it as the app and as the task worker.
#   docker build -t tracker .
FROM python:3.13-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    # No .env file inside the image: settings come from the environment.
    ENV_FILE= \
    DEBUG=false \
    STATIC_MANIFEST=true \
    # factcheck/gunicorn_conf.py binds here (127.0.0.1:8000 outside a container).
    GUNICORN_BIND=0.0.0.0:8000

# postgresql-client: pg_dump/pg_restore for `manage.py backup` and `restore`
# (Debian 12's client is 15, the major version of compose.yaml's server).
RUN apt-get update \
    && apt-get install -y --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 1000 tracker
WORKDIR /app

COPY requirements.txt ./
RUN pip install -r requirements.txt

COPY --chown=tracker:tracker . .

# collectstatic needs settings to load; a throwaway key signs nothing.
RUN SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
    python manage.py collectstatic --noinput --verbosity 0 \
    && mkdir -p /app/media /app/backups && chown tracker:tracker /app/media /app/backups

USER tracker
EXPOSE 8000

# Worker model (factcheck/gunicorn_conf.py, measured in README "make serve"):
# gunicorn's gthread workers, WEB_CONCURRENCY of them (default 2 x CPUs + 1),
# WEB_THREADS threads each (default 2; 1 gives sync workers). Each worker holds its own PostgreSQL
# pool (DATABASE_POOL_MAX_SIZE, default WEB_THREADS): keep (workers + task
# workers) x pool size under the server's max_connections (`manage.py check`
# warns past DATABASE_MAX_CONNECTIONS). No gunicorn access log: the site logs
# each request as JSON with its request id.
CMD ["gunicorn", "-c", "python:factcheck.gunicorn_conf", "factcheck.wsgi"]
