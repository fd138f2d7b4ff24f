"""Readers' side pages (issue "Readers' side", "Pages"): the indexes
(/inquiries/, /cities/, /people/, /sources/), the inquiry timeline, the
city figures, /sitemap.xml and /robots.txt.

Expected values come from the seed article (Reuters, Aug. 3, 2017: the
Justice Department's questions to Albuquerque, Baltimore, San Bernardino
and Stockton, due Aug. 18; Reuters' requests for comment, answered by
Baltimore's and San Bernardino's police chiefs) or are written out for the
constructed cases.
"""

import datetime
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from articles import selectors, workflow
from articles.models import City, Claim, Inquiry, Publication, Response
from articles.timeline import ROW, inquiry_timeline
from tests import factories

DOJ = "justice-department-sanctuary-questions"
COMMENT = "reuters-request-for-comment"
DUE = datetime.date(2017, 8, 18)  # "answer a list of questions by Aug. 18"


def Aug(day: int) -> datetime.date:  # noqa: N802 - reads like the article's dates
    """A day of August 2017, the month of the seed story."""
    return datetime.date(2017, 8, day)


def _soup(response) -> BeautifulSoup:
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def _text(node) -> str:
    return " ".join(node.get_text(" ").split())


def _rows(soup: BeautifulSoup, caption_id: str) -> list[dict[str, str]]:
    """Each body row of the table captioned ``caption_id`` as
    ``{data-label: text}`` (the house convention: every cell labelled)."""
    table = soup.find(id=caption_id).find_parent("table")
    assert "stack" in table["class"]
    rows = []
    for tr in table.tbody.find_all("tr"):
        cells = tr.find_all(["th", "td"])
        assert all(cell.get("data-label") for cell in cells)
        rows.append({cell["data-label"]: _text(cell) for cell in cells})
    return rows


# --- indexes ------------------------------------------------------------------------


def test_inquiry_index_lists_the_seed_inquiries_newest_first(reader_client, seeded):
    soup = _soup(reader_client.get("/inquiries/"))
    rows = _rows(soup, "inquiries-caption")
    # Both are dated Aug. 3, 2017 (one announced, one reported that day): ties by title.
    assert [r["Inquiry"] for r in rows] == [
        "Justice Department’s questions on “sanctuary” policies",
        "Reuters’ requests for comment",
    ]
    doj, comment = rows
    assert doj["Requester"] == "U.S. Justice Department"
    assert doj["Began"] == "Announced Aug. 3, 2017"
    assert doj["Deadline"] == "Aug. 18, 2017, end of day, Eastern time"
    assert (doj["Cities asked"], doj["Answered"], doj["Awaited"]) == ("4", "0", "4")
    # The request for comment: no date of its own, no deadline.
    assert comment["Began"] == "Reported Aug. 3, 2017 by Reuters"
    assert comment["Deadline"] == "No deadline"
    assert (comment["Answered"], comment["Awaited"], comment["Overdue"]) == ("2", "2", "0")
    assert soup.title.string.startswith("Inquiries ·")
    assert soup.find("meta", attrs={"name": "description"})["content"].startswith(
        "Every question put to cities"
    )


def test_inquiry_index_orders_by_date_sent_newest_first(reader_client, db):
    factories.InquiryFactory(title="Old", sent_on=Aug(1), due_on=Aug(2))
    factories.InquiryFactory(title="New", sent_on=Aug(20), due_on=Aug(25))
    factories.InquiryFactory(title="Undated", sent_on=None, due_on=None)
    factories.InquiryFactory(title="Draft", publication=Publication.DRAFT)
    rows = _rows(_soup(reader_client.get("/inquiries/")), "inquiries-caption")
    assert [r["Inquiry"] for r in rows] == ["New", "Old", "Undated"]


