"""Settings for the test suite (pytest's ``DJANGO_SETTINGS_MODULE``): the
production settings with a throwaway ``SECRET_KEY``, a fast password
hasher and, on SQLite, a test database file of the run's own. Nothing else
differs, so the tests exercise what production runs."""

import os
import tempfile
from pathlib import Path

# settings.py refuses to start without a real key when DEBUG is off; this
# one signs nothing outside a test run.
os.environ["SECRET_KEY"] = "tests-only-7Qm2vX9pL4sR8tW1yZ3bN6cF0hJ5kD-not-a-secret"  # noqa: S105

from factcheck.settings import *  # noqa: E402, F403

# The default PBKDF2 hasher is slow by design; tests that create users
# (the editor fixture, admin logins) don't need that.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# SQLite: the test database is a file, as in production, not Django's
# default shared in-memory database, where concurrent writers fail at once
# with "database table is locked" (tests/test_concurrent_writes.py). One file
# per run (the process id), in the system's temporary folder; Django deletes
# it at the end.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"].setdefault("TEST", {})  # noqa: F405
    DATABASES["default"]["TEST"].setdefault(  # noqa: F405
        "NAME", str(Path(tempfile.gettempdir()) / f"tracker-test-{os.getpid()}.sqlite3")
    )

# No throttling of anonymous API clients: the suite sends thousands of
# requests from one address (schemathesis among them) and the local-memory
# cache would count them across tests. tests/api/test_throttling.py turns
# it on with a low rate.
API_ANON_THROTTLE_RATE = None

# Tasks run at once, in the test (deadline alerts: tests/test_alerts.py);
# mail stays in django.core.mail.outbox (pytest-django sets the same).
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}

# No page cache by default: a test's writes are rolled back without
# committing, so the data generation does not move between tests and one
# test's cached page would answer the next. tests/test_page_cache.py turns
# it on and moves the generation itself.
PAGE_CACHE = False

# PostgreSQL's pool is sized for one gunicorn worker's threads (2); the
# suite's concurrency tests run more threads in one process (the test's own
# plus two or more writers), each holding a connection of its own, so the
# pool gets room for them unless DATABASE_POOL_MAX_SIZE says otherwise.
# The sizing itself is tested in tests/test_serving.py.
_pool = DATABASES["default"].get("OPTIONS", {}).get("pool")  # noqa: F405
if isinstance(_pool, dict) and not os.environ.get("DATABASE_POOL_MAX_SIZE"):
    _pool["max_size"] = max(_pool["max_size"], 8)

# The suite is one process: its local-memory cache is shared by every
# request it makes, so counts and tallies are cached as in production
# (articles/freshness.py, read_around).
DERIVED_CACHE = True
