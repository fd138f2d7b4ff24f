"""Public pages (articles/views.py): what a reader sees.

Values about the seed story come from the Reuters article of Aug. 3, 2017
and DESIGN.md ("What the seed article becomes"); counts of queries are
pinned with 1 and with 100 rows. Pages are read with an HTML parser
(BeautifulSoup), never with regular expressions.
"""

import datetime
import json

import pytest
from bs4 import BeautifulSoup, NavigableString, Tag
from django.utils import timezone

from articles.models import Inquiry, Publication, Rating, RatingScale, Response, Source
from tests import factories

pytestmark = pytest.mark.django_db

DOJ = "justice-department-sanctuary-questions"
RFC = "reuters-request-for-comment"
DRAFT = Publication.DRAFT


def _html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def _soup(html: str) -> BeautifulSoup:
    """The page parsed with Python's own HTML parser."""
    return BeautifulSoup(html, "html.parser")


# Elements whose edges separate words in the visible text; inline elements
# (a, strong, time, span ...) join their text to what surrounds them.
_BLOCKS = {"td", "th", "tr", "dt", "dd", "dl", "p", "li", "ul", "div", "caption", "br"}
_BLOCKS |= {f"h{level}" for level in range(1, 7)}


def _strings(node: Tag):
    for child in node.children:
        if isinstance(child, Tag):
            if child.name in {"script", "style", "template"}:
                continue
            block = child.name in _BLOCKS
            if block:
                yield " "
            yield from _strings(child)
            if block:
                yield " "
        elif type(child) is NavigableString:  # not a comment, doctype or CDATA
            yield str(child)


def _text(html: str | Tag) -> str:
    """Visible text, tags dropped and whitespace collapsed."""
    node = html if isinstance(html, Tag) else _soup(html)
    return " ".join("".join(_strings(node)).split())


def _cards(html: str) -> dict[str, str]:
    """The home page's inquiry cards by title: ``{title: visible text}``."""
    return {_text(card.find("h3")): _text(card) for card in _soup(html).select("li.card")}


def _rows(html: str) -> list[str]:
    """Visible text of each body row of every table."""
    return [_text(row) for row in _soup(html).select("tbody > tr")]


def _row(html: str, row_id: str) -> str:
    row = _soup(html).find("tr", id=row_id)
    assert row is not None, f"no row {row_id}"
    return _text(row)


def _hrefs(html: str) -> set[str]:
    """Every link target on the page, entities decoded."""
    return {a["href"] for a in _soup(html).find_all("a", href=True)}


def _section(html: str, heading: str) -> str:
    """Visible text between the ``<h2>`` titled ``heading`` and the next ``<h2>``."""
    start = _soup(html).find("h2", string=heading)
    assert start is not None, f"no heading {heading!r}"
    parts = []
    for sibling in start.find_next_siblings():
        if sibling.name == "h2":
            break
        parts.append(_text(sibling))
    return " ".join(parts)


def _time_elements(html: str) -> dict[str, str]:
    """``{datetime attribute: visible text}`` of every ``<time>`` element."""
    return {t["datetime"]: _text(t) for t in _soup(html).find_all("time", datetime=True)}


def _json_ld(html: str) -> list[dict]:
    """The parsed contents of every ``application/ld+json`` script."""
    scripts = _soup(html).find_all("script", type="application/ld+json")
    return [json.loads(script.string) for script in scripts]


def _stylesheets(html: str) -> list[str]:
    """The ``href`` of every stylesheet link."""
    return [link["href"] for link in _soup(html).find_all("link", rel="stylesheet")]


# --- Home -----------------------------------------------------------------


