"""Sources are cited, not reprinted (issue item 3; DESIGN.md, "Public
pages"): the source page shows each cited passage in its sentence with a
link to the original, the claims and responses that cite the source, and
the full text only for a publishable source. Editors' internal notes never
reach a public page or the API.

The seed's source is Reuters' article of Aug. 3, 2017: another outlet's
reporting, so not publishable."""

import pytest
from bs4 import BeautifulSoup

from articles.models import Citation, Publication, Source
from tests import factories

pytestmark = pytest.mark.django_db

DAVIS_CLAIM = "/claims/davis-baltimore-is-a-welcoming-city/"
SEED_NOTE = "The article breaks the quotation over two lines; the quote keeps the line break."
INTERNAL = "Desk: confirm the line break with the wire before the correction runs."


def _soup(response) -> BeautifulSoup:
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def article(seeded) -> Source:
    return Source.objects.get(publisher__slug="reuters")


def _figure_for(soup: BeautifulSoup, claim_url: str):
    figures = [f for f in soup.select("figure.passage") if f.select_one(f'a[href="{claim_url}"]')]
    assert len(figures) == 1, claim_url
    return figures[0]


def test_each_passage_is_shown_in_its_sentence_with_the_quote_marked(reader_client, article):
    soup = _soup(reader_client.get(article.get_absolute_url()))
    figure = _figure_for(soup, "/claims/sessions-sanctuary-policies-make-us-less-safe/")
    assert figure.blockquote.get_text() == (
        "“Cities and states with so-called ‘sanctuary’ policies make all of us less safe,” "
        "Sessions said."
    )
    marks = figure.select("mark")
    assert [m.get_text() for m in marks] == [
        "Cities and states with so-called ‘sanctuary’ policies make all of us less safe"
    ]


def test_passages_come_in_the_order_of_the_article(reader_client, article):
    soup = _soup(reader_client.get(article.get_absolute_url()))
    backs = [f.figcaption.a.get_text() for f in soup.select("figure.passage")]
    assert backs == [
        "Jeff Sessions’ claim",
        "Kevin Davis’ claim",
        "Jarrod Burguan’s claim",
        "Rachael Yong Yow’s claim",
    ]


def test_davis_passage_keeps_the_articles_line_break_and_his_whole_sentence(reader_client, article):
    figure = _figure_for(_soup(reader_client.get(article.get_absolute_url())), DAVIS_CLAIM)
    mark = figure.select_one("mark")
    assert mark.get_text("|") == (
        "Baltimore is a welcoming city.|We do not enforce federal immigration laws"
    )
    assert mark.find("br") is not None
    assert figure.blockquote.get_text().endswith(
        ",” said Baltimore Police Commissioner Kevin Davis, adding that when cities were "
        "initially selected for the program, there was no formal selection process and that "
        "Baltimore does not control the local jail."
    )
    caption = figure.figcaption.get_text(" ", strip=True)
    assert caption.startswith("Backs Kevin Davis’ claim")
    assert figure.select_one("p.note").get_text() == SEED_NOTE


def test_the_full_text_of_a_non_publishable_source_is_not_on_the_page(reader_client, article):
    response = reader_client.get(article.get_absolute_url())
    text = _soup(response).get_text(" ")
    assert not article.publishable
    assert "Full text" not in [h.get_text() for h in _soup(response).select("h2")]
    # The dateline and sentences no claim quotes are not reprinted.
    assert "WASHINGTON/NEW YORK (Reuters)" not in text
    assert "Twelve cities were selected when it was first launched." not in text
    assert "Some municipalities have pushed back" not in text


def test_a_publishable_source_shows_its_full_text(reader_client):
    release = factories.SourceFactory(
        kind=Source.Kind.PRESS_RELEASE,
        title="Press release",
        publishable=True,
        text="The department will answer the questions. I jump.",
    )
    factories.CitationFactory(source=release, quote="I jump.")
    soup = _soup(reader_client.get(release.get_absolute_url()))
    assert [h.get_text() for h in soup.select("h2")][-1] == "Full text"
    assert "The department will answer the questions." in soup.select_one(".source-text").get_text()


