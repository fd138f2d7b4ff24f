"""Per-inquiry tallies (articles/tallies.py) and cached list counts
(articles/counting.py): the same numbers as ``InquiryQuerySet.with_counts``
and ``QuerySet.count()``, counted once per data generation."""

import datetime

import pytest
from django.core.cache import cache
from django.db import transaction

from articles import counting, freshness, tallies
from articles.models import Inquiry, Response

from .factories import CityFactory, InquiryFactory, ResponseFactory

UTC = datetime.UTC
D = datetime.date


def _response(inquiry, status, as_of, *, received_on=None, acknowledged_on=None):
    return ResponseFactory(
        inquiry=inquiry,
        city=CityFactory(),
        status=status,
        as_of=as_of,
        received_on=received_on,
        acknowledged_on=acknowledged_on,
    )


@pytest.fixture
def varied(db):
    """Inquiries due Aug. 18, 2017 in New York, Honolulu and Guam, one
    without a deadline and one without responses; responses in every status,
    confirmed before, on and after the due day."""
    made = {}
    for name, zone, due in [
        ("ny", "America/New_York", D(2017, 8, 18)),
        ("hnl", "Pacific/Honolulu", D(2017, 8, 18)),
        ("guam", "Pacific/Guam", D(2017, 8, 18)),
        ("none", "America/New_York", None),
        ("empty", "America/Chicago", D(2017, 8, 18)),
    ]:
        made[name] = InquiryFactory(slug=name, due_timezone=zone, due_on=due)
    for name in ("ny", "hnl", "guam", "none"):
        inquiry = made[name]
        _response(inquiry, "pending", D(2017, 8, 3))
        _response(inquiry, "pending", D(2017, 8, 18))
        _response(inquiry, "pending", D(2017, 8, 21))
        _response(inquiry, "acknowledged", D(2017, 8, 25), acknowledged_on=D(2017, 8, 5))
        _response(inquiry, "acknowledged", D(2017, 8, 10), acknowledged_on=D(2017, 8, 10))
        _response(inquiry, "received", D(2017, 8, 20), received_on=D(2017, 8, 20))
        _response(inquiry, "declined", D(2017, 8, 9), received_on=D(2017, 8, 9))
    return made


#: Instants either side of the ends of Aug. 18 in Guam (14:00 UTC Aug. 18),
#: New York (04:00 UTC Aug. 19) and Honolulu (10:00 UTC Aug. 19).
INSTANTS = [
    datetime.datetime(2017, 8, 18, 13, 59, 59, tzinfo=UTC),
    datetime.datetime(2017, 8, 18, 14, 0, 0, tzinfo=UTC),
    datetime.datetime(2017, 8, 19, 3, 59, 59, tzinfo=UTC),
    datetime.datetime(2017, 8, 19, 4, 0, 0, tzinfo=UTC),
    datetime.datetime(2017, 8, 19, 9, 59, 59, tzinfo=UTC),
    datetime.datetime(2017, 8, 19, 10, 0, 0, tzinfo=UTC),
    datetime.datetime(2026, 11, 30, 5, 0, 0, tzinfo=UTC),
]


@pytest.mark.parametrize("at", INSTANTS)
def test_attached_counts_equal_with_counts_at_every_boundary(varied, at):
    expected = {
        inquiry.slug: {name: getattr(inquiry, name) for name in tallies.COUNT_NAMES}
        for inquiry in Inquiry.objects.with_counts(at)
    }
    rows = tallies.attach(Inquiry.objects.all(), at)
    got = {row.slug: {name: getattr(row, name) for name in tallies.COUNT_NAMES} for row in rows}
    assert got == expected


