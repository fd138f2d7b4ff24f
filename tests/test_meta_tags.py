"""Every public page carries a ``<title>``, a meta description, a canonical
URL and Open Graph tags (issue 7, "Readers' side"), built in one place
(articles/templatetags/page_meta.py) from the page's title and description
blocks. Expected values come from the seed article (Reuters, Aug. 3, 2017)."""

import pytest
from bs4 import BeautifulSoup

from articles.models import Source
from articles.templatetags.page_meta import shorten

SITE = "https://tracker.example.org"
SITE_NAME = "City response tracker"
DOJ = "justice-department-sanctuary-questions"
DOJ_TITLE = "Justice Department’s questions on “sanctuary” policies"
DAVIS = "davis-baltimore-is-a-welcoming-city"


@pytest.fixture
def site_url(settings):
    settings.SITE_URL = SITE
    return SITE


def _meta(client, url: str) -> dict[str, str]:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    soup = BeautifulSoup(response.content, "html.parser")
    found = {"title": soup.title.get_text()}
    for tag in soup.head.find_all("meta"):
        key = tag.get("name") or tag.get("property")
        if key:
            assert key not in found, f"{key} twice on {url}"
            found[key] = tag["content"]
    canonicals = soup.head.find_all("link", rel="canonical")
    assert len(canonicals) == 1, url
    found["canonical"] = canonicals[0]["href"]
    return found


def _assert_common(meta: dict[str, str], *, title: str, url: str, og_type: str = "website"):
    assert meta["title"] == f"{title} · {SITE_NAME}"
    assert meta["og:title"] == title
    assert meta["canonical"] == url
    assert meta["og:url"] == url
    assert meta["og:type"] == og_type
    assert meta["og:site_name"] == SITE_NAME
    assert meta["og:description"] == meta["description"]
    assert meta["twitter:card"] == "summary"
    assert len(meta["description"]) <= 200


def test_home(reader_client, seeded, site_url):
    meta = _meta(reader_client, "/")
    _assert_common(meta, title="Which cities have answered", url=f"{SITE}/")
    # Nobody had answered the Justice Department; Baltimore and San Bernardino's
    # chiefs answered Reuters (the article quotes them), the other two did not.
    assert meta["description"] == (
        f"{DOJ_TITLE}: 0 of 4 cities answered. Reuters’ requests for comment: 2 of 4 cities answered."
    )


def test_inquiry_page_names_the_inquiry_its_deadline_in_words_and_who_answered(
    reader_client, seeded, site_url
):
    meta = _meta(reader_client, f"/inquiries/{DOJ}/")
    _assert_common(meta, title=DOJ_TITLE, url=f"{SITE}/inquiries/{DOJ}/", og_type="article")
    assert meta["description"] == (
        f"{DOJ_TITLE}: U.S. Justice Department asked 4 cities to answer by Aug. 18, 2017, "
        "end of day, Eastern time. 0 of 4 have answered, 4 still awaited."
    )


def test_city_page(reader_client, seeded, site_url):
    meta = _meta(reader_client, "/cities/baltimore-md/")
    _assert_common(meta, title="Baltimore, Maryland", url=f"{SITE}/cities/baltimore-md/")
    assert meta["description"].startswith("Baltimore, Maryland: its response to each inquiry")
    # Two inquiries (the Justice Department's questions and Reuters'), one answered;
    # one claim about the city.
    assert "(1 of 2 answered)" in meta["description"]
    assert meta["description"].endswith("claims officials made about the city (1).")


def test_claim_page_quotes_the_claim_and_is_an_article(reader_client, seeded, site_url):
    meta = _meta(reader_client, f"/claims/{DAVIS}/")
    _assert_common(
        meta,
        title="Kevin Davis: Baltimore is a welcoming city. We do not enforce federal immigration laws",
        url=f"{SITE}/claims/{DAVIS}/",
        og_type="article",
    )
    assert meta["description"] == (
        "Kevin Davis, Police Commissioner: “Baltimore is a welcoming city. We do not enforce "
        "federal immigration laws” Not rated. 1 source cited."
    )


