"""Health checks, request logs and error reporting (issue 10, "Production";
factcheck/health.py, factcheck/request_log.py, factcheck/settings.py).

/healthz answers 200 only when the database answers ``SELECT 1`` and the
cache stores and returns a key; /readyz also wants every migration applied;
each failure is a 503 naming the check. Every request gets one log line and
an ``X-Request-ID``; Sentry is initialised only when a DSN is set."""

import io
import json
import logging
import re
import socket
import time
from unittest import mock

import pytest
from django.db import OperationalError, connection
from django.db.migrations import Migration
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from factcheck.request_log import JsonFormatter, RequestIdFilter, current_request_id
from tests.test_settings import GOOD_KEY, run_python

pytestmark = pytest.mark.django_db

#: A cache that cannot answer: Redis on a port nothing listens on.
DEAD_REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
    }
}
UUID4_HEX = re.compile(r"[0-9a-f]{32}")


# --- /healthz and /readyz -------------------------------------------------------


def test_healthz_answers_ok_with_one_query(client, django_assert_num_queries):
    with django_assert_num_queries(1):  # SELECT 1, nothing else
        reply = client.get("/healthz")
    assert reply.status_code == 200
    assert reply["Content-Type"] == "application/json"
    assert reply.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok"}}
    assert "no-store" in reply["Cache-Control"]
    assert not reply.cookies  # no session, no CSRF cookie


def test_readyz_answers_ok_when_every_migration_is_applied(client, django_assert_num_queries):
    # SELECT 1, then the migration recorder: does its table exist, which rows.
    with django_assert_num_queries(3):
        reply = client.get("/readyz")
    assert reply.status_code == 200
    assert reply.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "migrations": "ok"},
    }
    assert "no-store" in reply["Cache-Control"]


def test_health_checks_refuse_writes_and_head_is_answered(client):
    assert client.post("/healthz").status_code == 405
    assert client.post("/readyz").status_code == 405
    assert client.head("/healthz").status_code == 200


def test_healthz_is_503_naming_the_database_when_it_is_down(client):
    down = OperationalError('connection to server failed: password="hunter2"')
    with mock.patch.object(connection, "cursor", side_effect=down):
        reply = client.get("/healthz")
    assert reply.status_code == 503
    assert reply.json() == {
        "status": "fail",
        "checks": {"database": "fail: OperationalError", "cache": "ok"},
    }
    assert b"hunter2" not in reply.content  # the exception's message is never shown
    assert b"Traceback" not in reply.content


def test_readyz_is_503_when_the_database_is_down(client):
    with mock.patch.object(connection, "cursor", side_effect=OperationalError("down")):
        reply = client.get("/readyz")
    assert reply.status_code == 503
    checks = reply.json()["checks"]
    assert checks["database"] == "fail: OperationalError"
    assert checks["migrations"] == "fail: database unavailable"


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_a_probe_with_a_session_cookie_gets_503_json_never_500_when_the_database_is_down(
    client, editor, path, caplog
):
    """Found in a session: a monitor that once signed in sent its session
    cookie, the session middleware read it from the down database, and the
    probe got a 500 page instead of the 503 JSON."""
    caplog.set_level(logging.INFO, logger="tracker.request")
    client.force_login(editor)  # a real session cookie, stored in the database
    client.cookies["csrftoken"] = "x" * 32
    client.cookies["messages"] = "not-a-signed-value"
    client.raise_request_exception = False
    with mock.patch.object(connection, "cursor", side_effect=OperationalError("down")):
        reply = client.get(path)
    assert reply.status_code == 503
    assert reply["Content-Type"] == "application/json"
    assert reply.json()["checks"]["database"] == "fail: OperationalError"
    assert not reply.cookies  # the session was not read, touched or sent again
    (record,) = _request_records(caplog)
    assert (record.status, record.request_id) == (503, reply["X-Request-ID"])


def test_a_garbage_session_cookie_changes_nothing_for_the_probe(client):
    client.cookies["sessionid"] = "no-such-session-" + "x" * 16
    reply = client.get("/healthz")
    assert reply.status_code == 200
    assert reply.json()["status"] == "ok"
    assert not reply.cookies


