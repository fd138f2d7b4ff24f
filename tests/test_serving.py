"""Serving the site in production (issue 10, "Production"; README, "make
serve"): gunicorn's worker model and limits from the environment
(factcheck/gunicorn_conf.py), the PostgreSQL pool sized from it
(factcheck/serving.py, settings DATABASES) and the system check that warns
when the workers' pools add up past the connection budget
(articles/checks.py). Whole-process checks run in a fresh Python with a
temporary ``.env`` (tests/test_settings.py's ``run_python``)."""

import json
from unittest import mock

import pytest
from django.core.checks import registry
from django.core.exceptions import ImproperlyConfigured

from articles.checks import check_connection_budget, connection_budget_warnings, pool_max_size
from factcheck import serving
from tests.test_settings import GOOD_KEY, run_python

SIZING = (
    "WEB_CONCURRENCY",
    "WEB_THREADS",
    "DATABASE_POOL_MIN_SIZE",
    "DATABASE_POOL_MAX_SIZE",
    "DATABASE_POOL_TIMEOUT",
)
PG = "postgres://postgres@127.0.0.1:5432/tracker"


@pytest.fixture
def clean_env(monkeypatch):
    """No sizing variable from the developer's shell."""
    for name in SIZING:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


# --- workers and threads --------------------------------------------------------


def test_workers_default_to_twice_the_cpus_plus_one(clean_env):
    assert serving.default_workers(1) == 3
    assert serving.default_workers(2) == 5
    assert serving.default_workers(8) == 17
    with mock.patch("os.sched_getaffinity", return_value={0, 1, 2}):
        assert serving.web_concurrency() == 7
    assert serving.web_threads() == 2  # gthread workers of two threads


def test_workers_and_threads_come_from_the_environment(clean_env):
    clean_env.setenv("WEB_CONCURRENCY", " 9 ")
    clean_env.setenv("WEB_THREADS", "4")
    assert serving.web_concurrency() == 9
    assert serving.web_threads() == 4


@pytest.mark.parametrize(
    ("raw", "message"),
    [("0", "WEB_CONCURRENCY='0': it must be at least 1."), ("lots", "'lots' is not a whole")],
)
def test_bad_worker_counts_are_refused_naming_the_variable(clean_env, raw, message):
    clean_env.setenv("WEB_CONCURRENCY", raw)
    with pytest.raises(ImproperlyConfigured, match=message):
        serving.web_concurrency()


# --- the pool -------------------------------------------------------------------


def test_the_pool_holds_one_connection_per_thread_and_waits_two_seconds(clean_env):
    assert serving.database_pool_options() == {"min_size": 2, "max_size": 2, "timeout": 2.0}
    clean_env.setenv("WEB_THREADS", "1")
    assert serving.database_pool_options() == {"min_size": 1, "max_size": 1, "timeout": 2.0}
    clean_env.setenv("WEB_THREADS", "4")
    assert serving.database_pool_options() == {"min_size": 4, "max_size": 4, "timeout": 2.0}


def test_the_pool_is_sized_from_the_environment(clean_env):
    clean_env.setenv("DATABASE_POOL_MAX_SIZE", "6")
    clean_env.setenv("DATABASE_POOL_MIN_SIZE", "0")
    clean_env.setenv("DATABASE_POOL_TIMEOUT", "0.5")
    assert serving.database_pool_options() == {"min_size": 0, "max_size": 6, "timeout": 0.5}


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DATABASE_POOL_MAX_SIZE": "0"}, "DATABASE_POOL_MAX_SIZE='0': it must be at least 1"),
        ({"DATABASE_POOL_MIN_SIZE": "-1"}, "DATABASE_POOL_MIN_SIZE='-1': it must be at least 1"),
        (
            {"DATABASE_POOL_MIN_SIZE": "5", "DATABASE_POOL_MAX_SIZE": "2"},
            "DATABASE_POOL_MIN_SIZE=5 is above DATABASE_POOL_MAX_SIZE=2",
        ),
        ({"DATABASE_POOL_TIMEOUT": "0"}, "DATABASE_POOL_TIMEOUT='0': give the seconds"),
        ({"DATABASE_POOL_TIMEOUT": "soon"}, "DATABASE_POOL_TIMEOUT='soon'"),
        ({"DATABASE_POOL_TIMEOUT": "inf"}, "DATABASE_POOL_TIMEOUT='inf'"),
        ({"DATABASE_POOL_TIMEOUT": "nan"}, "DATABASE_POOL_TIMEOUT='nan'"),
    ],
)
def test_bad_pool_settings_are_refused_naming_the_variable(clean_env, env, message):
    for name, value in env.items():
        clean_env.setenv(name, value)
    with pytest.raises(ImproperlyConfigured, match=message):
        serving.database_pool_options()


