"""Embeds and oEmbed (articles/embeds.py): the embed may be framed, the
rest of the site may not; the oEmbed answer follows https://oembed.com;
bad input is a 4xx naming the parameter; drafts are 404; the embed asks a
fixed number of queries with 1 and with 100 responses."""

import datetime
import json
from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup

from articles import embeds
from articles.models import Inquiry, Publication
from tests import factories

pytestmark = pytest.mark.django_db

DOJ = "justice-department-sanctuary-questions"
EMBED = f"/embed/inquiries/{DOJ}/"


def _oembed(client, url: str, **params):
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return client.get(f"/oembed/?url={quote(url, safe='')}&{query}")


def test_embed_may_be_framed_from_anywhere(client, seeded):
    response = client.get(EMBED)
    assert response.status_code == 200
    assert "X-Frame-Options" not in response
    policy = response["Content-Security-Policy"]
    assert "frame-ancestors *" in policy
    assert "default-src 'none'" in policy
    assert embeds.EMBED_CSS_HASH in policy


@pytest.mark.parametrize("url", ["/", f"/inquiries/{DOJ}/", "/responses/pending/", "/claims/"])
def test_the_rest_of_the_site_may_not_be_framed(client, seeded, url):
    response = client.get(url)
    assert response["X-Frame-Options"] == "DENY"
    assert response["Content-Security-Policy"] == "frame-ancestors 'none'"


def test_embed_inline_style_matches_its_hash(client, seeded):
    soup = BeautifulSoup(client.get(EMBED).content, "html.parser")
    assert soup.style.string == embeds.EMBED_CSS  # byte for byte, or browsers drop it


def test_embed_shows_each_city_status_deadline_and_as_of(client, seeded):
    soup = BeautifulSoup(client.get(EMBED).content, "html.parser")
    assert soup.h1.get_text(strip=True) == "Justice Department’s questions on “sanctuary” policies"
    assert soup.find("header") is None and soup.find("nav") is None  # no site chrome
    deadline = soup.find("p", class_="deadline").get_text(" ", strip=True)
    assert deadline == "Deadline: Aug. 18, 2017, end of day, Eastern time"
    rows = {
        tr.th.get_text(" ", strip=True): [td.get_text(" ", strip=True) for td in tr.find_all("td")]
        for tr in soup.tbody.find_all("tr")
    }
    assert list(rows) == ["Albuquerque, NM", "Baltimore, MD", "San Bernardino, CA", "Stockton, CA"]
    # San Bernardino's chief "will answer the department's questions".
    assert rows["San Bernardino, CA"][0] == "◐ Acknowledged"
    assert rows["Baltimore, MD"][0] == "○ Pending"
    # Confirmed Aug. 3, on or before the due day: "Deadline passed", never "Overdue".
    assert rows["Baltimore, MD"][1] == "? Deadline passed · no answer on record as of Aug. 3, 2017"
    assert rows["Baltimore, MD"][2] == "Aug. 3, 2017"
    links = [a for a in soup.find_all("a") if "Full tracker" in a.get_text()]
    assert len(links) == 1
    assert links[0]["href"] == f"http://testserver/inquiries/{DOJ}/"
    assert links[0]["target"] == "_blank"
    assert "noopener" in links[0]["rel"]


def test_embed_of_a_draft_is_404_even_for_an_editor(editor_client, client, seeded):
    draft = factories.InquiryFactory(publication=Publication.DRAFT)
    assert client.get(f"/embed/inquiries/{draft.slug}/").status_code == 404
    assert editor_client.get(f"/embed/inquiries/{draft.slug}/").status_code == 404
    assert client.get("/embed/inquiries/no-such-inquiry/").status_code == 404


def test_embed_of_a_retracted_inquiry_says_so(client, seeded):
    Inquiry.objects.filter(slug=DOJ).update(
        publication=Publication.RETRACTED,
        retracted_at=datetime.datetime(2026, 11, 29, 15, tzinfo=datetime.UTC),
        retraction_note="The inquiry was entered twice.",
    )
    soup = BeautifulSoup(client.get(EMBED).content, "html.parser")
    notice = soup.find("p", class_="retracted").get_text(" ", strip=True)
    assert notice == "Retracted Nov. 29, 2026 : The inquiry was entered twice."


