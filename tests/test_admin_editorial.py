"""The editors' admin (articles/admin.py): status moves, "status as of"
brought forward, the inquiry's dates on the response form, crafted date
drill-downs, the bulk action keeping the selection, one history record per
save with the editor's reason, and the history and revert pages."""

import datetime

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.contrib.messages import get_messages
from django.db import connection
from django.urls import reverse

from articles import models
from tests import factories

AUG_3 = datetime.date(2017, 8, 3)
AUG_10 = datetime.date(2017, 8, 10)
AUG_18 = datetime.date(2017, 8, 18)


@pytest.fixture
def justice(db):
    """The Justice Department's questions (sent Aug. 3, due Aug. 18, 2017,
    Eastern time), still a draft: a reason for change is optional."""
    doj = factories.OrganizationFactory(
        name="U.S. Justice Department", kind=models.Organization.Kind.FEDERAL_AGENCY
    )
    return factories.InquiryFactory(
        title="Justice Department questions on sanctuary policies",
        requester=doj,
        opening_event="announced",  # "In making the announcement"
        sent_on=AUG_3,
        due_on=AUG_18,
        due_timezone="America/New_York",
        publication=models.Publication.DRAFT,
    )


@pytest.fixture
def published(justice):
    justice.publication = models.Publication.PUBLISHED
    justice.save()
    return justice


@pytest.fixture
def baltimore(db):
    return factories.CityFactory(name="Baltimore", state="MD", slug="baltimore-md")


@pytest.fixture
def stockton(db):
    return factories.CityFactory(name="Stockton", state="CA", slug="stockton-ca")


@pytest.fixture
def letter(db):
    return factories.SourceFactory(title="Letter from the Justice Department to Baltimore")


def _url(model, view: str, *args) -> str:
    return reverse(f"admin:articles_{model._meta.model_name}_{view}", args=args)


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _form_errors(response) -> dict:
    return response.context["adminform"].form.errors


def _response_post(response: models.Response, **overrides) -> dict:
    """The change form as the editor sees it, with ``overrides``."""
    data = {
        "inquiry": str(response.inquiry_id),
        "city": str(response.city_id),
        "status": response.status,
        "acknowledged_on": response.acknowledged_on.isoformat() if response.acknowledged_on else "",
        "received_on": response.received_on.isoformat() if response.received_on else "",
        "as_of": response.as_of.isoformat(),
        # A field with a callable default also sends its initial value (as a browser does).
        "initial-as_of": response.as_of.isoformat(),
        "organization": "",
        "respondent": "",
        "summary": response.summary,
        "text": response.text,
        "sources": [str(s.pk) for s in response.sources.all()],
        "change_reason": "",
        # The version the page was opened at (every admin form carries it).
        "based_on_version": str(response.version),
    }
    data.update(overrides)
    return data


def _page_version(client, url) -> str:
    """The version a change (or revert) page's form is based on, as a
    browser would post it back."""
    return str(client.get(url).context["adminform"].form["based_on_version"].value())


def _soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


# --- status moves ------------------------------------------------------------------


def test_admin_refuses_acknowledged_back_to_pending_on_the_status_field(
    admin_client, justice, baltimore
):
    obj = factories.ResponseFactory(
        inquiry=justice, city=baltimore, status="acknowledged", acknowledged_on=AUG_10
    )
    response = admin_client.post(
        _url(models.Response, "change", obj.pk),
        _response_post(obj, status="pending", acknowledged_on="", change_reason="Mistake"),
    )
    assert response.status_code == 200
    assert _form_errors(response)["status"] == [
        "A response cannot go from acknowledged to pending. "
        "From acknowledged it may move to received or declined."
    ]
    obj.refresh_from_db()
    assert (obj.status, obj.acknowledged_on) == ("acknowledged", AUG_10)
    assert obj.history.count() == 1


def test_admin_reopening_a_received_response_needs_a_reason(
    admin_client, editor, justice, baltimore
):
    obj = factories.ResponseFactory(
        inquiry=justice, city=baltimore, status="received", received_on=AUG_10
    )
    url = _url(models.Response, "change", obj.pk)
    refused = admin_client.post(url, _response_post(obj, status="pending", received_on=""))
    assert _form_errors(refused)["change_reason"] == [
        "Moving a received response to pending reopens it: give the reason for the change."
    ]
    assert models.Response.objects.get(pk=obj.pk).status == "received"

    reason = "The answer was Stockton's, filed under Baltimore."
    saved = admin_client.post(
        url, _response_post(obj, status="pending", received_on="", change_reason=reason)
    )
    assert saved.status_code == 302
    obj.refresh_from_db()
    assert (obj.status, obj.received_on) == ("pending", None)
    latest = obj.history.first()
    assert (latest.history_change_reason, latest.history_user) == (reason, editor)