def test_health_checks_are_answered_before_the_session_is_read(settings):
    from factcheck.health import HEALTH_VIEWS

    order = settings.MIDDLEWARE
    health = order.index("factcheck.health.HealthCheckMiddleware")
    assert order.index("factcheck.request_log.RequestLogMiddleware") < health
    assert order.index("django.middleware.security.SecurityMiddleware") < health
    for later in (
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
        "articles.middleware.PrivateForEditorsMiddleware",
        "django.middleware.csrf.CsrfViewMiddleware",
    ):
        assert health < order.index(later), later
    # The middleware's paths are the URLconf's.
    assert set(HEALTH_VIEWS) == {reverse("healthz"), reverse("readyz")}


#: Ask /healthz three times in a fresh process whose DATABASE_URL names a
#: server that is not there; print each answer's status, seconds and body.
PROBE_DOWN_DATABASE = """
import json, time, django
django.setup()
from django.test import Client
client = Client()
client.cookies["sessionid"] = "a" * 32
for _ in range(3):
    started = time.monotonic()
    reply = client.get("/healthz")
    print(json.dumps([reply.status_code, time.monotonic() - started, reply.json()]))
"""


def _probe_down_database(tmp_path, url: str, **environ: str) -> list:
    result = run_python(
        PROBE_DOWN_DATABASE,
        tmp_path,
        SECRET_KEY=GOOD_KEY,
        ALLOWED_HOSTS="testserver",
        DATABASE_URL=url,
        LOG_LEVEL="CRITICAL",
        **environ,
    )
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


DOWN_ANSWER = {"status": "fail", "checks": {"database": "fail: OperationalError", "cache": "ok"}}


def test_healthz_says_503_within_the_pool_timeout_when_postgresql_is_unreachable(tmp_path):
    """With psycopg's pool the wait for a connection was its default 30 s;
    the settings make it DATABASE_POOL_TIMEOUT, 2 s unless set."""
    for status, seconds, body in _probe_down_database(
        tmp_path, "postgres://postgres@127.0.0.1:5999/tracker"
    ):
        assert (status, body) == (503, DOWN_ANSWER)
        assert 1.9 <= seconds < 3.5  # the 2 s timeout, not 30
    quicker = _probe_down_database(
        tmp_path, "postgres://postgres@127.0.0.1:5999/tracker", DATABASE_POOL_TIMEOUT="0.5"
    )
    assert [status for status, _, _ in quicker] == [503, 503, 503]
    assert all(0.4 <= seconds < 1.5 for _, seconds, _ in quicker)


def test_healthz_says_503_at_once_without_the_pool_when_the_port_is_closed(tmp_path):
    answers = _probe_down_database(
        tmp_path, "postgres://postgres@127.0.0.1:5999/tracker", DATABASE_POOL="false"
    )
    assert [(status, body) for status, _, body in answers] == [(503, DOWN_ANSWER)] * 3
    assert all(seconds < 1.5 for _, seconds, _ in answers)


@pytest.mark.parametrize("pool", ["true", "false"])
def test_healthz_gives_up_on_a_server_that_never_answers(tmp_path, pool):
    """A host that accepts the connection and then says nothing (a black
    hole): connect_timeout (DATABASE_CONNECT_TIMEOUT, 3 s; libpq's least is
    2) bounds the wait without the pool, the pool's 2 s timeout with it."""
    silent = socket.socket()  # accepts connections, never answers
    silent.bind(("127.0.0.1", 0))
    silent.listen(16)
    try:
        answers = _probe_down_database(
            tmp_path,
            f"postgres://postgres@127.0.0.1:{silent.getsockname()[1]}/tracker",
            DATABASE_POOL=pool,
        )
    finally:
        silent.close()
    assert [(status, body) for status, _, body in answers] == [(503, DOWN_ANSWER)] * 3
    assert all(1.9 <= seconds < 4.5 for _, seconds, _ in answers)


def test_healthz_is_503_naming_the_cache_when_redis_is_down_and_fails_fast(client, settings):
    settings.CACHES = DEAD_REDIS
    started = time.monotonic()
    reply = client.get("/healthz")
    elapsed = time.monotonic() - started
    assert reply.status_code == 503
    assert reply.json() == {
        "status": "fail",
        "checks": {"database": "ok", "cache": "fail: ConnectionError"},
    }
    assert elapsed < 3  # refused at once; the socket timeouts bound a black hole at 2 s
    assert client.get("/readyz").json()["checks"]["cache"] == "fail: ConnectionError"


