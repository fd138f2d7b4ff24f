"""``/api/v1/responses/``: fields, filters, ordering, detail, the seed."""

import datetime

import pytest

from articles.models import Inquiry, Publication
from tests.factories import (
    CityFactory,
    InquiryFactory,
    OrganizationFactory,
    PersonFactory,
    ResponseFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

LIST = "/api/v1/responses/"

AUG_3 = datetime.date(2017, 8, 3)
AUG_10 = datetime.date(2017, 8, 10)
AUG_21 = datetime.date(2017, 8, 21)  # three days after the Aug. 18 deadline
AUG_30 = datetime.date(2017, 8, 30)  # twelve days after it


def cities_of(body) -> list[str]:
    return sorted(row["city"]["slug"] for row in body["results"])


@pytest.fixture
def past_inquiry():
    """Due Aug. 18, 2017 (America/New_York): long past."""
    return InquiryFactory(
        slug="doj-2017", title="Sanctuary questions", due_on=datetime.date(2017, 8, 18)
    )


@pytest.fixture
def future_inquiry():
    """Due Dec. 31, 2099: not past for a long time."""
    return InquiryFactory(
        slug="due-2099", title="Far-off questions", due_on=datetime.date(2099, 12, 31)
    )


@pytest.fixture
def four_cities(past_inquiry):
    """One response per status to the 2017 inquiry, in four cities.

    Albuquerque's "pending" was confirmed on Aug. 21, after the deadline:
    overdue. San Bernardino's "acknowledged" was last confirmed on Aug. 3,
    before it: past due, but it needs a check. Baltimore and Stockton
    answered on Aug. 10, on time."""
    albuquerque = CityFactory(name="Albuquerque", state="NM", slug="albuquerque-nm")
    baltimore = CityFactory(name="Baltimore", state="MD", slug="baltimore-md")
    san_bernardino = CityFactory(name="San Bernardino", state="CA", slug="san-bernardino-ca")
    stockton = CityFactory(name="Stockton", state="CA", slug="stockton-ca")
    return {
        "pending": ResponseFactory(
            inquiry=past_inquiry, city=albuquerque, status="pending", as_of=AUG_21
        ),
        "received": ResponseFactory(
            inquiry=past_inquiry, city=baltimore, status="received", received_on=AUG_10
        ),
        "acknowledged": ResponseFactory(
            inquiry=past_inquiry, city=san_bernardino, status="acknowledged", acknowledged_on=AUG_3
        ),
        "declined": ResponseFactory(
            inquiry=past_inquiry, city=stockton, status="declined", received_on=AUG_10
        ),
    }


def test_response_json_has_the_documented_fields(client):
    police = OrganizationFactory(name="San Bernardino Police Department")
    chief = PersonFactory(name="Jarrod Burguan", title="Police Chief", organization=police)
    article = SourceFactory(title="Justice Dept. presses four cities", url="https://example.org/a")
    response = ResponseFactory(
        inquiry=InquiryFactory(slug="doj-2017", title="Sanctuary questions"),
        city=CityFactory(name="San Bernardino", state="CA", slug="san-bernardino-ca"),
        status="acknowledged",
        acknowledged_on=AUG_3,
        as_of=AUG_3,
        organization=police,
        respondent=chief,
        summary="Will answer.",
        text="We will respond.",
    )
    response.sources.add(article)

    row = client.get(LIST).json()["results"][0]

    assert row["id"] == response.pk
    assert row["url"] == f"http://testserver/api/v1/responses/{response.pk}/"
    assert row["html_url"] == "http://testserver/inquiries/doj-2017/#response-san-bernardino-ca"
    assert row["inquiry"] == {
        "id": response.inquiry.pk,
        "slug": "doj-2017",
        "name": "Sanctuary questions",
        "url": "http://testserver/api/v1/inquiries/doj-2017/",
        "html_url": "http://testserver/inquiries/doj-2017/",
    }
    assert row["city"] == {
        "id": response.city.pk,
        "slug": "san-bernardino-ca",
        "name": "San Bernardino",
        "url": "http://testserver/api/v1/cities/san-bernardino-ca/",
        "html_url": "http://testserver/cities/san-bernardino-ca/",
    }
    assert row["status"] == "acknowledged"
    # Acknowledged, deadline Aug. 18, 2017 long past, but last confirmed on Aug. 3:
    # past due and in need of a check, not overdue.
    assert row["is_past_due"] is True
    assert row["is_overdue"] is False
    assert row["needs_check"] is True
    assert row["days_late"] is None
    assert row["acknowledged_on"] == "2017-08-03"
    assert row["received_on"] is None
    assert row["as_of"] == "2017-08-03"
    assert row["respondent"]["name"] == "Jarrod Burguan"
    assert row["respondent"]["html_url"] == f"http://testserver/people/{chief.slug}/"
    assert row["organization"] == {
        "id": police.pk,
        "slug": police.slug,
        "name": "San Bernardino Police Department",
        "url": f"http://testserver/api/v1/organizations/{police.slug}/",
        "html_url": None,
    }
    assert row["summary"] == "Will answer."
    assert row["text"] == "We will respond."
    assert row["sources"] == [
        {
            "id": article.pk,
            "slug": None,
            "name": "Justice Dept. presses four cities",
            "url": f"http://testserver/api/v1/sources/{article.pk}/",
            "html_url": f"http://testserver/sources/{article.pk}/",
        }
    ]


def test_response_without_respondent_or_organization_has_nulls(client):
    ResponseFactory()
    row = client.get(LIST).json()["results"][0]
    assert row["respondent"] is None
    assert row["organization"] is None
    assert row["sources"] == []


def test_responses_to_draft_inquiries_are_not_listed(client):
    ResponseFactory(inquiry=InquiryFactory(publication=Publication.DRAFT))
    body = client.get(LIST).json()
    assert body["count"] == 0


def test_filter_by_a_single_status(client, four_cities):
    body = client.get(LIST, {"status": "pending"}).json()
    assert cities_of(body) == ["albuquerque-nm"]


def test_filter_by_repeated_statuses(client, four_cities):
    body = client.get(f"{LIST}?status=pending&status=acknowledged").json()
    assert cities_of(body) == ["albuquerque-nm", "san-bernardino-ca"]


def test_filter_by_comma_separated_statuses(client, four_cities):
    body = client.get(LIST, {"status": "received,declined"}).json()
    assert cities_of(body) == ["baltimore-md", "stockton-ca"]


@pytest.mark.parametrize("parameter", ["is_overdue", "overdue"])
def test_is_overdue_true_lists_open_responses_confirmed_after_the_deadline(
    client, four_cities, parameter
):
    body = client.get(LIST, {parameter: "true"}).json()
    assert cities_of(body) == ["albuquerque-nm"]
    (row,) = body["results"]
    assert (row["is_past_due"], row["is_overdue"], row["needs_check"]) == (True, True, False)


def test_needs_check_true_lists_past_due_responses_last_confirmed_by_the_due_day(
    client, four_cities
):
    body = client.get(LIST, {"needs_check": "true"}).json()
    assert cities_of(body) == ["san-bernardino-ca"]
    (row,) = body["results"]
    assert (row["is_past_due"], row["is_overdue"], row["needs_check"]) == (True, False, True)


def test_is_past_due_true_lists_overdue_and_needs_a_check(client, four_cities):
    body = client.get(LIST, {"is_past_due": "true"}).json()
    assert cities_of(body) == ["albuquerque-nm", "san-bernardino-ca"]


def test_is_past_due_false_lists_closed_responses_and_those_before_the_deadline(
    client, four_cities, future_inquiry
):
    later = ResponseFactory(inquiry=future_inquiry, city=four_cities["pending"].city)
    body = client.get(LIST, {"is_past_due": "false"}).json()
    assert sorted(row["id"] for row in body["results"]) == sorted(
        [four_cities["received"].pk, four_cities["declined"].pk, later.pk]
    )
    assert not any(row["is_past_due"] for row in body["results"])


def test_is_overdue_false_and_needs_check_false_are_the_complements(client, four_cities):
    assert cities_of(client.get(LIST, {"is_overdue": "false"}).json()) == [
        "baltimore-md",
        "san-bernardino-ca",
        "stockton-ca",
    ]
    assert cities_of(client.get(LIST, {"needs_check": "false"}).json()) == [
        "albuquerque-nm",
        "baltimore-md",
        "stockton-ca",
    ]


def test_answer_after_the_deadline_carries_days_late(client, past_inquiry):
    # Due Aug. 18, answered Aug. 30: twelve days after the deadline.
    ResponseFactory(inquiry=past_inquiry, status="received", received_on=AUG_30)
    row = client.get(LIST).json()["results"][0]
    assert row["days_late"] == 12
    assert (row["is_past_due"], row["is_overdue"], row["needs_check"]) == (False, False, False)


def test_pending_response_before_a_2099_deadline_is_not_past_due(client, future_inquiry):
    ResponseFactory(inquiry=future_inquiry, status="pending")
    row = client.get(LIST).json()["results"][0]
    assert (row["is_past_due"], row["is_overdue"], row["needs_check"]) == (False, False, False)
    assert client.get(LIST, {"is_past_due": "true"}).json()["count"] == 0


def test_pending_response_to_an_inquiry_without_deadline_is_never_past_due(client):
    ResponseFactory(inquiry=InquiryFactory(due_on=None), status="pending")
    row = client.get(LIST).json()["results"][0]
    assert (row["is_past_due"], row["is_overdue"], row["needs_check"]) == (False, False, False)
    assert row["days_late"] is None
    assert client.get(LIST, {"is_past_due": "true"}).json()["count"] == 0


def test_filter_by_state_any_case(client, four_cities):
    body = client.get(LIST, {"state": "ca"}).json()
    assert cities_of(body) == ["san-bernardino-ca", "stockton-ca"]


def test_filter_by_several_states(client, four_cities):
    body = client.get(LIST, {"state": "NM,MD"}).json()
    assert cities_of(body) == ["albuquerque-nm", "baltimore-md"]


def test_filter_by_city_slug(client, four_cities):
    body = client.get(LIST, {"city": "baltimore-md"}).json()
    assert cities_of(body) == ["baltimore-md"]


def test_filter_by_inquiry_slug(client, four_cities, future_inquiry):
    ResponseFactory(inquiry=future_inquiry, city=four_cities["pending"].city)
    body = client.get(LIST, {"inquiry": "due-2099"}).json()
    assert [row["inquiry"]["slug"] for row in body["results"]] == ["due-2099"]


def test_filter_by_received_date_range(client, four_cities):
    body = client.get(
        LIST, {"received_after": "2017-08-10", "received_before": "2017-08-10"}
    ).json()
    assert cities_of(body) == ["baltimore-md", "stockton-ca"]
    assert client.get(LIST, {"received_after": "2017-08-11"}).json()["count"] == 0


def test_filters_combine(client, four_cities):
    body = client.get(LIST, {"state": "CA", "is_past_due": "true"}).json()
    assert cities_of(body) == ["san-bernardino-ca"]


def test_search_by_city_name(client, four_cities):
    body = client.get(LIST, {"search": "bernardino"}).json()
    assert cities_of(body) == ["san-bernardino-ca"]


def test_default_order_is_newest_first(client, four_cities):
    body = client.get(LIST).json()
    ids = [row["id"] for row in body["results"]]
    assert ids == sorted(ids, reverse=True)
    assert ids[0] == four_cities["declined"].pk  # made last


def test_pages_order_is_newest_inquiry_then_city_name(client, four_cities):
    body = client.get(LIST, {"ordering": "-sent_on,inquiry,city"}).json()
    assert [row["city"]["name"] for row in body["results"]] == [
        "Albuquerque",
        "Baltimore",
        "San Bernardino",
        "Stockton",
    ]


def test_ordering_by_city_name_descending(client, four_cities):
    body = client.get(LIST, {"ordering": "-city"}).json()
    assert [row["city"]["name"] for row in body["results"]] == [
        "Stockton",
        "San Bernardino",
        "Baltimore",
        "Albuquerque",
    ]


def test_response_detail_by_id(client, four_cities):
    response = four_cities["received"]
    body = client.get(f"{LIST}{response.pk}/").json()
    assert body["city"]["slug"] == "baltimore-md"
    assert body["status"] == "received"
    assert body["received_on"] == "2017-08-10"
    assert body["is_overdue"] is False
    assert body["days_late"] is None  # Aug. 10 is before the Aug. 18 deadline


def test_response_detail_of_a_draft_inquiry_is_404(client):
    response = ResponseFactory(inquiry=InquiryFactory(publication=Publication.DRAFT))
    reply = client.get(f"{LIST}{response.pk}/")
    assert reply.status_code == 404
    assert reply.json() == {"detail": "No Response matches the given query."}


def test_unknown_response_id_is_json_404(client):
    reply = client.get(f"{LIST}123456/")
    assert reply.status_code == 404
    assert "detail" in reply.json()


def test_seed_doj_responses_all_need_a_check_and_none_is_overdue(client, seeded):
    """Every status is as of the article, Aug. 3, 2017, before the Aug. 18
    deadline: the four cities are past due, but nobody has checked since."""
    doj = Inquiry.objects.get(kind=Inquiry.Kind.GOVERNMENT_REQUEST)
    body = client.get(LIST, {"inquiry": doj.slug, "needs_check": "true"}).json()
    rows = {row["city"]["slug"]: row for row in body["results"]}
    assert body["count"] == 4
    assert sorted(rows) == ["albuquerque-nm", "baltimore-md", "san-bernardino-ca", "stockton-ca"]
    assert {slug: row["status"] for slug, row in rows.items()} == {
        "albuquerque-nm": "pending",
        "baltimore-md": "pending",
        "san-bernardino-ca": "acknowledged",
        "stockton-ca": "pending",
    }
    assert rows["san-bernardino-ca"]["acknowledged_on"] == "2017-08-03"
    assert {row["as_of"] for row in rows.values()} == {"2017-08-03"}
    assert all(row["is_past_due"] and not row["is_overdue"] for row in rows.values())
    assert client.get(LIST, {"inquiry": doj.slug, "is_overdue": "true"}).json()["count"] == 0
    assert client.get(LIST, {"inquiry": doj.slug, "overdue": "true"}).json()["count"] == 0


def test_seed_request_for_comment_is_never_past_due(client, seeded):
    comment = Inquiry.objects.get(kind=Inquiry.Kind.REQUEST_FOR_COMMENT)
    body = client.get(LIST, {"inquiry": comment.slug, "is_past_due": "true"}).json()
    assert body["count"] == 0
    received = client.get(LIST, {"inquiry": comment.slug, "status": "received"}).json()
    assert cities_of(received) == ["baltimore-md", "san-bernardino-ca"]
    assert {row["received_on"] for row in received["results"]} == {"2017-08-03"}