SHOW_DB_OPTIONS = (
    "import json; from factcheck import settings as s; "
    "print(json.dumps(s.DATABASES['default']['OPTIONS']))"
)


def test_settings_give_postgresql_the_pool_and_a_connect_timeout(tmp_path):
    default = run_python(SHOW_DB_OPTIONS, tmp_path, SECRET_KEY=GOOD_KEY, DATABASE_URL=PG)
    assert json.loads(default.stdout) == {
        "pool": {"min_size": 2, "max_size": 2, "timeout": 2.0},
        "connect_timeout": 3,
        "options": "-c jit=off",
    }, default.stderr
    # From .env, as gunicorn's workers read it; the URL's own options win.
    chosen = run_python(
        SHOW_DB_OPTIONS,
        tmp_path,
        env_file="WEB_THREADS=4\nDATABASE_POOL_TIMEOUT=1.5\n",
        SECRET_KEY=GOOD_KEY,
        DATABASE_URL=PG + "?connect_timeout=10",
    )
    options = json.loads(chosen.stdout)
    assert options["pool"] == {"min_size": 4, "max_size": 4, "timeout": 1.5}, chosen.stderr
    assert options["connect_timeout"] == 10
    unpooled = run_python(
        SHOW_DB_OPTIONS,
        tmp_path,
        SECRET_KEY=GOOD_KEY,
        DATABASE_URL=PG,
        DATABASE_POOL="false",
        DATABASE_CONNECT_TIMEOUT="5",
    )
    assert json.loads(unpooled.stdout) == {"connect_timeout": 5, "options": "-c jit=off"}


def test_a_bad_pool_size_stops_the_site_naming_it(tmp_path):
    result = run_python(
        SHOW_DB_OPTIONS, tmp_path, SECRET_KEY=GOOD_KEY, DATABASE_URL=PG, DATABASE_POOL_MAX_SIZE="x"
    )
    assert result.returncode == 1
    assert "DATABASE_POOL_MAX_SIZE='x' is not a whole number." in result.stderr


# --- the connection budget check ------------------------------------------------


def pooled(max_size: int | None = 1) -> dict:
    pool = True if max_size is None else {"min_size": 1, "max_size": max_size, "timeout": 2.0}
    return {"ENGINE": "django.db.backends.postgresql", "OPTIONS": {"pool": pool}}


def test_pool_max_size_reads_the_options():
    assert pool_max_size(pooled(3)) == 3
    assert pool_max_size(pooled(None)) == 4  # pool=True: psycopg's own default
    assert pool_max_size({"ENGINE": "django.db.backends.postgresql", "OPTIONS": {}}) is None
    assert pool_max_size({"ENGINE": "django.db.backends.sqlite3"}) is None


def test_no_warning_within_the_budget_even_at_the_limit():
    assert (
        connection_budget_warnings(pooled(1), workers=5, task_workers=1, threads=1, budget=97) == []
    )
    # (96 + 1) x 1 = 97: exactly the budget is allowed.
    assert (
        connection_budget_warnings(pooled(1), workers=96, task_workers=1, threads=1, budget=97)
        == []
    )


def test_workers_times_pool_over_the_budget_is_warned_with_the_figures():
    (warning,) = connection_budget_warnings(
        pooled(1), workers=97, task_workers=1, threads=1, budget=97
    )
    assert warning.id == "articles.W001"
    assert warning.msg == (
        "Up to 98 PostgreSQL connections: (WEB_CONCURRENCY=97 + TASK_WORKERS=1) x "
        "DATABASE_POOL_MAX_SIZE=1, over DATABASE_MAX_CONNECTIONS=97."
    )
    (big,) = connection_budget_warnings(pooled(4), workers=20, task_workers=0, threads=4, budget=50)
    assert "Up to 80 PostgreSQL connections" in big.msg


def test_a_pool_smaller_than_the_threads_is_warned():
    (warning,) = connection_budget_warnings(
        pooled(2), workers=2, task_workers=1, threads=4, budget=97
    )
    assert warning.id == "articles.W002"
    assert warning.msg.startswith("DATABASE_POOL_MAX_SIZE=2 is below WEB_THREADS=4")


def test_sqlite_and_unpooled_postgresql_are_not_checked():
    sqlite = {"ENGINE": "django.db.backends.sqlite3", "OPTIONS": {}}
    unpooled = {"ENGINE": "django.db.backends.postgresql", "OPTIONS": {}}
    for database in (sqlite, unpooled):
        assert (
            connection_budget_warnings(database, workers=500, task_workers=9, threads=8, budget=1)
            == []
        )


