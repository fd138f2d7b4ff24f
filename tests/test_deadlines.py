"""Deadline states (DESIGN.md, "Response status and deadlines";
articles/deadlines.py): derived at an instant, never stored.

"By Aug. 18" means until 23:59:59 on Aug. 18 in the inquiry's zone. After
that, a response still pending or acknowledged is *past due*; it is
*overdue* only when its status was confirmed after the due day (``as_of``
later than ``due_on``), and *needs a check* when last confirmed on or
before it. An answer after the due day is *late* by whole days.

Every case is asked of the model, the ``deadline_state`` annotation, each
QuerySet filter and its complement, and the inquiry counts, which must all
agree. The boundary instants are written out in UTC by hand.
"""

import datetime
from zoneinfo import ZoneInfo

import pytest

from articles.choices import DeadlineState
from articles.models import Inquiry, Response
from tests.factories import InquiryFactory, ResponseFactory

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
AUG_3 = datetime.date(2017, 8, 3)  # the article's date; the seed's "as of"
AUG_18 = datetime.date(2017, 8, 18)  # "answer a list of questions by Aug. 18"
AUG_19 = datetime.date(2017, 8, 19)
AUG_30 = datetime.date(2017, 8, 30)

NO_DEADLINE = DeadlineState.NO_DEADLINE
NOT_YET_DUE = DeadlineState.NOT_YET_DUE
NEEDS_CHECK = DeadlineState.NEEDS_CHECK
OVERDUE = DeadlineState.OVERDUE
ON_TIME = DeadlineState.ANSWERED_ON_TIME
LATE = DeadlineState.ANSWERED_LATE

#: (zone, the first instant after Aug. 18, 2017 there, in UTC), by hand:
#: EDT is UTC-4, PDT UTC-7, HST UTC-10 (Hawaii keeps no daylight time).
ZONES = [
    ("America/New_York", datetime.datetime(2017, 8, 19, 4, 0, 0, tzinfo=UTC)),
    ("America/Los_Angeles", datetime.datetime(2017, 8, 19, 7, 0, 0, tzinfo=UTC)),
    ("Pacific/Honolulu", datetime.datetime(2017, 8, 19, 10, 0, 0, tzinfo=UTC)),
]
ONE_SECOND = datetime.timedelta(seconds=1)


def state_every_way(
    response: Response, at: datetime.datetime, *, only_one: bool = True
) -> DeadlineState:
    """The response's state at ``at`` by the model, after checking that the
    annotation and every QuerySet filter and complement say the same, and,
    when the response is its inquiry's ``only_one``, the inquiry's counts."""
    fresh = Response.objects.select_related("inquiry").get(pk=response.pk)
    state = fresh.deadline_state_at(at)
    rows = Response.objects.filter(pk=response.pk)

    assert rows.with_deadline_state(at).get().deadline_state == state

    expected = {
        "past_due": state in (NEEDS_CHECK, OVERDUE),
        "overdue": state == OVERDUE,
        "needs_check": state == NEEDS_CHECK,
    }
    for name, inside in expected.items():
        assert getattr(rows, name)(at).exists() is inside, (name, at)
        assert getattr(rows, f"not_{name}")(at).exists() is not inside, (name, at)
    assert fresh.is_past_due_at(at) is expected["past_due"]
    assert fresh.is_overdue_at(at) is expected["overdue"]
    assert fresh.needs_check_at(at) is expected["needs_check"]
    assert rows.answered_late().exists() is (state == LATE)

    if not only_one:
        return state
    counted = Inquiry.objects.with_counts(at).get(pk=fresh.inquiry_id)
    assert (counted.past_due_count, counted.overdue_count, counted.needs_check_count) == (
        int(expected["past_due"]),
        int(expected["overdue"]),
        int(expected["needs_check"]),
    )
    return state


def open_response(zone: str, *, status: str, as_of: datetime.date) -> Response:
    inquiry = InquiryFactory(sent_on=AUG_3, due_on=AUG_18, due_timezone=zone)
    acknowledged_on = AUG_3 if status == "acknowledged" else None
    return ResponseFactory(
        inquiry=inquiry, status=status, acknowledged_on=acknowledged_on, as_of=as_of
    )


def test_server_runs_in_utc(settings):
    assert settings.TIME_ZONE == "UTC"