def test_home_shows_justice_department_inquiry_due_aug_18_with_four_to_check(client, seeded):
    cards = _cards(_html(client.get("/")))
    doj = next(text for title, text in cards.items() if "Justice Department" in title)
    assert "Justice Department" in doj.split("Kind")[0]  # requester
    assert "Government request" in doj
    assert "Announced Aug. 3, 2017" in doj  # "In making the announcement"
    assert "Deadline Aug. 18, 2017, end of day, Eastern time" in doj
    # Albuquerque, Baltimore and Stockton pending, San Bernardino acknowledged;
    # the deadline ended in 2017, but every status is as of Aug. 3, 2017, so
    # none is overdue: all four need a check.
    assert "Received 0" in doj
    assert "Awaited 4 (3 pending, 1 acknowledged)" in doj
    assert "Overdue 0" in doj
    assert "Needs a check 4" in doj


def test_home_shows_request_for_comment_without_deadline_and_none_overdue(client, seeded):
    cards = _cards(_html(client.get("/")))
    rfc = next(text for title, text in cards.items() if "requests for comment" in title)
    # Baltimore and San Bernardino replied; Albuquerque and Stockton did not.
    assert "Deadline No deadline" in rfc
    # The article does not say when the requests were made: the card says
    # when and where they were reported instead of "not stated".
    assert "Requested Reported Aug. 3, 2017 by Reuters" in rfc
    assert "Not stated" not in rfc
    assert "Received 2" in rfc
    assert "Awaited 2 (2 pending, 0 acknowledged)" in rfc
    assert "Overdue 0" in rfc
    assert "Needs a check 0" in rfc


def test_home_links_each_inquiry_to_its_page(client, seeded):
    links = _hrefs(_html(client.get("/")))
    assert f"/inquiries/{DOJ}/" in links
    assert f"/inquiries/{RFC}/" in links


def test_home_deadline_time_element_marks_last_second_in_new_york(client):
    factories.InquiryFactory(due_on=datetime.date(2017, 8, 18), due_timezone="America/New_York")
    html = _html(client.get("/"))
    # "By Aug. 18" = until 23:59:59 on Aug. 18 in New York, on daylight time (UTC-4).
    assert "2017-08-18T23:59:59-04:00" in _time_elements(html)


def test_home_hides_draft_inquiries(client):
    factories.InquiryFactory(title="Published questions")
    factories.InquiryFactory(title="Secret draft questions", publication=DRAFT)
    html = _html(client.get("/"))
    assert "Published questions" in html
    assert "Secret draft questions" not in html


def test_open_response_before_deadline_is_not_flagged_overdue(client):
    today = timezone.localdate()
    inquiry = factories.InquiryFactory(sent_on=today, due_on=today + datetime.timedelta(days=30))
    factories.ResponseFactory(inquiry=inquiry, as_of=today)
    cards = _cards(_html(client.get("/")))
    assert "Overdue 0" in cards[inquiry.title]
    rows = _rows(_html(client.get(inquiry.get_absolute_url())))
    assert len(rows) == 1
    assert "Not yet" in rows[0]
    assert "Overdue" not in rows[0]


# --- Inquiry page ---------------------------------------------------------


def test_inquiry_page_has_a_row_per_city_with_status(client, seeded):
    html = _html(client.get(f"/inquiries/{DOJ}/"))
    for slug in ("albuquerque-nm", "baltimore-md", "stockton-ca"):
        row = _row(html, f"response-{slug}")
        assert "Pending" in row
        assert "Deadline passed · no answer on record as of Aug. 3, 2017" in row
    san_bernardino = _row(html, "response-san-bernardino-ca")
    assert "Acknowledged" in san_bernardino
    assert "Aug. 3, 2017" in san_bernardino  # acknowledged on the day of the article
    assert "Deadline passed · no answer on record as of Aug. 3, 2017" in san_bernardino
    assert len(_rows(html)) == 4


def test_inquiry_page_shows_deadline_in_its_zone_and_that_it_passed(client, seeded):
    text = _text(_html(client.get(f"/inquiries/{DOJ}/")))
    assert "Deadline Aug. 18, 2017, end of day, Eastern time" in text
    assert "Deadline passed? Yes." in text
    assert "Announced Aug. 3, 2017" in text