def test_inquiry_index_leaves_out_retracted_inquiries(reader_client, seeded):
    workflow.retract(
        record=Inquiry.objects.get(slug=COMMENT), acting_user=None, note="Wrong requester."
    )
    rows = _rows(_soup(reader_client.get("/inquiries/")), "inquiries-caption")
    assert [r["Inquiry"] for r in rows] == [
        "Justice Department’s questions on “sanctuary” policies"
    ]


def test_city_index_lists_the_seed_cities_a_to_z_with_share_answered(reader_client, seeded):
    rows = _rows(_soup(reader_client.get("/cities/")), "cities-caption")
    assert rows == [
        {"City": "Albuquerque", "State": "New Mexico", "Inquiries": "2", "Answered": "0 of 2 (0%)"},
        {"City": "Baltimore", "State": "Maryland", "Inquiries": "2", "Answered": "1 of 2 (50%)"},
        {
            "City": "San Bernardino",
            "State": "California",
            "Inquiries": "2",
            "Answered": "1 of 2 (50%)",
        },
        {"City": "Stockton", "State": "California", "Inquiries": "2", "Answered": "0 of 2 (0%)"},
    ]


def test_city_index_counts_only_what_the_reader_sees(reader_client, editor_client, db):
    city = factories.CityFactory(name="Peñasco", state="NM", slug="penasco-nm")
    factories.ResponseFactory(
        city=city, status=Response.Status.RECEIVED, received_on=Aug(4), as_of=Aug(4)
    )
    factories.ResponseFactory(
        city=city, inquiry=factories.InquiryFactory(publication=Publication.DRAFT)
    )
    hidden = factories.CityFactory(name="Draftville")
    factories.ResponseFactory(
        city=hidden, inquiry=factories.InquiryFactory(publication=Publication.DRAFT)
    )
    reader = _rows(_soup(reader_client.get("/cities/")), "cities-caption")
    assert reader == [
        {"City": "Peñasco", "State": "New Mexico", "Inquiries": "1", "Answered": "1 of 1 (100%)"}
    ]
    editor = _rows(_soup(editor_client.get("/cities/")), "cities-caption")
    assert [(r["City"], r["Answered"]) for r in editor] == [
        ("Draftville", "0 of 1 (0%)"),
        ("Peñasco", "1 of 2 (50%)"),
    ]


def test_person_index_lists_titles_organizations_and_claim_counts(reader_client, seeded):
    rows = _rows(_soup(reader_client.get("/people/")), "people-caption")
    assert rows == [
        {
            "Name": "Jarrod Burguan",
            "Title": "Police Chief",
            "Organization": "San Bernardino Police Department",
            "Claims": "1",
        },
        {
            "Name": "Jeff Sessions",
            "Title": "Attorney General",
            "Organization": "U.S. Justice Department",
            "Claims": "1",
        },
        {
            "Name": "Kevin Davis",
            "Title": "Police Commissioner",
            "Organization": "Baltimore Police Department",
            "Claims": "1",
        },
        {
            "Name": "Rachael Yong Yow",
            "Title": "Spokeswoman",
            "Organization": "U.S. Immigration and Customs Enforcement",
            "Claims": "1",
        },
    ]


def test_person_index_drops_retracted_claims_from_the_count(reader_client, seeded):
    workflow.retract(
        record=Claim.objects.get(slug="davis-baltimore-is-a-welcoming-city"),
        acting_user=None,
        note="Misquoted.",
    )
    rows = _rows(_soup(reader_client.get("/people/")), "people-caption")
    # He still answered for Baltimore (a visible response), so he stays listed.
    assert {r["Name"]: r["Claims"] for r in rows}["Kevin Davis"] == "0"


def test_source_index_lists_the_article_with_its_claims(reader_client, seeded):
    (row,) = _rows(_soup(reader_client.get("/sources/")), "sources-caption")
    assert row["Publisher"] == "Reuters"
    assert row["Published"] == "Aug. 3, 2017"
    assert row["Kind"] == "News article"
    assert row["Claims citing it"] == "4"  # Sessions, Davis, Burguan, Yong Yow
    assert row["Title"].startswith("Reuters: “U.S. cities that refuse to step up efforts")


