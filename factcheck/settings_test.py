"""Settings for the test suite (pytest's ``DJANGO_SETTINGS_MODULE``): the
production settings with a throwaway ``SECRET_KEY`` and a fast password
hasher. Nothing else differs, so the tests exercise what production runs."""

import os

# settings.py refuses to start without a real key when DEBUG is off; this
# one signs nothing outside a test run.
os.environ["SECRET_KEY"] = "tests-only-7Qm2vX9pL4sR8tW1yZ3bN6cF0hJ5kD-not-a-secret"  # noqa: S105

from factcheck.settings import *  # noqa: E402, F403

# The default PBKDF2 hasher is slow by design; tests that create users
# (the editor fixture, admin logins) don't need that.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