def test_request_for_comment_page_shows_replies_reported_on_aug_3(client, seeded):
    html = _html(client.get(f"/inquiries/{RFC}/"))
    for slug in ("baltimore-md", "san-bernardino-ca"):
        row = _row(html, f"response-{slug}")
        assert "Received" in row
        # The article quotes the answers without saying when they came in.
        assert "Reported Aug. 3, 2017 by Reuters" in row
    for slug in ("albuquerque-nm", "stockton-ca"):
        row = _row(html, f"response-{slug}")
        assert "Pending" in row
        assert "Overdue" not in row  # no deadline, never overdue
    assert "No deadline" in _text(html)


def test_inquiry_page_links_cities_and_sources(client, seeded):
    inquiry = Inquiry.objects.get(slug=DOJ)
    links = _hrefs(_html(client.get(inquiry.get_absolute_url())))
    assert "/cities/baltimore-md/" in links
    sources = inquiry.sources.all()
    assert len(sources) == 1  # the Reuters article
    for source in sources:
        assert f"/sources/{source.pk}/" in links


def test_inquiry_page_shows_respondent_and_summary(client):
    person = factories.PersonFactory(name="Jarrod Burguan", title="Police Chief")
    response = factories.ResponseFactory(
        status=Response.Status.ACKNOWLEDGED,
        acknowledged_on=datetime.date(2017, 8, 3),
        respondent=person,
        summary="He will answer the department’s questions.",
    )
    row = _row(
        _html(client.get(response.inquiry.get_absolute_url())), f"response-{response.city.slug}"
    )
    assert "Jarrod Burguan, Police Chief" in row
    assert "He will answer the department’s questions." in row


def test_unknown_inquiry_gives_styled_404(client, db):
    response = client.get("/inquiries/no-such-inquiry/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in _text(html)
    assert _stylesheets(html) == ["/static/css/site.css"]


def test_draft_inquiry_gives_404(client):
    inquiry = factories.InquiryFactory(publication=DRAFT)
    assert client.get(inquiry.get_absolute_url()).status_code == 404


# --- Response lists -------------------------------------------------------


def test_pending_page_lists_six_open_responses_four_past_due(client, seeded):
    html = _html(client.get("/responses/pending/"))
    rows = _rows(html)
    # Justice Department: 3 pending + 1 acknowledged; request for comment: 2 pending.
    # The four to the Justice Department are past due, as of Aug. 3: none overdue.
    assert len(rows) == 6
    assert sum("Deadline passed" in row for row in rows) == 4
    assert not any("Overdue" in row for row in rows)
    assert sum("Acknowledged" in row for row in rows) == 1
    assert not any("Received" in row for row in rows)
    assert "Last checked" in html


def test_received_page_lists_baltimore_and_san_bernardino(client, seeded):
    rows = _rows(_html(client.get("/responses/received/")))
    assert len(rows) == 2
    assert any(row.startswith("Baltimore, MD") for row in rows)
    assert any(row.startswith("San Bernardino, CA") for row in rows)
    assert all("Received" in row and "Aug. 3, 2017" in row for row in rows)


def test_response_lists_hide_drafts(client):
    factories.ResponseFactory(city__name="Visibleton")
    factories.ResponseFactory(city__name="Hiddenville", inquiry__publication=DRAFT)
    html = _html(client.get("/responses/pending/"))
    assert "Visibleton" in html
    assert "Hiddenville" not in html


def test_pending_page_filters_by_city_like_the_api(client, seeded):
    rows = _rows(_html(client.get("/responses/pending/?city=baltimore-md")))
    # Baltimore answered Reuters, so only the Justice Department's questions are open.
    assert len(rows) == 1
    assert rows[0].startswith("Baltimore, MD")
    assert "Justice Department" in rows[0]


def test_pending_page_filters_by_deadline_state(client, seeded):
    rows = _rows(_html(client.get("/responses/pending/?is_past_due=false")))
    assert len(rows) == 2  # the two open requests for comment have no deadline
    assert len(_rows(_html(client.get("/responses/pending/?needs_check=true")))) == 4
    assert _rows(_html(client.get("/responses/pending/?is_overdue=true"))) == []


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("status=bogus", "status"),
        ("overdue=maybe", "overdue"),
        ("received_after=2017-02-30", "received_after"),
        ("city=nowhere-zz", "city"),
        ("page=abc", "page"),
    ],
)
def test_bad_list_parameter_gives_400_naming_it(client, db, query, parameter):
    response = client.get(f"/responses/received/?{query}")
    assert response.status_code == 400
    text = _text(response.content.decode())
    assert f"Parameter {parameter}:" in text


