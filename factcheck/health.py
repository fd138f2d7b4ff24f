"""Health checks for load balancers and orchestrators (issue 10, "Production").

``GET /healthz`` (liveness and dependencies): the database answers
``SELECT 1`` and the default cache stores and returns a short-lived key.
``GET /readyz`` (ready to take traffic): the same checks, and no migration
of this code is left unapplied to the database.

Both answer JSON, ``200 {"status": "ok", "checks": {...}}`` or ``503
{"status": "fail", "checks": {...}}`` with each failing check's value
naming what failed (an exception's class, never its message, a traceback
or a setting: they may hold a password). Both send ``Cache-Control:
no-store``, touch no session, set no cookie and write nothing to the
database. ``SECURE_REDIRECT_EXEMPT`` spares them the HTTPS redirect (a
probe usually speaks plain HTTP to the app server); ``ALLOWED_HOSTS``
still applies, so the probe must send an allowed ``Host`` header.

:class:`HealthCheckMiddleware` answers them before the session,
authentication and the other middleware run, so a probe that carries a
session cookie (a browser, a monitor that once signed in) still gets the
503 JSON while the database is down, never a 500 from a middleware
reading the session; and with PostgreSQL's pool the wait for a connection
is ``DATABASE_POOL_TIMEOUT`` (2 s), not psycopg's 30 s (settings
``DATABASES``).

A failing check is logged once, at WARNING, on the ``tracker.health``
logger: ``Health check failed: /healthz database=fail: OperationalError``,
with ``path`` and ``checks`` (the answer's dict) as fields and the
request's ``request_id`` (factcheck/request_log.py). Django's own
``django.request`` ERROR for the 503 ("Service Unavailable") is not
written: a probe failing every few seconds while the database is down is
expected news, not an error with a traceback, and would bury the real
ones. The request log's INFO line (status 503) stays.
"""

import logging
import uuid

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

#: Seconds the cache check's key lives (it is also deleted at once).
CACHE_KEY_SECONDS = 5

logger = logging.getLogger("tracker.health")


def check_database(alias: str = DEFAULT_DB_ALIAS) -> str:
    """Run ``SELECT 1`` on the database ``alias``.

    Returns ``"ok"``, or ``"fail: <ExceptionClass>"`` when connecting or
    querying raises (one query). Raises nothing.
    """
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
            row = cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any failure is "down"
        return f"fail: {type(exc).__name__}"
    return "ok" if row and row[0] == 1 else "fail: unexpected answer"


def check_cache() -> str:
    """Store a random value under a fresh key in the default cache for
    :data:`CACHE_KEY_SECONDS`, read it back and delete it.

    Returns ``"ok"``, ``"fail: <ExceptionClass>"`` when the cache raises
    (Redis down: connection refused, or the socket timeouts in settings
    ``CACHES``), or ``"fail: value not returned"`` when it answers without
    the value. Raises nothing.
    """
    key = f"healthz:{uuid.uuid4().hex}"
    value = uuid.uuid4().hex
    try:
        cache.set(key, value, CACHE_KEY_SECONDS)
        got = cache.get(key)
        cache.delete(key)
    except Exception as exc:  # noqa: BLE001 - any failure is "down"
        return f"fail: {type(exc).__name__}"
    return "ok" if got == value else "fail: value not returned"


def check_migrations(alias: str = DEFAULT_DB_ALIAS) -> str | list[str]:
    """List the migrations of this code not yet applied to database ``alias``.

    Returns ``"ok"`` when none is missing, else a list of ``"app.name"``
    strings in the order ``migrate`` would apply them, or ``"fail:
    <ExceptionClass>"`` when the migration table cannot be read. Reads the
    migration files (once per call) and asks two queries (the table's
    existence, the applied rows). Raises nothing.
    """
    try:
        executor = MigrationExecutor(connections[alias])
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception as exc:  # noqa: BLE001 - any failure is "not ready"
        return f"fail: {type(exc).__name__}"
    if not plan:
        return "ok"
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]


def _answer(request, checks: dict) -> JsonResponse:
    healthy = all(value == "ok" for value in checks.values())
    response = JsonResponse(
        {"status": "ok" if healthy else "fail", "checks": checks},
        status=200 if healthy else 503,
    )
    if not healthy:
        failed = " ".join(f"{name}={value}" for name, value in checks.items() if value != "ok")
        logger.warning(
            "Health check failed: %s %s",
            request.path,
            failed,
            extra={"path": request.path, "checks": checks},
        )
        # Logged above, once: Django's log_response() skips a response so marked.
        response._has_been_logged = True
    return response


@never_cache
@require_safe
def healthz(request):
    """``GET /healthz``: 200 when the database and the cache answer, 503
    naming the failing check (see the module's docstring)."""
    return _answer(request, {"database": check_database(), "cache": check_cache()})


@never_cache
@require_safe
def readyz(request):
    """``GET /readyz``: :func:`healthz`'s checks plus ``"migrations"``; 503
    lists the unapplied migrations (when the database answers at all)."""
    checks = {"database": check_database(), "cache": check_cache()}
    if checks["database"] == "ok":
        checks["migrations"] = check_migrations()
    else:
        checks["migrations"] = "fail: database unavailable"
    return _answer(request, checks)


#: The health endpoints by path (``factcheck/urls.py`` routes the same
#: paths to the same views, for ``reverse()`` and any other stack).
HEALTH_VIEWS = {"/healthz": healthz, "/readyz": readyz}


class HealthCheckMiddleware:
    """Answer ``/healthz`` and ``/readyz`` at once, without the middleware
    after it: no session is read, no user looked up, no CSRF cookie set.

    Placed right after ``SecurityMiddleware`` (settings ``MIDDLEWARE``), so
    the HTTPS redirect exemption and security headers apply as before, and
    after the request log, so each probe is logged with its request id.
    ``ALLOWED_HOSTS`` is enforced here (``request.get_host()``): an unknown
    ``Host`` gets Django's 400, as on every other path.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        view = HEALTH_VIEWS.get(request.path_info)
        if view is None:
            return self.get_response(request)
        request.get_host()  # DisallowedHost -> 400, as CommonMiddleware would
        return view(request)
