"""Shared fixtures."""

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.test import Client

from tests.browser_support import CHROMIUM, require_browser


@pytest.fixture
def seeded(db):
    """The database loaded with the seed article (``load_seed``)."""
    call_command("load_seed", verbosity=0)


@pytest.fixture
def editor(db, django_user_model):
    """A staff superuser for admin and API write tests."""
    return django_user_model.objects.create_superuser(
        username="editor", email="editor@example.org", password="correct-horse-battery"
    )


@pytest.fixture
def reader_client(db) -> Client:
    """A reader: an anonymous browser."""
    return Client()


@pytest.fixture
def desk_editor(db, django_user_model):
    """An editor who is not a superuser: staff, holding only
    ``articles.view_unpublished`` (the permission behind ``visible_to``)."""
    user = django_user_model.objects.create_user(
        username="desk", email="desk@example.org", password="correct-horse-battery", is_staff=True
    )
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="articles", codename="view_unpublished")
    )
    return user


@pytest.fixture
def editor_client(desk_editor) -> Client:
    """A browser signed in as :func:`desk_editor`: sees drafts."""
    client = Client()
    client.force_login(desk_editor)
    return client


@pytest.fixture
def admin_client(client, editor):
    """The test client logged in as :func:`editor`, the user the admin tests
    expect to find in the history (replaces pytest-django's ``admin_client``)."""
    client.force_login(editor)
    return client


def _member(django_user_model, username: str, group: str):
    from tests.admin_pages import role_group

    user = django_user_model.objects.create_user(
        username=username,
        email=f"{username}@example.org",
        password="correct-horse-battery",
        is_staff=True,
    )
    # Made again if a transactional test's flush removed it (tests/admin_pages.py).
    user.groups.add(role_group(group))
    return user


@pytest.fixture
def role_reporter(db, django_user_model):
    """A staff user in the Reporters group (made by migration articles/0010_roles)."""
    return _member(django_user_model, "reporter", "Reporters")


@pytest.fixture
def role_editor(db, django_user_model):
    """A staff user in the Editors group (not a superuser)."""
    return _member(django_user_model, "section-editor", "Editors")


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium for a test module (its tests open their own
    contexts and pages); skips them where Playwright or Chromium is missing.

    Playwright's sync API keeps an event loop running in this thread, and
    Django then refuses database calls from it (SynchronousOnlyOperation)
    although nothing runs concurrently; the fixtures that seed and flush
    the database run while the browser is open, hence the override. Module
    scope, not session: the override and the loop end with the module.
    """
    sync_api = require_browser()
    with pytest.MonkeyPatch.context() as patch, sync_api.sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        yield browser
        browser.close()


@pytest.fixture
def site(transactional_db, seeded, live_server) -> str:
    """The seeded site's base URL, e.g. ``http://localhost:40123`` (data
    created before the test opens a page; flushed after it)."""
    return live_server.url


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty default cache: the data generation
    (articles/freshness.py) and what is cached under it belong to one test's
    database, which is rolled back, not to the next."""
    from django.core.cache import cache

    cache.clear()
    yield
