"""Reads shared by pages and API (articles/selectors.py)."""

import datetime

import pytest

from articles import selectors
from tests.factories import InquiryFactory, ResponseFactory

pytestmark = pytest.mark.django_db


def test_pending_list_puts_the_earliest_deadline_first_and_no_deadline_last():
    none = ResponseFactory(inquiry=InquiryFactory(title="A no deadline", sent_on=None, due_on=None))
    later = ResponseFactory(inquiry=InquiryFactory(due_on=datetime.date(2017, 9, 1)))
    sooner = ResponseFactory(inquiry=InquiryFactory(due_on=datetime.date(2017, 8, 18)))
    assert list(selectors.responses_open(user=None)) == [sooner, later, none]


def test_pending_list_leaves_out_answered_and_draft_responses():
    open_one = ResponseFactory()
    ResponseFactory(status="received", received_on=datetime.date(2017, 8, 4))
    ResponseFactory(inquiry=InquiryFactory(publication="draft"))
    assert list(selectors.responses_open(user=None)) == [open_one]


def test_response_list_reports_bad_filters_by_parameter():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as excinfo:
        selectors.response_list(user=None, filters={"status": "bogus", "overdue": "maybe"})
    assert set(excinfo.value.message_dict) == {"status", "overdue"}
    assert excinfo.value.message_dict["overdue"] == ["Enter true or false."]