def test_counts_written_out_for_new_york_after_its_deadline(varied):
    at = datetime.datetime(2017, 8, 19, 4, 0, 0, tzinfo=UTC)  # 00:00 EDT Aug. 19
    (ny,) = tallies.attach(Inquiry.objects.filter(slug="ny"), at)
    (hnl,) = tallies.attach(Inquiry.objects.filter(slug="hnl"), at)
    (none,) = tallies.attach(Inquiry.objects.filter(slug="none"), at)
    (empty,) = tallies.attach(Inquiry.objects.filter(slug="empty"), at)
    # 3 pending + 2 acknowledged open; after Aug. 18 confirmed: pending Aug. 21, ack Aug. 25.
    assert (ny.response_count, ny.open_count, ny.received_count, ny.declined_count) == (7, 5, 1, 1)
    assert (ny.past_due_count, ny.overdue_count, ny.needs_check_count) == (5, 2, 3)
    # Still Aug. 18 in Honolulu (18:00 HST): nothing past due yet.
    assert (hnl.past_due_count, hnl.overdue_count, hnl.needs_check_count) == (0, 0, 0)
    # No deadline: never past due.
    assert (none.past_due_count, none.overdue_count, none.needs_check_count) == (0, 0, 0)
    assert none.response_count == 7
    assert (empty.response_count, empty.open_count, empty.past_due_count) == (0, 0, 0)


def test_naive_instant_is_refused(varied):
    with pytest.raises(ValueError, match="naive"):
        tallies.attach(Inquiry.objects.all(), datetime.datetime(2017, 8, 19))


@pytest.fixture
def committed(transactional_db, varied):
    """:func:`varied` really committed (each write moved the data
    generation), with an empty cache: the cache may be read and filled."""
    cache.clear()
    return varied


def test_tallies_are_counted_once_per_generation(committed, django_assert_num_queries):
    at = datetime.datetime(2017, 8, 19, 4, 0, 0, tzinfo=UTC)
    inquiries = list(Inquiry.objects.all())
    with django_assert_num_queries(1):  # one grouped count for every inquiry
        tallies.attach(inquiries, at)
    with django_assert_num_queries(0):  # from the cache
        rows = tallies.attach(inquiries, at)
    assert {row.slug: row.overdue_count for row in rows} == {
        "ny": 2,
        "hnl": 0,
        "guam": 2,
        "none": 0,
        "empty": 0,
    }


def test_a_committed_write_is_counted_at_the_next_read(committed):
    at = datetime.datetime(2017, 8, 19, 4, 0, 0, tzinfo=UTC)
    ny = Inquiry.objects.get(slug="ny")
    assert tallies.attach([ny], at)[0].response_count == 7
    _response(ny, "pending", D(2017, 8, 20))  # autocommit: bumps at once
    (row,) = tallies.attach([Inquiry.objects.get(slug="ny")], at)
    assert (row.response_count, row.overdue_count) == (8, 3)


def test_uncommitted_writes_read_around_the_cache(committed, django_assert_num_queries):
    at = datetime.datetime(2017, 8, 19, 4, 0, 0, tzinfo=UTC)
    ny = Inquiry.objects.get(slug="ny")
    tallies.attach([ny], at)  # cached for this generation
    with transaction.atomic():
        _response(ny, "pending", D(2017, 8, 20))  # not committed: no bump yet
        assert counting.writes_pending()
        with django_assert_num_queries(1):
            (row,) = tallies.attach([ny], at)
        assert row.response_count == 8
        transaction.set_rollback(True)
    assert not counting.writes_pending()
    with django_assert_num_queries(0):  # the rolled-back row never reached the cache
        (row,) = tallies.attach([ny], at)
    assert row.response_count == 7


def test_list_count_is_cached_per_generation_and_query(committed, django_assert_num_queries):
    pending = Response.objects.filter(status="pending")
    with django_assert_num_queries(1):
        assert counting.cached_count(pending) == 12
    with django_assert_num_queries(0):
        assert counting.cached_count(pending.order_by("-id")) == 12  # ordering: same count
    with django_assert_num_queries(1):  # another filter, another key
        assert counting.cached_count(Response.objects.filter(status="declined")) == 4
    freshness.bump()
    with django_assert_num_queries(1):
        assert counting.cached_count(pending) == 12


def test_paginator_counts_a_list_without_the_cache():
    paginator = counting.CachedCountPaginator(list(range(120)), 50)
    assert (paginator.count, paginator.num_pages) == (120, 3)
