"""Settings for the city response tracker.

Every setting that differs between a laptop and production comes from the
environment (django-environ), optionally through a ``.env`` file beside
``manage.py`` (``ENV_FILE`` names another). The defaults are the embedded
quick start: SQLite, local memory cache, ``DEBUG`` off. Production sets at
least ``SECRET_KEY``, ``ALLOWED_HOSTS``, ``DATABASE_URL`` and ``CACHE_URL``
(or ``REDIS_URL``). Values are read strictly (``factcheck/env.py``): a
value that cannot be read stops the site naming the variable. The test
suite runs on ``factcheck/settings_test.py``.
"""

import datetime
import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from factcheck.env import Env, load_env_file, require_real_secret_key, require_time_zone
from factcheck.serving import database_pool_options, web_concurrency, web_threads

BASE_DIR = Path(__file__).resolve().parent.parent

env = Env()
# The environment wins over the file; ENV_FILE= (empty) reads no file.
_env_file = env.str("ENV_FILE", default=str(BASE_DIR / ".env"))
if _env_file and "ENV_FILE" in os.environ and not Path(_env_file).is_file():
    raise ImproperlyConfigured(
        f"ENV_FILE={_env_file!r} names no file; fix the path, or set ENV_FILE= to read none."
    )
if _env_file:
    load_env_file(_env_file)

DEBUG = env.bool("DEBUG", default=False)

# With DEBUG off the site refuses to start without a real SECRET_KEY
# (missing, empty, the development key or a weak one): factcheck/wsgi.py and
# asgi.py, which gunicorn and runserver load, raise ImproperlyConfigured, and
# `check --deploy` reports it. Commands that sign nothing (migrate,
# makemigrations, load_seed) still run: the key is left empty, and Django
# refuses any use of an empty key. Only DEBUG=true falls back to the
# development key. `make run` writes a generated key to the git-ignored .env.
_INSECURE_DEV_KEY = "django-insecure-dev-only-not-for-production"  # noqa: S105
SECRET_KEY = env.str("SECRET_KEY", default="")
#: Why the site may not serve with this key ("" when it may).
SECRET_KEY_PROBLEM = ""
if DEBUG:
    SECRET_KEY = SECRET_KEY or _INSECURE_DEV_KEY
else:
    try:
        require_real_secret_key(SECRET_KEY)
    except ImproperlyConfigured as exc:
        SECRET_KEY, SECRET_KEY_PROBLEM = "", str(exc)

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# The site's public address (https://tracker.example.org, no trailing slash
# needed): canonical and Open Graph URLs start with it. Unset, each request's
# own scheme and host are used (articles/templatetags/page_meta.py).
SITE_URL = env.str("SITE_URL", default="")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    # SearchVectorField and the full-text search expressions (articles.search);
    # harmless on SQLite, where only the PostgreSQL-only code paths use it.
    "django.contrib.postgres",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    # API tokens, stored as SHA-512 digests, made and revoked in the admin
    # (articles/api/authentication.py); replaces rest_framework.authtoken,
    # which keeps tokens in plain text.
    "knox",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI's files for /api/v1/docs/, served locally
    "simple_history",
    "corsheaders",
    "django_tasks_db",  # the task queue in the database (TASKS below)
    "import_export",  # import and export in the admin (IMPORT_* below)
    "factcheck.users",
    "articles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # CORS for read-only API calls from other sites (CORS_* below); before
    # WhiteNoise and CommonMiddleware, as django-cors-headers asks.
    "corsheaders.middleware.CorsMiddleware",
    # Request line, header count and header size over the documented limits:
    # a JSON 414/431 under /api/ (articles/request_limits.py); after CORS, so
    # another site's script can read the refusal.
    "articles.request_limits.RequestLimitsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "articles.middleware.RejectNulBytesMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "articles.middleware.PrivateForEditorsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "factcheck.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "factcheck.wsgi.application"
ASGI_APPLICATION = "factcheck.asgi.application"