def test_inline_row_reopening_needs_the_pages_reason(admin_client, justice, baltimore):
    obj = factories.ResponseFactory(
        inquiry=justice, city=baltimore, status="declined", received_on=AUG_10
    )
    data = {
        "title": justice.title,
        "slug": justice.slug,
        "kind": justice.kind,
        "requester": str(justice.requester_id),
        "opening_event": "announced",
        "sent_on": "2017-08-03",
        "due_on": "2017-08-18",
        "due_timezone": "America/New_York",
        "questions": "",
        "description": "",
        "sources": [],
        "based_on_version": str(justice.version),
        "responses-TOTAL_FORMS": "1",
        "responses-INITIAL_FORMS": "1",
        "responses-MIN_NUM_FORMS": "0",
        "responses-MAX_NUM_FORMS": "1000",
        "responses-0-id": str(obj.pk),
        "responses-0-inquiry": str(justice.pk),
        "responses-0-city": str(baltimore.pk),
        "responses-0-status": "pending",
        "responses-0-received_on": "",
        "responses-0-as_of": "2017-08-10",
        "responses-0-based_on_version": str(obj.version),
        "change_reason": "",
    }
    url = _url(models.Inquiry, "change", justice.pk)
    refused = admin_client.post(url, data)
    assert refused.status_code == 200
    row = refused.context["inline_admin_formsets"][0].formset.forms[0]
    assert row.errors["status"] == [
        "Moving a declined response to pending reopens it: give the reason for the change. "
        "Give it in “Reason for change” at the foot of the page."
    ]
    assert models.Response.objects.get(pk=obj.pk).status == "declined"

    saved = admin_client.post(url, {**data, "change_reason": "Baltimore withdrew its refusal."})
    assert saved.status_code == 302
    obj.refresh_from_db()
    assert obj.status == "pending"
    assert obj.history.first().history_change_reason == "Baltimore withdrew its refusal."


def test_admin_setting_a_received_date_moves_status_as_of_forward(admin_client, justice, baltimore):
    """The editor records Baltimore's answer of Aug. 18 and leaves "status
    as of" at Aug. 3: it moves to Aug. 18, as the service does, instead of
    an error that the status was confirmed before the answer came."""
    obj = factories.ResponseFactory(inquiry=justice, city=baltimore, status="pending", as_of=AUG_3)
    response = admin_client.post(
        _url(models.Response, "change", obj.pk),
        _response_post(obj, status="received", received_on="2017-08-18", as_of="2017-08-03"),
    )
    assert response.status_code == 302
    obj.refresh_from_db()
    assert (obj.status, obj.received_on, obj.as_of) == ("received", AUG_18, AUG_18)


def test_admin_keeps_a_later_status_as_of(admin_client, justice, baltimore):
    obj = factories.ResponseFactory(inquiry=justice, city=baltimore, status="pending", as_of=AUG_3)
    admin_client.post(
        _url(models.Response, "change", obj.pk),
        _response_post(
            obj, status="acknowledged", acknowledged_on="2017-08-10", as_of="2017-08-18"
        ),
    )
    obj.refresh_from_db()
    assert (obj.acknowledged_on, obj.as_of) == (AUG_10, AUG_18)


# --- the inquiry's dates on the response form --------------------------------------


def _inquiry_dates(response) -> str:
    cell = _soup(response).select_one(".field-inquiry_dates .readonly")
    return " ".join(cell.get_text(" ", strip=True).split())


def test_response_change_form_shows_the_inquirys_sent_and_due_dates(
    admin_client, justice, baltimore
):
    obj = factories.ResponseFactory(inquiry=justice, city=baltimore)
    page = admin_client.get(_url(models.Response, "change", obj.pk))
    assert (
        _inquiry_dates(page)
        == "Announced Aug. 3, 2017 · due by the end of Aug. 18, 2017, Eastern time"
    )


