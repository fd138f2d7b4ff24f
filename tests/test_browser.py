"""The public pages in a real browser: headless Debian Chromium driven by
Playwright (no browser download: ``executable_path=/usr/bin/chromium``).

Checks what markup tests cannot: layout at phone width, keyboard focus,
and text contrast as rendered (WCAG 2.2 AA, 1.4.3: 4.5:1, 3:1 for large
text). Skipped when Chromium or Playwright is missing.
"""

import pytest

from tests.browser_support import require_browser

pytestmark = pytest.mark.browser

# The ``browser`` and ``site`` fixtures are in tests/conftest.py.
require_browser()

PAGES = [
    "/",
    "/inquiries/justice-department-sanctuary-questions/",
    "/responses/pending/",
    "/responses/received/",
    "/cities/baltimore-md/",
    "/claims/",
    "/claims/davis-baltimore-is-a-welcoming-city/",
    "/people/kevin-davis/",
    "/methodology/",
    "/inquiries/no-such-inquiry/",
]

# Contrast of each element's own text against the first opaque background
# behind it (WCAG relative luminance). Returns the failures.
CONTRAST_JS = """
() => {
  const parse = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const background = (el) => {
    for (; el; el = el.parentElement) {
      const c = parse(getComputedStyle(el).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] === 1)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const failures = [];
  for (const el of document.querySelectorAll('body *')) {
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    const style = getComputedStyle(el);
    if (!own || style.visibility === 'hidden' || el.closest('.visually-hidden')) continue;
    const rect = el.getBoundingClientRect();
    if (rect.width === 0 || rect.height === 0) continue;
    const fg = lum(parse(style.color)), bg = lum(background(el));
    const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
    const size = parseFloat(style.fontSize), bold = parseInt(style.fontWeight, 10) >= 700;
    const large = size >= 24 || (bold && size >= 18.66);
    if (ratio < (large ? 3 : 4.5)) failures.push(`${el.tagName} "${el.textContent.trim().slice(0, 30)}" ${ratio.toFixed(2)}`);
  }
  return failures;
}
"""


@pytest.fixture(autouse=True)
def _close_pages(browser):
    """Close each test's pages after it: tests share the browser, not pages."""
    yield
    for context in browser.contexts:
        context.close()


@pytest.mark.parametrize("path", PAGES)
def test_page_fits_a_phone_screen_without_sideways_scrolling(site, browser, path):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(site + path)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{path} is {overflow}px wider than the phone screen"


@pytest.mark.parametrize("width", [320, 375])
@pytest.mark.parametrize("path", ["/responses/pending/", "/cities/baltimore-md/"])
def test_table_rows_stack_on_a_phone_with_status_and_dates_on_screen(site, browser, path, width):
    """At 375 px (and 320 px, WCAG 1.4.10 reflow) each row is a card: every
    cell, its status and dates included, lies within the screen, labelled
    by its column's header."""
    page = browser.new_page(viewport={"width": width, "height": 812})
    page.goto(site + path)
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    cells = page.locator("table.stack tbody td")
    assert cells.count() > 0
    for i in range(cells.count()):
        box = cells.nth(i).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, cells.nth(i).inner_text()
        badges = cells.nth(i).locator(".badge")
        for j in range(badges.count()):
            badge = badges.nth(j).bounding_box()
            assert badge["x"] + badge["width"] <= box["x"] + box["width"]
    status = page.locator('table.stack tbody td[data-label="Status"]').first
    label = status.evaluate("el => getComputedStyle(el, '::before').content")
    assert label == '"Status"'
    assert " ".join(status.inner_text().split()) in {
        "○ Pending",
        "◐ Acknowledged",
        "✓ Received",
        "✕ Declined",
    }


@pytest.mark.parametrize("width", [800, 1030, 1280, 1600])
@pytest.mark.parametrize("path", ["/cities/baltimore-md/", "/responses/received/"])
def test_tables_fit_their_container_at_1280(site, browser, path, width):
    """The city page's table ran off the page at 1,280 px (issue 7); nor
    may it at a tablet's or a small laptop's width."""
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(site + path)
    for table in page.locator("table").all():
        fits = table.evaluate(
            "t => t.getBoundingClientRect().right <= t.parentElement.getBoundingClientRect().right"
        )
        assert fits
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0


