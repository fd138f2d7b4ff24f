"""The admin's "Find in the gazetteer" combobox in a real browser (headless
Chromium, as ``tests/test_admin_browser.py``; issue 9, item 1): an editor
types "Stockt", picks "Stockton, CA" from the list, sees the place's fields
filled in from GeoNames (geonames:5399020, 37.9577, -121.29078) and saves."""

import pytest

from articles.models import City
from tests.admin_pages import staff_user

pytestmark = pytest.mark.browser

PASSWORD = "correct-horse-battery"  # noqa: S105 - a test user's


@pytest.fixture
def chromium_pages(browser):
    """The browser (tests/conftest.py), each test's pages closed after it."""
    yield browser
    for context in browser.contexts:
        context.close()


@pytest.fixture
def signed_in_page(chromium_pages, transactional_db, live_server, django_user_model):
    """A page signed in as a superuser editor, on the add-place form."""
    staff_user(django_user_model, "gail", None, display_name="Gail Editor")
    context = chromium_pages.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/login/?next=/admin/articles/city/add/")
    page.fill("#id_username", "gail")
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("input[type=submit]")
    return page


def _fields(page) -> dict[str, str]:
    return {
        name: page.input_value(f"#id_{name}")
        for name in ("name", "state", "kind", "latitude", "longitude", "gazetteer_id")
    }


def test_typing_stockt_and_picking_stockton_ca_fills_the_place(signed_in_page):
    page = signed_in_page
    page.click("#id_gazetteer")
    page.keyboard.type("Stockt", delay=30)
    first = page.locator("#id_gazetteer_suggestions [role=option]").first
    first.wait_for(state="visible")
    assert first.locator(".gazetteer-label").inner_text() == "Stockton, CA"
    assert page.get_attribute("#id_gazetteer", "aria-expanded") == "true"
    first.dispatch_event("mousedown")
    assert page.input_value("#id_gazetteer") == "Stockton, CA"
    assert _fields(page) == {
        "name": "Stockton",
        "state": "CA",
        "kind": "city",
        "latitude": "37.9577",
        "longitude": "-121.29078",
        "gazetteer_id": "geonames:5399020",
    }
    assert page.get_attribute("#id_gazetteer", "aria-expanded") == "false"
    with page.expect_navigation():
        page.click("input[name=_save]")
    place = City.objects.get()
    assert (place.name, place.gazetteer_id, place.slug) == (
        "Stockton",
        "geonames:5399020",
        "stockton-ca",
    )


def test_arrow_down_and_enter_pick_without_submitting(signed_in_page):
    page = signed_in_page
    page.click("#id_gazetteer")
    page.keyboard.type("Baltimore County, M", delay=30)
    page.locator("#id_gazetteer_suggestions [role=option]").first.wait_for(state="visible")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    assert page.url.endswith("/admin/articles/city/add/")  # not submitted
    assert _fields(page) == {
        "name": "Baltimore County",
        "state": "MD",
        "kind": "county",
        "latitude": "",
        "longitude": "",
        "gazetteer_id": "fips:24005",
    }
    assert not City.objects.exists()
