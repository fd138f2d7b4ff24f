"""Settings fail loudly (factcheck/env.py, factcheck/settings.py): no start
without a real SECRET_KEY when DEBUG is off, ``.env`` comments and quotes
read as a shell would, booleans and numbers that cannot be read refused
naming the variable. Whole-process checks run the settings in a fresh
Python with a temporary ``.env`` (``ENV_FILE``), so the developer's own
``.env`` and the test key never leak in."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from factcheck.env import Env, parse_env_value, read_env_file, require_real_secret_key

ROOT = Path(__file__).resolve().parents[1]
# 50 characters, 36 different ones: what check --deploy accepts.
GOOD_KEY = "k7Qm2vX9pL4sR8tW1yZ3bN6cF0hJ5dG-aEuIoP_qwertyuiop12"
DEV_KEY = "django-insecure-dev-only-not-for-production"


def run_python(code: str, tmp_path: Path, env_file: str = "", **environ: str):
    """Run ``code`` in a fresh interpreter at the project root, reading
    ``env_file`` as the ``.env`` and with only the given settings variables."""
    dotenv = tmp_path / ".env"
    dotenv.write_text(env_file, encoding="utf-8")
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in {"SECRET_KEY", "DEBUG", "DJANGO_SETTINGS_MODULE", "ENV_FILE"}
    }
    env.update(ENV_FILE=str(dotenv), DJANGO_SETTINGS_MODULE="factcheck.settings", **environ)
    return subprocess.run(  # noqa: S603 - this interpreter, running code from this file
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


SHOW_SETTINGS = "from factcheck import settings; print(settings.DEBUG, settings.SECRET_KEY)"
#: What gunicorn and runserver do first: load the WSGI application.
START_SITE = "import factcheck.wsgi"


# --- SECRET_KEY -----------------------------------------------------------------


def test_site_refuses_to_start_without_secret_key_when_debug_is_off(tmp_path):
    result = run_python(START_SITE, tmp_path)
    assert result.returncode == 1
    assert "ImproperlyConfigured: SECRET_KEY is not set, and DEBUG is off" in result.stderr
    assert "token_urlsafe" in result.stderr  # says how to make one


@pytest.mark.parametrize(
    ("key", "problem"),
    [
        ("", "SECRET_KEY is not set"),
        ("   ", "SECRET_KEY is not set"),
        (DEV_KEY, "SECRET_KEY is a development key"),
        ("django-insecure-" + GOOD_KEY, "SECRET_KEY is a development key"),
        ("changeme", "SECRET_KEY is too weak"),
        ("ab" * 30, "SECRET_KEY is too weak"),  # long, but two different characters
    ],
)
def test_settings_refuse_a_key_that_is_not_real(tmp_path, key, problem):
    result = run_python(START_SITE, tmp_path, SECRET_KEY=key)
    assert result.returncode == 1
    assert problem in result.stderr
    assert "ImproperlyConfigured" in result.stderr


def test_asgi_refuses_to_start_without_secret_key_too(tmp_path):
    result = run_python("import factcheck.asgi", tmp_path)
    assert result.returncode == 1
    assert "ImproperlyConfigured: SECRET_KEY is not set, and DEBUG is off" in result.stderr


def test_commands_that_sign_nothing_run_without_a_key_and_never_use_a_weak_one(tmp_path):
    """makemigrations needs no key; the key left behind is empty, which
    Django refuses to sign with."""
    result = run_python(
        "from django.core.management import execute_from_command_line; "
        "execute_from_command_line(['manage.py', 'makemigrations', '--check', '--dry-run'])",
        tmp_path,
        SECRET_KEY="changeme",
    )
    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout
    result = run_python(
        "import django; django.setup(); from django.conf import settings; settings.SECRET_KEY",
        tmp_path,
        SECRET_KEY="changeme",
    )
    assert result.returncode == 1
    assert "The SECRET_KEY setting must not be empty" in result.stderr


def test_deploy_check_fails_without_a_key(tmp_path):
    result = run_python(
        "from django.core.management import execute_from_command_line; "
        "execute_from_command_line(['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'])",
        tmp_path,
    )
    assert result.returncode == 1
    assert "security.W009" in result.stderr


def test_settings_take_a_real_key_with_debug_off(tmp_path):
    result = run_python(SHOW_SETTINGS, tmp_path, SECRET_KEY=GOOD_KEY)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", GOOD_KEY]


def test_secret_key_from_the_env_file_is_used(tmp_path):
    result = run_python(SHOW_SETTINGS, tmp_path, env_file=f"SECRET_KEY={GOOD_KEY}\n")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", GOOD_KEY]


def test_debug_on_falls_back_to_the_development_key(tmp_path):
    result = run_python(SHOW_SETTINGS, tmp_path, DEBUG="true")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", DEV_KEY]


@pytest.mark.parametrize("key", ["", "short", "django-insecure-" + GOOD_KEY])
def test_require_real_secret_key_refuses(key):
    with pytest.raises(ImproperlyConfigured, match="^SECRET_KEY "):
        require_real_secret_key(key)


def test_require_real_secret_key_returns_a_good_key():
    assert require_real_secret_key(GOOD_KEY) == GOOD_KEY


# --- .env files -----------------------------------------------------------------


def test_inline_comment_in_env_file_gives_the_value_before_it(tmp_path):
    result = run_python(SHOW_SETTINGS, tmp_path, env_file="DEBUG=true  # local\n")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "True"


def test_misspelt_boolean_in_env_file_stops_the_site_naming_it(tmp_path):
    result = run_python(SHOW_SETTINGS, tmp_path, env_file="DEBUG=ture\n", SECRET_KEY=GOOD_KEY)
    assert result.returncode == 1
    assert "ImproperlyConfigured: DEBUG='ture' is not a true/false value" in result.stderr


def test_a_variable_set_twice_in_the_env_file_is_refused_naming_it(tmp_path):
    path = tmp_path / ".env"
    path.write_text("DEBUG=true\nDEBUG=false\n", encoding="utf-8")
    with pytest.raises(ImproperlyConfigured, match="line 2: DEBUG is set twice"):
        read_env_file(path)


def test_env_file_setting_that_names_no_file_stops_the_site(tmp_path):
    result = run_python(SHOW_SETTINGS, tmp_path, SECRET_KEY=GOOD_KEY)
    assert result.returncode == 0, result.stderr
    missing = tmp_path / "nowhere.env"
    result = run_python(
        f"import os; os.environ['ENV_FILE'] = {str(missing)!r}; " + SHOW_SETTINGS,
        tmp_path,
        SECRET_KEY=GOOD_KEY,
    )
    assert result.returncode == 1
    assert f"ENV_FILE='{missing}' names no file" in result.stderr


def test_unknown_newsroom_time_zone_stops_the_site_naming_it(tmp_path):
    result = run_python(
        SHOW_SETTINGS, tmp_path, env_file="NEWSROOM_TIME_ZONE=Mars/Base\n", SECRET_KEY=GOOD_KEY
    )
    assert result.returncode == 1
    assert "NEWSROOM_TIME_ZONE='Mars/Base' is not a time zone" in result.stderr


def test_environment_wins_over_the_env_file(tmp_path):
    result = run_python(
        SHOW_SETTINGS, tmp_path, env_file="DEBUG=false\n", DEBUG="yes", SECRET_KEY=GOOD_KEY
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", GOOD_KEY]


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("true  # local", "true"),
        ("true", "true"),
        ("  spaced out  ", "spaced out"),
        ("# nothing but a comment", ""),
        ("", ""),
        ("abc#def", "abc#def"),  # no space before #: part of the value, as in a shell
        ("a,b  # two hosts", "a,b"),
        ("'x y'  # single quotes", "x y"),
        ('"x y"  # double quotes', "x y"),
        ('"a#b"', "a#b"),
        ("'a # b'", "a # b"),
        (r'"say \"hi\""', 'say "hi"'),
        ("''", ""),
    ],
)
def test_parse_env_value(raw, value):
    assert parse_env_value("NAME", raw) == value


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ('"open', 'NAME: the value opens a " quote but never closes it'),
        ("'open  # c", "NAME: the value opens a ' quote but never closes it"),
        ('"a" b', "NAME: unexpected text 'b' after the closing quote"),
    ],
)
def test_parse_env_value_refuses_what_it_cannot_read_naming_the_variable(raw, message):
    with pytest.raises(ImproperlyConfigured) as excinfo:
        parse_env_value("NAME", raw)
    assert str(excinfo.value).startswith(message)


def test_read_env_file_skips_comments_and_blank_lines(tmp_path):
    path = tmp_path / ".env"
    path.write_text(
        "# local settings\n\nDEBUG=true  # local\nexport ALLOWED_HOSTS=a,b\n  CACHE_URL = redis://x\n",
        encoding="utf-8",
    )
    assert read_env_file(path) == {
        "DEBUG": "true",
        "ALLOWED_HOSTS": "a,b",
        "CACHE_URL": "redis://x",
    }


def test_read_env_file_names_the_line_it_cannot_read(tmp_path):
    path = tmp_path / ".env"
    path.write_text("DEBUG=true\nthis is not a setting\n", encoding="utf-8")
    with pytest.raises(ImproperlyConfigured, match="line 2: expected NAME=value"):
        read_env_file(path)


def test_read_env_file_names_the_variable_whose_quote_is_open(tmp_path):
    path = tmp_path / ".env"
    path.write_text('SECRET_KEY="abc\n', encoding="utf-8")
    with pytest.raises(ImproperlyConfigured, match=r"^SECRET_KEY \(.*line 1\): the value opens"):
        read_env_file(path)


def test_missing_env_file_reads_as_empty(tmp_path):
    assert read_env_file(tmp_path / "absent.env") == {}


# --- strict booleans and integers ----------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("true", True),
        ("True", True),
        (" yes ", True),
        ("on", True),
        ("1", True),
        ("false", False),
        ("FALSE", False),
        ("no", False),
        ("off", False),
        ("0", False),
    ],
)
def test_env_bool_reads_true_and_false_words(monkeypatch, raw, value):
    monkeypatch.setenv("TRACKER_TEST_FLAG", raw)
    assert Env().bool("TRACKER_TEST_FLAG", default=not value) is value


@pytest.mark.parametrize(
    "raw", ["ture", "2", "", "true # comments belong in .env files, not in the environment"]
)
def test_env_bool_refuses_other_values_naming_the_variable(monkeypatch, raw):
    monkeypatch.setenv("TRACKER_TEST_FLAG", raw)
    with pytest.raises(ImproperlyConfigured, match="^TRACKER_TEST_FLAG=.* is not a true/false"):
        Env().bool("TRACKER_TEST_FLAG", default=False)


def test_env_bool_unset_gives_the_default(monkeypatch):
    monkeypatch.delenv("TRACKER_TEST_FLAG", raising=False)
    assert Env().bool("TRACKER_TEST_FLAG", default=True) is True
    assert Env().bool("TRACKER_TEST_FLAG", default=False) is False


def test_env_int_reads_a_whole_number(monkeypatch):
    monkeypatch.setenv("SECURE_HSTS_SECONDS", " 31536000 ")
    assert Env().int("SECURE_HSTS_SECONDS", default=0) == 31536000


def test_env_int_refuses_other_values_naming_the_variable(monkeypatch):
    monkeypatch.setenv("SECURE_HSTS_SECONDS", "1 year")
    with pytest.raises(ImproperlyConfigured, match="^SECURE_HSTS_SECONDS='1 year' is not a whole"):
        Env().int("SECURE_HSTS_SECONDS", default=0)


# --- SQLite for several editors at once ---------------------------------------------

SHOW_SQLITE_SETUP = """
import django
django.setup()
from django.db import connection
with connection.cursor() as cursor:
    pragmas = [cursor.execute(f"PRAGMA {name}").fetchone()[0]
               for name in ("journal_mode", "synchronous", "busy_timeout")]
