"""Segmented pages (articles/paging.py): every page of the response lists is
exactly the page Django's Paginator gives over the plain ordered queryset,
at a cost that does not grow with the page number."""

import datetime

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles import selectors
from articles.models import Response
from articles.paging import SegmentedRows
from tests.factories import CityFactory, InquiryFactory, ResponseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def spread():
    """Five inquiries (two share a deadline and a title, one has no
    deadline) with 0-9 responses each, mixed statuses and answer days,
    cities named so that city order differs from id order."""
    names = ["Yuma", "Akron", "Mesa", "Boise", "Ogden", "Tulsa", "Provo", "Erie", "Gary"]
    cities = [CityFactory(name=name, state="AZ", slug=f"{name.lower()}-az") for name in names]
    inquiries = [
        InquiryFactory(title="Same title", due_on=datetime.date(2017, 8, 18)),
        InquiryFactory(title="Same title", due_on=datetime.date(2017, 8, 18)),
        InquiryFactory(title="Alpha", due_on=datetime.date(2017, 9, 1)),
        InquiryFactory(title="Beta", due_on=None),
        InquiryFactory(
            title="Empty", sent_on=datetime.date(2017, 6, 1), due_on=datetime.date(2017, 7, 1)
        ),
    ]
    for n, (inquiry, size) in enumerate(zip(inquiries, (9, 7, 4, 6, 0), strict=True)):
        for k in range(size):
            answered = (k + n) % 3 == 0
            ResponseFactory(
                inquiry=inquiry,
                city=cities[(k * 5 + n) % len(cities)],
                status=Response.Status.RECEIVED if answered else Response.Status.PENDING,
                received_on=datetime.date(2017, 8, 10 + (k % 2)) if answered else None,
            )
    return inquiries


@pytest.mark.parametrize("closed", [False, True])
@pytest.mark.parametrize("per_page", [1, 2, 3, 5, 50])
def test_every_page_matches_the_plain_paginator(spread, closed, per_page):
    selector = selectors.responses_closed if closed else selectors.responses_open
    plain = Paginator(selector(user=None), per_page)
    segmented = Paginator(
        selectors.response_list_rows(selector(user=None), closed=closed), per_page
    )
    expected_total = Response.objects.filter(
        status__in=["received", "declined"] if closed else ["pending", "acknowledged"]
    ).count()
    assert plain.count == segmented.count == expected_total
    assert plain.num_pages == segmented.num_pages
    for number in plain.page_range:
        assert [r.pk for r in segmented.page(number)] == [r.pk for r in plain.page(number)]


def test_pending_order_is_deadline_then_title_then_inquiry_then_city(spread):
    rows = list(selectors.responses_open(user=None))
    keys = [
        (r.inquiry.due_on is None, r.inquiry.due_on, r.inquiry.title, r.inquiry_id, r.city.name)
        for r in rows
    ]
    assert keys == sorted(keys)
    # The two "Same title" inquiries (due Aug. 18) come first, the first made first;
    # "Beta", with no deadline, comes last.
    assert rows[0].inquiry == spread[0]
    assert rows[-1].inquiry.title == "Beta"


@pytest.mark.django_db(transaction=True)
def test_a_page_is_one_query_at_any_depth_once_the_tally_is_cached(spread):
    """Committed data (a transactional test): the tally is cached. Inside a
    transaction with uncommitted writes nothing is read from or put in the
    cache (freshness.writes_pending)."""
    rows = selectors.response_list_rows(selectors.responses_open(user=None), closed=False)
    with CaptureQueriesContext(connection) as first:
        total = rows.count()
    assert len(first) == 1  # the grouped tally
    again = selectors.response_list_rows(selectors.responses_open(user=None), closed=False)
    for start in (0, 5, total - 2):
        with CaptureQueriesContext(connection) as page:
            list(again[start : start + 2])
        assert len(page) == 1


def test_a_write_starts_a_new_tally(spread):
    rows = selectors.response_list_rows(selectors.responses_open(user=None), closed=False)
    before = rows.count()
    ResponseFactory(inquiry=spread[4], city=CityFactory(name="Zion", state="IL", slug="zion-il"))
    after = selectors.response_list_rows(selectors.responses_open(user=None), closed=False)
    assert after.count() == before + 1


def test_slices_past_the_end_are_empty_and_steps_are_refused(spread):
    rows = SegmentedRows(
        selectors.responses_open(user=None),
        keys=("inquiry_id",),
        segment_order=("inquiry_id",),
        identity=("inquiry_id",),
        name="test",
    )
    assert rows[1000:1050] == []
    with pytest.raises(TypeError):
        rows[0:10:2]