def test_bad_filter_message_shows_sentences_not_error_codes(client, db):
    text = _text(client.get("/responses/pending/?overdue=maybe").content.decode())
    assert "Parameter overdue: Enter true or false." in text
    assert "invalid" not in text.split("Parameter overdue:")[1].split("Show the page")[0]


def test_page_past_the_end_gives_404(client, db):
    factories.ResponseFactory()
    assert client.get("/responses/pending/?page=2").status_code == 404


def test_second_page_keeps_filters_in_links(client, db):
    inquiry = factories.InquiryFactory()
    factories.ResponseFactory.create_batch(51, inquiry=inquiry)
    html = _html(client.get(f"/responses/pending/?inquiry={inquiry.slug}"))
    assert len(_rows(html)) == 50
    assert f"?inquiry={inquiry.slug}&page=2" in _hrefs(html)
    assert len(_rows(_html(client.get(f"/responses/pending/?inquiry={inquiry.slug}&page=2")))) == 1


def test_nul_byte_in_query_string_gives_400(client, db):
    response = client.get("/responses/pending/?status=%00")
    assert response.status_code == 400
    soup = _soup(response.content.decode())
    assert [code.string for code in soup.select("ul.errors code")] == ["status"]
    assert _text(soup.find("ul", class_="errors")) == (
        "Parameter status: Null characters are not allowed."
    )
    assert soup.title.string.endswith("· City response tracker")  # the site's own page


# --- Cities, claims, sources, people --------------------------------------


def test_city_page_lists_baltimore_responses_and_davis_claim(client, seeded):
    html = _html(client.get("/cities/baltimore-md/"))
    rows = _rows(html)
    assert len(rows) == 2
    assert any("Justice Department" in row and "Pending" in row for row in rows)
    assert any("requests for comment" in row and "Received" in row for row in rows)
    assert "Baltimore is a welcoming city." in html
    assert "Kevin Davis" in html


def test_unknown_city_gives_404(client, db):
    assert client.get("/cities/atlantis-zz/").status_code == 404


def test_claims_page_lists_four_seeded_claimants(client, seeded):
    text = _text(_html(client.get("/claims/")))
    for name in ("Jeff Sessions", "Kevin Davis", "Jarrod Burguan", "Rachael Yong Yow"):
        assert name in text


def test_claim_page_quotes_the_article_and_links_the_source(client, seeded):
    html = _html(client.get("/claims/davis-baltimore-is-a-welcoming-city/"))
    text = _text(html)
    # The article prints the quote over two lines; the page keeps the break.
    assert "Baltimore is a welcoming city.<br>We do not enforce federal immigration laws" in html
    assert "Kevin Davis" in text
    assert f"/sources/{Source.objects.get().pk}/" in _hrefs(html)
    assert _json_ld(html) == []  # unrated: no ClaimReview


def test_draft_claims_are_hidden_everywhere(client):
    source = factories.SourceFactory(text="He said “draft words” and “public words”.")
    person = factories.PersonFactory()
    city = factories.CityFactory()
    draft = factories.ClaimFactory(
        text="draft words", claimant=person, city=city, publication=DRAFT
    )
    factories.CitationFactory(claim=draft, source=source, quote="draft words")
    public = factories.ClaimFactory(text="public words", claimant=person, city=city)
    factories.CitationFactory(claim=public, source=source, quote="public words")

    assert client.get(draft.get_absolute_url()).status_code == 404
    for url in ("/claims/", person.get_absolute_url(), city.get_absolute_url()):
        html = _html(client.get(url))
        assert "public words" in html
        assert "draft words" not in html
    source_page = client.get(source.get_absolute_url())
    assert [c.claim.text for c in source_page.context["citations"]] == ["public words"]


