"""An inquiry put to many places (issue 10, "large inquiries shown in pages
or summaries"): its page shows the per-city table 50 places a page under a
summary (counts, places by state) and a timeline counted by day, in a
number of queries that does not grow with the places; a small inquiry (the
seed story's four cities) keeps its page as it was (tests/test_pages.py).

The constructed inquiry: 60 places, "City 000" to "City 059", the first 30
in California and the rest in New York. Place k answered on Aug. 10, 2017
when k is a multiple of 3 (20 places; those that are multiples of 6, ten
of them, had said on Aug. 7 that they would answer); declined on Aug. 12
when k is 1 more than a multiple of 3 and below 30 (ten places, all in
California); the other 30 are pending.
"""

import datetime

import pytest
from bs4 import BeautifulSoup

from articles import selectors
from articles.models import City, Response
from articles.selectors import DayCount, StateCount
from tests import factories


def Aug(day: int) -> datetime.date:  # noqa: N802 - reads like the story's dates
    """A day of August 2017."""
    return datetime.date(2017, 8, day)


def _soup(response) -> BeautifulSoup:
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def _text(node) -> str:
    return " ".join(node.get_text(" ").split())


def _inquiry(places: int, **fields):
    """An inquiry with ``places`` responses as the module docstring says
    (bulk-created: two inserts however many places)."""
    inquiry = factories.InquiryFactory(**fields)
    cities = City.objects.bulk_create(
        City(name=f"City {k:03}", state="CA" if k < 30 else "NY", slug=f"city-{k:03}")
        for k in range(places)
    )
    rows = []
    for k, city in enumerate(cities):
        if k % 3 == 0:
            acknowledged = Aug(7) if k % 6 == 0 else None
            status, received = Response.Status.RECEIVED, Aug(10)
        elif k % 3 == 1 and k < 30:
            acknowledged, status, received = None, Response.Status.DECLINED, Aug(12)
        else:
            acknowledged, status, received = None, Response.Status.PENDING, None
        rows.append(
            Response(
                inquiry=inquiry,
                city=city,
                status=status,
                acknowledged_on=acknowledged,
                received_on=received,
                as_of=received or Aug(10),
            )
        )
    Response.objects.bulk_create(rows)
    return inquiry


@pytest.fixture
def sixty(db):
    return _inquiry(60, slug="sixty-places", title="Sixty places asked")


def _cities(soup) -> list[str]:
    table = soup.find("caption", string="Status of each city’s response").find_parent("table")
    return [_text(tr.th) for tr in table.tbody.find_all("tr")]


# --- the table, in pages ------------------------------------------------------------------


def test_first_page_shows_fifty_places_a_to_z_and_says_how_many(reader_client, sixty):
    soup = _soup(reader_client.get("/inquiries/sixty-places/"))
    assert _cities(soup) == [f"City {k:03}, CA" for k in range(30)] + [
        f"City {k:03}, NY" for k in range(30, 50)
    ]
    assert _text(soup.select_one("p.showing")) == "Showing 1–50 of 60 places, A to Z."
    nav = soup.select_one("nav.pagination")
    assert _text(nav.p) == "Page 1 of 2 (60 in all)"
    assert nav.find("a", rel="next")["href"] == "?page=2"


def test_second_page_shows_the_last_ten(reader_client, sixty):
    soup = _soup(reader_client.get("/inquiries/sixty-places/", {"page": 2}))
    assert _cities(soup) == [f"City {k:03}, NY" for k in range(50, 60)]
    assert _text(soup.select_one("p.showing")) == "Showing 51–60 of 60 places, A to Z."
    assert soup.select_one("nav.pagination").find("a", rel="prev")["href"] == "?page=1"


@pytest.mark.parametrize(
    ("page", "status", "message"),
    [
        ("two", 400, "Enter a whole number, e.g. page=2."),
        ("3", 404, "There is no such page; pages run from 1 to 2."),
        ("0", 404, "There is no such page; pages run from 1 to 2."),
    ],
)
def test_bad_page_names_the_parameter(reader_client, sixty, page, status, message):
    response = reader_client.get("/inquiries/sixty-places/", {"page": page})
    assert response.status_code == status
    (error,) = BeautifulSoup(response.content, "html.parser").select("ul.errors li")
    assert error.code.string == "page"
    assert _text(error) == f"Parameter page : {message}"