def test_each_passage_links_the_original_when_the_source_has_a_url(reader_client):
    source = factories.SourceFactory(url="https://www.reuters.com/article/example")
    citation = factories.CitationFactory(source=source, quote="I jump.")
    figure = _figure_for(
        _soup(reader_client.get(source.get_absolute_url())), citation.claim.get_absolute_url()
    )
    assert figure.blockquote["cite"] == "https://www.reuters.com/article/example"
    links = [a["href"] for a in figure.figcaption.select('a[rel="external"]')]
    assert links == ["https://www.reuters.com/article/example"]


def test_the_source_page_lists_the_visible_responses_that_cite_it(reader_client, article):
    # Every one of the eight seed responses lists the article (four cities, two inquiries).
    draft_inquiry = factories.InquiryFactory(publication=Publication.DRAFT)
    hidden = factories.ResponseFactory(inquiry=draft_inquiry)
    hidden.sources.add(article)
    response = reader_client.get(article.get_absolute_url())
    responses = list(response.context["responses"])
    assert len(responses) == 8
    assert hidden not in responses
    cities = {r.city.name for r in responses}
    assert cities == {"Albuquerque", "Baltimore", "San Bernardino", "Stockton"}


# --- public and internal notes -------------------------------------------------


@pytest.fixture
def noted(article) -> Citation:
    citation = Citation.objects.get(claim__slug="davis-baltimore-is-a-welcoming-city")
    citation.internal_note = INTERNAL
    citation.save()
    return citation


@pytest.mark.parametrize("who", ["reader_client", "editor_client"])
def test_the_internal_note_is_never_on_a_public_page(request, noted, who):
    client = request.getfixturevalue(who)
    for url in [DAVIS_CLAIM, noted.source.get_absolute_url(), "/claims/", "/cities/baltimore-md/"]:
        page = client.get(url)
        assert page.status_code == 200
        assert INTERNAL not in page.content.decode(), url


def test_the_public_note_is_on_the_claim_page(reader_client, noted):
    soup = _soup(reader_client.get(DAVIS_CLAIM))
    assert [p.get_text() for p in soup.select("figure.citation p.note")] == [SEED_NOTE]


@pytest.mark.parametrize("who", ["reader_client", "editor_client"])
def test_the_api_gives_the_public_note_and_never_the_internal_one(request, noted, who):
    client = request.getfixturevalue(who)
    detail = client.get("/api/v1/claims/davis-baltimore-is-a-welcoming-city/")
    [citation] = detail.json()["citations"]
    assert set(citation) == {"id", "url", "source", "quote", "public_note"}
    assert citation["public_note"] == SEED_NOTE
    for url in ["/api/v1/claims/", f"/api/v1/sources/{noted.source.pk}/", "/api/v1/sources/"]:
        assert INTERNAL not in client.get(url).content.decode(), url


# --- the API's source: no full text unless publishable --------------------------


@pytest.mark.parametrize("who", ["reader_client", "editor_client"])
def test_the_api_gives_no_full_text_of_a_non_publishable_source(request, article, who):
    body = request.getfixturevalue(who).get(f"/api/v1/sources/{article.pk}/").json()
    assert body["publishable"] is False
    assert body["text"] is None
    assert "WASHINGTON/NEW YORK (Reuters)" not in str(body)


def test_the_api_gives_the_full_text_of_a_publishable_source(reader_client):
    release = factories.SourceFactory(publishable=True, text="The department will answer. I jump.")
    factories.CitationFactory(source=release, quote="I jump.")
    body = reader_client.get(f"/api/v1/sources/{release.pk}/").json()
    assert body["publishable"] is True
    assert body["text"] == "The department will answer. I jump."


# --- query counts: fixed whatever the number of citations, for editors too ------


@pytest.mark.parametrize("rows", [1, 100])
def test_source_page_query_count_for_an_editor(editor_client, django_assert_num_queries, rows):
    source = factories.SourceFactory()
    factories.CitationFactory.create_batch(rows, source=source)
    factories.CitationFactory.create_batch(
        rows, source=source, claim__publication=Publication.DRAFT
    )
    # session, user, the user's permissions (own and groups'), source, citations, responses
    with django_assert_num_queries(7):
        page = editor_client.get(source.get_absolute_url())
    assert len(page.context["citations"]) == 2 * rows  # drafts included for an editor