def test_person_page(reader_client, seeded, site_url):
    meta = _meta(reader_client, "/people/kevin-davis/")
    _assert_common(meta, title="Kevin Davis", url=f"{SITE}/people/kevin-davis/")
    assert meta["description"] == (
        "Kevin Davis, Police Commissioner, Baltimore Police Department: 1 claim on the record, "
        "each traced to its source."
    )


def test_source_page(reader_client, seeded, site_url):
    source = Source.objects.get(publisher__slug="reuters")
    url = source.get_absolute_url()
    meta = _meta(reader_client, url)
    _assert_common(meta, title=source.title, url=f"{SITE}{url}")
    # One passage per seed claim; the seed stores no URL for the article.
    assert meta["description"] == (
        "News article by Reuters, Aug. 3, 2017: 4 passages cited by the tracker’s claims."
    )


@pytest.mark.parametrize(
    ("path", "title", "description_starts"),
    [
        ("/responses/pending/", "Pending responses", "Cities that have not answered yet"),
        ("/responses/received/", "Responses received", "Cities that have answered or refused"),
        ("/claims/", "Claims", "What officials said"),
        ("/methodology/", "Methodology", "How the tracker works"),
        ("/corrections/", "Corrections", "Every correction, update and clarification"),
    ],
)
def test_list_and_reference_pages(reader_client, seeded, site_url, path, title, description_starts):
    meta = _meta(reader_client, path)
    _assert_common(meta, title=title, url=f"{SITE}{path}")
    assert meta["description"].startswith(description_starts)


def test_list_counts_in_the_description(reader_client, seeded, site_url):
    # Six responses awaited: four to the Justice Department, two to Reuters.
    assert _meta(reader_client, "/responses/pending/")["description"].endswith(
        ": 6 responses awaited."
    )
    assert _meta(reader_client, "/claims/")["description"].endswith(": 4 claims.")


def test_canonical_keeps_only_the_parameters_that_define_the_page(
    reader_client, seeded, site_url, settings
):
    from articles import views

    settings.DEBUG = False
    views_page_size = views.PAGE_SIZE
    views.PAGE_SIZE = 1  # four seed claims: four pages
    try:
        meta = _meta(reader_client, "/claims/?page=2&utm_source=newsletter")
        assert meta["canonical"] == f"{SITE}/claims/?page=2"
        assert _meta(reader_client, "/claims/?page=1")["canonical"] == f"{SITE}/claims/"
        filtered = _meta(reader_client, "/responses/pending/?status=pending&page=1")
        assert filtered["canonical"] == f"{SITE}/responses/pending/"
    finally:
        views.PAGE_SIZE = views_page_size


def test_without_site_url_the_requests_own_host_is_used(reader_client, seeded, settings):
    settings.SITE_URL = ""
    meta = _meta(reader_client, "/methodology/")
    assert meta["canonical"] == "http://testserver/methodology/"


def test_site_url_with_a_trailing_slash_gives_no_double_slash(reader_client, seeded, settings):
    settings.SITE_URL = f"{SITE}/"
    assert _meta(reader_client, "/claims/")["canonical"] == f"{SITE}/claims/"


def test_error_pages_are_noindex_without_a_canonical(reader_client, seeded, site_url):
    for url in ("/claims/?page=abc", "/inquiries/no-such-inquiry/"):
        response = reader_client.get(url)
        assert response.status_code in (400, 404)
        soup = BeautifulSoup(response.content, "html.parser")
        assert soup.head.find("meta", attrs={"name": "robots"})["content"] == "noindex"
        assert soup.head.find("link", rel="canonical") is None
        assert soup.title.get_text().endswith(f" · {SITE_NAME}")


def test_a_title_with_markup_characters_is_escaped_once(reader_client, db, site_url):
    from tests import factories

    factories.InquiryFactory(slug="a-b", title='Fees & "costs" <2017>')
    meta = _meta(reader_client, "/inquiries/a-b/")
    assert meta["og:title"] == 'Fees & "costs" <2017>'
    assert meta["title"] == f'Fees & "costs" <2017> · {SITE_NAME}'


def test_shorten_cuts_at_a_word_with_an_ellipsis():
    assert shorten("Baltimore is a welcoming city", 20) == "Baltimore is a…"
    assert shorten("Stockton", 20) == "Stockton"
    assert len(shorten("word " * 100)) <= 200