@pytest.mark.parametrize(("zone", "first_late_second"), ZONES, ids=[z for z, _ in ZONES])
def test_the_boundary_instants_are_midnight_after_aug_18_in_each_zone(zone, first_late_second):
    assert first_late_second == datetime.datetime(2017, 8, 19, tzinfo=ZoneInfo(zone))
    assert InquiryFactory(due_on=AUG_18, due_timezone=zone).deadline == first_late_second


@pytest.mark.parametrize(("zone", "first_late_second"), ZONES, ids=[z for z, _ in ZONES])
@pytest.mark.parametrize("status", ["pending", "acknowledged"])
@pytest.mark.parametrize(
    ("offset", "as_of", "expected"),
    [
        # 23:59:59 on Aug. 18 in the zone: nothing is past due, whatever "as of".
        (-ONE_SECOND, AUG_3, NOT_YET_DUE),
        (-ONE_SECOND, AUG_18, NOT_YET_DUE),
        (-ONE_SECOND, AUG_19, NOT_YET_DUE),
        # 00:00:00 on Aug. 19 in the zone: past due. Confirmed on the due day
        # or before: needs a check. Confirmed the day after: overdue.
        (datetime.timedelta(0), AUG_3, NEEDS_CHECK),
        (datetime.timedelta(0), AUG_18, NEEDS_CHECK),
        (datetime.timedelta(0), AUG_19, OVERDUE),
    ],
    ids=[
        "last-second-as-of-aug-3",
        "last-second-as-of-aug-18",
        "last-second-as-of-aug-19",
        "midnight-as-of-aug-3",
        "midnight-as-of-aug-18",
        "midnight-as-of-aug-19",
    ],
)
def test_open_response_at_the_boundary_seconds(
    zone, first_late_second, status, offset, as_of, expected
):
    response = open_response(zone, status=status, as_of=as_of)
    assert state_every_way(response, first_late_second + offset) == expected


def test_utc_midnight_of_the_next_day_is_still_aug_18_in_new_york():
    # The server's calendar has turned to Aug. 19; New York's has not.
    response = open_response("America/New_York", status="pending", as_of=AUG_18)
    assert state_every_way(response, datetime.datetime(2017, 8, 19, tzinfo=UTC)) == NOT_YET_DUE


def test_the_same_instant_is_past_due_in_new_york_and_not_in_honolulu():
    # 05:00 UTC on Aug. 19 is 01:00 EDT on Aug. 19 but 19:00 HST on Aug. 18.
    at = datetime.datetime(2017, 8, 19, 5, 0, tzinfo=UTC)
    new_york = open_response("America/New_York", status="pending", as_of=AUG_19)
    honolulu = open_response("Pacific/Honolulu", status="pending", as_of=AUG_19)
    assert state_every_way(new_york, at) == OVERDUE
    assert state_every_way(honolulu, at) == NOT_YET_DUE


def test_server_and_newsroom_zones_do_not_move_the_deadline(settings):
    settings.TIME_ZONE = "Asia/Tokyo"
    settings.NEWSROOM_TIME_ZONE = "Pacific/Honolulu"
    response = open_response("America/New_York", status="pending", as_of=AUG_19)
    last = datetime.datetime(2017, 8, 19, 3, 59, 59, tzinfo=UTC)
    assert state_every_way(response, last) == NOT_YET_DUE
    assert state_every_way(response, last + ONE_SECOND) == OVERDUE


def test_deadline_in_winter_uses_eastern_standard_time():
    inquiry = InquiryFactory(sent_on=datetime.date(2017, 11, 1), due_on=datetime.date(2017, 12, 1))
    response = ResponseFactory(inquiry=inquiry, as_of=datetime.date(2017, 12, 4))
    # EST is UTC-5: the due day ends at 05:00 UTC on Dec. 2.
    assert inquiry.deadline == datetime.datetime(2017, 12, 2, 5, 0, tzinfo=UTC)
    assert state_every_way(response, datetime.datetime(2017, 12, 2, 4, 59, 59, tzinfo=UTC)) == (
        NOT_YET_DUE
    )
    assert state_every_way(response, datetime.datetime(2017, 12, 2, 5, 0, tzinfo=UTC)) == OVERDUE