def test_a_redis_that_never_answers_fails_the_check_after_the_socket_timeout(client, settings):
    silent = socket.socket()  # accepts connections, never answers
    silent.bind(("127.0.0.1", 0))
    silent.listen(5)
    try:
        settings.CACHES = {
            "default": {
                **DEAD_REDIS["default"],
                "LOCATION": f"redis://127.0.0.1:{silent.getsockname()[1]}/0",
                "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
            }
        }
        started = time.monotonic()
        reply = client.get("/healthz")
        elapsed = time.monotonic() - started
    finally:
        silent.close()
    assert reply.status_code == 503
    assert reply.json()["checks"]["cache"] == "fail: TimeoutError"
    assert 0.5 <= elapsed < 1.5  # one timeout, no retries


def test_readyz_is_503_listing_an_unapplied_migration(client):
    missing = Migration("0099_not_yet", "articles")
    with mock.patch.object(MigrationExecutor, "migration_plan", return_value=[(missing, False)]):
        reply = client.get("/readyz")
    assert reply.status_code == 503
    assert reply.json() == {
        "status": "fail",
        "checks": {"database": "ok", "cache": "ok", "migrations": ["articles.0099_not_yet"]},
    }
    # Liveness does not look at migrations.
    with mock.patch.object(MigrationExecutor, "migration_plan", return_value=[(missing, False)]):
        assert client.get("/healthz").status_code == 200


