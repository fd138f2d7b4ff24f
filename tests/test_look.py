"""Look and layout that markup can show (issue 7, "Look and layout"); what
only a browser can show (widths, stacking, print) is in test_browser.py.

- Every table follows the site's convention (static/css/site.css, top):
  ``class="stack"`` and each cell's ``data-label`` is its column's header.
- Time zones are shown in words ("Eastern time"), never as
  ``America/New_York``.
- The headline face ships with the site: every ``@font-face`` points at a
  file in static/fonts/, with its licence; nothing loads from another host.
"""

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from articles.models import Source

ROOT = Path(__file__).resolve().parent.parent
CSS = (ROOT / "static" / "css" / "site.css").read_text()

PAGES_WITH_TABLES = [
    "/inquiries/justice-department-sanctuary-questions/",
    "/responses/pending/",
    "/responses/received/",
    "/cities/baltimore-md/",
    "/methodology/",
]


def _soup(client, url: str) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


@pytest.mark.parametrize("url", PAGES_WITH_TABLES)
def test_every_table_stacks_and_labels_each_cell_with_its_column_header(reader_client, seeded, url):
    tables = _soup(reader_client, url).select("main table")
    assert tables, url
    for table in tables:
        assert "stack" in table["class"]
        headers = [" ".join(th.get_text().split()) for th in table.select("thead th")]
        for row in table.select("tbody tr"):
            cells = row.find_all(["th", "td"], recursive=False)
            assert [cell.get("data-label") for cell in cells] == headers


def test_the_response_table_puts_status_first_after_the_city(reader_client, seeded):
    table = _soup(reader_client, "/responses/pending/").select_one("main table")
    headers = [th.get_text() for th in table.select("thead th")]
    assert headers[:4] == ["City", "Inquiry", "Status", "Deadline status"]
    assert "stack--wide" in table["class"]  # ten columns do not fit a tablet


def test_no_table_is_wrapped_in_a_sideways_scrolling_region(reader_client, seeded):
    for url in PAGES_WITH_TABLES:
        assert _soup(reader_client, url).select(".table-scroll") == [], url


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/inquiries/justice-department-sanctuary-questions/",
        "/responses/pending/",
        "/cities/baltimore-md/",
        "/methodology/",
    ],
)
def test_time_zones_are_in_words(reader_client, seeded, url):
    html = reader_client.get(url).content.decode()
    assert "America/" not in html


def test_deadline_reads_aug_18_end_of_day_eastern_time(reader_client, seeded):
    soup = _soup(reader_client, "/inquiries/justice-department-sanctuary-questions/")
    (dt,) = [dt for dt in soup.select(".facts dt") if dt.get_text() == "Deadline"]
    deadline = dt.find_next_sibling("dd").time
    # "by Aug. 18": until 23:59:59 on Aug. 18 in New York (EDT, UTC-4).
    assert deadline.get_text() == "Aug. 18, 2017, end of day, Eastern time"
    assert deadline["datetime"] == "2017-08-18T23:59:59-04:00"


def test_methodology_names_the_newsrooms_zone_in_words(reader_client, seeded, settings):
    settings.NEWSROOM_TIME_ZONE = "America/Chicago"
    text = " ".join(_soup(reader_client, "/methodology/").get_text().split())
    assert "the inquiry’s own (the newsroom’s, Central time, unless stated)" in text


def test_fonts_ship_with_the_site_and_nothing_loads_from_another_host():
    faces = re.findall(r"@font-face\s*{[^}]*}", CSS)
    assert len(faces) == 4  # 400, 400 italic, 600, 700
    for face in faces:
        assert "font-display: swap" in face
        (url,) = re.findall(r'url\("([^"]+)"\)', face)
        assert (ROOT / "static" / "css" / url).resolve().is_file(), url
    assert "Open Font License" in (ROOT / "static" / "fonts" / "OFL.txt").read_text()
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", CSS)
    assert "@import" not in CSS


def test_pages_link_only_local_stylesheets_and_fonts(reader_client, seeded):
    source = Source.objects.get()
    for url in [*PAGES_WITH_TABLES, source.get_absolute_url()]:
        head = _soup(reader_client, url).head
        for link in head.find_all("link", rel=["stylesheet", "preload"]):
            assert link["href"].startswith("/static/"), (url, link["href"])
