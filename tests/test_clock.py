""" "Today" is the newsroom's date (DESIGN.md, "'Today' for editors is the
newsroom's date (a setting, default America/New_York), in form defaults,
actions and the future-date check").

The clock is frozen at 02:30 UTC on Aug. 19, 2017: 22:30 on Aug. 18 in
New York (EDT, UTC-4), the Justice Department's due day. For the newsroom
it is still Aug. 18, so Aug. 19 is "the future"; a check run in UTC, or in
the furthest zone on Earth, would wrongly accept it.
"""

import datetime

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse

from articles import clock
from articles.models import Publication, Response, not_in_the_future
from tests import factories

pytestmark = pytest.mark.django_db

#: 02:30 UTC on Aug. 19, 2017 = 22:30 EDT on Aug. 18.
NIGHT_OF_AUG_18 = datetime.datetime(2017, 8, 19, 2, 30, tzinfo=datetime.UTC)
AUG_18 = datetime.date(2017, 8, 18)
AUG_19 = datetime.date(2017, 8, 19)


@pytest.fixture
def night_of_aug_18():
    with time_machine.travel(NIGHT_OF_AUG_18, tick=False):
        yield


@pytest.fixture
def pending_baltimore(db):
    """Baltimore's pending answer to the Justice Department's questions
    (sent Aug. 3, due Aug. 18, 2017), on a draft inquiry."""
    inquiry = factories.InquiryFactory(
        sent_on=datetime.date(2017, 8, 3),
        due_on=AUG_18,
        publication=Publication.DRAFT,
    )
    city = factories.CityFactory(name="Baltimore", state="MD", slug="baltimore-md")
    return factories.ResponseFactory(inquiry=inquiry, city=city, status="pending")


def test_newsroom_today_is_new_yorks_date(night_of_aug_18):
    assert clock.newsroom_today() == AUG_18


def test_a_date_one_day_ahead_of_new_york_is_in_the_future(night_of_aug_18):
    with pytest.raises(ValidationError) as excinfo:
        not_in_the_future(AUG_19)
    assert excinfo.value.messages == ["Aug. 19, 2017 is in the future; enter the date it happened."]
    not_in_the_future(AUG_18)  # accepted


def test_response_as_of_defaults_to_new_yorks_today(night_of_aug_18):
    assert Response().as_of == AUG_18


def test_admin_add_form_starts_status_as_of_on_new_yorks_today(night_of_aug_18, admin_client):
    response = admin_client.get(reverse("admin:articles_response_add"))
    form = response.context["adminform"].form
    assert form["as_of"].value() == AUG_18
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.find("input", attrs={"name": "as_of"})["value"] == "2017-08-18"
    # The date widget's "Today" link follows the page's UTC offset: EDT.
    assert soup.body["data-admin-utc-offset"] == "-14400"


def test_admin_refuses_a_received_date_of_aug_19(night_of_aug_18, admin_client, pending_baltimore):
    response = admin_client.post(
        reverse("admin:articles_response_change", args=[pending_baltimore.pk]),
        {
            "inquiry": pending_baltimore.inquiry.pk,
            "city": pending_baltimore.city.pk,
            "status": "received",
            "received_on": "2017-08-19",
            "as_of": "2017-08-19",
        },
    )
    errors = response.context["adminform"].form.errors
    assert errors["received_on"] == ["Aug. 19, 2017 is in the future; enter the date it happened."]
    assert Response.objects.get(pk=pending_baltimore.pk).status == "pending"


def _mark_received_today(client, response):
    return client.post(
        reverse("admin:articles_response_changelist"),
        {"action": "mark_received_today", "_selected_action": [response.pk]},
        follow=True,
    )


def test_mark_received_today_records_new_yorks_date(
    night_of_aug_18, admin_client, pending_baltimore
):
    page = _mark_received_today(admin_client, pending_baltimore)
    stored = Response.objects.get(pk=pending_baltimore.pk)
    assert (stored.status, stored.received_on, stored.as_of) == ("received", AUG_18, AUG_18)
    messages = [str(m) for m in page.context["messages"]]
    assert messages == ["Marked 1 response received on Aug. 18, 2017."]


@override_settings(NEWSROOM_TIME_ZONE="Asia/Tokyo")
def test_another_newsroom_zone_moves_today(night_of_aug_18, admin_client, pending_baltimore):
    """In Tokyo (UTC+9) it is 11:30 on Aug. 19: that is today there."""
    assert clock.newsroom_today() == AUG_19
    not_in_the_future(AUG_19)
    with pytest.raises(ValidationError):
        not_in_the_future(datetime.date(2017, 8, 20))
    add = admin_client.get(reverse("admin:articles_response_add"))
    assert add.context["adminform"].form["as_of"].value() == AUG_19
    assert BeautifulSoup(add.content, "html.parser").body["data-admin-utc-offset"] == "32400"
    _mark_received_today(admin_client, pending_baltimore)
    assert Response.objects.get(pk=pending_baltimore.pk).received_on == AUG_19