def test_health_checks_are_spared_the_https_redirect(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/").status_code == 301
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 200


def test_health_checks_still_refuse_an_unknown_host(client):
    assert client.get("/healthz", headers={"Host": "evil.example"}).status_code == 400


# --- request id -----------------------------------------------------------------


def test_a_valid_incoming_request_id_is_echoed(client):
    rid = "Edge-1.abc_DEF-42"
    assert client.get("/healthz", headers={"X-Request-ID": rid})["X-Request-ID"] == rid
    longest = "a" * 200
    assert client.get("/healthz", headers={"X-Request-ID": longest})["X-Request-ID"] == longest


@pytest.mark.parametrize(
    "bad", ["a" * 201, "has space", 'quote"d', "semi;colon", "é", "line\\nbreak", "a/b"]
)
def test_an_invalid_request_id_is_replaced(client, bad):
    echoed = client.get("/healthz", headers={"X-Request-ID": bad})["X-Request-ID"]
    assert echoed != bad
    assert UUID4_HEX.fullmatch(echoed)


def test_a_request_id_is_generated_when_none_comes_in(client):
    first = client.get("/healthz")["X-Request-ID"]
    second = client.get("/healthz")["X-Request-ID"]
    assert UUID4_HEX.fullmatch(first) and UUID4_HEX.fullmatch(second)
    assert first != second


def test_other_sites_scripts_may_read_the_request_id(client, seeded):
    reply = client.get("/api/v1/cities/", headers={"Origin": "https://data.example-news.com"})
    exposed = {h.strip().lower() for h in reply["Access-Control-Expose-Headers"].split(",")}
    assert "x-request-id" in exposed
    assert "etag" in exposed  # the earlier ones stay


# --- request log ----------------------------------------------------------------


def _request_records(caplog):
    return [r for r in caplog.records if r.name == "tracker.request"]


def test_one_log_line_per_request_with_its_fields(client, caplog):
    caplog.set_level(logging.INFO, logger="tracker.request")
    reply = client.get("/healthz?probe=1", headers={"X-Request-ID": "lb-probe-7"})
    (record,) = _request_records(caplog)
    assert record.levelname == "INFO"
    assert record.method == "GET"
    assert record.path == "/healthz"  # no query string
    assert record.status == 200
    assert record.request_id == "lb-probe-7" == reply["X-Request-ID"]
    assert record.user_id is None
    assert isinstance(record.duration_ms, float) and record.duration_ms > 0

    line = JsonFormatter().format(record)
    assert "\n" not in line
    data = json.loads(line)
    assert {k: data[k] for k in ("method", "path", "status", "request_id", "user_id")} == {
        "method": "GET",
        "path": "/healthz",
        "status": 200,
        "request_id": "lb-probe-7",
        "user_id": None,
    }
    assert data["duration_ms"] == record.duration_ms
    assert data["logger"] == "tracker.request" and data["level"] == "INFO"


def test_the_log_line_names_the_signed_in_user_and_the_status(client, editor, caplog):
    caplog.set_level(logging.INFO, logger="tracker.request")
    client.force_login(editor)
    client.get("/no-such-page-anywhere/")
    (record,) = _request_records(caplog)
    assert record.status == 404
    assert record.user_id == editor.pk


def test_a_request_that_fails_on_a_down_database_is_still_logged(client, editor, caplog):
    caplog.set_level(logging.INFO, logger="tracker.request")
    client.force_login(editor)  # the session must be read from the database
    client.raise_request_exception = False
    with mock.patch.object(connection, "cursor", side_effect=OperationalError("down")):
        reply = client.get("/inquiries/")
    assert reply.status_code == 500
    (record,) = _request_records(caplog)
    assert record.status == 500
    assert record.user_id is None  # unknown: the session could not be read
    assert record.request_id == reply["X-Request-ID"]


def test_answers_made_before_the_view_are_logged_too(client, settings, caplog):
    settings.SECURE_SSL_REDIRECT = True
    caplog.set_level(logging.INFO, logger="tracker.request")
    reply = client.get("/")
    (record,) = _request_records(caplog)
    assert record.status == reply.status_code == 301
    assert record.request_id == reply["X-Request-ID"]


def _console_handler() -> logging.Handler:
    """The root logger's handler made from settings LOGGING ("console")."""
    (handler,) = [h for h in logging.getLogger().handlers if h.name == "console"]
    return handler


@pytest.fixture
def console_json(caplog):
    """What the configured console handler writes, as JSON records: its
    stream swapped for a buffer, its formatter for the JSON one (the
    production default), its filters (settings LOGGING) kept."""
    caplog.set_level(logging.INFO)
    handler = _console_handler()
    buffer = io.StringIO()
    old_stream, old_formatter = handler.setStream(buffer), handler.formatter
    handler.setFormatter(JsonFormatter())
    try:
        yield lambda: [json.loads(line) for line in buffer.getvalue().splitlines()]
    finally:
        handler.setStream(old_stream)
        handler.setFormatter(old_formatter)


def test_a_500s_traceback_carries_the_request_id_of_its_response(client, editor, console_json):
    """Found in a newcomer's trial: with the database down the 500's
    request log line had the id, the django.request ERROR holding the
    traceback had none, so a reader's X-Request-ID never led to it."""
    client.force_login(editor)  # the session must be read from the database
    client.raise_request_exception = False
    with mock.patch.object(connection, "cursor", side_effect=OperationalError("down")):
        reply = client.get("/inquiries/", headers={"X-Request-ID": "reader-report-9"})
    assert reply.status_code == 500
    assert reply["X-Request-ID"] == "reader-report-9"
    lines = console_json()
    # Two today: the view's, then PrivateForEditorsMiddleware's own on the
    # way out (it looks the user up again); each with its traceback and id.
    errors = [line for line in lines if line["logger"] == "django.request"]
    assert errors
    for error in errors:
        assert error["level"] == "ERROR"
        assert error["message"] == "Internal Server Error: /inquiries/"
        assert "OperationalError: down" in error["exc_info"]
        assert error["request_id"] == "reader-report-9"
    (request_line,) = [line for line in lines if line["logger"] == "tracker.request"]
    assert (request_line["status"], request_line["request_id"]) == (500, "reader-report-9")


def test_a_generated_request_id_reaches_the_traceback_too(client, editor, console_json):
    client.force_login(editor)
    client.raise_request_exception = False
    with mock.patch.object(connection, "cursor", side_effect=OperationalError("down")):
        reply = client.get("/inquiries/", headers={"X-Request-ID": "has space"})
    generated = reply["X-Request-ID"]
    assert UUID4_HEX.fullmatch(generated)
    errors = [line for line in console_json() if line["logger"] == "django.request"]
    assert errors
    # The replacement, never the bad value.
    assert {error["request_id"] for error in errors} == {generated}


def test_records_outside_a_request_get_no_request_id(client, console_json):
    client.get("/healthz", headers={"X-Request-ID": "probe-1"})
    assert current_request_id.get() is None  # cleared when the response closed
    logging.getLogger("tracker.test").warning("between requests")
    (line,) = [line for line in console_json() if line["logger"] == "tracker.test"]
    assert "request_id" not in line


def test_the_filter_keeps_an_id_given_through_extra():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "m", (), None)
    record.request_id = "given"
    token = current_request_id.set("current")
    try:
        assert RequestIdFilter().filter(record) is True
        bare = logging.LogRecord("x", logging.INFO, __file__, 1, "m", (), None)
        RequestIdFilter().filter(bare)
    finally:
        current_request_id.reset(token)
    assert record.request_id == "given"
    assert bare.request_id == "current"


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_a_failing_probe_is_one_warning_with_its_request_id_not_a_django_error(
    client, path, console_json
):
    with mock.patch.object(connection, "cursor", side_effect=OperationalError("down")):
        reply = client.get(path, headers={"X-Request-ID": "lb-probe-3"})
    assert reply.status_code == 503
    lines = console_json()
    assert [line for line in lines if line["logger"] == "django.request"] == []
    (warning,) = [line for line in lines if line["level"] in {"WARNING", "ERROR"}]
    assert warning["logger"] == "tracker.health"
    assert warning["level"] == "WARNING"
    assert warning["request_id"] == "lb-probe-3"
    assert warning["path"] == path
    assert warning["checks"]["database"] == "fail: OperationalError"
    assert warning["message"].startswith(
        f"Health check failed: {path} database=fail: OperationalError"
    )
    assert "exc_info" not in warning
    (request_line,) = [line for line in lines if line["logger"] == "tracker.request"]
    assert (request_line["level"], request_line["status"]) == ("INFO", 503)