@pytest.mark.parametrize("status", ["received", "declined"])
@pytest.mark.parametrize(
    ("received_on", "expected", "days"),
    [
        (AUG_3, ON_TIME, None),
        (AUG_18, ON_TIME, None),  # on the due day itself: on time
        (AUG_19, LATE, 1),
        (AUG_30, LATE, 12),  # "answered 12 days after the deadline"
    ],
)
def test_answers_are_on_time_or_late_by_whole_days(status, received_on, expected, days):
    inquiry = InquiryFactory(sent_on=AUG_3, due_on=AUG_18)
    response = ResponseFactory(inquiry=inquiry, status=status, received_on=received_on)
    assert state_every_way(response, datetime.datetime(2030, 1, 1, tzinfo=UTC)) == expected
    assert Response.objects.get(pk=response.pk).days_late == days


@pytest.mark.parametrize(
    ("status", "received_on"),
    [("pending", None), ("acknowledged", None), ("received", AUG_30), ("declined", AUG_30)],
)
def test_inquiry_without_a_deadline_is_never_past_due_or_late(status, received_on):
    inquiry = InquiryFactory(sent_on=None, due_on=None)
    response = ResponseFactory(
        inquiry=inquiry,
        status=status,
        acknowledged_on=AUG_3 if status == "acknowledged" else None,
        received_on=received_on,
    )
    assert inquiry.deadline is None
    assert state_every_way(response, datetime.datetime(2099, 12, 31, 23, 59, tzinfo=UTC)) == (
        NO_DEADLINE
    )
    assert Response.objects.get(pk=response.pk).days_late is None


def test_an_open_response_has_no_days_late():
    response = open_response("America/New_York", status="pending", as_of=AUG_30)
    assert response.days_late is None


def test_counts_split_past_due_into_overdue_and_needs_a_check():
    inquiry = InquiryFactory(sent_on=AUG_3, due_on=AUG_18)
    ResponseFactory(inquiry=inquiry, status="pending", as_of=AUG_3)  # needs a check
    ResponseFactory(inquiry=inquiry, status="pending", as_of=AUG_18)  # needs a check
    ResponseFactory(
        inquiry=inquiry, status="acknowledged", acknowledged_on=AUG_3, as_of=AUG_19
    )  # overdue
    ResponseFactory(inquiry=inquiry, status="received", received_on=AUG_30)  # late, not past due
    before = datetime.datetime(2017, 8, 19, 3, 59, 59, tzinfo=UTC)
    after = before + ONE_SECOND
    counted = Inquiry.objects.with_counts(before).get(pk=inquiry.pk)
    assert (counted.open_count, counted.past_due_count) == (3, 0)
    assert (counted.overdue_count, counted.needs_check_count) == (0, 0)
    counted = Inquiry.objects.with_counts(after).get(pk=inquiry.pk)
    assert (counted.past_due_count, counted.overdue_count, counted.needs_check_count) == (3, 1, 2)


def test_naive_datetime_is_refused():
    response = open_response("America/New_York", status="pending", as_of=AUG_3)
    naive = datetime.datetime(2017, 8, 19, 4, 0)
    for ask in (
        lambda: response.deadline_state_at(naive),
        lambda: response.is_overdue_at(naive),
        lambda: Response.objects.past_due(naive),
        lambda: Response.objects.needs_check(naive),
        lambda: Response.objects.with_deadline_state(naive),
        lambda: Inquiry.objects.with_counts(naive),
    ):
        with pytest.raises(ValueError, match="naive"):
            ask()


# --- the seed article: nobody has checked since Aug. 3, 2017 ----------------------


def test_seed_justice_department_responses_need_a_check_and_none_is_overdue(seeded):
    """The article (Aug. 3, 2017) is the last word on every status, fifteen
    days before the Aug. 18 deadline: past due today, but not overdue."""
    doj = Inquiry.objects.get(kind=Inquiry.Kind.GOVERNMENT_REQUEST)
    now = datetime.datetime.now(tz=UTC)
    states = {r.city.slug: state_every_way(r, now, only_one=False) for r in doj.responses.all()}
    assert states == {
        "albuquerque-nm": NEEDS_CHECK,
        "baltimore-md": NEEDS_CHECK,
        "san-bernardino-ca": NEEDS_CHECK,
        "stockton-ca": NEEDS_CHECK,
    }
    counted = Inquiry.objects.with_counts(now).get(pk=doj.pk)
    assert (counted.past_due_count, counted.overdue_count, counted.needs_check_count) == (4, 0, 4)


def test_seed_request_for_comment_has_no_deadline(seeded):
    comment = Inquiry.objects.get(kind=Inquiry.Kind.REQUEST_FOR_COMMENT)
    now = datetime.datetime.now(tz=UTC)
    assert {r.deadline_state_at(now) for r in comment.responses.all()} == {NO_DEADLINE}