def test_links_to_the_full_lists_csv_and_api(reader_client, sixty):
    soup = _soup(reader_client.get("/inquiries/sixty-places/"))
    assert [(_text(a), a["href"]) for a in soup.select("p.full-lists a")] == [
        ("awaited", "/responses/pending/?inquiry=sixty-places"),
        ("CSV", "/responses/pending.csv?inquiry=sixty-places"),
        ("received or declined", "/responses/received/?inquiry=sixty-places"),
        ("CSV", "/responses/received.csv?inquiry=sixty-places"),
        ("as JSON (API)", "/api/v1/responses/?inquiry=sixty-places"),
    ]
    # The linked list holds every place awaited: 30.
    listed = reader_client.get("/responses/pending/?inquiry=sixty-places")
    assert listed.context["page_obj"].paginator.count == 30


# --- the summary ------------------------------------------------------------------------


def test_summary_gives_the_counts_and_the_places_by_state(reader_client, sixty):
    soup = _soup(reader_client.get("/inquiries/sixty-places/"))
    summary = soup.select_one("section.summary")
    assert _text(summary.h2) == "In sum: 60 places asked"
    counts = {_text(d.dt): _text(d.dd) for d in summary.select("dl.counts > div")}
    assert counts["Received"] == "20 + 10 declined"
    assert counts["Awaited"] == "30 (30 pending, 0 acknowledged)"
    table = summary.find(id="by-state").find_parent("table")
    rows = [
        {cell["data-label"]: _text(cell) for cell in tr.find_all(["th", "td"])}
        for tr in table.tbody.find_all("tr")
    ]
    assert rows == [
        {
            "State": "CA",
            "Places": "30",
            "Received": "10 received in CA",
            "Declined": "10 declined in CA",
            "Awaited": "10 awaited in CA",
        },
        {
            "State": "NY",
            "Places": "30",
            "Received": "10 received in NY",
            "Declined": "0",
            "Awaited": "20 awaited in NY",
        },
    ]
    awaited_ny = table.tbody.find_all("tr")[1].find("td", attrs={"data-label": "Awaited"}).a
    assert awaited_ny["href"] == "/responses/pending/?inquiry=sixty-places&state=NY"


def test_state_counts_selector(sixty):
    assert selectors.inquiry_state_counts(user=None, inquiry=sixty) == [
        StateCount(state="CA", places=30, received=10, declined=10, awaited=10),
        StateCount(state="NY", places=30, received=10, declined=0, awaited=20),
    ]


def test_thousands_take_a_comma(reader_client, db):
    inquiry = _inquiry(1001, slug="a-thousand")
    soup = _soup(reader_client.get(inquiry.get_absolute_url(), {"page": 21}))
    assert _text(soup.select_one("p.showing")) == "Showing 1,001–1,001 of 1,001 places, A to Z."
    assert _text(soup.select_one("section.summary h2")) == "In sum: 1,001 places asked"
    # Places 0, 3, ..., 999 answered (334); 1, 4, ..., 28 declined (10).
    description = soup.find("meta", attrs={"name": "description"})["content"]
    assert description.endswith(
        " asked 1,001 cities to answer by Aug. 18, 2017, end of day, Eastern time."
        " 334 of 1,001 have answered, 10 declined, 657 still awaited."
    )


# --- the timeline, counted by day ----------------------------------------------------------


def test_timeline_counts_places_by_day(reader_client, sixty):
    soup = _soup(reader_client.get("/inquiries/sixty-places/"))
    assert [_text(li) for li in soup.select("section.timeline ol li")] == [
        "Aug. 3, 2017: Questions sent",
        "Aug. 7, 2017: 10 cities said they will answer",
        "Aug. 10, 2017: 20 cities answered",
        "Aug. 12, 2017: 10 cities declined to answer",
        "Aug. 18, 2017, end of day, Eastern time: Deadline",
    ]
    svg = soup.select_one("section.timeline svg")
    assert [g["class"][1] for g in svg.select("g.timeline__event")] == [
        "timeline__event--opened",
        "timeline__event--acknowledged",
        "timeline__event--received",
        "timeline__event--declined",
        "timeline__event--deadline",
    ]