def test_source_index_counts_a_claim_once_and_hides_draft_only_sources(reader_client, db):
    source = factories.SourceFactory(title="Letter", published_on=Aug(2))
    claim = factories.ClaimFactory()
    factories.CitationFactory(claim=claim, source=source, quote="quick brown fox")
    factories.CitationFactory(claim=claim, source=source, quote="I jump.")
    factories.CitationFactory(
        claim=factories.ClaimFactory(publication=Publication.DRAFT),
        source=factories.SourceFactory(title="Draft only"),
    )
    rows = _rows(_soup(reader_client.get("/sources/")), "sources-caption")
    assert [(r["Title"], r["Claims citing it"]) for r in rows] == [("Letter", "1")]


@pytest.mark.parametrize("url", ["/inquiries/", "/cities/", "/people/", "/sources/"])
@pytest.mark.parametrize(
    ("page", "status", "message"),
    [
        ("two", 400, "Enter a whole number, e.g. page=2."),
        ("9", 404, "There is no such page; pages run from 1 to 1."),
    ],
)
def test_index_bad_page_names_the_parameter(reader_client, seeded, url, page, status, message):
    response = reader_client.get(url, {"page": page})
    assert response.status_code == status
    (error,) = BeautifulSoup(response.content, "html.parser").select("ul.errors li")
    assert error.code.string == "page"
    assert _text(error) == f"Parameter page : {message}"


def _make_inquiries(rows):
    for inquiry in factories.InquiryFactory.create_batch(rows):
        factories.ResponseFactory(inquiry=inquiry)
        inquiry.sources.add(factories.SourceFactory())


def _make_cities(rows):
    factories.ResponseFactory.create_batch(rows)


def _make_people(rows):
    factories.ClaimFactory.create_batch(rows)


def _make_sources(rows):
    factories.CitationFactory.create_batch(rows)


@pytest.mark.parametrize("rows", [1, 100])
@pytest.mark.parametrize(
    ("url", "make", "queries"),
    [
        # count, page, sources with publishers, the page's grouped tally
        # (articles/tallies.py; counted, as this test's writes are uncommitted)
        ("/inquiries/", _make_inquiries, 4),
        ("/cities/", _make_cities, 2),  # count, page
        ("/people/", _make_people, 2),
        ("/sources/", _make_sources, 2),
    ],
)
def test_index_query_count(reader_client, db, django_assert_num_queries, rows, url, make, queries):
    make(rows)
    with django_assert_num_queries(queries):
        response = reader_client.get(url)
    assert response.status_code == 200
    assert len(response.context["page_obj"].object_list) == min(rows, 50)


# --- inquiry page: questions, deadline, timeline ---------------------------------------


def test_doj_inquiry_page_shows_questions_deadline_and_timeline(reader_client, seeded):
    soup = _soup(reader_client.get(f"/inquiries/{DOJ}/"))
    assert "answer a list of questions by Aug. 18" in _text(soup.select_one(".questions"))
    facts = {_text(d.dt): _text(d.dd) for d in soup.select(".facts > div")}
    assert facts["Deadline"] == "Aug. 18, 2017, end of day, Eastern time"
    svg = soup.select_one("section.timeline svg")
    assert svg["role"] == "img"
    assert svg["aria-labelledby"] == "timeline-title timeline-desc"
    assert (
        _text(svg.find("title"))
        == "Timeline of Justice Department’s questions on “sanctuary” policies"
    )
    assert _text(svg.find("desc")).startswith("3 events, from Aug. 3, 2017 (Questions announced)")
    # The same events in words, in date order.
    assert [_text(li) for li in soup.select("section.timeline ol li")] == [
        "Aug. 3, 2017: Questions announced",
        "reported Aug. 3, 2017 by Reuters: San Bernardino said it will answer",
        "Aug. 18, 2017, end of day, Eastern time: Deadline",
    ]
    # Each kind has its own mark: never colour alone.
    kinds = [g["class"][1] for g in svg.select("g.timeline__event")]
    assert kinds == [
        "timeline__event--opened",
        "timeline__event--acknowledged",
        "timeline__event--deadline",
    ]
    description = soup.find("meta", attrs={"name": "description"})["content"]
    assert description == (
        "Justice Department’s questions on “sanctuary” policies: U.S. Justice Department"
        " asked 4 cities to answer by Aug. 18, 2017, end of day, Eastern time."
        " 0 of 4 have answered, 4 still awaited."
    )