def test_rated_claim_emits_claim_review_with_scale_bounds(client):
    true = Rating.objects.get(scale__slug="default", value=5)
    mostly_false = Rating.objects.get(scale=true.scale, value=2)
    claim = factories.ClaimFactory(text="Crime fell by half.", rating=mostly_false)
    (data,) = _json_ld(_html(client.get(claim.get_absolute_url())))
    assert data["@type"] == "ClaimReview"
    assert data["claimReviewed"] == "Crime fell by half."
    # Default scale: True 5 ... False 1 (DESIGN.md, "Claim rating").
    assert data["reviewRating"] == {
        "@type": "Rating",
        "ratingValue": 2,
        "bestRating": 5,
        "worstRating": 1,
        "alternateName": "Mostly false",
    }
    assert data["url"] == f"http://testserver{claim.get_absolute_url()}"


def test_unverifiable_claim_review_has_label_but_no_value(client):
    unverifiable = Rating.objects.get(scale__slug="default", value__isnull=True)
    claim = factories.ClaimFactory(rating=unverifiable)
    (data,) = _json_ld(_html(client.get(claim.get_absolute_url())))
    assert data["reviewRating"] == {"@type": "Rating", "alternateName": "Unverifiable"}


def test_claim_review_cannot_close_its_script_element(client):
    rating = Rating.objects.filter(scale__slug="default").first()
    claim = factories.ClaimFactory(text="</script><b>x</b>", rating=rating)
    html = _html(client.get(claim.get_absolute_url()))
    # Had the text closed the script, the parser would find a cut-off JSON
    # block and a <b> element in the page.
    (data,) = _json_ld(html)
    assert data["claimReviewed"] == "</script><b>x</b>"
    assert _soup(html).find("b") is None


def test_source_page_shows_details_and_the_claims_citing_it(client, seeded):
    source = Source.objects.get()
    text = _text(_html(client.get(source.get_absolute_url())))
    assert "Reuters" in text
    assert "Published Aug. 3, 2017" in text
    # AP style: a name ending in s takes the apostrophe alone ("Sessions’ announcement").
    for possessive in ("Jeff Sessions’", "Kevin Davis’", "Jarrod Burguan’s", "Rachael Yong Yow’s"):
        assert f"{possessive} claim" in text


def test_unknown_or_huge_source_id_gives_404(client, db):
    assert client.get("/sources/987654/").status_code == 404
    assert client.get("/sources/99999999999999999999999999/").status_code == 404


def test_person_page_shows_title_and_claims(client, seeded):
    text = _text(_html(client.get("/people/kevin-davis/")))
    assert "Kevin Davis" in text
    assert "Police Commissioner" in text
    assert "Baltimore is a welcoming city." in text


def test_unknown_person_and_claim_give_404(client, db):
    assert client.get("/people/nobody/").status_code == 404
    assert client.get("/claims/no-such-claim/").status_code == 404


# --- Methodology ----------------------------------------------------------


def test_methodology_lists_every_scale_with_steps_and_values(client):
    extra = RatingScale.objects.create(name="Pinocchios", slug="pinocchios")
    Rating.objects.create(scale=extra, label="Four Pinocchios", slug="four", value=1, order=1)
    html = _html(client.get("/methodology/"))
    rows = _rows(html)
    for label, value in [
        ("True", "5"),
        ("Mostly true", "4"),
        ("Half true", "3"),
        ("Mostly false", "2"),
        ("False", "1"),
        ("Four Pinocchios", "1"),
    ]:
        assert any(row.startswith(f"{label} {value}") for row in rows), label
    assert any(row.startswith("Unverifiable No value") for row in rows)