def test_the_check_is_registered_and_reads_the_settings(settings):
    assert check_connection_budget in registry.registry.get_checks()
    settings.WEB_CONCURRENCY, settings.TASK_WORKERS, settings.WEB_THREADS = 40, 1, 1
    settings.DATABASE_MAX_CONNECTIONS = 20
    expected = [] if pool_max_size(settings.DATABASES["default"]) is None else ["articles.W001"]
    assert [w.id for w in check_connection_budget()] == expected


CHECK = "import sys; from django.core.management import execute_from_command_line as m; m(sys.argv)"


def run_check(tmp_path, *args: str, **environ: str):
    return run_python(
        CHECK.replace("sys.argv", repr(["manage.py", "check", *args])),
        tmp_path,
        SECRET_KEY=GOOD_KEY,
        DATABASE_URL=PG,
        **environ,
    )


def test_manage_py_check_warns_past_the_budget(tmp_path):
    over = run_check(tmp_path, WEB_CONCURRENCY="30", WEB_THREADS="4", DATABASE_MAX_CONNECTIONS="97")
    assert over.returncode == 0, over.stderr  # a warning, not an error
    assert (
        "(articles.W001) Up to 124 PostgreSQL connections: (WEB_CONCURRENCY=30 + TASK_WORKERS=1) "
        "x DATABASE_POOL_MAX_SIZE=4, over DATABASE_MAX_CONNECTIONS=97."
    ) in over.stderr
    # The defaults: WEB_THREADS=2, so a pool of 2 in each of 48 + 1 processes.
    strict = run_check(tmp_path, "--fail-level", "WARNING", WEB_CONCURRENCY="48")
    assert strict.returncode == 1
    assert "Up to 98 PostgreSQL connections" in strict.stderr
    fine = run_check(tmp_path, "--fail-level", "WARNING", WEB_CONCURRENCY="5")
    assert fine.returncode == 0, fine.stderr
    assert "no issues" in fine.stdout


def test_task_workers_and_the_budget_are_read_strictly(tmp_path):
    bad = run_check(tmp_path, TASK_WORKERS="-1")
    assert bad.returncode == 1
    assert "TASK_WORKERS=-1 must be 0 or more" in bad.stderr


# --- gunicorn -------------------------------------------------------------------

SHOW_GUNICORN = """
import json
from gunicorn.config import Config
from factcheck import gunicorn_conf as conf
config = Config()
names = [n for n in vars(conf) if n.islower() and not n.startswith("_")]
unknown = [n for n in names if n not in config.settings and not callable(getattr(conf, n))]
unknown = [n for n in unknown if n not in {"os", "json", "Path"}]
for name in names:
    if name in config.settings:
        config.set(name, getattr(conf, name))
print(json.dumps({
    "unknown": unknown,
    "bind": config.bind, "workers": config.workers, "threads": config.threads,
    "worker_class": config.worker_class_str, "timeout": config.timeout,
    "graceful_timeout": config.graceful_timeout, "max_requests": config.max_requests,
    "max_requests_jitter": config.max_requests_jitter, "accesslog": config.accesslog,
    "limit_request_line": config.limit_request_line,
    "control_socket_disable": config.control_socket_disable,
}))
"""


def test_gunicorn_reads_the_worker_model_from_the_environment(tmp_path):
    default = run_python(SHOW_GUNICORN, tmp_path, WEB_CONCURRENCY="5")
    assert json.loads(default.stdout) == {
        "unknown": [],  # every setting in the file is one gunicorn knows
        "bind": ["127.0.0.1:8000"],
        "workers": 5,
        "threads": 2,
        "worker_class": "gthread",
        "timeout": 30,
        "graceful_timeout": 30,
        "max_requests": 1000,
        "max_requests_jitter": 100,
        "accesslog": None,  # the site's own request log instead
        "limit_request_line": 8190,
        "control_socket_disable": True,  # no socket shared by every gunicorn here
    }, default.stderr
    # .env is read as the settings read it; the environment wins.
    chosen = run_python(
        SHOW_GUNICORN,
        tmp_path,
        env_file="WEB_CONCURRENCY=3\nWEB_THREADS=1\nGUNICORN_TIMEOUT=60\n",
        WEB_CONCURRENCY="2",
        GUNICORN_BIND="0.0.0.0:8301",
        GUNICORN_MAX_REQUESTS="0",
    )
    got = json.loads(chosen.stdout)
    assert (got["bind"], got["workers"], got["threads"], got["worker_class"]) == (
        ["0.0.0.0:8301"],
        2,
        1,
        "sync",
    ), chosen.stderr
    assert (got["timeout"], got["max_requests"]) == (60, 0)


def test_gunicorn_refuses_a_bad_worker_count_naming_it(tmp_path):
    result = run_python(SHOW_GUNICORN, tmp_path, WEB_THREADS="many")
    assert result.returncode == 1
    assert "WEB_THREADS='many' is not a whole number." in result.stderr