def test_comment_inquiry_timeline_has_the_two_answers_as_reported(reader_client, seeded):
    """Reuters' requests have no date of their own: the timeline opens on the
    day the story reported them, as the page's header says."""
    soup = _soup(reader_client.get(f"/inquiries/{COMMENT}/"))
    assert [_text(li) for li in soup.select("section.timeline ol li")] == [
        "reported Aug. 3, 2017 by Reuters: Questions requested",
        "reported Aug. 3, 2017 by Reuters: Baltimore answered",
        "reported Aug. 3, 2017 by Reuters: San Bernardino answered",
    ]


def test_timeline_spaces_events_by_date_and_never_overlaps(db):
    inquiry = factories.InquiryFactory(sent_on=Aug(1), due_on=Aug(21))
    early = factories.ResponseFactory(
        inquiry=inquiry,
        city=factories.CityFactory(name="Early"),
        status=Response.Status.RECEIVED,
        received_on=Aug(1),
        as_of=Aug(1),
    )
    late = factories.ResponseFactory(
        inquiry=inquiry,
        city=factories.CityFactory(name="Late"),
        status=Response.Status.DECLINED,
        received_on=Aug(11),
        as_of=Aug(11),
    )
    timeline = inquiry_timeline(inquiry, [late, early])
    assert [(e.on, e.kind, e.label) for e in timeline.events] == [
        (Aug(1), "opened", "Questions sent"),
        (Aug(1), "received", "Early answered"),
        (Aug(11), "declined", "Late declined to answer"),
        (Aug(21), "deadline", "Deadline"),
    ]
    ys = [e.y for e in timeline.events]
    # Same day: stacked one row apart.
    assert ys[1] - ys[0] == ROW
    # Aug. 11 is halfway from Aug. 1 to Aug. 21: 20 days spread over 4 rows.
    assert ys[2] == 22 + 2 * ROW
    assert ys[3] == 22 + 4 * ROW
    assert timeline.height > ys[3]


def test_timeline_is_empty_without_any_date(db):
    inquiry = factories.InquiryFactory(sent_on=None, due_on=None)
    factories.ResponseFactory(inquiry=inquiry)
    assert inquiry_timeline(inquiry, inquiry.responses.all()).events == []


@pytest.mark.parametrize("rows", [1, 12])  # up to selectors.LARGE_INQUIRY_PLACES
def test_inquiry_page_with_timeline_query_count(reader_client, db, django_assert_num_queries, rows):
    inquiry = factories.InquiryFactory()
    source = factories.SourceFactory()
    for n in range(rows):
        factories.ResponseFactory(
            inquiry=inquiry,
            city=factories.CityFactory(name=f"City {n:03}"),
            status=Response.Status.RECEIVED,
            acknowledged_on=Aug(4),
            received_on=Aug(5),
            as_of=Aug(5),
            status_source=source,
            dates_as_reported=n % 2 == 0,
        )
    # inquiry with counts, sources, responses, corrections (as before the
    # timeline); a larger inquiry's page: tests/test_inquiry_large.py
    with django_assert_num_queries(4):
        soup = _soup(reader_client.get(inquiry.get_absolute_url()))
    # opened, each city's acknowledgement and answer, deadline
    assert len(soup.select("section.timeline ol li")) == 2 * rows + 2