def test_methodology_explains_end_of_day_deadline(client, db):
    text = _text(_html(client.get("/methodology/")))
    assert "“By Aug. 18” means until 23:59:59 on Aug. 18 in that zone" in text


# --- Every page: structure and accessibility basics ------------------------


PAGES = [
    "/",
    f"/inquiries/{DOJ}/",
    "/responses/pending/",
    "/responses/received/",
    "/cities/baltimore-md/",
    "/claims/",
    "/claims/davis-baltimore-is-a-welcoming-city/",
    "/people/kevin-davis/",
    "/corrections/",
    "/methodology/",
]


@pytest.mark.parametrize("url", PAGES)
def test_every_page_has_base_structure_and_no_javascript(client, seeded, url):
    html = _html(client.get(url))
    soup = _soup(html)
    assert soup.html["lang"] == "en"
    viewport = soup.find("meta", attrs={"name": "viewport"})
    assert viewport["content"] == "width=device-width, initial-scale=1"
    skip_link = soup.find("a", class_="skip-link")
    assert skip_link["href"] == "#main"
    assert soup.find("main", id="main") is not None
    assert _stylesheets(html) == ["/static/css/site.css"]
    assert "/api/v1/" in _hrefs(html)
    assert soup.title.string.endswith("· City response tracker")
    assert all(script.get("type") == "application/ld+json" for script in soup.find_all("script"))
    assert len(soup.find_all("h1")) == 1


# The pages of PAGES that show tables with the seed loaded.
TABLE_PAGES = [
    f"/inquiries/{DOJ}/",
    "/responses/pending/",
    "/responses/received/",
    "/cities/baltimore-md/",
    "/methodology/",
]


@pytest.mark.parametrize("url", TABLE_PAGES)
def test_every_table_has_caption_and_scoped_headers(client, seeded, url):
    tables = _soup(_html(client.get(url))).find_all("table")
    assert tables
    for table in tables:
        assert table.caption is not None
        headers = table.find_all("th")
        assert headers
        assert all(th.get("scope") in {"col", "row"} for th in headers)


def test_nav_marks_current_page(client, db):
    current = _soup(_html(client.get("/responses/pending/"))).find_all(
        attrs={"aria-current": "page"}
    )
    assert [(tag.name, tag["href"]) for tag in current] == [("a", "/responses/pending/")]


def test_dates_are_time_elements_in_ap_style(client, seeded):
    times = _time_elements(_html(client.get(f"/inquiries/{RFC}/")))
    assert times["2017-08-03"] == "Aug. 3, 2017"


# --- Query counts: the same with 1 row and with 100 ------------------------


@pytest.mark.parametrize("rows", [1, 100])
def test_home_query_count(client, django_assert_num_queries, rows):
    for inquiry in factories.InquiryFactory.create_batch(rows):
        factories.ResponseFactory(inquiry=inquiry)
    # inquiries with requester; their sources with publishers; the grouped
    # tally of their responses (articles/tallies.py: cached per data
    # generation, but this test's writes are uncommitted, so counted)
    with django_assert_num_queries(3):
        assert client.get("/").status_code == 200


@pytest.mark.parametrize("rows", [1, 100])
@pytest.mark.parametrize(
    ("url", "status", "queries"),
    [
        ("/responses/pending/", Response.Status.PENDING, 5),
        ("/responses/received/", Response.Status.RECEIVED, 5),
        ("/responses/pending/?state=MD", Response.Status.PENDING, 5),
    ],
)
def test_response_list_query_count(client, django_assert_num_queries, rows, url, status, queries):
    person = factories.PersonFactory()
    received_on = datetime.date(2017, 8, 4) if status == Response.Status.RECEIVED else None
    factories.ResponseFactory.create_batch(
        rows, status=status, received_on=received_on, respondent=person
    )
    # the per-inquiry tally (the count) + page + the respondents (prefetched:
    # a join would cost more to plan than to run, articles/selectors.py
    # response_list_rows); the filter form's states and inquiries
    with django_assert_num_queries(queries):
        assert len(_rows(_html(client.get(url)))) == min(rows, 50)