def test_a_passing_probe_logs_only_its_request_line(client, console_json):
    assert client.get("/healthz").status_code == 200
    assert [line["logger"] for line in console_json()] == ["tracker.request"]


# --- settings: log format, Sentry -----------------------------------------------


SHOW_LOGGING = (
    "import sys; from factcheck import settings as s; "
    "print(s.LOGGING['handlers']['console']['formatter'], 'sentry_sdk' in sys.modules)"
)


def test_logs_are_json_in_production_and_text_in_debug(tmp_path):
    prod = run_python(SHOW_LOGGING, tmp_path, SECRET_KEY=GOOD_KEY)
    assert prod.stdout.split() == ["json", "False"], prod.stderr
    debug = run_python(SHOW_LOGGING, tmp_path, DEBUG="true")
    assert debug.stdout.split() == ["text", "False"], debug.stderr
    chosen = run_python(SHOW_LOGGING, tmp_path, SECRET_KEY=GOOD_KEY, LOG_FORMAT="text")
    assert chosen.stdout.split()[0] == "text", chosen.stderr
    wrong = run_python(SHOW_LOGGING, tmp_path, SECRET_KEY=GOOD_KEY, LOG_FORMAT="xml")
    assert wrong.returncode == 1
    assert "LOG_FORMAT='xml': use json or text." in wrong.stderr


def test_sentry_is_neither_imported_nor_initialised_without_a_dsn(tmp_path):
    code = (
        "import sys, django; django.setup(); import factcheck.urls; "
        "print('sentry_sdk' in sys.modules)"
    )
    result = run_python(code, tmp_path, SECRET_KEY=GOOD_KEY, SENTRY_DSN="")
    assert result.stdout.split() == ["False"], result.stderr


def test_sentry_is_initialised_from_the_environment_with_a_dsn(tmp_path):
    code = (
        "import django; django.setup(); import sentry_sdk; c = sentry_sdk.get_client(); "
        "o = c.options; print(c.is_active(), o['send_default_pii'], o['traces_sample_rate'], "
        "o['environment'], o['release'], "
        "any(type(i).__name__ == 'DjangoIntegration' for i in c.integrations.values()))"
    )
    result = run_python(
        code,
        tmp_path,
        SECRET_KEY=GOOD_KEY,
        # Nothing listens there, and no event is sent by this check.
        SENTRY_DSN="http://publickey@127.0.0.1:1/42",
        SENTRY_TRACES_SAMPLE_RATE="0.25",
        SENTRY_ENVIRONMENT="staging",
        SENTRY_RELEASE="tracker@1.2.3",
    )
    assert result.stdout.split() == ["True", "False", "0.25", "staging", "tracker@1.2.3", "True"], (
        result.stderr
    )


SHOW_CACHE = "from factcheck import settings as s; print(s.CACHES['default'].get('OPTIONS'))"


def test_redis_gets_socket_timeouts_from_the_environment(tmp_path):
    default = run_python(
        SHOW_CACHE, tmp_path, SECRET_KEY=GOOD_KEY, CACHE_URL="redis://cache:6379/0"
    )
    assert default.stdout.strip() == ("{'socket_connect_timeout': 2.0, 'socket_timeout': 2.0}"), (
        default.stderr
    )
    chosen = run_python(
        SHOW_CACHE,
        tmp_path,
        SECRET_KEY=GOOD_KEY,
        REDIS_URL="redis://cache:6379/0",
        REDIS_SOCKET_TIMEOUT="0.5",
    )
    assert chosen.stdout.strip() == "{'socket_connect_timeout': 0.5, 'socket_timeout': 0.5}"
    local = run_python(SHOW_CACHE, tmp_path, SECRET_KEY=GOOD_KEY)
    assert local.stdout.strip() == "None"  # local memory: no sockets