def test_oembed_answer(client, seeded):
    for url in (
        f"http://testserver/inquiries/{DOJ}/",
        f"http://testserver/inquiries/{DOJ}",  # pasted without its trailing slash
        f"http://testserver{EMBED}",
    ):
        response = _oembed(client, url, format="json")
        assert response.status_code == 200
        assert response["Content-Type"] == "application/json"
        data = json.loads(response.content)
        assert data["version"] == "1.0"
        assert data["type"] == "rich"
        assert data["provider_name"] == "City response tracker"
        assert data["provider_url"] == "http://testserver/"
        assert data["title"] == "Justice Department’s questions on “sanctuary” policies"
        # Four cities at 640 px: 270 px of heading and foot, 60 px a row
        # (measured in Chromium: 484 px rendered; embeds.HEIGHT_BRACKETS).
        assert (data["width"], data["height"]) == (640, 270 + 4 * 60)
        iframe = BeautifulSoup(data["html"], "html.parser").iframe
        assert iframe["src"] == f"http://testserver{EMBED}"
        assert (iframe["width"], iframe["height"]) == ("640", "510")
        assert iframe["title"] == (
            "Justice Department’s questions on “sanctuary” policies: status by city"
        )


def test_oembed_respects_maxwidth_and_maxheight(client, seeded):
    data = json.loads(
        _oembed(
            client, f"http://testserver/inquiries/{DOJ}/", maxwidth="300", maxheight="240"
        ).content
    )
    assert (data["width"], data["height"]) == (300, 240)


def test_oembed_format_xml_is_501(client, seeded):
    response = _oembed(client, f"http://testserver/inquiries/{DOJ}/", format="xml")
    assert response.status_code == 501
    assert "format" in json.loads(response.content)


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("https://evil.example/inquiries/justice-department-sanctuary-questions/", 404),
        ("http://testserver/claims/", 404),
        ("http://testserver/inquiries/no-such-inquiry/", 404),
        ("javascript:alert(1)", 404),
        ("not a url at all", 404),
    ],
)
def test_oembed_unknown_or_foreign_url_is_404(client, seeded, url, status):
    response = _oembed(client, url)
    assert response.status_code == status
    assert "url" in json.loads(response.content)


@pytest.mark.parametrize(
    ("params", "name"),
    [
        ("maxwidth=wide", "maxwidth"),
        ("maxwidth=-5", "maxwidth"),
        ("maxwidth=0", "maxwidth"),
        ("maxheight=1e9", "maxheight"),
        ("maxheight=99999999999999999999", "maxheight"),
        ("maxheight=%D9%A3", "maxheight"),  # an Arabic-Indic digit three
    ],
)
def test_oembed_bad_dimension_is_400_naming_it(client, seeded, params, name):
    url = quote(f"http://testserver/inquiries/{DOJ}/", safe="")
    response = client.get(f"/oembed/?url={url}&{params}")
    assert response.status_code == 400
    assert list(json.loads(response.content)) == [name]


def test_oembed_without_url_is_400(client, seeded):
    response = client.get("/oembed/?format=json")
    assert response.status_code == 400
    assert list(json.loads(response.content)) == ["url"]


def test_oembed_of_a_draft_is_404_even_for_an_editor(editor_client, seeded):
    draft = factories.InquiryFactory(publication=Publication.DRAFT)
    response = _oembed(editor_client, f"http://testserver/inquiries/{draft.slug}/")
    assert response.status_code == 404


def test_inquiry_page_advertises_oembed_and_feeds(client, seeded):
    soup = BeautifulSoup(client.get(f"/inquiries/{DOJ}/").content, "html.parser")
    link = soup.find("link", type="application/json+oembed")
    response = client.get(link["href"])
    assert json.loads(response.content)["type"] == "rich"
    feeds = [tag["href"] for tag in soup.find_all("link", type="application/rss+xml")]
    assert f"/feeds/inquiries/{DOJ}/responses/rss/" in feeds


@pytest.mark.parametrize("rows", [1, 100])
def test_embed_query_count(client, django_assert_num_queries, rows):
    inquiry = factories.InquiryFactory()
    factories.ResponseFactory.create_batch(rows, inquiry=inquiry)
    # the inquiry with requester and counts; its responses with cities
    with django_assert_num_queries(2):
        response = client.get(f"/embed/inquiries/{inquiry.slug}/")
    soup = BeautifulSoup(response.content, "html.parser")
    assert len(soup.tbody.find_all("tr")) == min(rows, 50)