@pytest.mark.parametrize("rows", [1, 100])
def test_claim_list_query_count(client, django_assert_num_queries, rows):
    for claim in factories.ClaimFactory.create_batch(rows):
        factories.CitationFactory(claim=claim)
    # count, page, citations, their sources, the sources' publishers; the
    # filter form's ratings and states
    with django_assert_num_queries(7):
        assert client.get("/claims/").status_code == 200


@pytest.mark.parametrize(("rows", "queries"), [(1, 4), (100, 6)])
def test_inquiry_detail_query_count(client, django_assert_num_queries, rows, queries):
    inquiry = factories.InquiryFactory()
    inquiry.sources.add(*factories.SourceFactory.create_batch(rows))
    responses = factories.ResponseFactory.create_batch(
        rows, inquiry=inquiry, respondent=factories.PersonFactory()
    )
    for response in responses:
        factories.CorrectionFactory(response=response)
        factories.CorrectionFactory(inquiry=inquiry)
    # inquiry + requester, sources with their publishers, responses joined
    # (50 a page), the corrections of the inquiry and its responses; past
    # selectors.LARGE_INQUIRY_PLACES places, the timeline's counts by day
    # and the counts by state (tests/test_inquiry_large.py)
    with django_assert_num_queries(queries):
        html = _html(client.get(inquiry.get_absolute_url()))
    assert len(_soup(html).select("table.responses > tbody > tr")) == min(rows, 50)