# --- city figures ------------------------------------------------------------------------


def _figures(soup) -> dict[str, str]:
    section = soup.select_one("section.figures")
    return {_text(d.dt): _text(d.dd) for d in section.select("dl > div")}


def test_baltimore_figures_from_the_seed(reader_client, seeded):
    soup = _soup(reader_client.get("/cities/baltimore-md/"))
    figures = _figures(soup)
    # Baltimore: the Justice Department's questions pending, Reuters answered.
    assert figures["Share answered"] == "1 of 2 (50%) of the inquiries it was asked"
    # Reuters' request has no date, and the answer's date is the report's.
    assert figures["Median days to answer"].startswith("Unknown:")
    assert figures["Answers after the deadline"] == (
        "0 (not counting 1 answer dated only by the day a source reported it)"
    )
    figures = selectors.city_figures(
        city=selectors.city_detail_queryset(user=None).get(slug="baltimore-md")
    )
    assert (figures.responses, figures.received, figures.median_days, figures.undated) == (
        2,
        1,
        None,
        1,
    )


def test_albuquerque_has_no_answers_yet_not_zero(reader_client, seeded):
    figures = _figures(_soup(reader_client.get("/cities/albuquerque-nm/")))
    assert figures == {
        "Share answered": "0 of 2 (0%) of the inquiries it was asked",
        "Median days to answer": "No answers yet",
        "Answers after the deadline": "No answers yet",
    }


def _answered(city: City, *, sent: datetime.date, received: datetime.date, due=DUE):
    inquiry = factories.InquiryFactory(sent_on=sent, due_on=due)
    return factories.ResponseFactory(
        inquiry=inquiry,
        city=city,
        status=Response.Status.RECEIVED,
        received_on=received,
        as_of=received,
    )


def test_median_of_an_even_count_is_halfway_and_late_answers_are_counted(reader_client, db):
    city = factories.CityFactory(name="Testburg")
    _answered(city, sent=Aug(1), received=Aug(3))  # 2 days
    _answered(city, sent=Aug(1), received=Aug(4))  # 3 days
    _answered(city, sent=Aug(1), received=Aug(5))  # 4 days
    _answered(city, sent=Aug(1), received=Aug(21))  # 20 days, 3 after the deadline
    factories.ResponseFactory(city=city)  # pending
    factories.ResponseFactory(
        city=city,
        status=Response.Status.DECLINED,
        received_on=Aug(30),
        as_of=Aug(30),
    )  # a refusal: not an answer
    figures = _figures(_soup(reader_client.get(city.get_absolute_url())))
    assert figures == {
        "Share answered": "4 of 6 (67%) of the inquiries it was asked",
        "Median days to answer": "3.5 days (from 4 answers with both dates)",
        "Answers after the deadline": "1",
    }


def test_median_of_an_odd_count_is_the_middle_value(db):
    city = factories.CityFactory()
    for received in (Aug(2), Aug(8), Aug(3)):  # 1, 7, 2 days
        _answered(city, sent=Aug(1), received=received)
    figures = selectors.city_figures(city=selectors.city_detail_queryset(user=None).get(pk=city.pk))
    assert figures.days == (1, 2, 7)
    assert figures.median_days == 2
    assert figures.late == 0


def test_city_with_nothing_published_says_so(editor_client, db):
    city = factories.CityFactory(name="Quietville")
    factories.ResponseFactory(
        city=city, inquiry=factories.InquiryFactory(publication=Publication.DRAFT)
    )
    factories.ClaimFactory(city=city)  # a published claim makes the city public
    from django.test import Client

    figures = _figures(_soup(Client().get(city.get_absolute_url())))
    assert figures["Share answered"] == "No published inquiry has asked Quietville yet"
    # The editor sees the draft's response counted.
    assert _figures(_soup(editor_client.get(city.get_absolute_url())))["Share answered"] == (
        "0 of 1 (0%) of the inquiries it was asked"
    )