def test_response_form_names_the_deadlines_own_zone_and_no_deadline(admin_client, baltimore):
    pacific = factories.InquiryFactory(
        sent_on=datetime.date(2017, 9, 5),
        due_on=datetime.date(2017, 9, 29),
        due_timezone="America/Los_Angeles",
    )
    open_ended = factories.InquiryFactory(sent_on=AUG_3, due_on=None)
    with_zone = factories.ResponseFactory(inquiry=pacific, city=baltimore)
    without = factories.ResponseFactory(inquiry=open_ended, city=baltimore)
    assert (
        _inquiry_dates(admin_client.get(_url(models.Response, "change", with_zone.pk)))
        == "Sent Sept. 5, 2017 · due by the end of Sept. 29, 2017, Pacific time"
    )
    assert (
        _inquiry_dates(admin_client.get(_url(models.Response, "change", without.pk)))
        == "Sent Aug. 3, 2017 · no deadline"
    )


def test_response_add_form_shows_the_dates_once_an_inquiry_is_chosen(
    admin_client, justice, baltimore
):
    blank = admin_client.get(_url(models.Response, "add"))
    assert _inquiry_dates(blank) == "Shown once the response is saved with an inquiry."
    sent_back = admin_client.post(
        _url(models.Response, "add"),
        {
            "inquiry": str(justice.pk),
            "city": str(baltimore.pk),
            "status": "received",  # without its date: the form comes back
            "as_of": "2017-08-10",
        },
    )
    assert sent_back.status_code == 200
    assert _inquiry_dates(sent_back) == (
        "Announced Aug. 3, 2017 · due by the end of Aug. 18, 2017, Eastern time"
    )


# --- crafted date drill-downs --------------------------------------------------------

DATE_HIERARCHIES = [
    (models.Response, "as_of"),
    (models.Inquiry, "sent_on"),
    (models.Claim, "stated_on"),
    (models.Source, "published_on"),
]

CRAFTED = [
    ({"__year": "9999"}, "__year=9999: enter a whole number from 1 to 9998"),
    (
        {"__year": "99999999999999999999"},
        "__year=99999999999999999999: enter a whole number from 1 to 9998",
    ),
    ({"__year": "2017", "__month": "13"}, "__month=13: enter a whole number from 1 to 12"),
    (
        {"__year": "2017", "__month": "8", "__day": "40"},
        "__day=40: enter a whole number from 1 to 31",
    ),
    ({"__year": "twenty"}, "__year=twenty: enter a whole number from 1 to 9998"),
    ({"__month": "99999999999999999999"}, "__month=99999999999999999999: enter a whole"),
    ({"__year": "-1"}, "__year=-1: enter a whole number from 1 to 9998"),
]


