"""What the browser tests share: Debian's Chromium driven by Playwright
(never a downloaded browser), skipped where either is missing. The
fixtures built on it (``browser``, ``site``) are in ``tests/conftest.py``."""

import shutil
from types import ModuleType

import pytest

#: Debian's Chromium (``apt-get install chromium``; .ci/run installs it).
CHROMIUM = "/usr/bin/chromium"


def require_browser() -> ModuleType:
    """Return ``playwright.sync_api``, or skip: at module level (a test
    module's import) or inside a fixture, when Playwright is not installed
    or :data:`CHROMIUM` is absent."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if not shutil.which(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is not installed", allow_module_level=True)
    return sync_api