# SQLite is the embedded default; DATABASE_URL=postgres://... picks PostgreSQL
# (psycopg 3 with Django's built-in connection pool).
DATABASES = {"default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {})
    if env.bool("DATABASE_POOL", default=True):
        # One pool per gunicorn worker (or task worker), sized for its
        # threads (factcheck/serving.py): a thread holds at most one
        # connection, so a request never waits for another's. The timeout
        # bounds the wait for a connection, and so how long /healthz takes
        # to say 503 when the server is unreachable (psycopg's default is
        # 30 s). Rule: (WEB_CONCURRENCY + TASK_WORKERS) x
        # DATABASE_POOL_MAX_SIZE <= DATABASE_MAX_CONNECTIONS (below).
        DATABASES["default"]["OPTIONS"].setdefault("pool", database_pool_options())
    # Seconds libpq waits for the server to accept a connection (2 is its
    # minimum); a host that drops packets must not hold a worker.
    DATABASES["default"]["OPTIONS"].setdefault(
        "connect_timeout", env.int("DATABASE_CONNECT_TIMEOUT", default=3)
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0  # the pool keeps connections
    # No JIT: a page's queries are short, and compiling one costs more than it
    # saves (/search/'s visibility subqueries crossed jit_above_cost and spent
    # 1.8 s compiling to run 20 ms; bench/search.py). DATABASE_URL's
    # ?options=... wins.
    DATABASES["default"]["OPTIONS"].setdefault("options", "-c jit=off")
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several editors saving at once (Django's "SQLite notes"); options given
    # in DATABASE_URL's query string win.
    DATABASES["default"]["OPTIONS"] = {
        # A write transaction takes the write lock as it begins, so it never
        # fails halfway with "database is locked" when another writer got in first.
        "transaction_mode": "IMMEDIATE",
        # A writer waits up to 20 s for the lock instead of failing at once.
        "timeout": 20,
        # WAL: readers and the writer don't block each other; in WAL mode NORMAL
        # keeps the file consistent (a power cut may lose the last commits only).
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        **DATABASES["default"].get("OPTIONS", {}),
    }


# Redis (Django's built-in RedisCache) when CACHE_URL or REDIS_URL is set,
# local memory otherwise.
_cache_url = env.str("CACHE_URL", default="") or env.str("REDIS_URL", default="")
if _cache_url:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _cache_url,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# The custom user model (factcheck/users/), set while the data is only the seed.
AUTH_USER_MODEL = "users.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
USE_I18N = True
USE_TZ = True
# The server keeps time in UTC; deadlines are judged in each inquiry's own
# time zone (Inquiry.due_timezone), never in the server's.
TIME_ZONE = "UTC"
# The newsroom's zone: the default for an inquiry's deadline and the zone in
# which pages show times.
NEWSROOM_TIME_ZONE = require_time_zone(
    "NEWSROOM_TIME_ZONE", env.str("NEWSROOM_TIME_ZONE", default="America/New_York")
)

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG and env.bool("STATIC_MANIFEST", default=False)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

REST_FRAMEWORK = {
    "DEFAULT_PERMISSION_CLASSES": [
        # DRF's DjangoModelPermissionsOrAnonReadOnly, with a 405 (not a 403)
        # for a method an endpoint does not offer (articles/api/permissions.py).
        "articles.api.permissions.ModelPermissionsOrAnonReadOnly",
    ],
    # Token first: its scheme is the one WWW-Authenticate names on a 401.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "articles.api.authentication.StrictTokenAuthentication",
        "articles.api.authentication.CsrfSessionAuthentication",
    ],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "articles.api.pagination.CappedPageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "articles.api.schema.TrackerAutoSchema",
    "EXCEPTION_HANDLER": "articles.api.exceptions.exception_handler",
}

# --- API writes (articles/api/writes.py, articles/api/authentication.py) ---
# Tokens (django-rest-knox): 64 hex digits, stored as a SHA-512 digest;
# an editor makes one in the admin (shown once) and revokes it by deleting
# it there. A token made in the admin expires after API_TOKEN_DAYS unless
# the editor sets another expiry.
REST_KNOX = {
    "TOKEN_TTL": datetime.timedelta(days=env.int("API_TOKEN_DAYS", default=90)),
    "AUTH_HEADER_PREFIX": "Token",
}
# The largest API write body, in bytes: larger ones get a 400 naming the limit.
API_MAX_BODY_BYTES = env.int("API_MAX_BODY_BYTES", default=1_048_576)

SPECTACULAR_SETTINGS = {
    "TITLE": "City response tracker API",
    "DESCRIPTION": (
        "Cities, inquiries put to them and the responses each city gave, with the "
        "claims officials made, the sources behind them and the corrections. Anyone "
        "may read (anonymous clients are throttled); editors and reporters write with "
        "a token made in the admin (`Authorization: Token ...`) or their session, and "
        "every update needs the record's `ETag` in `If-Match`."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Several models have a field named "kind"; name the corrections' own.
    "ENUM_NAME_OVERRIDES": {
        "CorrectionKindEnum": "articles.choices.CorrectionKind",
        # Read and write serializers share these (articles/api/writes.py).
        "SourceKindEnum": "articles.models.Source.Kind",
        "InquiryKindEnum": "articles.models.Inquiry.Kind",
    },
    # /api/v1/docs/: Swagger UI from drf-spectacular-sidecar's static files
    # (no CDN), its start-up script a file of its own (no inline script).
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# Production hardening: on whenever DEBUG is off, each overridable.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# No page may be framed (CSP's frame-ancestors, beside X-Frame-Options) except
# the embed (/embed/inquiries/<slug>/), framable from EMBED_ALLOWED_ORIGINS:
# space-free CSP sources, comma-separated, e.g. https://www.example-news.com;
# default * (any site: the embed is for partner newsrooms' stories).
SECURE_CSP = {"frame-ancestors": [CSP.NONE]}
EMBED_ALLOWED_ORIGINS = env.list("EMBED_ALLOWED_ORIGINS", default=["*"])
for _origin in EMBED_ALLOWED_ORIGINS:
    if not _origin or any(c.isspace() or c in ";,'\"" for c in _origin):
        raise ImproperlyConfigured(f"EMBED_ALLOWED_ORIGINS has {_origin!r}, not a CSP source.")

# Logs go to standard error. LOG_LEVEL: the root logger's level (INFO).
# LOG_FORMAT: "json" (one JSON object a line, for a log collector) or "text";
# default text with DEBUG on, json otherwise (factcheck/request_log.py).
LOG_FORMAT = env.str("LOG_FORMAT", default="text" if DEBUG else "json").lower()
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured(f"LOG_FORMAT={LOG_FORMAT!r}: use json or text.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "factcheck.request_log.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    # request_id on every record made while a request is handled (a
    # traceback's too), not only on the request log's line.
    "filters": {"request_id": {"()": "factcheck.request_log.RequestIdFilter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}


# --- API caching, CORS, throttling and request limits (issue 8, items 2, 6) ---
# Seconds browsers and shared caches may reuse an anonymous API answer
# before revalidating it with its ETag (articles/api/caching.py).
API_CACHE_MAX_AGE = env.int("API_CACHE_MAX_AGE", default=60)
# CORS (django-cors-headers): any site may read the API from a browser, only
# with GET/HEAD (and the OPTIONS preflight), never with credentials (no
# cookies, no Authorization header: editors' writes stay same-site).
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ("GET", "HEAD", "OPTIONS")
CORS_ALLOW_HEADERS = ("accept", "accept-language", "if-none-match")
# What a browser script on another site may read: the conditional-GET tag,
# the throttle's wait, and the CSV rendering's count, links and instant.
CORS_EXPOSE_HEADERS = ("ETag", "Retry-After", "X-Total-Count", "Link", "X-Evaluated-At")
CORS_PREFLIGHT_MAX_AGE = 86400
# Throttling of anonymous API clients (articles/api/throttling.py): a DRF
# rate, "<n>/<second|minute|hour|day>"; empty turns it off. Signed-in users
# are not throttled. Counted in the default cache (Redis in production,
# shared by every app server). API_NUM_PROXIES: how many reverse proxies
# append to X-Forwarded-For in front of the app (0: the client is
# REMOTE_ADDR); without it a client could pick its own address.
API_ANON_THROTTLE_RATE = env.str("API_ANON_THROTTLE_RATE", default="120/minute") or None
REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"] = ["articles.api.throttling.AnonymousRateThrottle"]
REST_FRAMEWORK["NUM_PROXIES"] = env.int("API_NUM_PROXIES", default=0)


# --- Background tasks and email: deadline alerts (issue 9, item 5) ---
# Django's Tasks framework (django.tasks): the queue is this setting. The
# embedded default keeps tasks in the database (django-tasks-db; `manage.py
# db_worker` runs them, `make run` starts one); TASKS_BACKEND names another
# backend, e.g. django.tasks.backends.immediate.ImmediateBackend (run at
# once, in the caller) or an RQ/Redis or Celery backend's class when the
# work outgrows one machine. articles/alerts.py is safe with several workers.
TASKS = {
    "default": {
        "BACKEND": env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
# Outgoing mail (Django 6.1's MAILERS; the EMAIL_* settings are deprecated)
# from EMAIL_URL, read by django-environ: smtp+tls://user:password@host:587,
# smtps://..., consolemail:// prints to the console, dummymail:// drops it.
# Default: the console with DEBUG on; otherwise Django's own default, SMTP to
# a mail server on this machine (smtp://localhost:25), since `check --deploy`
# rightly refuses the console in production. `make run` writes
# EMAIL_URL=consolemail:// to .env for the quick start. EMAIL_TIMEOUT:
# seconds to wait for the mail server; an alert is sent inside the
# transaction that records it (articles/alerts.py), so a hung server must
# not hold it for long.
_email = env.email_url("EMAIL_URL", default="consolemail://" if DEBUG else "smtp://localhost:25")
MAILERS = {"default": {"BACKEND": _email["EMAIL_BACKEND"]}}
if _email["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend":
    MAILERS["default"]["OPTIONS"] = {
        "host": _email.get("EMAIL_HOST") or "localhost",
        "port": _email.get("EMAIL_PORT") or 25,
        "username": _email.get("EMAIL_HOST_USER") or "",
        "password": _email.get("EMAIL_HOST_PASSWORD") or "",
        "use_tls": bool(_email.get("EMAIL_USE_TLS")),
        "use_ssl": bool(_email.get("EMAIL_USE_SSL")),
        "timeout": env.int("EMAIL_TIMEOUT", default=30),
    }
elif _email["EMAIL_BACKEND"] == "django.core.mail.backends.filebased.EmailBackend":
    MAILERS["default"]["OPTIONS"] = {"file_path": _email.get("EMAIL_FILE_PATH") or ""}
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="tracker@localhost")
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
# How far ahead a deadline alert warns (days; the issue says 3).
DEADLINE_ALERT_DAYS = env.int("DEADLINE_ALERT_DAYS", default=3)
# --- Import and export in the admin (issue 9, item 7; articles/resources.py) ---
# django-import-export: places, sources, claims and responses, CSV and XLSX
# only, all or nothing (one transaction per import; a dry run is rolled back).
IMPORT_EXPORT_USE_TRANSACTIONS = True
from import_export.formats.base_formats import CSV as _CSV  # noqa: E402
from import_export.formats.base_formats import XLSX as _XLSX  # noqa: E402

IMPORT_EXPORT_FORMATS = IMPORT_FORMATS = EXPORT_FORMATS = [_CSV, _XLSX]
# Only users with the model's "view" permission export; import is checked in
# articles/admin_impexp.py (add or change permission), each row by the services.
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
# Empty lines of a spreadsheet (trailing ones above all) are not rows.
IMPORT_EXPORT_IMPORT_IGNORE_BLANK_LINES = True
# Largest import file, in bytes, and most data rows in one import: larger
# files are refused on the upload form, naming the limit. Each row is saved
# through the services (about 30 queries a place); 500 places took about 30 s
# to preview and as long to confirm on a loaded 2-CPU machine with SQLite, so
# 1,000 rows keep one request within a minute.
IMPORT_MAX_FILE_BYTES = env.int("IMPORT_MAX_FILE_BYTES", default=5 * 1024 * 1024)
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=1_000)
# --- Wire-story ingestion (issue 11; articles/ingest/reading.py) ---
# The longest story accepted, in characters of text (after HTML is reduced to
# its text); the corpus's longest is 12,504. A longer one is refused by name.
INGEST_MAX_CHARS = env.int("INGEST_MAX_CHARS", default=100_000)
# The largest file or paste read at all, in bytes (HTML included), refused
# before it is decoded or parsed.
INGEST_MAX_BYTES = env.int("INGEST_MAX_BYTES", default=5 * 1024 * 1024)
# --- Documents: uploads and their storage (issue 9, item 6; articles/documents.py) ---
# The largest document (a source's file, a contact's document) accepted, in
# bytes; larger ones are refused beside the field with the limit named.
DOCUMENT_MAX_BYTES = env.int("DOCUMENT_MAX_BYTES", default=20 * 1024 * 1024)
# Django's own limits: form fields other than files (2.5 MiB, Django's
# default: a source's full text fits many times over) and the size above
# which an upload is streamed to a temporary file instead of memory.
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=2_621_440)
FILE_UPLOAD_MAX_MEMORY_SIZE = env.int("FILE_UPLOAD_MAX_MEMORY_SIZE", default=2_621_440)
# A request body larger than a document and the form's other fields is
# refused before it is read: 413, a page (JSON under /api/) naming the
# limit (articles.request_limits.RequestBodyLimitMiddleware).
MAX_REQUEST_BODY_BYTES = DOCUMENT_MAX_BYTES + DATA_UPLOAD_MAX_MEMORY_SIZE
MIDDLEWARE.insert(
    MIDDLEWARE.index("articles.request_limits.RequestLimitsMiddleware") + 1,
    "articles.request_limits.RequestBodyLimitMiddleware",
)
# Where uploaded files live: the local disk under MEDIA_ROOT by default; an
# S3-compatible bucket (AWS S3, MinIO, Cloudflare R2, ...) through
# django-storages when AWS_STORAGE_BUCKET_NAME is set. That needs boto3,
# which is not installed by default: `pip install -r requirements-s3.txt`.
# Credentials come from boto3's own environment (AWS_ACCESS_KEY_ID,
# AWS_SECRET_ACCESS_KEY) or the machine's role, never from this file. The
# bucket stays private: readers get a file through /sources/<id>/file,
# which checks the source is public and then redirects to a short-lived
# signed address (AWS_QUERYSTRING_EXPIRE seconds, default 300).
AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env.str("S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
            "default_acl": None,  # the bucket's own policy: private
            "querystring_auth": True,
            "querystring_expire": env.int("AWS_QUERYSTRING_EXPIRE", default=300),
            "file_overwrite": False,  # a new upload never replaces an older file
        },
    }

# --- Health checks, request logs, error reporting (issue 10, "Production") ---
# /healthz and /readyz (factcheck/health.py) answer over plain HTTP even with
# SECURE_SSL_REDIRECT on: load balancers probe the app server directly.
# ALLOWED_HOSTS still applies: the probe must send an allowed Host header.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
# One log line per request with a request id, echoed in X-Request-ID
# (factcheck/request_log.py); outermost, so it times and logs every answer.
MIDDLEWARE.insert(0, "factcheck.request_log.RequestLogMiddleware")
# /healthz and /readyz are answered before the session and authentication
# middleware: a probe with a session cookie gets 503 JSON, never a 500,
# while the database is down (factcheck/health.py).
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "factcheck.health.HealthCheckMiddleware",
)
CORS_EXPOSE_HEADERS = (*CORS_EXPOSE_HEADERS, "X-Request-ID")
# Redis down or unreachable must not hang a request (or /healthz): seconds
# to connect and to wait for an answer (REDIS_SOCKET_TIMEOUT; CACHE_URL's own
# query string wins).
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    _redis_timeout = env.float("REDIS_SOCKET_TIMEOUT", default=2.0)
    CACHES["default"]["OPTIONS"] = {
        "socket_connect_timeout": _redis_timeout,
        "socket_timeout": _redis_timeout,
        **CACHES["default"].get("OPTIONS", {}),
    }
# Error reporting to Sentry when SENTRY_DSN is set; otherwise sentry-sdk is
# not even imported. No personal data (no user names, addresses or cookies);
# SENTRY_TRACES_SAMPLE_RATE (0 to 1, default 0: errors only),
# SENTRY_ENVIRONMENT and SENTRY_RELEASE label the events.
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        integrations=[DjangoIntegration()],
        send_default_pii=False,
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
        environment=env.str("SENTRY_ENVIRONMENT", default="") or None,
        release=env.str("SENTRY_RELEASE", default="") or None,
    )
# --- The shared page cache (issue 10, item 2; articles/page_cache.py) ---
# Anonymous GET/HEAD of pages and the API answered from the default cache
# (Redis with CACHE_URL), keyed on the data generation (articles/freshness.py)
# and the day in each deadline zone; a write is visible at the next request on every
# app server. PAGE_CACHE=off turns it off (benchmarks of uncached pages).
# On by default with a shared cache (CACHE_URL/REDIS_URL) only: the
# local-memory fallback is one per process, so a write in one gunicorn
# worker would not reach the others' pages (PAGE_CACHE=on still forces it,
# right for a single process). Before the session and everything that may
# query the database.
PAGE_CACHE = env.bool("PAGE_CACHE", default=bool(_cache_url))
# Counts, tallies and filter options kept in the cache until the next write
# (articles/freshness.py, counting.py, tallies.py, paging.py): on with a
# shared cache only, for the same reason as PAGE_CACHE (on is right for a
# single process, such as runserver).
DERIVED_CACHE = env.bool("DERIVED_CACHE", default=bool(_cache_url))
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=90)
# Longest a request waits for another one rendering the same page (seconds).
PAGE_CACHE_WAIT_SECONDS = env.float("PAGE_CACHE_WAIT_SECONDS", default=10.0)
# Path prefixes never cached besides /admin/, /healthz and /readyz
# (comma-separated; e.g. the benchmark's /__bare__/ and /__lean__/ views).
PAGE_CACHE_EXCLUDE = env.list("PAGE_CACHE_EXCLUDE", default=[])
# Bytes of cached bodies each app process keeps a copy of, so a hit reads
# only the generation from Redis (0: none).
PAGE_CACHE_LOCAL_BYTES = env.int("PAGE_CACHE_LOCAL_BYTES", default=64 * 1024 * 1024)
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware"),
    "articles.page_cache.PageCacheMiddleware",
)
# Link-tracking tags (utm_*, fbclid...) dropped from page addresses before the
# page cache reads them: one cached page however a link was tagged.
MIDDLEWARE.insert(
    MIDDLEWARE.index("articles.page_cache.PageCacheMiddleware"),
    "articles.middleware.DropTrackingParametersMiddleware",
)


# --- Serving: gunicorn workers and the database connection budget (make serve) ---
# Worker processes and threads per app server, read as gunicorn reads them
# (factcheck/serving.py, factcheck/gunicorn_conf.py): WEB_CONCURRENCY
# (default 2 x CPUs + 1), WEB_THREADS (default 2: gthread workers). The pool's
# size follows WEB_THREADS (DATABASES above). TASK_WORKERS: task worker
# processes (manage.py db_worker) beside this app server, each with a pool
# of its own (default 1 with the database queue, else 0).
# DATABASE_MAX_CONNECTIONS: the connections this app server may use, at
# most the server's max_connections less its superuser reserve (100 - 3 by
# default) less what other app servers, psql and backups need. `manage.py
# check` warns (articles/checks.py) when (WEB_CONCURRENCY + TASK_WORKERS) x
# DATABASE_POOL_MAX_SIZE is over it.
WEB_CONCURRENCY = web_concurrency()
WEB_THREADS = web_threads()
TASK_WORKERS = env.int(
    "TASK_WORKERS",
    default=1 if TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend" else 0,
)
DATABASE_MAX_CONNECTIONS = env.int("DATABASE_MAX_CONNECTIONS", default=100 - 3)
if TASK_WORKERS < 0 or DATABASE_MAX_CONNECTIONS < 1:
    raise ImproperlyConfigured(
        f"TASK_WORKERS={TASK_WORKERS} must be 0 or more and "
        f"DATABASE_MAX_CONNECTIONS={DATABASE_MAX_CONNECTIONS} 1 or more."
    )
