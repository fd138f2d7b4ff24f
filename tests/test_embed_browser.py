"""The embed in Chromium (the newcomer's finding E): the oEmbed height
holds the rendered embed at the width asked for, within about 15%, and the
embed posts its height to the host page under its own CSP."""

import json
import urllib.request

import pytest

from tests.browser_support import require_browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

require_browser()

DOJ = "justice-department-sanctuary-questions"


def _oembed(site: str, maxwidth: int) -> dict:
    url = f"{site}/oembed/?url={site}/inquiries/{DOJ}/&maxwidth={maxwidth}"
    with urllib.request.urlopen(url) as answer:  # noqa: S310 - the live test server
        return json.load(answer)


@pytest.mark.parametrize("width", [300, 360, 480, 640])
def test_oembed_height_holds_the_rendered_embed(browser, site, width):
    data = _oembed(site, width)
    assert data["width"] == width
    context = browser.new_context(viewport={"width": width, "height": 400})
    try:
        page = context.new_page()
        page.goto(f"{site}/embed/inquiries/{DOJ}/")
        rendered = page.evaluate("document.documentElement.scrollHeight")
        assert len(page.query_selector_all("tbody tr")) == 4  # the four cities
        # No badge wraps inside ("? Deadline passed" stays on one line).
        badge_heights = page.evaluate(
            "[...document.querySelectorAll('.badge')].map(b => b.getClientRects().length)"
        )
        assert set(badge_heights) == {1}
    finally:
        context.close()
    assert data["height"] >= rendered, (width, data["height"], rendered)
    assert data["height"] <= rendered * 1.15, (width, data["height"], rendered)


def test_embed_posts_its_height_to_the_host_page(browser, site):
    context = browser.new_context(viewport={"width": 800, "height": 600})
    try:
        page = context.new_page()
        errors = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(f"{site}/")  # a same-origin host page, then an iframe in it
        height = page.evaluate(
            """(src) => new Promise((resolve) => {
                window.addEventListener("message", (e) => {
                    if (e.data && e.data.type === "tracker-embed-height") resolve(e.data.height);
                });
                const frame = document.createElement("iframe");
                frame.width = 360;
                frame.src = src;
                document.body.append(frame);
            })""",
            f"{site}/embed/inquiries/{DOJ}/",
        )
    finally:
        context.close()
    assert 500 < height < 700  # 619 px measured at 360 px (articles/embeds.py)
    assert not [e for e in errors if "Content Security Policy" in e]