def test_a_large_inquiry_embed_lists_50_places_a_to_z_and_says_how_many_more(client):
    """An iframe in a story shows at most 50 rows (selectors.EMBED_MAX_ROWS),
    the first 50 by name, and says how many places the inquiry has."""
    inquiry = factories.InquiryFactory()
    names = [f"Place {n:03d}" for n in range(60)]
    for name in reversed(names):
        city = factories.CityFactory(name=name, slug=name.lower().replace(" ", "-") + "-md")
        factories.ResponseFactory(inquiry=inquiry, city=city)
    soup = BeautifulSoup(client.get(f"/embed/inquiries/{inquiry.slug}/").content, "html.parser")
    rows = [row.th.get_text(strip=True) for row in soup.tbody.find_all("tr")]
    assert rows == [f"{name}, MD" for name in names[:50]]
    assert " ".join(soup.find(string=lambda t: t and "Showing the first" in t).split()) == (
        "Showing the first 50 of 60 places, A to Z."
    )


@pytest.mark.parametrize("rows", [1, 100])
def test_oembed_query_count(client, django_assert_num_queries, rows):
    inquiry = factories.InquiryFactory()
    factories.ResponseFactory.create_batch(rows, inquiry=inquiry)
    with django_assert_num_queries(1):
        response = _oembed(client, f"http://testserver/inquiries/{inquiry.slug}/")
    # The frame holds the rows the embed shows: at most 50 (selectors.EMBED_MAX_ROWS).
    assert json.loads(response.content)["height"] == 270 + 60 * min(rows, 50)


def test_embed_policy_follows_the_allowed_origins_setting(settings):
    settings.EMBED_ALLOWED_ORIGINS = ["https://news.example.com"]
    assert embeds.embed_csp()["frame-ancestors"] == ["https://news.example.com"]


def test_allowed_origins_come_from_the_environment_and_bad_ones_stop_the_site(tmp_path):
    from tests.test_settings import GOOD_KEY, run_python

    show = "from factcheck import settings; print(settings.EMBED_ALLOWED_ORIGINS)"
    result = run_python(
        show,
        tmp_path,
        SECRET_KEY=GOOD_KEY,
        EMBED_ALLOWED_ORIGINS="https://news.example.com,https://partner.example.org",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['https://news.example.com', 'https://partner.example.org']"
    result = run_python(show, tmp_path, SECRET_KEY=GOOD_KEY)
    assert result.stdout.strip() == "['*']"
    # A value that would smuggle another directive into the header is refused.
    result = run_python(
        show, tmp_path, SECRET_KEY=GOOD_KEY, EMBED_ALLOWED_ORIGINS="https://a.example; script-src *"
    )
    assert result.returncode == 1
    assert "EMBED_ALLOWED_ORIGINS" in result.stderr


@pytest.mark.parametrize(
    ("maxwidth", "size"),
    [
        # The newcomer's case: 360 px wide was 500 px high, two cities shown
        # of four in a 983 px document. Now 320 + 82 a city (619 px rendered).
        ("360", (360, 320 + 4 * 82)),
        ("300", (300, 360 + 4 * 95)),
        ("480", (480, 280 + 4 * 82)),
        ("250", (250, 400 + 4 * 125)),
        ("9999", (640, 270 + 4 * 60)),
    ],
)
def test_oembed_height_follows_the_width(client, seeded, maxwidth, size):
    data = json.loads(
        _oembed(client, f"http://testserver/inquiries/{DOJ}/", maxwidth=maxwidth).content
    )
    assert (data["width"], data["height"]) == size


def test_embed_allows_its_own_height_script_by_hash_only(client, seeded):
    response = client.get(EMBED)
    policy = response["Content-Security-Policy"]
    assert f"script-src {embeds.EMBED_JS_HASH}" in policy
    assert "unsafe-inline" not in policy
    script = BeautifulSoup(response.content, "html.parser").find("script")
    assert script.string == embeds.EMBED_JS
    assert '"tracker-embed-height"' in script.string