print(*pragmas, connection.transaction_mode)
"""


@pytest.mark.parametrize(
    ("query", "busy_timeout_ms"), [("", "20000"), ("?timeout=5", "5000")], ids=["default", "url"]
)
def test_sqlite_waits_for_the_write_lock_taken_as_a_transaction_begins(
    tmp_path, query, busy_timeout_ms
):
    """WAL journal, synchronous NORMAL (1), a 20 s busy timeout unless
    DATABASE_URL sets another, BEGIN IMMEDIATE."""
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}{query}"
    result = run_python(SHOW_SQLITE_SETUP, tmp_path, SECRET_KEY=GOOD_KEY, DATABASE_URL=url)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["wal", "1", busy_timeout_ms, "IMMEDIATE"]


# --- production needs no development package ----------------------------------------

# Import names of what requirements-dev.txt adds to requirements.txt.
DEV_ONLY_MODULES = [
    "pytest",
    "pytest_django",
    "factory",
    "faker",
    "bs4",
    "time_machine",
    "playwright",
    "greenlet",
    "django_upgrade",
    "djlint",
    "pre_commit",
    "ruff",
]

IMPORT_EVERYTHING = f"""
import importlib, pkgutil, sys

class RefuseDevPackages:
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in {DEV_ONLY_MODULES!r}:
            raise ModuleNotFoundError("production imported a development package: " + name)

sys.meta_path.insert(0, RefuseDevPackages())
import django
django.setup()
from django.core.management import call_command
call_command("check")
modules = 0
for package in ("factcheck", "articles"):
    for info in pkgutil.walk_packages(importlib.import_module(package).__path__, package + "."):
        if info.name != "factcheck.settings_test":
            importlib.import_module(info.name)
            modules += 1
print(modules)
"""


def test_settings_and_every_module_import_without_development_packages(tmp_path):
    result = run_python(IMPORT_EVERYTHING, tmp_path, SECRET_KEY=GOOD_KEY)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
    assert int(result.stdout.split()[-1]) > 20  # the walk found the app's modules
