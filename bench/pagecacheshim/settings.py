"""The project's settings with :mod:`pagecacheshim.urls` (the bare views)."""

from factcheck.settings import *  # noqa: F403

ROOT_URLCONF = "pagecacheshim.urls"
