"""``?ordering=`` by public names (issue 8, "Shape for data desks"): each
name documented, mapped to database fields, ending with a unique
tie-breaker, so walking every page returns every row exactly once."""

import datetime

import pytest

from articles.api import views
from tests.factories import (
    CitationFactory,
    CityFactory,
    ClaimFactory,
    CorrectionFactory,
    InquiryFactory,
    OrganizationFactory,
    PersonFactory,
    ResponseFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

AUG = {day: datetime.date(2017, 8, day) for day in range(1, 32)}


def make_rows() -> None:
    """Rows full of ties and NULLs: two cities named alike, inquiries with
    the same title and due day in different zones, one without a deadline,
    open and closed responses (NULL received_on), claims without a city
    or a date."""
    requester = OrganizationFactory(name="Agency")
    inquiries = [
        InquiryFactory(title="Same", requester=requester, due_timezone="America/Los_Angeles"),
        InquiryFactory(title="Same", requester=requester, due_timezone="America/New_York"),
        InquiryFactory(title="Later", due_on=AUG[25], sent_on=AUG[4]),
        InquiryFactory(title="Open-ended", due_on=None),
    ]
    cities = [
        CityFactory(name="Springfield", state="IL", slug="springfield-il"),
        CityFactory(name="Springfield", state="MO", slug="springfield-mo"),
        CityFactory(name="Albany", state="NY", slug="albany-ny"),
    ]
    statuses = [
        {"status": "pending"},
        {"status": "received", "received_on": AUG[10]},
        {"status": "acknowledged", "acknowledged_on": AUG[5]},
        {"status": "declined", "received_on": AUG[10]},
    ]
    n = 0
    for inquiry in inquiries:
        for city in cities:
            ResponseFactory(
                inquiry=inquiry,
                city=city,
                respondent=PersonFactory(name="Same name") if n % 2 else None,
                **statuses[n % len(statuses)],
            )
            n += 1
    for i in range(4):
        claim = ClaimFactory(
            claimant=PersonFactory(name="Same name"),
            city=cities[i % 2] if i % 3 else None,
            stated_on=AUG[3] if i % 2 else None,
        )
        CitationFactory(claim=claim, source=SourceFactory(title="Same", published_on=None))
        CorrectionFactory(claim=claim)


ENDPOINTS = [
    ("responses", views.ResponseViewSet),
    ("claims", views.ClaimViewSet),
    ("inquiries", views.InquiryViewSet),
    ("cities", views.CityViewSet),
    ("people", views.PersonViewSet),
    ("organizations", views.OrganizationViewSet),
    ("sources", views.SourceViewSet),
    ("corrections", views.CorrectionViewSet),
]


def walk(client, path: str, ordering: str, page_size: int) -> list[str]:
    """The ``url`` of every row, following ``next`` to the end."""
    urls = []
    response = client.get(path, {"ordering": ordering, "page_size": page_size})
    while True:
        assert response.status_code == 200, response.content
        body = response.json()
        urls += [row["url"] for row in body["results"]]
        if not body["next"]:
            return urls
        response = client.get(body["next"])


@pytest.mark.parametrize(("endpoint", "viewset"), ENDPOINTS, ids=[e for e, _ in ENDPOINTS])
def test_walking_every_page_returns_every_row_once(client, endpoint, viewset):
    make_rows()
    path = f"/api/v1/{endpoint}/"
    everything = walk(client, path, "", 100)
    assert len(everything) >= 3
    for name in viewset.ordering_fields:
        for ordering in (name, f"-{name}"):
            for page_size in (1, 2, 3):
                urls = walk(client, path, ordering, page_size)
                where = f"ordering={ordering}, page_size={page_size}"
                assert len(urls) == len(set(urls)), f"a row repeated at {where}"
                assert sorted(urls) == sorted(everything), f"a row missing at {where}"


def test_every_ordering_is_a_documented_public_name(client):
    schema = client.get("/api/v1/schema/", {"format": "json"}).json()
    parameters = schema["paths"]["/api/v1/responses/"]["get"]["parameters"]
    (ordering,) = [p for p in parameters if p["name"] == "ordering"]
    names = set(ordering["schema"]["items"]["enum"])
    public = {
        "city",
        "state",
        "inquiry",
        "received_on",
        "acknowledged_on",
        "as_of",
        "deadline",
        "due_on",
        "sent_on",
        "status",
        "id",
    }
    # The empty value is documented too: ``?ordering=`` means the default.
    assert names == public | {f"-{name}" for name in public} | {""}
    assert "ties broken by id" in ordering["description"]
    assert ordering["explode"] is False


def _cities(body) -> list[str]:
    return [row["city"]["slug"] for row in body["results"]]


def test_deadline_orders_by_the_instant_the_due_day_ends(client):
    # Aug. 18 ends at 04:00 UTC in New York, 07:00 UTC in Los Angeles; Aug. 19
    # in New York later still; no deadline last, both ways.
    ResponseFactory(
        inquiry=InquiryFactory(due_timezone="America/Los_Angeles"), city=CityFactory(slug="la")
    )
    ResponseFactory(
        inquiry=InquiryFactory(due_timezone="America/New_York"), city=CityFactory(slug="ny")
    )
    ResponseFactory(inquiry=InquiryFactory(due_on=AUG[19]), city=CityFactory(slug="next-day"))
    ResponseFactory(inquiry=InquiryFactory(due_on=None), city=CityFactory(slug="none"))
    assert _cities(client.get("/api/v1/responses/", {"ordering": "deadline"}).json()) == [
        "ny",
        "la",
        "next-day",
        "none",
    ]
    assert _cities(client.get("/api/v1/responses/", {"ordering": "-deadline"}).json()) == [
        "next-day",
        "la",
        "ny",
        "none",
    ]


def test_status_orders_by_the_workflow(client):
    ResponseFactory(status="declined", received_on=AUG[10], city=CityFactory(slug="declined"))
    ResponseFactory(status="received", received_on=AUG[10], city=CityFactory(slug="received"))
    ResponseFactory(status="pending", city=CityFactory(slug="pending"))
    ResponseFactory(status="acknowledged", acknowledged_on=AUG[5], city=CityFactory(slug="ack"))
    body = client.get("/api/v1/responses/", {"ordering": "status"}).json()
    assert _cities(body) == ["pending", "ack", "received", "declined"]


def test_city_orders_by_name_then_state_then_id(client):
    for slug, name, state in [
        ("springfield-mo", "Springfield", "MO"),
        ("albany-ny", "Albany", "NY"),
        ("springfield-il", "Springfield", "IL"),
    ]:
        ResponseFactory(city=CityFactory(slug=slug, name=name, state=state))
    body = client.get("/api/v1/responses/", {"ordering": "city"}).json()
    assert _cities(body) == ["albany-ny", "springfield-il", "springfield-mo"]
    body = client.get("/api/v1/responses/", {"ordering": "-city"}).json()
    assert _cities(body) == ["springfield-mo", "springfield-il", "albany-ny"]


def test_received_on_puts_nulls_last_both_ways(client):
    ResponseFactory(status="pending", city=CityFactory(slug="open"))
    ResponseFactory(status="received", received_on=AUG[10], city=CityFactory(slug="aug-10"))
    ResponseFactory(status="received", received_on=AUG[12], city=CityFactory(slug="aug-12"))
    assert _cities(client.get("/api/v1/responses/", {"ordering": "received_on"}).json()) == [
        "aug-10",
        "aug-12",
        "open",
    ]
    assert _cities(client.get("/api/v1/responses/", {"ordering": "-received_on"}).json()) == [
        "aug-12",
        "aug-10",
        "open",
    ]


def test_orm_path_is_not_an_ordering_name(client):
    ResponseFactory()
    body = client.get("/api/v1/responses/", {"ordering": "city__name"}).json()
    assert body["ordering"][0].startswith("Unknown ordering field(s): city__name.")
    assert "deadline" in body["ordering"][0]