@pytest.mark.parametrize(
    ("part", "whole", "words"),
    [
        (1, 2, "1 of 2 (50%)"),
        (1, 3, "1 of 3 (33%)"),
        (2, 3, "2 of 3 (67%)"),
        (1, 8, "1 of 8 (13%)"),
        (0, 4, "0 of 4 (0%)"),
        (0, 0, "none asked yet"),
    ],
)
def test_share_words_rounds_half_up(part, whole, words):
    assert selectors.share_words(part, whole) == words


@pytest.mark.parametrize("rows", [1, 100])
def test_city_page_with_figures_query_count(reader_client, db, django_assert_num_queries, rows):
    city = factories.CityFactory()
    for n in range(rows):
        _answered(city, sent=Aug(1), received=Aug(2 + n % 20))
    # city, responses, claims, citations (as before the figures: none of their own)
    with django_assert_num_queries(3):
        soup = _soup(reader_client.get(city.get_absolute_url()))
    assert _figures(soup)["Share answered"].startswith(f"{rows} of {rows} (100%)")


# --- sitemap.xml and robots.txt -------------------------------------------------------------

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def _locs(client) -> dict[str, str | None]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 - our own sitemap, in a test
    return {
        url.findtext("sm:loc", namespaces=NS): url.findtext("sm:lastmod", namespaces=NS)
        for url in root.findall("sm:url", NS)
    }


def test_sitemap_lists_public_pages_and_each_returns_200(reader_client, seeded):
    locs = _locs(reader_client)
    paths = {urlsplit(loc).path for loc in locs}
    assert {
        "/",
        "/inquiries/",
        "/cities/",
        "/people/",
        "/sources/",
        f"/inquiries/{DOJ}/",
        f"/inquiries/{COMMENT}/",
        "/cities/baltimore-md/",
        "/people/kevin-davis/",
        "/claims/davis-baltimore-is-a-welcoming-city/",
    } <= paths
    assert len(paths) == len(locs)
    for loc in locs:
        assert urlsplit(loc).netloc == "testserver"
        assert reader_client.get(urlsplit(loc).path).status_code == 200, loc
    inquiry = Inquiry.objects.get(slug=DOJ)
    assert locs[f"http://testserver/inquiries/{DOJ}/"] == inquiry.updated_at.date().isoformat()


def test_sitemap_never_lists_drafts(reader_client, db):
    draft = factories.ClaimFactory(publication=Publication.DRAFT)
    review = factories.InquiryFactory(publication=Publication.IN_REVIEW)
    factories.ResponseFactory(inquiry=review)
    public = factories.ClaimFactory()
    paths = {urlsplit(loc).path for loc in _locs(reader_client)}
    assert public.get_absolute_url() in paths
    assert draft.get_absolute_url() not in paths
    assert draft.claimant.get_absolute_url() not in paths
    assert review.get_absolute_url() not in paths
    assert review.responses.get().city.get_absolute_url() not in paths


@pytest.mark.parametrize("rows", [1, 100])
def test_sitemap_query_count(reader_client, db, django_assert_num_queries, rows):
    for response in factories.ResponseFactory.create_batch(rows):
        factories.CitationFactory(claim=factories.ClaimFactory(city=response.city))
    # a count and the rows for each of inquiries, claims, cities, people, sources
    with django_assert_num_queries(10):
        locs = _locs(reader_client)
    # 10 pages; per row an inquiry, a claim, a city (the response's and the
    # claim's), the claimant and the cited source
    assert len(locs) == 10 + 5 * rows


def test_robots_txt_disallows_the_admin_and_points_to_the_sitemap(reader_client, db):
    response = reader_client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert "Disallow: /admin/" in lines
    assert "Disallow: /api/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
