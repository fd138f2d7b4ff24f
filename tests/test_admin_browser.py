"""The admin's conflict page and workflow panel in a real browser
(headless Chromium, as ``tests/test_browser.py``): two editors signed in
in two browser contexts reproduce the race on the seed, and the page the
second one gets back is readable: the message and the table of changes
are on screen, and their text meets WCAG 2.2 AA contrast (1.4.3) in the
light and the dark theme."""

import pytest

from articles import models, roles
from tests.admin_pages import role_group
from tests.test_browser import CONTRAST_JS

pytestmark = pytest.mark.browser

PASSWORD = "correct-horse-battery"  # noqa: S105 - a test user's

#: The tracker's own parts of admin pages (the admin's own styles are Django's).
OURS = ".conflict *, .workflow-panel *, .corrections-panel *, .review-thread *, .errorlist *"


@pytest.fixture
def chromium_pages(browser):
    """The browser (tests/conftest.py), each test's pages closed after it."""
    yield browser
    for context in browser.contexts:
        context.close()


@pytest.fixture
def editors(transactional_db, seeded, live_server, django_user_model) -> str:
    """Two editors. The group is made again from ``articles.roles`` (what
    the migration made): a browser test's database is flushed after each
    test, migrations' data included."""
    group = role_group(roles.EDITORS)
    for name, display in (("alice", "Alice Reyes"), ("bob", "Bob Okafor")):
        user = django_user_model.objects.create_user(
            username=name, password=PASSWORD, is_staff=True, display_name=display
        )
        user.groups.add(group)
    return live_server.url


def _signed_in(browser, site, username, scheme="light"):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    page.goto(f"{site}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("input[type=submit]")
    return page


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_conflict_page_is_readable(chromium_pages, editors, scheme):
    browser, site = chromium_pages, editors
    response = models.Response.objects.get(
        city__slug="stockton-ca", inquiry__kind=models.Inquiry.Kind.GOVERNMENT_REQUEST
    )
    url = f"{site}/admin/articles/response/{response.pk}/change/"
    alice = _signed_in(browser, site, "alice", scheme)
    bob = _signed_in(browser, site, "bob", scheme)
    bob.goto(url)
    alice.goto(url)
    alice.select_option("#id_status", "acknowledged")
    alice.fill("#id_acknowledged_on", "2017-08-10")
    alice.select_option("#id_correction_kind", "update")
    alice.fill("#id_correction", "Stockton said on Aug. 10 it will answer.")
    alice.fill("#id_change_reason", "Stockton called back")
    with alice.expect_navigation():
        alice.click("input[name=_save]")

    bob.fill("#id_summary", "The department is reviewing the letter.")
    bob.fill("#id_change_reason", "Summary")
    with bob.expect_navigation():
        bob.click("input[name=_save]")

    message = bob.locator("ul.errorlist.nonfield li").first
    assert message.is_visible()
    assert "Alice Reyes on " in message.inner_text()
    table = bob.locator("section.conflict table")
    assert table.is_visible()
    assert "Acknowledged" in table.inner_text()
    assert bob.input_value("#id_summary") == "The department is reviewing the letter."
    failures = bob.evaluate(CONTRAST_JS.replace("'body *'", f"'{OURS}'"))
    assert failures == []


def test_the_workflow_panel_is_readable(chromium_pages, editors):
    browser, site = chromium_pages, editors
    claim = models.Claim.objects.get(slug="davis-baltimore-is-a-welcoming-city")
    page = _signed_in(browser, site, "alice")
    page.goto(f"{site}/admin/articles/claim/{claim.pk}/change/")
    assert page.locator(".workflow-panel h2").inner_text() == "Editorial state: Published"
    assert page.locator("form.workflow-move--retract button").is_visible()
    assert page.evaluate(CONTRAST_JS.replace("'body *'", f"'{OURS}'")) == []
