"""``/api/v1/inquiries/``: fields, deadline, counts, filters, detail."""

import datetime

import pytest

from articles.models import Inquiry, Publication
from tests.factories import InquiryFactory, OrganizationFactory, ResponseFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/inquiries/"
AUG_3 = datetime.date(2017, 8, 3)


@pytest.fixture
def doj():
    """The Justice Department's questions: sent Aug. 3, due Aug. 18, 2017 (New York)."""
    justice = OrganizationFactory(name="U.S. Justice Department", slug="justice-department")
    inquiry = InquiryFactory(
        slug="doj-2017",
        title="Justice Department questions on sanctuary policies",
        kind=Inquiry.Kind.GOVERNMENT_REQUEST,
        requester=justice,
        sent_on=AUG_3,
        due_on=datetime.date(2017, 8, 18),
        due_timezone="America/New_York",
    )
    for status in ("pending", "pending", "pending"):
        ResponseFactory(inquiry=inquiry, status=status)
    ResponseFactory(inquiry=inquiry, status="acknowledged", acknowledged_on=AUG_3)
    return inquiry


def test_inquiry_json_has_the_documented_fields(client, doj):
    body = client.get(f"{LIST}doj-2017/").json()
    assert body["slug"] == "doj-2017"
    assert body["url"] == "http://testserver/api/v1/inquiries/doj-2017/"
    assert body["html_url"] == "http://testserver/inquiries/doj-2017/"
    assert body["title"] == "Justice Department questions on sanctuary policies"
    assert body["kind"] == "government_request"
    assert body["requester"] == {
        "id": doj.requester.pk,
        "slug": "justice-department",
        "name": "U.S. Justice Department",
        "url": "http://testserver/api/v1/organizations/justice-department/",
        "html_url": None,  # organizations have no public page
    }
    assert body["sent_on"] == "2017-08-03"
    assert body["due_on"] == "2017-08-18"
    assert body["due_timezone"] == "America/New_York"


def test_deadline_is_midnight_after_the_due_day_in_new_york(client, doj):
    # "by Aug. 18" ends at 00:00 on Aug. 19 in New York, on daylight time (UTC-4).
    body = client.get(f"{LIST}doj-2017/").json()
    deadline = datetime.datetime.fromisoformat(body["deadline"])
    assert body["deadline"] == "2017-08-19T00:00:00-04:00"
    assert deadline == datetime.datetime(2017, 8, 19, 4, 0, tzinfo=datetime.UTC)


def test_deadline_in_los_angeles_ends_three_hours_later(client):
    InquiryFactory(slug="la", due_on=datetime.date(2017, 8, 18), due_timezone="America/Los_Angeles")
    assert client.get(f"{LIST}la/").json()["deadline"] == "2017-08-19T00:00:00-07:00"


def test_inquiry_without_due_on_has_null_deadline(client):
    InquiryFactory(slug="comment", sent_on=None, due_on=None)
    body = client.get(f"{LIST}comment/").json()
    assert body["due_on"] is None
    assert body["deadline"] is None


def test_counts_by_status_and_deadline_state(client, doj):
    # All four open past the Aug. 18, 2017 deadline, each last confirmed on
    # Aug. 3: past due, but needing a check rather than overdue.
    counts = client.get(f"{LIST}doj-2017/").json()["counts"]
    assert counts == {
        "total": 4,
        "pending": 3,
        "acknowledged": 1,
        "received": 0,
        "declined": 0,
        "past_due": 4,
        "overdue": 0,
        "needs_check": 4,
    }


def test_counts_overdue_once_the_status_is_confirmed_after_the_due_day(client, doj):
    ResponseFactory(inquiry=doj, status="pending", as_of=datetime.date(2017, 8, 21))
    counts = client.get(f"{LIST}doj-2017/").json()["counts"]
    assert (counts["past_due"], counts["overdue"], counts["needs_check"]) == (5, 1, 4)


def test_counts_before_a_2099_deadline_have_nothing_overdue(client):
    inquiry = InquiryFactory(slug="later", due_on=datetime.date(2099, 12, 31))
    ResponseFactory(inquiry=inquiry, status="pending")
    ResponseFactory(inquiry=inquiry, status="received", received_on=AUG_3)
    counts = client.get(f"{LIST}later/").json()["counts"]
    assert (counts["past_due"], counts["overdue"], counts["needs_check"]) == (0, 0, 0)
    assert counts["pending"] == 1
    assert counts["received"] == 1


def test_draft_inquiries_are_hidden_from_list_and_detail(client):
    InquiryFactory(slug="draft", publication=Publication.DRAFT)
    assert client.get(LIST).json()["count"] == 0
    assert client.get(f"{LIST}draft/").status_code == 404


def test_filter_by_kind(client, doj):
    InquiryFactory(slug="comment", kind=Inquiry.Kind.REQUEST_FOR_COMMENT)
    body = client.get(LIST, {"kind": "request_for_comment"}).json()
    assert [row["slug"] for row in body["results"]] == ["comment"]


def test_filter_by_sent_date(client, doj):
    InquiryFactory(slug="older", sent_on=datetime.date(2016, 1, 4), due_on=None)
    body = client.get(LIST, {"sent_after": "2017-01-01"}).json()
    assert [row["slug"] for row in body["results"]] == ["doj-2017"]


def test_search_by_title(client, doj):
    InquiryFactory(slug="other", title="Records request on body cameras")
    body = client.get(LIST, {"search": "sanctuary"}).json()
    assert [row["slug"] for row in body["results"]] == ["doj-2017"]


def test_default_order_is_newest_sent_first(client):
    InquiryFactory(slug="older", sent_on=datetime.date(2016, 1, 4), due_on=None)
    InquiryFactory(slug="newer", sent_on=datetime.date(2017, 8, 3), due_on=None)
    body = client.get(LIST).json()
    assert [row["slug"] for row in body["results"]] == ["newer", "older"]


def test_ordering_by_title(client):
    InquiryFactory(slug="b", title="Beta")
    InquiryFactory(slug="a", title="Alpha")
    body = client.get(LIST, {"ordering": "title"}).json()
    assert [row["title"] for row in body["results"]] == ["Alpha", "Beta"]


def test_seed_doj_inquiry_counts_none_overdue_and_four_needing_a_check(client, seeded):
    doj = Inquiry.objects.get(kind=Inquiry.Kind.GOVERNMENT_REQUEST)
    body = client.get(f"{LIST}{doj.slug}/").json()
    assert body["deadline"] == "2017-08-19T00:00:00-04:00"
    assert body["counts"]["overdue"] == 0
    assert body["counts"]["needs_check"] == 4
    assert body["counts"]["past_due"] == 4
    assert body["counts"]["pending"] == 3
    assert body["counts"]["acknowledged"] == 1


def test_seed_request_for_comment_counts_two_received(client, seeded):
    comment = Inquiry.objects.get(kind=Inquiry.Kind.REQUEST_FOR_COMMENT)
    body = client.get(f"{LIST}{comment.slug}/").json()
    assert body["deadline"] is None
    assert body["counts"]["received"] == 2
    assert body["counts"]["pending"] == 2
    assert (body["counts"]["overdue"], body["counts"]["needs_check"]) == (0, 0)