@pytest.mark.parametrize("rows", [1, 100])
def test_city_detail_query_count(client, django_assert_num_queries, rows):
    city = factories.CityFactory()
    for _ in range(rows):
        factories.ResponseFactory(city=city)
        factories.CitationFactory(claim=factories.ClaimFactory(city=city))
    # city, responses, claims, citations, sources, publishers
    with django_assert_num_queries(6):
        assert client.get(city.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("rated", [False, True])
@pytest.mark.parametrize("rows", [1, 100])
def test_claim_detail_query_count(client, django_assert_num_queries, rows, rated):
    rating = Rating.objects.filter(value=3).first() if rated else None
    claim = factories.ClaimFactory(rating=rating)
    factories.CitationFactory.create_batch(rows, claim=claim)
    factories.CorrectionFactory.create_batch(rows, claim=claim)
    # claim + claimant + rating, citations, sources, publishers, corrections
    # (+ the scale's steps if rated)
    with django_assert_num_queries(6 if rated else 5):
        assert client.get(claim.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("rows", [1, 100])
def test_source_detail_query_count(client, django_assert_num_queries, rows):
    source = factories.SourceFactory()
    factories.CitationFactory.create_batch(rows, source=source)
    inquiry = factories.InquiryFactory()
    for response in factories.ResponseFactory.create_batch(rows, inquiry=inquiry):
        response.sources.add(source)
    # source with publisher; citations of published claims with claim, claimant,
    # city, rating; responses to published inquiries with inquiry, city, respondent
    with django_assert_num_queries(3):
        page = client.get(source.get_absolute_url())
    assert len(page.context["citations"]) == rows
    assert len(page.context["responses"]) == rows


@pytest.mark.parametrize("rows", [1, 100])
def test_person_detail_query_count(client, django_assert_num_queries, rows):
    person = factories.PersonFactory()
    for claim in factories.ClaimFactory.create_batch(rows, claimant=person):
        factories.CitationFactory(claim=claim)
    # person + organization, claims, citations, sources, publishers
    with django_assert_num_queries(5):
        assert client.get(person.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("scales", [1, 100])
def test_methodology_query_count(client, django_assert_num_queries, scales):
    for n in range(scales - 1):
        scale = RatingScale.objects.create(name=f"Scale {n}", slug=f"scale-{n}")
        Rating.objects.create(scale=scale, label="Yes", slug="yes", value=1, order=1)
    with django_assert_num_queries(2):  # scales, their steps
        assert client.get("/methodology/").status_code == 200


def test_server_error_page_renders_without_request_or_database(django_assert_num_queries, db):
    from django.template.loader import render_to_string

    with django_assert_num_queries(0):
        html = render_to_string("500.html")  # as django.views.defaults.server_error does
    assert _soup(html).html["lang"] == "en"
    assert "Something went wrong" in _text(html)
    assert _stylesheets(html) == ["/static/css/site.css"]


def test_a_page_past_the_end_is_a_404_that_names_the_page_parameter(client, seeded):
    response = client.get("/responses/pending/?page=99999999999999999999999")
    assert response.status_code == 404
    soup = _soup(response.content.decode())
    assert [code.string for code in soup.select("ul.errors code")] == ["page"]
    errors = _text(soup.find("ul", class_="errors"))
    assert errors.startswith("Parameter page:")
    assert "pages run from 1 to 1" in errors  # six open responses fit on one page


def test_parameters_that_are_not_filters_do_not_claim_the_list_is_filtered(client, seeded):
    response = client.get("/responses/pending/?utm_source=newsletter")
    assert response.status_code == 200
    assert _soup(response.content.decode()).select(".filter-summary") == []
    assert len(response.context["responses"]) == 6  # 3 + 1 for the DOJ, 2 for Reuters


def test_a_filter_parameter_says_the_list_is_filtered(client, seeded):
    response = client.get("/responses/pending/?state=CA")
    summary = _text(_soup(response.content.decode()).select_one(".filter-summary"))
    assert summary == "Showing: state CA · 3 responses. Clear filters"
    # San Bernardino (DOJ) and Stockton (DOJ and Reuters) are the open Californian responses.
    assert len(response.context["responses"]) == 3


# --- Nothing the source does not say --------------------------------------


def test_claim_without_its_own_date_shows_when_and_where_it_was_reported(client, seeded):
    text = _text(_html(client.get("/claims/davis-baltimore-is-a-welcoming-city/")))
    assert "Said Reported Aug. 3, 2017 by Reuters" in text
    assert "not stated" not in text.lower()


def test_claim_with_its_own_date_shows_it(client, seeded):
    # "Attorney General Jeff Sessions said on Thursday" (Aug. 3, 2017)
    text = _text(_html(client.get("/claims/sessions-sanctuary-policies-make-us-less-safe/")))
    assert "Said Aug. 3, 2017" in text
    assert "Reported Aug. 3" not in text


def test_person_page_dates_an_undated_claim_by_its_report(client, seeded):
    text = _text(_html(client.get("/people/kevin-davis/")))
    assert "Reported Aug. 3, 2017 by Reuters" in text


def test_acknowledgement_the_source_only_reports_is_dated_by_the_report(client, seeded):
    row = _row(_html(client.get(f"/inquiries/{DOJ}/")), "response-san-bernardino-ca")
    assert "Acknowledged" in row
    assert "Reported Aug. 3, 2017 by Reuters" in row


def test_response_with_its_own_dates_shows_them_plainly(client):
    response = factories.ResponseFactory(
        status=Response.Status.RECEIVED,
        received_on=datetime.date(2017, 8, 10),
        status_source=factories.SourceFactory(),
    )
    row = _row(
        _html(client.get(response.inquiry.get_absolute_url())), f"response-{response.city.slug}"
    )
    assert "Aug. 10, 2017" in row
    assert "Reported" not in row


def test_inquiry_sent_on_a_known_date_says_sent(client):
    inquiry = factories.InquiryFactory(opening_event="sent", sent_on=datetime.date(2017, 8, 1))
    text = _text(_html(client.get(inquiry.get_absolute_url())))
    assert "Sent Aug. 1, 2017" in text


def test_pending_response_names_no_respondent(client, seeded):
    """Albuquerque "did not immediately respond": its police department is
    the body asked, not a respondent."""
    row = _row(_html(client.get(f"/inquiries/{RFC}/")), "response-albuquerque-nm")
    assert "Albuquerque Police Department" not in row