@pytest.mark.parametrize(
    ("model", "field"), DATE_HIERARCHIES, ids=lambda v: getattr(v, "__name__", v)
)
@pytest.mark.parametrize(("params", "message"), CRAFTED)
def test_crafted_date_drilldown_is_an_error_message_not_a_500(
    admin_client, baltimore, model, field, params, message
):
    factories.ResponseFactory(city=baltimore)
    factories.CitationFactory()
    query = {f"{field}{suffix}": value for suffix, value in params.items()}
    response = admin_client.get(_url(model, "changelist"), {**query, "q": "a"}, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain == [(_url(model, "changelist") + "?q=a", 302)]
    (shown,) = _messages(response)
    assert shown.startswith(f"Date filter ignored: {field}{message}")


def test_a_day_that_does_not_exist_is_an_error_message(admin_client, baltimore):
    response = admin_client.get(
        _url(models.Response, "changelist"),
        {"as_of__year": "2017", "as_of__month": "2", "as_of__day": "30"},
        follow=True,
    )
    assert response.status_code == 200
    assert _messages(response) == [
        "Date filter ignored: as_of: there is no day 30 in month 2 of 2017."
    ]


def test_a_real_drilldown_still_filters(admin_client, justice, baltimore, stockton):
    august = factories.ResponseFactory(inquiry=justice, city=baltimore, as_of=AUG_10)
    factories.ResponseFactory(inquiry=justice, city=stockton, as_of=datetime.date(2018, 1, 5))
    response = admin_client.get(
        _url(models.Response, "changelist"), {"as_of__year": "2017", "as_of__month": "8"}
    )
    assert [r.pk for r in response.context["cl"].result_list] == [august.pk]


def test_the_last_drillable_year_answers(admin_client, baltimore):
    response = admin_client.get(
        _url(models.Response, "changelist"),
        {"as_of__year": "9998", "as_of__month": "12", "as_of__day": "31"},
    )
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == []


def test_a_key_too_large_for_the_database_is_not_a_500(admin_client, baltimore):
    """SQLite's driver refuses an integer past 64 bits: the list comes
    back whole with a message. PostgreSQL compares it as a number: it
    names no row."""
    factories.ResponseFactory(city=baltimore)
    url = _url(models.Response, "changelist")
    response = admin_client.get(url, {"id__in": "99999999999999999999"}, follow=True)
    assert response.status_code == 200
    rows = len(response.context["cl"].result_list)
    if connection.vendor == "sqlite":
        assert (rows, response.redirect_chain) == (1, [(url, 302)])
        assert _messages(response) == [
            "Filter ignored: a number in the address is too large to look up."
        ]
    else:
        assert rows == 0


def test_a_year_too_large_for_python_is_an_error_message(admin_client, baltimore):
    factories.ResponseFactory(city=baltimore)
    url = _url(models.Response, "changelist")
    response = admin_client.get(url, {"as_of__year__gte": "99999999999999999999"}, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain == [(url, 302)]
    assert len(response.context["cl"].result_list) == 1
    assert _messages(response) == [
        "Filter ignored: a number in the address is too large to look up."
    ]


# --- the bulk action refuses answered responses and keeps the selection -----------


def test_bulk_mark_received_refuses_declined_and_keeps_the_selection(
    admin_client, justice, baltimore, stockton
):
    pending = factories.ResponseFactory(inquiry=justice, city=baltimore)
    declined = factories.ResponseFactory(
        inquiry=justice, city=stockton, status="declined", received_on=AUG_10
    )
    unselected = factories.ResponseFactory(inquiry=justice)
    response = admin_client.post(
        _url(models.Response, "changelist"),
        {"action": "mark_received_today", "_selected_action": [pending.pk, declined.pk]},
        follow=True,
    )
    assert response.status_code == 200
    ((location, _),) = response.redirect_chain
    assert location == _url(models.Response, "changelist") + f"?id__in={pending.pk},{declined.pk}"
    shown = sorted(r.pk for r in response.context["cl"].result_list)
    assert shown == sorted([pending.pk, declined.pk])
    assert unselected.pk not in shown
    assert _messages(response) == [
        "Nothing was changed: Already declined: Stockton, CA — "
        "Justice Department questions on sanctuary policies (declined Aug. 10, 2017)."
    ]
    assert models.Response.objects.get(pk=pending.pk).status == "pending"
    assert models.Response.objects.get(pk=declined.pk).received_on == AUG_10


# --- one history record per save, with the editor's reason ----------------------------


def test_one_save_with_a_new_source_writes_one_history_record(
    admin_client, editor, published, baltimore, letter
):
    obj = factories.ResponseFactory(inquiry=published, city=baltimore)
    before = obj.history.count()
    response = admin_client.post(
        _url(models.Response, "change", obj.pk),
        _response_post(
            obj,
            summary="The department asked for documents by Aug. 18.",
            sources=[str(letter.pk)],
            change_reason="Added the department's letter.",
        ),
    )
    assert response.status_code == 302
    assert obj.history.count() == before + 1
    latest = obj.history.first()
    assert latest.history_user == editor
    assert latest.history_change_reason == "Added the department's letter."
    assert latest.summary == "The department asked for documents by Aug. 18."
    assert [row.source_id for row in latest.sources.all()] == [letter.pk]
    assert {c.field for c in latest.diff_against(latest.prev_record).changes} == {
        "summary",
        "sources",
    }


def test_history_page_shows_the_reason_and_both_changes(admin_client, published, baltimore, letter):
    obj = factories.ResponseFactory(inquiry=published, city=baltimore)
    admin_client.post(
        _url(models.Response, "change", obj.pk),
        _response_post(
            obj,
            summary="Asked for documents.",
            sources=[str(letter.pk)],
            change_reason="Added the department's letter.",
        ),
    )
    page = admin_client.get(_url(models.Response, "history", obj.pk))
    table = _soup(page).find("table", id="change-history")
    first_row = table.find("tbody").find("tr")
    cells = [" ".join(td.get_text(" ", strip=True).split()) for td in first_row.find_all("td")]
    # Object, Date/time, Comment, Changed by, Change reason, Changes
    assert cells[2:5] == ["Changed", "editor", "Added the department's letter."]
    changed = [li.find("strong").get_text(strip=True) for li in first_row.find_all("li")]
    assert sorted(changed) == ["Sources:", "Summary:"]


def test_inquiry_added_with_sources_has_one_history_record_holding_them(
    admin_client, editor, letter
):
    doj = factories.OrganizationFactory(name="U.S. Justice Department")
    response = admin_client.post(
        _url(models.Inquiry, "add"),
        {
            "title": "Justice Department questions on sanctuary policies",
            "slug": "justice-department-questions",
            "kind": "government_request",
            "requester": str(doj.pk),
            "opening_event": "sent",
            "sent_on": "2017-08-03",
            "due_on": "2017-08-18",
            "due_timezone": "America/New_York",
            "questions": "",
            "description": "",
            "sources": [str(letter.pk)],
            "change_reason": "",
            "responses-TOTAL_FORMS": "0",
            "responses-INITIAL_FORMS": "0",
            "responses-MIN_NUM_FORMS": "0",
            "responses-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302
    inquiry = models.Inquiry.objects.get(slug="justice-department-questions")
    (record,) = inquiry.history.all()
    assert (record.history_type, record.history_user) == ("+", editor)
    assert record.history_change_reason == "Added in the admin"
    assert [row.source_id for row in record.sources.all()] == [letter.pk]


def test_changing_a_published_response_needs_a_reason(admin_client, published, baltimore):
    obj = factories.ResponseFactory(inquiry=published, city=baltimore)
    page = admin_client.get(_url(models.Response, "change", obj.pk))
    reason_input = _soup(page).find("textarea", attrs={"name": "change_reason"})
    assert reason_input.has_attr("required")
    response = admin_client.post(
        _url(models.Response, "change", obj.pk), _response_post(obj, summary="Quiet change")
    )
    assert response.status_code == 200
    assert _form_errors(response)["change_reason"] == [
        "Readers can see this response: say why you are changing it."
    ]
    assert models.Response.objects.get(pk=obj.pk).summary == ""
    assert obj.history.count() == 1


def test_changing_a_draft_needs_no_reason_and_records_the_fields(
    admin_client, justice, baltimore, letter
):
    obj = factories.ResponseFactory(inquiry=justice, city=baltimore)
    page = admin_client.get(_url(models.Response, "change", obj.pk))
    assert not _soup(page).find("textarea", attrs={"name": "change_reason"}).has_attr("required")
    admin_client.post(
        _url(models.Response, "change", obj.pk),
        _response_post(obj, summary="Asked for documents.", sources=[str(letter.pk)]),
    )
    assert obj.history.first().history_change_reason == "Changed in the admin: Summary, Sources"


@pytest.mark.parametrize(
    ("publication", "status_code"), [("published", 200), ("draft", 302)], ids=["published", "draft"]
)
def test_claims_need_a_reason_once_published(admin_client, publication, status_code):
    claim = factories.ClaimFactory(publication=publication)
    response = admin_client.post(
        _url(models.Claim, "change", claim.pk),
        {
            "text": claim.text,
            "slug": claim.slug,
            "wording": "direct",
            "claimant": str(claim.claimant_id),
            "claimant_organization": "",
            "city": "",
            "stated_on": "2017-08-03",
            "rating": "",
            "rating_explanation": "Checked against the transcript.",
            "based_on_version": str(claim.version),
            "change_reason": "",
            "citations-TOTAL_FORMS": "0",
            "citations-INITIAL_FORMS": "0",
            "citations-MIN_NUM_FORMS": "0",
            "citations-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == status_code
    stored = models.Claim.objects.get(pk=claim.pk).rating_explanation
    assert stored == ("" if publication == "published" else "Checked against the transcript.")


# --- history and revert pages ------------------------------------------------------------


def _breadcrumbs(response) -> list[tuple[str, str | None]]:
    crumbs = _soup(response).select("nav ol.breadcrumbs li")
    return [
        (" ".join(li.get_text(" ", strip=True).split()), li.a["href"] if li.a else None)
        for li in crumbs
    ]


def test_history_page_breadcrumbs(admin_client, justice, baltimore):
    obj = factories.ResponseFactory(inquiry=justice, city=baltimore)
    page = admin_client.get(_url(models.Response, "history", obj.pk))
    assert _breadcrumbs(page) == [
        ("Home", "/admin/"),
        ("Tracker", "/admin/articles/"),
        ("Responses", "/admin/articles/response/"),
        (
            "Baltimore, MD — Justice Department questions on sanctuary policies",
            f"/admin/articles/response/{obj.pk}/change/",
        ),
        ("History", None),
    ]


def test_revert_page_breadcrumbs_name_the_model_not_its_history(admin_client, justice, baltimore):
    with time_machine.travel(datetime.datetime(2017, 8, 4, 15, 0, tzinfo=datetime.UTC)):
        obj = factories.ResponseFactory(inquiry=justice, city=baltimore)
    version = obj.history.get()
    page = admin_client.get(_url(models.Response, "simple_history", obj.pk, version.history_id))
    assert page.status_code == 200
    soup = _soup(page)
    assert soup.find("div", class_="breadcrumbs") is None  # django-simple-history's old markup
    assert _breadcrumbs(page) == [
        ("Home", "/admin/"),
        ("Tracker", "/admin/articles/"),
        ("Responses", "/admin/articles/response/"),
        (
            "Baltimore, MD — Justice Department questions on sanctuary policies",
            f"/admin/articles/response/{obj.pk}/change/",
        ),
        ("History", f"/admin/articles/response/{obj.pk}/history/"),
        # 15:00 UTC is 11 a.m. in New York (EDT).
        ("Version of Aug. 4, 2017, 11 a.m.", None),
    ]
    assert "model-response" in soup.body["class"]  # not "historicalresponse"


def test_revert_goes_through_the_services_with_the_reason(admin_client, editor, justice, baltimore):
    with time_machine.travel(datetime.datetime(2017, 8, 4, 15, 0, tzinfo=datetime.UTC)):
        obj = factories.ResponseFactory(
            inquiry=justice, city=baltimore, summary="Pending, per the department."
        )
    first = obj.history.get()
    obj.summary = "Edited later"
    obj.save()
    url = _url(models.Response, "simple_history", obj.pk, first.history_id)
    response = admin_client.post(
        url,
        _response_post(
            first.instance, sources=[], based_on_version=_page_version(admin_client, url)
        ),
    )
    assert response.status_code == 302
    obj.refresh_from_db()
    assert obj.summary == "Pending, per the department."
    latest = obj.history.first()
    assert latest.history_user == editor
    assert latest.history_change_reason == "Reverted in the admin to the version of Aug. 4, 2017"


def test_reverting_a_received_response_to_pending_needs_a_reason(admin_client, justice, baltimore):
    obj = factories.ResponseFactory(inquiry=justice, city=baltimore, status="pending")
    first = obj.history.get()
    obj.status, obj.received_on, obj.as_of = "received", AUG_10, AUG_10
    obj.save()
    url = _url(models.Response, "simple_history", obj.pk, first.history_id)
    version = _page_version(admin_client, url)
    refused = admin_client.post(url, _response_post(first.instance, based_on_version=version))
    assert refused.status_code == 200
    assert _form_errors(refused)["change_reason"] == [
        "Moving a received response to pending reopens it: give the reason for the change."
    ]
    assert models.Response.objects.get(pk=obj.pk).status == "received"
    saved = admin_client.post(
        url,
        _response_post(
            first.instance, change_reason="Marked received by mistake.", based_on_version=version
        ),
    )
    assert saved.status_code == 302
    assert models.Response.objects.get(pk=obj.pk).status == "pending"


@pytest.mark.parametrize(
    "path",
    [
        "abc/history/",
        "{pk}/history/abc/",
        "99999999999999999999/history/",
        "{pk}/history/99999999999999999999/",
    ],
)
def test_crafted_history_addresses_are_404(admin_client, justice, baltimore, path):
    obj = factories.ResponseFactory(inquiry=justice, city=baltimore)
    url = "/admin/articles/response/" + path.format(pk=obj.pk)
    assert admin_client.get(url).status_code == 404


# --- crafted addresses and posts (a newcomer's review) -----------------------------


@pytest.mark.parametrize(
    ("model", "query"),
    [
        ("response", "received_on__year=0"),
        ("response", "received_on__year=-1"),
        ("response", "acknowledged_on__year=99999"),
        ("response", "as_of__iso_year=0"),
        ("inquiry", "due_on__year=99999"),
        ("inquiry", "due_on__year=0"),
    ],
)
def test_year_lookups_on_any_date_field_are_refused_without_a_server_error(
    admin_client, seeded, model, query
):
    url = reverse(f"admin:articles_{model}_changelist")
    response = admin_client.get(f"{url}?{query}")
    assert response.status_code == 302
    assert response["Location"] == url
    (message,) = [str(m) for m in get_messages(response.wsgi_request)]
    assert message.startswith("Filter ignored: a value in the address cannot be looked up")


@pytest.mark.parametrize("selected", ["abc", "1.5", "", "99999999999999999999"])
@pytest.mark.parametrize(
    ("url_name", "action"),
    [
        ("admin:articles_response_changelist", "mark_received_today"),
        ("admin:articles_city_changelist", "delete_selected"),
        ("admin:users_user_changelist", "delete_selected"),
    ],
)
def test_forged_action_selection_is_an_error_message(
    admin_client, seeded, url_name, action, selected
):
    url = reverse(url_name)
    response = admin_client.post(
        url, {"action": action, "_selected_action": [selected], "index": "0"}
    )
    assert response.status_code == 302
    (message,) = [str(m) for m in get_messages(response.wsgi_request)]
    assert message.startswith("Nothing was changed: the selection holds")
    assert models.City.objects.count() == 4  # nothing deleted


# --- corrections: a change to a published fact comes with a note readers see -------------


NOTE = "Baltimore's police department said on Aug. 10 it will answer."


def test_changing_a_published_responses_status_needs_a_note_and_keeps_the_input(
    admin_client, editor, published, baltimore
):
    obj = factories.ResponseFactory(inquiry=published, city=baltimore)
    url = _url(models.Response, "change", obj.pk)
    page = admin_client.get(url)
    form = _soup(page).find("form", id="response_form")
    assert form.find("textarea", attrs={"name": "correction"}) is not None
    data = _response_post(
        obj,
        status="acknowledged",
        acknowledged_on="2017-08-10",
        change_reason="The chief called back.",
    )
    refused = admin_client.post(url, data)
    assert refused.status_code == 200
    assert _form_errors(refused)["correction"] == [
        "Readers can see this response: changing its status, acknowledged on needs a "
        "correction or update note, shown to readers at the foot of the page. Write the note, "
        "or leave the status, acknowledged on as it was."
    ]
    bound = refused.context["adminform"].form
    assert (bound["status"].value(), bound["acknowledged_on"].value()) == (
        "acknowledged",
        "2017-08-10",
    )
    assert models.Response.objects.get(pk=obj.pk).status == "pending"

    saved = admin_client.post(url, {**data, "correction_kind": "update", "correction": NOTE})
    assert saved.status_code == 302
    obj.refresh_from_db()
    assert (obj.status, obj.acknowledged_on) == ("acknowledged", AUG_10)
    (note,) = models.Correction.objects.filter(response=obj)
    assert (note.kind, note.text, note.created_by) == ("update", NOTE, editor)
    assert obj.history.first().history_change_reason == "The chief called back."


def test_a_note_written_with_a_change_that_needs_none_is_published_too(
    admin_client, published, baltimore
):
    obj = factories.ResponseFactory(inquiry=published, city=baltimore)
    response = admin_client.post(
        _url(models.Response, "change", obj.pk),
        _response_post(
            obj,
            summary="Asked for documents.",
            change_reason="Summary",
            correction_kind="clarification",
            correction="The summary now says what the department asked for.",
        ),
    )
    assert response.status_code == 302
    (note,) = models.Correction.objects.filter(response=obj)
    assert note.kind == "clarification"


def test_a_note_on_a_draft_is_refused(admin_client, justice, baltimore):
    """A draft has no correction-note field; one posted anyway is ignored
    by the form, and nothing is published."""
    obj = factories.ResponseFactory(inquiry=justice, city=baltimore)
    page = admin_client.get(_url(models.Response, "change", obj.pk))
    assert _soup(page).find("textarea", attrs={"name": "correction"}) is None
    admin_client.post(
        _url(models.Response, "change", obj.pk),
        _response_post(obj, summary="Asked.", correction="Forged note"),
    )
    assert not models.Correction.objects.exists()


def test_an_inline_row_changing_a_published_status_needs_the_pages_note(
    admin_client, published, baltimore
):
    obj = factories.ResponseFactory(inquiry=published, city=baltimore)
    data = {
        "title": published.title,
        "slug": published.slug,
        "kind": published.kind,
        "requester": str(published.requester_id),
        "opening_event": "announced",
        "sent_on": "2017-08-03",
        "due_on": "2017-08-18",
        "due_timezone": "America/New_York",
        "questions": "",
        "description": "",
        "sources": [],
        "based_on_version": str(published.version),
        "change_reason": "Baltimore answered.",
        "responses-TOTAL_FORMS": "1",
        "responses-INITIAL_FORMS": "1",
        "responses-MIN_NUM_FORMS": "0",
        "responses-MAX_NUM_FORMS": "1000",
        "responses-0-id": str(obj.pk),
        "responses-0-inquiry": str(published.pk),
        "responses-0-city": str(baltimore.pk),
        "responses-0-status": "received",
        "responses-0-received_on": "2017-08-18",
        "responses-0-as_of": "2017-08-18",
        "responses-0-based_on_version": str(obj.version),
    }
    url = _url(models.Inquiry, "change", published.pk)
    refused = admin_client.post(url, data)
    assert refused.status_code == 200
    row = refused.context["inline_admin_formsets"][0].formset.forms[0]
    assert row.errors["status"] == [
        "Readers can see this response: this change needs a correction or update note. "
        "Write it in “Correction note” on this page."
    ]
    assert models.Response.objects.get(pk=obj.pk).status == "pending"
    note = "Baltimore answered the questions on Aug. 18."
    saved = admin_client.post(url, {**data, "correction_kind": "update", "correction": note})
    assert saved.status_code == 302
    assert models.Response.objects.get(pk=obj.pk).status == "received"
    assert list(models.Correction.objects.values_list("response_id", "text")) == [(obj.pk, note)]


# --- the review queue ----------------------------------------------------------------------


def test_claim_list_shows_the_review_queue(admin_client, editor, django_user_model):
    waiting = factories.ClaimFactory(publication="in_review", assigned_to=editor)
    factories.ClaimFactory(publication="in_review")
    factories.ClaimFactory(publication="draft", assigned_to=editor)
    url = _url(models.Claim, "changelist")
    mine = admin_client.get(url, {"publication__exact": "in_review", "assigned": "me"})
    assert [c.pk for c in mine.context["cl"].result_list] == [waiting.pk]
    cells = [td.get_text(strip=True) for td in _soup(mine).select("td.field-assigned_to")]
    assert cells == ["editor"]
    (spec,) = [f for f in mine.context["cl"].filter_specs if f.title == "publication"]
    assert [c["display"] for c in spec.choices(mine.context["cl"])] == [
        "All",
        "Draft",
        "In review",
        "Published",
        "Retracted",
    ]


# --- an inquiry's history: one timeline with its responses' ---------------------------------


def test_inquiry_history_is_one_timeline_with_its_responses(
    admin_client, editor, published, baltimore
):
    obj = factories.ResponseFactory(inquiry=published, city=baltimore)
    admin_client.post(
        _url(models.Response, "change", obj.pk),
        _response_post(obj, summary="Asked for documents.", change_reason="Summary from the call"),
    )
    page = admin_client.get(_url(models.Inquiry, "history", published.pk))
    rows = _soup(page).select("table#change-history tbody tr")
    first = [" ".join(td.get_text(" ", strip=True).split()) for td in rows[0].find_all("td")]
    # Date/time, Record, Action, Changed by, Change reason, Changes
    assert first[1:5] == ["Response: Baltimore, MD", "Changed", "editor", "Summary from the call"]
    assert first[5] == "Summary: — → Asked for documents."
    records = [" ".join(r.find_all("td")[1].get_text().split()) for r in rows]
    assert records.count("The inquiry") == published.history.count()
    assert records.count("Response: Baltimore, MD") == 2


def test_inquiry_timeline_shows_a_status_change_in_words_and_its_update_note(
    admin_client, published, baltimore
):
    obj = factories.ResponseFactory(inquiry=published, city=baltimore)
    admin_client.post(
        _url(models.Response, "change", obj.pk),
        _response_post(
            obj,
            status="acknowledged",
            acknowledged_on="2017-08-10",
            change_reason="The chief called back.",
            correction_kind="update",
            correction=NOTE,
        ),
    )
    page = admin_client.get(_url(models.Inquiry, "history", published.pk))
    rows = [
        [" ".join(td.get_text(" ", strip=True).split()) for td in tr.find_all("td")][1:]
        for tr in _soup(page).select("table#change-history tbody tr")
    ]
    note_row, change_row = rows[0], rows[1]
    assert note_row == [
        "Update to Response: Baltimore, MD (readers see it)",
        "Created",
        "editor",
        "With a change to “Baltimore, MD — Justice Department questions on sanctuary policies”",
        f"Note: — → {NOTE}",
    ]
    assert change_row[:4] == [
        "Response: Baltimore, MD",
        "Changed",
        "editor",
        "The chief called back.",
    ]
    assert change_row[4] == (
        "Acknowledged on: — → Aug. 10, 2017 Status: Pending → Acknowledged "
        "Status as of: Aug. 3, 2017 → Aug. 10, 2017"
    )