def test_inquiry_page_prints_without_chrome_with_bordered_tables_and_outlined_badges(site, browser):
    """Printed (often in black and white): no navigation or footer, the
    table full width with a border on every cell, each badge an outlined
    word on white (printers drop backgrounds, and the overdue badge is white
    on red on screen)."""
    page = browser.new_page(viewport={"width": 800, "height": 1000})
    page.goto(site + "/inquiries/justice-department-sanctuary-questions/")
    page.emulate_media(media="print")
    assert page.locator(".site-header").is_hidden()
    assert page.locator(".site-footer").is_hidden()
    table = page.locator("main table").first
    assert table.evaluate("t => getComputedStyle(t).display") == "table"  # not stacked
    assert table.evaluate("t => t.getBoundingClientRect().width") >= page.evaluate(
        "document.querySelector('main .wrap').clientWidth"
    )
    cell = page.locator("main table tbody td").first
    assert cell.evaluate("c => getComputedStyle(c).borderLeftStyle") == "solid"
    assert cell.evaluate("c => getComputedStyle(c).borderLeftColor") == "rgb(0, 0, 0)"
    badge = page.locator(".badge").first
    assert badge.evaluate("b => getComputedStyle(b).color") == "rgb(0, 0, 0)"
    assert badge.evaluate("b => getComputedStyle(b).backgroundColor") == "rgb(255, 255, 255)"
    pdf = page.pdf(format="Letter")
    assert pdf.startswith(b"%PDF")


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", PAGES)
def test_text_contrast_meets_wcag_aa(site, browser, path, scheme):
    context = browser.new_context(viewport={"width": 1280, "height": 1000}, color_scheme=scheme)
    page = context.new_page()
    page.goto(site + path)
    assert page.evaluate(CONTRAST_JS) == []


def test_first_tab_shows_skip_link_that_moves_focus_to_main(site, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    page.goto(site + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Skip to main content"
    box = page.locator(".skip-link").bounding_box()
    assert box["y"] >= 0  # on screen once focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_focused_link_is_visibly_highlighted(site, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    page.goto(site + "/")
    link = page.locator("nav a", has_text="Inquiries")
    before = link.evaluate("el => getComputedStyle(el).backgroundColor")
    page.keyboard.press("Tab")  # skip link
    page.keyboard.press("Tab")  # site name
    page.keyboard.press("Tab")  # Home
    page.keyboard.press("Tab")  # Inquiries (the first link after Home)
    assert page.evaluate("document.activeElement.textContent") == "Inquiries"
    after = link.evaluate("el => getComputedStyle(el).backgroundColor")
    assert after != before
    assert after == "rgb(255, 221, 0)"


@pytest.fixture
def source_path(site):
    """The seed source's page (its id is not fixed, so it is not in PAGES);
    read before the browser starts, as the ORM refuses Playwright's loop."""
    from articles.models import Source

    return Source.objects.get().get_absolute_url()


def test_source_page_fits_a_phone_screen_and_meets_contrast(site, source_path, browser):
    """Cited passages with the quote marked, on a phone."""
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(site + source_path)
    assert page.locator("figure.passage mark").count() == 4  # one per seed claim
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    assert page.evaluate(CONTRAST_JS) == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_timeline_words_are_drawn_in_the_page_ink(site, browser, scheme):
    """axe-core does not check text inside SVG: the timeline's dates and
    labels must take the page's ink, not SVG's default black fill (1.1:1
    on the dark paper)."""
    context = browser.new_context(viewport={"width": 375, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    page.goto(site + "/inquiries/justice-department-sanctuary-questions/")
    ink = page.evaluate("getComputedStyle(document.body).color")
    fills = page.evaluate(
        "[...document.querySelectorAll('.timeline__chart text')].map(t => getComputedStyle(t).fill)"
    )
    context.close()
    expected = {"light": "rgb(27, 27, 27)", "dark": "rgb(236, 234, 230)"}[scheme]
    assert ink == expected
    assert len(fills) == 6  # a date and a label for each of the three events
    assert set(fills) == {expected}
