"""The project's settings with a bench-only URLconf: same middleware, same
database, plus the bare view the API list is compared with."""

from factcheck.settings import *  # noqa: F403

ROOT_URLCONF = "benchshim.urls"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
DEBUG = False
