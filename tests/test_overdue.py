"""Overdue is derived, never stored (DESIGN.md, "Response status"): pending
or acknowledged after the end of ``due_on`` in the inquiry's time zone. "By
Aug. 18" means until 23:59:59 on Aug. 18 in that zone, whatever the
server's zone. The model method and the QuerySet must agree at every
instant tested."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from articles.models import Response
from tests.factories import InquiryFactory, ResponseFactory

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
NEW_YORK = ZoneInfo("America/New_York")


def overdue_both_ways(response: Response, at: datetime.datetime) -> bool:
    """Ask the model and the QuerySet; fail if they disagree."""
    by_model = Response.objects.get(pk=response.pk).is_overdue_at(at)
    by_query = Response.objects.overdue(at).filter(pk=response.pk).exists()
    not_by_query = Response.objects.not_overdue(at).filter(pk=response.pk).exists()
    assert by_model == by_query, f"model says {by_model}, queryset says {by_query} at {at}"
    assert by_query != not_by_query
    return by_model


@pytest.fixture
def due_aug_18_new_york():
    inquiry = InquiryFactory(
        sent_on=datetime.date(2017, 8, 3),
        due_on=datetime.date(2017, 8, 18),
        due_timezone="America/New_York",
    )
    return ResponseFactory(inquiry=inquiry, status="pending")


def test_server_runs_in_utc(settings):
    assert settings.TIME_ZONE == "UTC"


def test_last_second_of_the_due_day_in_new_york_is_not_overdue(due_aug_18_new_york):
    # 23:59:59 EDT on Aug. 18, 2017 is 03:59:59 UTC on Aug. 19.
    at = datetime.datetime(2017, 8, 19, 3, 59, 59, tzinfo=UTC)
    assert at == datetime.datetime(2017, 8, 18, 23, 59, 59, tzinfo=NEW_YORK)
    assert overdue_both_ways(due_aug_18_new_york, at) is False


def test_midnight_after_the_due_day_in_new_york_is_overdue(due_aug_18_new_york):
    # 00:00:00 EDT on Aug. 19, 2017 is 04:00:00 UTC.
    at = datetime.datetime(2017, 8, 19, 4, 0, 0, tzinfo=UTC)
    assert overdue_both_ways(due_aug_18_new_york, at) is True


def test_utc_midnight_of_the_next_day_is_still_on_time_in_new_york(due_aug_18_new_york):
    # The server's calendar has turned to Aug. 19; New York's has not.
    at = datetime.datetime(2017, 8, 19, 0, 0, 0, tzinfo=UTC)
    assert overdue_both_ways(due_aug_18_new_york, at) is False


def test_server_time_zone_does_not_move_the_deadline(due_aug_18_new_york, settings):
    settings.TIME_ZONE = "Asia/Tokyo"
    assert (
        overdue_both_ways(
            due_aug_18_new_york, datetime.datetime(2017, 8, 19, 3, 59, 59, tzinfo=UTC)
        )
        is False
    )
    assert (
        overdue_both_ways(due_aug_18_new_york, datetime.datetime(2017, 8, 19, 4, 0, 0, tzinfo=UTC))
        is True
    )


def test_deadline_in_winter_uses_eastern_standard_time():
    inquiry = InquiryFactory(sent_on=datetime.date(2017, 11, 1), due_on=datetime.date(2017, 12, 1))
    response = ResponseFactory(inquiry=inquiry)
    # EST is UTC-5: the deadline ends at 05:00 UTC on Dec. 2.
    assert inquiry.deadline == datetime.datetime(2017, 12, 2, 5, 0, tzinfo=UTC)
    assert (
        overdue_both_ways(response, datetime.datetime(2017, 12, 2, 4, 59, 59, tzinfo=UTC)) is False
    )
    assert overdue_both_ways(response, datetime.datetime(2017, 12, 2, 5, 0, 0, tzinfo=UTC)) is True


def test_deadline_in_los_angeles_ends_three_hours_after_new_york():
    inquiry = InquiryFactory(due_on=datetime.date(2017, 8, 18), due_timezone="America/Los_Angeles")
    response = ResponseFactory(inquiry=inquiry)
    # PDT is UTC-7: the deadline ends at 07:00 UTC on Aug. 19.
    assert (
        overdue_both_ways(response, datetime.datetime(2017, 8, 19, 6, 59, 59, tzinfo=UTC)) is False
    )
    assert overdue_both_ways(response, datetime.datetime(2017, 8, 19, 7, 0, 0, tzinfo=UTC)) is True


def test_acknowledged_response_is_overdue_too(due_aug_18_new_york):
    due_aug_18_new_york.status = "acknowledged"
    due_aug_18_new_york.acknowledged_on = datetime.date(2017, 8, 3)
    due_aug_18_new_york.save()
    assert (
        overdue_both_ways(due_aug_18_new_york, datetime.datetime(2017, 8, 20, tzinfo=UTC)) is True
    )


@pytest.mark.parametrize("status", ["received", "declined"])
def test_answered_response_is_never_overdue(due_aug_18_new_york, status):
    due_aug_18_new_york.status = status
    due_aug_18_new_york.received_on = datetime.date(2017, 8, 25)
    due_aug_18_new_york.as_of = datetime.date(2017, 8, 25)
    due_aug_18_new_york.save()
    assert (
        overdue_both_ways(due_aug_18_new_york, datetime.datetime(2030, 1, 1, tzinfo=UTC)) is False
    )


def test_inquiry_without_due_date_is_never_overdue():
    inquiry = InquiryFactory(sent_on=None, due_on=None)
    response = ResponseFactory(inquiry=inquiry, status="pending")
    assert inquiry.deadline is None
    assert overdue_both_ways(response, datetime.datetime(2099, 12, 31, 23, 59, tzinfo=UTC)) is False


def test_naive_datetime_is_refused(due_aug_18_new_york):
    naive = datetime.datetime(2017, 8, 19, 4, 0)  # noqa: DTZ001 - the point of the test
    with pytest.raises(ValueError, match="naive"):
        due_aug_18_new_york.is_overdue_at(naive)
    with pytest.raises(ValueError, match="naive"):
        Response.objects.overdue(naive)


def test_inquiry_counts_overdue_responses_at_the_instant_given():
    inquiry = InquiryFactory(due_on=datetime.date(2017, 8, 18))
    ResponseFactory(inquiry=inquiry, status="pending")
    ResponseFactory(
        inquiry=inquiry, status="acknowledged", acknowledged_on=datetime.date(2017, 8, 4)
    )
    ResponseFactory(inquiry=inquiry, status="received", received_on=datetime.date(2017, 8, 10))
    before = datetime.datetime(2017, 8, 19, 3, 59, 59, tzinfo=UTC)
    after = datetime.datetime(2017, 8, 19, 4, 0, 0, tzinfo=UTC)
    counted = type(inquiry).objects.with_counts(before).get(pk=inquiry.pk)
    assert (counted.received_count, counted.open_count, counted.overdue_count) == (1, 2, 0)
    assert type(inquiry).objects.with_counts(after).get(pk=inquiry.pk).overdue_count == 2