def test_timeline_days_keep_dates_as_reported_apart(db):
    inquiry = factories.InquiryFactory()
    for name, reported in (("A", False), ("B", True), ("C", True)):
        factories.ResponseFactory(
            inquiry=inquiry,
            city=factories.CityFactory(name=name),
            status=Response.Status.RECEIVED,
            received_on=Aug(10),
            dates_as_reported=reported,
        )
    factories.ResponseFactory(
        inquiry=inquiry,
        status=Response.Status.ACKNOWLEDGED,
        acknowledged_on=Aug(4),
    )
    factories.ResponseFactory(inquiry=inquiry)  # pending: no event
    assert selectors.inquiry_timeline_days(user=None, inquiry=inquiry) == [
        DayCount(kind="acknowledged", on=Aug(4), as_reported=False, count=1),
        DayCount(kind="received", on=Aug(10), as_reported=False, count=1),
        DayCount(kind="received", on=Aug(10), as_reported=True, count=2),
    ]


def test_one_place_is_a_city_in_the_singular(reader_client, db):
    # Places 0, 3, 6, 9 and 12 answered (0, 6 and 12 had acknowledged);
    # 1, 4, 7 and 10 declined.
    inquiry = _inquiry(13, slug="thirteen")
    Response.objects.filter(inquiry=inquiry, city__name__in=["City 003", "City 009"]).update(
        received_on=Aug(11), as_of=Aug(11)
    )
    Response.objects.filter(inquiry=inquiry, city__name="City 012").update(
        acknowledged_on=Aug(8), received_on=Aug(11), as_of=Aug(11)
    )
    soup = _soup(reader_client.get(inquiry.get_absolute_url()))
    assert [_text(li) for li in soup.select("section.timeline ol li")][1:-1] == [
        "Aug. 7, 2017: 2 cities said they will answer",
        "Aug. 8, 2017: 1 city said it will answer",
        "Aug. 10, 2017: 2 cities answered",
        "Aug. 11, 2017: 3 cities answered",
        "Aug. 12, 2017: 4 cities declined to answer",
    ]


# --- what a small inquiry keeps ---------------------------------------------------------


def test_twelve_places_keep_the_timeline_city_by_city_and_one_page(reader_client, db):
    inquiry = _inquiry(12, slug="twelve")
    soup = _soup(reader_client.get(inquiry.get_absolute_url()))
    events = [_text(li) for li in soup.select("section.timeline ol li")]
    assert "Aug. 10, 2017: City 003 answered" in events
    assert "Aug. 7, 2017: City 006 said it will answer" in events
    assert soup.select_one("section.summary") is None
    assert soup.select_one("p.showing") is None
    assert soup.select_one("nav.pagination") is None
    assert len(_cities(soup)) == 12


def test_seed_inquiry_page_has_no_summary_nor_pages(reader_client, seeded):
    soup = _soup(reader_client.get("/inquiries/justice-department-sanctuary-questions/"))
    assert soup.select_one("section.summary") is None
    assert soup.select_one("p.showing") is None
    assert soup.select_one("p.full-lists") is None
    assert soup.select_one("nav.pagination") is None
    assert _cities(soup) == [
        "Albuquerque, NM",
        "Baltimore, MD",
        "San Bernardino, CA",
        "Stockton, CA",
    ]


# --- cost ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("places", "page", "queries"),
    [
        # inquiry with counts, its sources, the rows, the corrections
        (3, 1, 4),
        (12, 1, 4),
        # ... and the timeline's counts by day, the counts by state
        (13, 1, 6),
        (60, 1, 6),
        (60, 2, 6),
        (600, 1, 6),
        (600, 12, 6),
    ],
)
def test_query_count_does_not_grow_with_places(
    reader_client, db, django_assert_num_queries, places, page, queries
):
    inquiry = _inquiry(places)
    inquiry.sources.add(factories.SourceFactory())
    with django_assert_num_queries(queries):
        response = reader_client.get(inquiry.get_absolute_url(), {"page": page})
    assert response.status_code == 200
    assert len(response.context["responses"]) == min(50, places - 50 * (page - 1))


def test_page_carries_no_structured_data_listing_places(reader_client, db):
    """The inquiry page emits no JSON-LD (only claims do, as ClaimReview),
    so nothing lists 600 places there."""
    inquiry = _inquiry(600)
    soup = _soup(reader_client.get(inquiry.get_absolute_url()))
    assert soup.find_all("script", type="application/ld+json") == []
    assert len(_cities(soup)) == 50
