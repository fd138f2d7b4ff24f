"""The row badges of response tables ({% status_badge %}, {% deadline_state %}
in articles/templatetags/tracker_tags.py) write the same HTML as the
component templates they replace in lists (components/status_badge.html,
components/deadline_state.html)."""

import datetime

import pytest
from django.template import engines

from articles.models import Response
from tests.factories import InquiryFactory, ResponseFactory

pytestmark = pytest.mark.django_db

INCLUDES = engines["django"].from_string(
    '{% include "articles/components/status_badge.html" %}|'
    '{% include "articles/components/deadline_state.html" %}'
)
TAGS = engines["django"].from_string(
    "{% load tracker_tags %}{% status_badge response %}|{% deadline_state response %}"
)

CASES = [
    # status, received_on, deadline state
    ("pending", None, "overdue"),
    ("acknowledged", None, "needs_check"),
    ("pending", None, "not_yet_due"),
    ("pending", None, "no_deadline"),
    ("received", datetime.date(2017, 8, 25), "answered_late"),
    ("declined", datetime.date(2017, 9, 30), "answered_late"),
    ("received", datetime.date(2017, 8, 10), "answered_on_time"),
    ("declined", datetime.date(2017, 8, 10), "answered_on_time"),
]


def _squash(html: str) -> str:
    """Whitespace as the browser reads it; the include adds a line break."""
    return " ".join(html.split()).replace(" |", "|").replace("| ", "|")


@pytest.mark.parametrize(("status", "received_on", "state"), CASES)
def test_tags_write_what_the_includes_write(status, received_on, state):
    inquiry = InquiryFactory()
    response = ResponseFactory(
        inquiry=inquiry,
        status=status,
        received_on=received_on,
        acknowledged_on=datetime.date(2017, 8, 5) if status == "acknowledged" else None,
    )
    response = Response.objects.select_related("inquiry", "city").get(pk=response.pk)
    response.deadline_state = state
    expected = _squash(INCLUDES.render({"response": response}))
    assert _squash(TAGS.render({"response": response})) == expected
    # and the words are the ones readers know (methodology page)
    words = {
        "overdue": "Overdue",
        "needs_check": "Deadline passed",
        "not_yet_due": "Not yet due",
        "no_deadline": "No deadline",
        "answered_on_time": "by the deadline",
        "answered_late": "after the deadline",
    }[state]
    assert words in expected


def test_days_late_are_counted_in_words():
    response = ResponseFactory(status="received", received_on=datetime.date(2017, 8, 25))
    response = Response.objects.select_related("inquiry").get(pk=response.pk)
    response.deadline_state = "answered_late"
    # due Aug. 18, answered Aug. 25: seven days late
    assert "Answered 7 days after the deadline" in TAGS.render({"response": response})
