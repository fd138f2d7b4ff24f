"""The read shape data desks build on (issue 8, "Shape for data desks"):
one reference object for every related record, a response's deadline
fields, and ``evaluated_at`` on every list. Facts are the seed article's
(articles/seed.py): the Justice Department's questions, sent Aug. 3, 2017,
due Aug. 18, 2017 (New York), every status as of Aug. 3; Reuters' requests
for comment, with no deadline and no date of their own."""

import datetime

import pytest
import time_machine

from tests.factories import (
    CorrectionFactory,
    InquiryFactory,
    OrganizationFactory,
    PersonFactory,
    ResponseFactory,
)

pytestmark = pytest.mark.django_db

REF_KEYS = {"id", "slug", "name", "url", "html_url"}


def _doj_row(client, city: str) -> dict:
    """The seed response of ``city`` (slug) to the Justice Department's
    questions (the seed inquiry with a deadline)."""
    body = client.get("/api/v1/responses/", {"city": city}).json()
    (row,) = [r for r in body["results"] if r["due_on"] is not None]
    return row


def _refs(value, path=""):
    """Every (path, object) in a JSON value whose key names a related record."""
    ref_fields = {
        "city",
        "inquiry",
        "respondent",
        "organization",
        "status_source",
        "sources",
        "requester",
        "publisher",
        "claimant",
        "claimant_organization",
        "source",
        "claim",
        "response",
    }
    if isinstance(value, dict):
        for key, item in value.items():
            if key in ref_fields and item is not None:
                for obj in item if isinstance(item, list) else [item]:
                    yield f"{path}.{key}", obj
            yield from _refs(item, f"{path}.{key}")
    elif isinstance(value, list):
        for item in value:
            yield from _refs(item, path)


@pytest.mark.parametrize(
    "endpoint",
    ["responses", "claims", "inquiries", "people", "organizations", "sources", "corrections"],
)
def test_every_related_record_has_the_same_five_keys(client, seeded, endpoint):
    if endpoint == "corrections":
        CorrectionFactory(response=ResponseFactory(organization=OrganizationFactory()))
    body = client.get(f"/api/v1/{endpoint}/").json()
    refs = list(_refs(body["results"]))
    if endpoint not in ("sources", "organizations") or refs:
        assert refs, f"no related records found on {endpoint}"
    for path, ref in refs:
        assert set(ref) == REF_KEYS, path
        assert isinstance(ref["id"], int), path
        assert ref["url"].startswith("http://testserver/api/v1/"), path


def test_seed_response_references(client, seeded):
    row = _doj_row(client, "san-bernardino-ca")
    assert row["city"]["name"] == "San Bernardino"
    assert row["city"]["slug"] == "san-bernardino-ca"
    assert row["city"]["html_url"] == "http://testserver/cities/san-bernardino-ca/"
    assert row["organization"]["name"] == "San Bernardino Police Department"
    assert row["organization"]["html_url"] is None  # no page for organizations
    assert row["organization"]["url"] == (
        f"http://testserver/api/v1/organizations/{row['organization']['slug']}/"
    )
    assert row["respondent"]["name"] == "Jarrod Burguan"
    assert row["respondent"]["html_url"] == (
        f"http://testserver/people/{row['respondent']['slug']}/"
    )
    assert row["inquiry"]["html_url"] == f"http://testserver/inquiries/{row['inquiry']['slug']}/"
    (source,) = row["sources"]
    assert source["slug"] is None  # sources are addressed by id
    assert source["name"].startswith("Reuters: ")
    assert source["html_url"] == f"http://testserver/sources/{source['id']}/"


def test_reference_to_a_non_ascii_slug_is_percent_encoded_as_reverse_does(client):
    from tests.factories import CityFactory

    ResponseFactory(city=CityFactory(name="東京", state="CA", slug="東京-ca"))
    row = client.get("/api/v1/responses/").json()["results"][0]
    assert row["city"]["url"] == "http://testserver/api/v1/cities/%E6%9D%B1%E4%BA%AC-ca/"
    assert row["city"]["html_url"] == "http://testserver/cities/%E6%9D%B1%E4%BA%AC-ca/"
    assert client.get(row["city"]["url"]).status_code == 200


@time_machine.travel(datetime.datetime(2017, 8, 30, 16, 0, tzinfo=datetime.UTC), tick=False)
def test_seed_doj_response_carries_its_deadline_and_days_outstanding(client, seeded):
    # Aug. 30, 2017 in New York; due Aug. 18; Baltimore still pending, last
    # confirmed Aug. 3 (on or before the due day): needs a check, 12 days past due.
    body = client.get("/api/v1/responses/", {"city": "baltimore-md"}).json()
    assert body["evaluated_at"] == "2017-08-30T16:00:00Z"
    row = _doj_row(client, "baltimore-md")
    assert row["sent_on"] == "2017-08-03"
    assert row["due_on"] == "2017-08-18"
    assert row["due_timezone"] == "America/New_York"
    assert row["deadline"] == "2017-08-19T00:00:00-04:00"
    assert row["deadline_state"] == "needs_check"
    assert (row["is_past_due"], row["is_overdue"], row["needs_check"]) == (True, False, True)
    assert row["days_outstanding"] == 12
    assert row["days_to_respond"] is None
    assert row["days_late"] is None


@time_machine.travel(datetime.datetime(2017, 8, 30, 16, 0, tzinfo=datetime.UTC), tick=False)
def test_seed_request_for_comment_has_no_deadline_and_no_days(client, seeded):
    # Baltimore's commissioner answered (reported Aug. 3); the article gives
    # no date for the request, so there is no sent_on to count from.
    body = client.get("/api/v1/responses/", {"city": "baltimore-md"}).json()
    (row,) = [r for r in body["results"] if r["due_on"] is None]
    assert row["status"] == "received"
    assert row["deadline"] is None
    assert row["deadline_state"] == "no_deadline"
    assert row["days_outstanding"] is None
    assert row["days_to_respond"] is None
    assert row["days_late"] is None


@pytest.mark.parametrize(
    ("instant", "state", "days"),
    [
        # 23:59:59 on Aug. 18 in New York (EDT, UTC-4): not yet due.
        (datetime.datetime(2017, 8, 19, 3, 59, 59, tzinfo=datetime.UTC), "not_yet_due", None),
        # 00:00:00 on Aug. 19 there: one day past due.
        (datetime.datetime(2017, 8, 19, 4, 0, 0, tzinfo=datetime.UTC), "needs_check", 1),
    ],
)
def test_days_outstanding_starts_when_the_due_day_ends_in_its_zone(client, instant, state, days):
    ResponseFactory()  # due Aug. 18, 2017 in New York, pending as of Aug. 3
    with time_machine.travel(instant, tick=False):
        body = client.get("/api/v1/responses/").json()
    row = body["results"][0]
    assert row["deadline_state"] == state
    assert row["days_outstanding"] == days


def test_answered_late_counts_days_to_respond_and_days_late(client):
    # Sent Aug. 3, due Aug. 18, declined Aug. 30: 27 days to respond, 12 late.
    ResponseFactory(status="declined", received_on=datetime.date(2017, 8, 30))
    row = client.get("/api/v1/responses/").json()["results"][0]
    assert row["deadline_state"] == "answered_late"
    assert row["days_to_respond"] == 27
    assert row["days_late"] == 12
    assert row["days_outstanding"] is None


def test_answered_on_time_has_no_days_late(client):
    ResponseFactory(status="received", received_on=datetime.date(2017, 8, 10))
    row = client.get("/api/v1/responses/").json()["results"][0]
    assert row["deadline_state"] == "answered_on_time"
    assert row["days_to_respond"] == 7
    assert row["days_late"] is None


@pytest.mark.parametrize(
    "endpoint",
    [
        "responses",
        "claims",
        "inquiries",
        "cities",
        "people",
        "organizations",
        "sources",
        "corrections",
    ],
)
def test_every_list_says_when_it_was_evaluated(client, endpoint):
    with time_machine.travel(datetime.datetime(2017, 8, 19, 4, 0, tzinfo=datetime.UTC), tick=False):
        body = client.get(f"/api/v1/{endpoint}/").json()
    assert list(body) == ["count", "next", "previous", "evaluated_at", "results"]
    assert body["evaluated_at"] == "2017-08-19T04:00:00Z"


def test_person_reference_inside_a_claim_has_the_five_keys(client):
    from tests.factories import ClaimFactory

    person = PersonFactory(name="Kevin Davis")
    ClaimFactory(claimant=person)
    row = client.get("/api/v1/claims/").json()["results"][0]
    assert row["claimant"] == {
        "id": person.pk,
        "slug": person.slug,
        "name": "Kevin Davis",
        "url": f"http://testserver/api/v1/people/{person.slug}/",
        "html_url": f"http://testserver/people/{person.slug}/",
    }


def test_inquiry_requester_reference(client):
    agency = OrganizationFactory(name="U.S. Justice Department", slug="justice-department")
    InquiryFactory(requester=agency)
    row = client.get("/api/v1/inquiries/").json()["results"][0]
    assert row["requester"]["name"] == "U.S. Justice Department"
    assert row["requester"]["html_url"] is None
