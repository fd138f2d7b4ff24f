"""The editors' admin (articles/admin.py): every changelist, history pages,
validation shown as form errors, writes through services, the deadline
filter and column, and the mark-received action."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from articles import models, services
from tests import factories

JUSTICE_SENT_ON = datetime.date(2017, 8, 3)
JUSTICE_DUE_ON = datetime.date(2017, 8, 18)


@pytest.fixture
def justice_inquiry(db):
    """The Justice Department's questions: sent Aug. 3, due Aug. 18, 2017."""
    doj = factories.OrganizationFactory(
        name="U.S. Justice Department",
        slug="us-justice-department",
        kind=models.Organization.Kind.FEDERAL_AGENCY,
    )
    return factories.InquiryFactory(
        title="Justice Department questions on sanctuary policies",
        slug="justice-department-questions",
        requester=doj,
        sent_on=JUSTICE_SENT_ON,
        due_on=JUSTICE_DUE_ON,
        due_timezone="America/New_York",
    )


@pytest.fixture
def baltimore(db):
    return factories.CityFactory(name="Baltimore", state="MD", slug="baltimore-md")


@pytest.fixture
def stockton(db):
    return factories.CityFactory(name="Stockton", state="CA", slug="stockton-ca")


@pytest.fixture
def everything(db, justice_inquiry, baltimore):
    """One object of every model (the default rating scale comes from a migration)."""
    response = factories.ResponseFactory(inquiry=justice_inquiry, city=baltimore)
    citation = factories.CitationFactory(claim__city=baltimore)
    rating = models.Rating.objects.first()
    citation.claim.rating = rating
    citation.claim.not_rated = False  # rated, so not "published without a rating"
    citation.claim.save()
    return response


def _changelist_ids(response) -> list[int]:
    return [obj.pk for obj in response.context["cl"].result_list]


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _response_post(inquiry, city, **overrides) -> dict[str, str]:
    data = {
        "inquiry": str(inquiry.pk),
        "city": str(city.pk),
        "status": "pending",
        "acknowledged_on": "",
        "received_on": "",
        "as_of": "2017-08-03",
        "organization": "",
        "respondent": "",
        "summary": "",
        "text": "",
    }
    data.update(overrides)
    return data


ALL_MODELS = [
    models.City,
    models.Organization,
    models.Person,
    models.Source,
    models.RatingScale,
    models.Rating,
    models.Claim,
    models.Citation,
    models.Inquiry,
    models.Response,
]


def _admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:articles_{model._meta.model_name}_{view}", args=args)


# --- every page loads -----------------------------------------------------------


@pytest.mark.parametrize("model", ALL_MODELS, ids=lambda m: m.__name__)
def test_every_changelist_loads_with_data(admin_client, everything, model):
    response = admin_client.get(_admin_url(model, "changelist"))
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) >= 1


@pytest.mark.parametrize("model", ALL_MODELS, ids=lambda m: m.__name__)
def test_every_add_change_and_history_page_loads(admin_client, everything, model):
    obj = model.objects.first()
    assert admin_client.get(_admin_url(model, "add")).status_code == 200
    assert admin_client.get(_admin_url(model, "change", obj.pk)).status_code == 200
    history = admin_client.get(_admin_url(model, "history", obj.pk))
    assert history.status_code == 200


def test_changelist_requires_staff_login(client, everything):
    response = client.get(_admin_url(models.Response, "changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


AUTOCOMPLETE_TARGETS = {
    models.City: ("response", "city"),
    models.Organization: ("response", "organization"),
    models.Person: ("response", "respondent"),
    models.Source: ("response", "sources"),
    models.RatingScale: ("rating", "scale"),
    models.Rating: ("claim", "rating"),
    models.Claim: ("citation", "claim"),
    models.Inquiry: ("response", "inquiry"),
}


@pytest.mark.parametrize("target", AUTOCOMPLETE_TARGETS, ids=lambda m: m.__name__)
def test_autocomplete_endpoint_answers_for_each_related_admin(admin_client, everything, target):
    """Every ForeignKey/M2M autocomplete needs search_fields on its target's admin."""
    model_name, field = AUTOCOMPLETE_TARGETS[target]
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "articles", "model_name": model_name, "field_name": field, "term": ""},
    )
    assert response.status_code == 200
    assert len(response.json()["results"]) == target.objects.count()


# --- query counts ---------------------------------------------------------------

# session, user, COUNT, rows, then one query per list filter with choices
# from the database (city, city state, inquiry) and one for the date
# hierarchy's years.
RESPONSE_CHANGELIST_QUERIES = 9
# session, user, COUNT, rows (with the response counts annotated), the
# requester filter's choices and the date hierarchy's years.
INQUIRY_CHANGELIST_QUERIES = 7


@pytest.mark.parametrize("rows", [1, 100])
def test_response_changelist_query_count_is_constant(admin_client, django_assert_num_queries, rows):
    factories.ResponseFactory.create_batch(rows)
    with django_assert_num_queries(RESPONSE_CHANGELIST_QUERIES):
        response = admin_client.get(_admin_url(models.Response, "changelist"))
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == rows


@pytest.mark.parametrize("rows", [1, 100])
def test_inquiry_changelist_query_count_is_constant(admin_client, django_assert_num_queries, rows):
    for inquiry in factories.InquiryFactory.create_batch(rows):
        factories.ResponseFactory(inquiry=inquiry)
    with django_assert_num_queries(INQUIRY_CHANGELIST_QUERIES):
        response = admin_client.get(_admin_url(models.Inquiry, "changelist"))
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == rows


def test_inquiry_changelist_shows_response_counts(admin_client, justice_inquiry):
    """Four cities, all still pending, each last confirmed on Aug. 3, 2017:
    four responses, four open, none overdue and four needing a check (the
    deadline, Aug. 18, 2017, has long passed, but nobody checked after it)."""
    for _ in range(4):
        factories.ResponseFactory(inquiry=justice_inquiry, as_of=JUSTICE_SENT_ON)
    response = admin_client.get(_admin_url(models.Inquiry, "changelist"))
    (row,) = response.context["cl"].result_list
    assert (row.response_count, row.open_count, row.overdue_count, row.needs_check_count) == (
        4,
        4,
        0,
        4,
    )
    (link,) = BeautifulSoup(response.content, "html.parser").select("td.field-needs_check_count a")
    assert link.get_text() == "4"
    assert link["href"] == (
        f"{_admin_url(models.Response, 'changelist')}"
        f"?inquiry__id__exact={justice_inquiry.pk}&deadline=needs_check"
    )


# --- validation shows as form errors, nothing stored ----------------------------


def test_response_received_without_received_on_is_a_form_error(
    admin_client, justice_inquiry, baltimore
):
    response = admin_client.post(
        _admin_url(models.Response, "add"),
        _response_post(justice_inquiry, baltimore, status="received"),
    )
    assert response.status_code == 200
    assert "Received on is required when the status is received or declined" in (
        response.content.decode()
    )
    assert not models.Response.objects.exists()


def test_response_received_before_inquiry_sent_is_an_error_on_received_on(
    admin_client, justice_inquiry, baltimore
):
    response = admin_client.post(
        _admin_url(models.Response, "add"),
        _response_post(justice_inquiry, baltimore, status="received", received_on="2017-08-02"),
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "received_on" in errors
    assert "precedes the inquiry's sent on date (Aug. 3, 2017)" in errors["received_on"][0]
    assert not models.Response.objects.exists()


def test_duplicate_response_for_inquiry_and_city_is_a_form_error(
    admin_client, justice_inquiry, baltimore
):
    factories.ResponseFactory(inquiry=justice_inquiry, city=baltimore)
    response = admin_client.post(
        _admin_url(models.Response, "add"), _response_post(justice_inquiry, baltimore)
    )
    assert response.status_code == 200
    assert "This city already has a response to this inquiry." in response.content.decode()
    assert models.Response.objects.count() == 1


def _inquiry_post(requester, **overrides) -> dict[str, str]:
    data = {
        "title": "Justice Department questions on sanctuary policies",
        "slug": "justice-department-questions",
        "kind": "government_request",
        "requester": str(requester.pk),
        "opening_event": "sent",
        "sent_on": "2017-08-03",
        "due_on": "2017-08-18",
        "due_timezone": "America/New_York",
        "questions": "",
        "description": "",
        "responses-TOTAL_FORMS": "0",
        "responses-INITIAL_FORMS": "0",
        "responses-MIN_NUM_FORMS": "0",
        "responses-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def test_inquiry_due_before_sent_is_a_form_error(admin_client, db):
    doj = factories.OrganizationFactory(name="U.S. Justice Department")
    response = admin_client.post(
        _admin_url(models.Inquiry, "add"), _inquiry_post(doj, due_on="2017-08-02")
    )
    assert response.status_code == 200
    assert "Due on must not precede sent on." in response.content.decode()
    assert not models.Inquiry.objects.exists()


def test_inquiry_added_with_inline_responses_saves_each_through_services(
    admin_client, editor, baltimore, stockton
):
    doj = factories.OrganizationFactory(name="U.S. Justice Department")
    data = _inquiry_post(doj, **{"responses-TOTAL_FORMS": "2"})
    for i, (city, status, received_on) in enumerate(
        [(baltimore, "pending", ""), (stockton, "received", "2017-08-10")]
    ):
        data.update(
            {
                f"responses-{i}-city": str(city.pk),
                f"responses-{i}-status": status,
                f"responses-{i}-received_on": received_on,
                f"responses-{i}-as_of": "2017-08-10",
            }
        )
    response = admin_client.post(_admin_url(models.Inquiry, "add"), data)
    assert response.status_code == 302
    inquiry = models.Inquiry.objects.get(slug="justice-department-questions")
    statuses = {r.city.slug: r.status for r in inquiry.responses.all()}
    assert statuses == {"baltimore-md": "pending", "stockton-ca": "received"}
    stockton_response = inquiry.responses.get(city=stockton)
    assert stockton_response.history.first().history_user == editor
    assert inquiry.history.first().history_user == editor


def test_inline_response_received_before_new_inquiry_was_sent_is_a_form_error(
    admin_client, baltimore
):
    """While the inquiry is being added it has no primary key yet, so the
    cross-table rule is checked by the inline formset."""
    doj = factories.OrganizationFactory(name="U.S. Justice Department")
    data = _inquiry_post(
        doj,
        **{
            "responses-TOTAL_FORMS": "1",
            "responses-0-city": str(baltimore.pk),
            "responses-0-status": "received",
            "responses-0-received_on": "2017-08-01",
            "responses-0-as_of": "2017-08-01",
        },
    )
    response = admin_client.post(_admin_url(models.Inquiry, "add"), data)
    assert response.status_code == 200
    inline_form = response.context["inline_admin_formsets"][0].formset.forms[0]
    assert "precedes the inquiry's sent on date" in inline_form.errors["received_on"][0]
    assert not models.Inquiry.objects.exists()
    assert not models.Response.objects.exists()


def _inquiry_page_with_row(inquiry, response, **row) -> dict[str, str]:
    """The inquiry's change form as the page holds it, with one response
    row (its version included), and ``row`` overrides for that row."""
    data = _inquiry_post(
        inquiry.requester,
        title=inquiry.title,
        slug=inquiry.slug,
        based_on_version=str(inquiry.version),
        **{
            "responses-TOTAL_FORMS": "1",
            "responses-INITIAL_FORMS": "1",
            "responses-0-id": str(response.pk),
            "responses-0-inquiry": str(inquiry.pk),
            "responses-0-city": str(response.city_id),
            "responses-0-status": response.status,
            "responses-0-as_of": response.as_of.isoformat(),
            "responses-0-based_on_version": str(response.version),
        },
    )
    data.update({f"responses-0-{key}": value for key, value in row.items()})
    return data


def test_inline_response_deleted_on_a_draft_inquiry_is_recorded_with_the_editor(
    admin_client, editor, justice_inquiry, baltimore
):
    justice_inquiry.publication = models.Publication.DRAFT
    justice_inquiry.save()
    existing = factories.ResponseFactory(inquiry=justice_inquiry, city=baltimore)
    data = _inquiry_page_with_row(justice_inquiry, existing, DELETE="on")
    data["change_reason"] = "Baltimore's row was entered twice."
    response = admin_client.post(_admin_url(models.Inquiry, "change", justice_inquiry.pk), data)
    assert response.status_code == 302
    assert not models.Response.objects.filter(pk=existing.pk).exists()
    deletion = models.Response.history.filter(id=existing.pk, history_type="-").get()
    assert deletion.history_user == editor
    assert deletion.history_change_reason == "Baltimore's row was entered twice."


def test_a_published_inquirys_response_rows_cannot_be_deleted(
    admin_client, justice_inquiry, baltimore
):
    """Readers see the responses of a published inquiry: no "Delete?" box,
    and a forged one is ignored (the row is saved as it was)."""
    existing = factories.ResponseFactory(inquiry=justice_inquiry, city=baltimore)
    url = _admin_url(models.Inquiry, "change", justice_inquiry.pk)
    page = admin_client.get(url)
    assert not BeautifulSoup(page.content, "html.parser").find(
        "input", attrs={"name": "responses-0-DELETE"}
    )
    data = _inquiry_page_with_row(justice_inquiry, existing, DELETE="on")
    data["change_reason"] = "Forged delete"
    admin_client.post(url, data)
    assert models.Response.objects.filter(pk=existing.pk).exists()
    assert not models.Response.history.filter(id=existing.pk, history_type="-").exists()


def test_city_slug_left_blank_is_filled_from_name_and_state(admin_client, db):
    response = admin_client.post(
        _admin_url(models.City, "add"),
        {"name": "San Bernardino", "state": "CA", "slug": "", "latitude": "", "longitude": ""},
    )
    assert response.status_code == 302
    assert models.City.objects.get(name="San Bernardino").slug == "san-bernardino-ca"


def test_city_slug_left_blank_that_clashes_gets_a_number(admin_client, db):
    """The slug was left blank for the site to make: when the one made is
    taken, the site numbers it rather than refusing a field the editor
    never filled."""
    factories.CityFactory(name="Other", state="CA", slug="san-bernardino-ca")
    response = admin_client.post(
        _admin_url(models.City, "add"),
        {"name": "San Bernardino", "state": "CA", "slug": "", "latitude": "", "longitude": ""},
    )
    assert response.status_code == 302
    assert models.City.objects.get(name="San Bernardino").slug == "san-bernardino-ca-2"


def test_city_slug_typed_that_clashes_is_an_error_on_slug(admin_client, db):
    factories.CityFactory(name="Other", state="CA", slug="san-bernardino-ca")
    response = admin_client.post(
        _admin_url(models.City, "add"),
        {
            "name": "San Bernardino",
            "state": "CA",
            "slug": "san-bernardino-ca",
            "latitude": "",
            "longitude": "",
        },
    )
    assert response.status_code == 200
    assert "slug" in response.context["adminform"].form.errors
    assert models.City.objects.count() == 1


def test_claim_with_citation_inline_whose_quote_is_not_in_source_is_a_form_error(admin_client, db):
    claim = factories.ClaimFactory(publication=models.Publication.DRAFT)
    source = factories.SourceFactory(text="We will see you in court.")
    data = {
        "text": claim.text,
        "slug": claim.slug,
        "wording": "direct",
        "claimant": str(claim.claimant.pk),
        "claimant_organization": "",
        "city": "",
        "stated_on": "2017-08-03",
        "rating": "",
        "rating_explanation": "",
        "based_on_version": str(claim.version),
        "citations-TOTAL_FORMS": "1",
        "citations-INITIAL_FORMS": "0",
        "citations-MIN_NUM_FORMS": "0",
        "citations-MAX_NUM_FORMS": "1000",
        "citations-0-source": str(source.pk),
        "citations-0-quote": "I jump.",
        "citations-0-public_note": "",
        "citations-0-internal_note": "",
    }
    response = admin_client.post(_admin_url(models.Claim, "change", claim.pk), data)
    assert response.status_code == 200
    assert "Quote does not appear word for word" in response.content.decode()
    assert not models.Citation.objects.exists()


def test_service_refusal_after_a_valid_form_is_a_form_error_with_the_input_kept(
    admin_client, monkeypatch, justice_inquiry, baltimore
):
    """If the service refuses although the form was valid (another editor
    got there first), the request is rolled back and the form shown again
    with what the editor entered and the reason above the fields."""

    def refuse(**kwargs):
        raise ValidationError("This city already has a response to this inquiry.")

    monkeypatch.setattr(services, "response_update", refuse)
    response = admin_client.post(
        _admin_url(models.Response, "add"),
        _response_post(justice_inquiry, baltimore, summary="Answered in part."),
    )
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert [li.get_text() for li in soup.select("ul.errorlist.nonfield li")] == [
        "This city already has a response to this inquiry."
    ]
    assert soup.select_one("textarea[name=summary]").get_text().strip() == "Answered in part."
    assert _messages(response) == []
    assert not models.Response.objects.exists()


# --- history --------------------------------------------------------------------


def test_admin_edit_records_the_editor_and_the_changed_fields(
    admin_client, editor, justice_inquiry, baltimore
):
    """On a draft inquiry the reason may be left blank: the history then
    names the fields changed."""
    justice_inquiry.publication = models.Publication.DRAFT
    justice_inquiry.save()
    obj = factories.ResponseFactory(inquiry=justice_inquiry, city=baltimore)
    response = admin_client.post(
        _admin_url(models.Response, "change", obj.pk),
        _response_post(
            justice_inquiry,
            baltimore,
            status="acknowledged",
            acknowledged_on="2017-08-03",
            based_on_version=str(obj.version),
        ),
    )
    assert response.status_code == 302
    obj.refresh_from_db()
    assert obj.status == "acknowledged"
    latest = obj.history.first()
    assert latest.history_user == editor
    assert "Acknowledged on" in latest.history_change_reason
    history_page = admin_client.get(_admin_url(models.Response, "history", obj.pk))
    assert "editor" in history_page.content.decode()


def test_admin_delete_of_a_draft_records_the_editor(
    admin_client, editor, justice_inquiry, baltimore
):
    justice_inquiry.publication = models.Publication.DRAFT
    justice_inquiry.save()
    obj = factories.ResponseFactory(inquiry=justice_inquiry, city=baltimore)
    response = admin_client.post(_admin_url(models.Response, "delete", obj.pk), {"post": "yes"})
    assert response.status_code == 302
    deletion = models.Response.history.filter(id=obj.pk, history_type="-").get()
    assert deletion.history_user == editor


def test_deleting_what_readers_see_is_refused_with_retract_it_instead(
    admin_client, justice_inquiry, baltimore
):
    """A response to a published inquiry: no delete link on its page; the
    delete page, even posted, is an error message and nothing is deleted."""
    obj = factories.ResponseFactory(inquiry=justice_inquiry, city=baltimore)
    change_url = _admin_url(models.Response, "change", obj.pk)
    page = admin_client.get(change_url)
    assert not BeautifulSoup(page.content, "html.parser").select("a.deletelink")
    response = admin_client.post(
        _admin_url(models.Response, "delete", obj.pk), {"post": "yes"}, follow=True
    )
    assert response.redirect_chain == [(change_url, 302)]
    (message,) = _messages(response)
    assert message.startswith("Nothing was deleted: “Baltimore, MD — Justice Department")
    assert "Retract it instead" in message
    assert models.Response.objects.filter(pk=obj.pk).exists()
    assert not models.Response.history.filter(id=obj.pk, history_type="-").exists()


def test_bulk_delete_action_deletes_each_through_services(admin_client, editor, db):
    cities = factories.CityFactory.create_batch(2)
    response = admin_client.post(
        _admin_url(models.City, "changelist"),
        {"action": "delete_selected", "_selected_action": [c.pk for c in cities], "post": "yes"},
    )
    assert response.status_code == 302
    assert not models.City.objects.exists()
    assert models.City.history.filter(history_type="-", history_user=editor).count() == 2


def test_deleting_a_city_with_responses_to_a_draft_is_refused(
    admin_client, justice_inquiry, baltimore
):
    justice_inquiry.publication = models.Publication.DRAFT
    justice_inquiry.save()
    factories.ResponseFactory(inquiry=justice_inquiry, city=baltimore)
    response = admin_client.post(_admin_url(models.City, "delete", baltimore.pk), {"post": "yes"})
    assert response.status_code == 200
    assert "would require deleting the following protected related objects" in (
        response.content.decode()
    )
    assert models.City.objects.filter(pk=baltimore.pk).exists()


def test_deleting_a_city_readers_see_is_refused(admin_client, justice_inquiry, baltimore):
    """Baltimore answers a published inquiry: readers see it."""
    factories.ResponseFactory(inquiry=justice_inquiry, city=baltimore)
    response = admin_client.post(
        _admin_url(models.City, "delete", baltimore.pk), {"post": "yes"}, follow=True
    )
    assert response.status_code == 200
    (message,) = _messages(response)
    assert message == (
        "Nothing was deleted: “Baltimore, MD” is published: nothing published is deleted. "
        "Retract it instead (or, for a record readers see through another, retract that record)."
    )
    assert models.City.objects.filter(pk=baltimore.pk).exists()


def test_bulk_delete_of_a_selection_holding_a_published_record_deletes_nothing(
    admin_client, justice_inquiry, baltimore, stockton
):
    factories.ResponseFactory(inquiry=justice_inquiry, city=baltimore)
    response = admin_client.post(
        _admin_url(models.City, "changelist"),
        {"action": "delete_selected", "_selected_action": [baltimore.pk, stockton.pk]},
        follow=True,
    )
    assert response.status_code == 200
    (message,) = _messages(response)
    assert message.startswith("Nothing was deleted: “Baltimore, MD” is published")
    assert models.City.objects.filter(pk__in=[baltimore.pk, stockton.pk]).count() == 2


# --- responses: overdue filter, search, mark-received action --------------------


@pytest.fixture
def overdue_and_not(justice_inquiry, baltimore, stockton):
    """Baltimore's answer to the Justice Department (due Aug. 18, 2017) is
    overdue today; Stockton's to an inquiry due Jan. 1, 2099 is not."""
    future = factories.InquiryFactory(
        title="Questions due in 2099",
        sent_on=datetime.date(2098, 12, 1),
        due_on=datetime.date(2099, 1, 1),
    )
    late = factories.ResponseFactory(inquiry=justice_inquiry, city=baltimore)
    on_time = factories.ResponseFactory(inquiry=future, city=stockton)
    return late, on_time


@pytest.fixture
def three_states(justice_inquiry, baltimore, stockton):
    """Against the Justice Department's deadline (Aug. 18, 2017): Baltimore
    last confirmed pending on Aug. 3 (needs a check), Albuquerque confirmed
    pending on Aug. 21 (overdue); Stockton's inquiry is due Jan. 1, 2099."""
    albuquerque = factories.CityFactory(name="Albuquerque", state="NM", slug="albuquerque-nm")
    future = factories.InquiryFactory(
        title="Questions due in 2099",
        sent_on=datetime.date(2098, 12, 1),
        due_on=datetime.date(2099, 1, 1),
    )
    return {
        "needs_check": factories.ResponseFactory(
            inquiry=justice_inquiry, city=baltimore, as_of=JUSTICE_SENT_ON
        ),
        "overdue": factories.ResponseFactory(
            inquiry=justice_inquiry, city=albuquerque, as_of=datetime.date(2017, 8, 21)
        ),
        "not_yet_due": factories.ResponseFactory(
            inquiry=future, city=stockton, as_of=datetime.date(2098, 12, 1)
        ),
    }


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("needs_check", ["needs_check"]),
        ("overdue", ["overdue"]),
        ("past_due", ["needs_check", "overdue"]),
        ("not_past_due", ["not_yet_due"]),
    ],
)
def test_deadline_filter_lists_the_responses_in_that_state(
    admin_client, three_states, value, expected
):
    response = admin_client.get(_admin_url(models.Response, "changelist"), {"deadline": value})
    assert sorted(_changelist_ids(response)) == sorted(three_states[name].pk for name in expected)


def test_deadline_filter_offers_needs_a_check_first(admin_client, three_states):
    response = admin_client.get(_admin_url(models.Response, "changelist"))
    (spec,) = [f for f in response.context["cl"].filter_specs if f.title == "deadline"]
    assert [label for _value, label in spec.lookup_choices] == [
        "Needs a check",
        "Overdue",
        "Past due (either)",
        "Not past due",
    ]


def test_deadline_column_is_a_labelled_badge(admin_client, three_states):
    response = admin_client.get(_admin_url(models.Response, "changelist"))
    soup = BeautifulSoup(response.content, "html.parser")
    labels = {
        row.select_one(".field-city").get_text(strip=True): row.select_one(
            "td.field-deadline .deadline-badge"
        ).get_text()
        for row in soup.select("#result_list tbody tr")
    }
    assert labels == {
        "Baltimore, MD": "Needs a check (as of Aug. 3, 2017)",
        "Albuquerque, NM": "Overdue (as of Aug. 21, 2017)",
        "Stockton, CA": "Not yet due",
    }
    assert not soup.select("td.field-deadline img")  # no boolean icon


def test_deadline_column_says_how_late_an_answer_was(admin_client, justice_inquiry, baltimore):
    # Due Aug. 18, 2017, answered Aug. 30: twelve days after the deadline.
    factories.ResponseFactory(
        inquiry=justice_inquiry,
        city=baltimore,
        status="received",
        received_on=datetime.date(2017, 8, 30),
    )
    response = admin_client.get(_admin_url(models.Response, "changelist"))
    badge = BeautifulSoup(response.content, "html.parser").select_one(
        "td.field-deadline .deadline-badge"
    )
    assert badge.get_text() == "Answered late (12 days)"


@pytest.mark.parametrize(
    ("params", "expected_city"),
    [
        ({"q": "Baltimore"}, "baltimore-md"),
        ({"q": "CA"}, "stockton-ca"),
        ({"q": "2099"}, "stockton-ca"),
        ({"city__state": "MD"}, "baltimore-md"),
        ({"status__exact": "pending", "q": "Stockton"}, "stockton-ca"),
    ],
)
def test_response_search_and_filters(admin_client, overdue_and_not, params, expected_city):
    response = admin_client.get(_admin_url(models.Response, "changelist"), params)
    assert [r.city.slug for r in response.context["cl"].result_list] == [expected_city]


def test_search_on_inquiries_and_claims(admin_client, justice_inquiry):
    factories.InquiryFactory(title="Reuters request for comment")
    factories.ClaimFactory(text="Sanctuary policies make our communities less safe.")
    factories.ClaimFactory(text="Something else entirely.")
    inquiries = admin_client.get(_admin_url(models.Inquiry, "changelist"), {"q": "sanctuary"})
    assert [i.title for i in inquiries.context["cl"].result_list] == [justice_inquiry.title]
    claims = admin_client.get(_admin_url(models.Claim, "changelist"), {"q": "communities"})
    assert [c.text for c in claims.context["cl"].result_list] == [
        "Sanctuary policies make our communities less safe."
    ]


def _mark_received(client, responses, **extra):
    return client.post(
        _admin_url(models.Response, "changelist"),
        {
            "action": "mark_received_today",
            "_selected_action": [r.pk for r in responses],
            **extra,
        },
        follow=True,
    )


UPDATE_NOTE = "Baltimore answered the Justice Department's questions."


def test_mark_received_on_a_published_inquiry_asks_for_the_update_note(
    admin_client, overdue_and_not
):
    late, _ = overdue_and_not
    page = _mark_received(admin_client, [late])
    assert page.status_code == 200
    assert page.templates[0].name == "admin/articles/response/mark_received_note.html"
    soup = BeautifulSoup(page.content, "html.parser")
    assert soup.find("textarea", attrs={"name": "note"})
    assert [i["value"] for i in soup.select("input[name=_selected_action]")] == [str(late.pk)]
    late.refresh_from_db()
    assert late.status == "pending"  # nothing yet
    refused = _mark_received(admin_client, [late], post="yes", note="  ")
    assert "Write the update note" in refused.content.decode()
    assert models.Response.objects.get(pk=late.pk).status == "pending"


def test_mark_received_action_sets_todays_newsroom_date_and_records_history(
    admin_client, editor, overdue_and_not
):
    late, _ = overdue_and_not
    today_in_new_york = timezone.localdate(timezone=ZoneInfo("America/New_York"))
    response = _mark_received(admin_client, [late], post="yes", note=UPDATE_NOTE)
    assert response.status_code == 200
    late.refresh_from_db()
    assert late.status == "received"
    assert late.received_on == today_in_new_york
    assert late.as_of == today_in_new_york
    latest = late.history.first()
    assert latest.history_user == editor
    assert latest.history_change_reason == "Marked received"
    (note,) = models.Correction.objects.filter(response=late)
    assert (note.kind, note.text, note.created_by) == ("update", UPDATE_NOTE, editor)
    assert any("Marked 1 response received" in m for m in _messages(response))


def test_mark_received_action_on_a_draft_needs_no_note(admin_client, justice_inquiry, baltimore):
    justice_inquiry.publication = models.Publication.DRAFT
    justice_inquiry.save()
    draft = factories.ResponseFactory(inquiry=justice_inquiry, city=baltimore)
    response = _mark_received(admin_client, [draft])
    assert models.Response.objects.get(pk=draft.pk).status == "received"
    assert not models.Correction.objects.exists()
    assert _messages(response)[0].startswith("Marked 1 response received on ")


def test_mark_received_action_changes_nothing_when_one_response_is_refused(
    admin_client, overdue_and_not
):
    """Stockton's inquiry was sent Dec. 1, 2098: an answer received today
    would precede it, so the service refuses and rolls back Baltimore too."""
    late, on_time = overdue_and_not
    history_before = models.Response.history.count()
    response = _mark_received(admin_client, [late, on_time], post="yes", note=UPDATE_NOTE)
    assert response.status_code == 200
    late.refresh_from_db()
    on_time.refresh_from_db()
    assert (late.status, on_time.status) == ("pending", "pending")
    assert models.Response.history.count() == history_before
    assert not models.Correction.objects.exists()
    (message,) = _messages(response)
    assert "Stockton, CA" in message
    assert "precedes the inquiry's sent on date (Dec. 1, 2098)" in message


def test_mark_received_action_refuses_responses_already_received(
    admin_client, justice_inquiry, baltimore
):
    received = factories.ResponseFactory(
        inquiry=justice_inquiry,
        city=baltimore,
        status="received",
        received_on=datetime.date(2017, 8, 3),
    )
    response = _mark_received(admin_client, [received])
    received.refresh_from_db()
    assert received.received_on == datetime.date(2017, 8, 3)
    (message,) = _messages(response)
    assert "Already received" in message
    assert "Baltimore, MD" in message


# --- with the seed article loaded ------------------------------------------------


@pytest.mark.parametrize("model", ALL_MODELS, ids=lambda m: m.__name__)
def test_every_changelist_loads_with_the_seed(admin_client, seeded, model):
    response = admin_client.get(_admin_url(model, "changelist"))
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) >= 1


def test_seed_responses_to_check_are_the_four_justice_department_ones(admin_client, seeded):
    """The Justice Department's deadline (Aug. 18, 2017) has passed with no
    city answering, but every status is as of the article, Aug. 3: they
    need a check, none is overdue. Reuters' request for comment had no
    deadline."""
    url = _admin_url(models.Response, "changelist")
    to_check = admin_client.get(url, {"deadline": "needs_check"}).context["cl"].result_list
    assert sorted(r.city.slug for r in to_check) == [
        "albuquerque-nm",
        "baltimore-md",
        "san-bernardino-ca",
        "stockton-ca",
    ]
    assert {r.inquiry.kind for r in to_check} == {"government_request"}
    assert list(admin_client.get(url, {"deadline": "overdue"}).context["cl"].result_list) == []
    not_past_due = admin_client.get(url, {"deadline": "not_past_due"}).context["cl"].result_list
    assert {r.inquiry.kind for r in not_past_due} == {"request_for_comment"}
    assert len(not_past_due) == 4


def test_seed_inquiry_changelist_counts(admin_client, seeded):
    """Justice Department: 4 responses, all open, none overdue, all 4 to
    check. Reuters: 4 responses, Albuquerque and Stockton still open, no
    deadline."""
    rows = admin_client.get(_admin_url(models.Inquiry, "changelist")).context["cl"].result_list
    counts = {
        r.kind: (r.response_count, r.open_count, r.overdue_count, r.needs_check_count) for r in rows
    }
    assert counts == {"government_request": (4, 4, 0, 4), "request_for_comment": (4, 2, 0, 0)}


def test_seed_search_for_baltimore_finds_its_two_responses(admin_client, seeded):
    rows = (
        admin_client.get(_admin_url(models.Response, "changelist"), {"q": "Baltimore"})
        .context["cl"]
        .result_list
    )
    assert sorted(r.inquiry.kind for r in rows) == ["government_request", "request_for_comment"]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("city", "99999999999999999999999"),
        ("inquiry", "abc"),
        ("sources", "99999999999999999999999"),
    ],
)
def test_a_key_that_names_no_row_is_a_form_error_not_a_500(
    admin_client, justice_inquiry, baltimore, field, value
):
    data = {**_response_post(justice_inquiry, baltimore), field: value}
    response = admin_client.post(_admin_url(models.Response, "add"), data)
    assert response.status_code == 200
    assert field in response.context["adminform"].form.errors
    assert not models.Response.objects.exists()


def test_missing_received_on_is_reported_beside_the_field(admin_client, justice_inquiry, baltimore):
    response = admin_client.post(
        _admin_url(models.Response, "add"),
        _response_post(justice_inquiry, baltimore, status="received"),
    )
    errors = response.context["adminform"].form.errors
    assert errors["received_on"] == [
        "Received on is required when the status is received or declined, "
        "and must be blank otherwise."
    ]
    assert "__all__" not in errors


def test_status_as_of_before_the_inquiry_was_sent_is_an_error_on_as_of(
    admin_client, justice_inquiry, baltimore
):
    response = admin_client.post(
        _admin_url(models.Response, "add"),
        _response_post(justice_inquiry, baltimore, as_of="2017-07-01"),
    )
    assert response.context["adminform"].form.errors["as_of"] == [
        "Status as of (July 1, 2017) precedes the inquiry's sent on date (Aug. 3, 2017)."
    ]
    assert not models.Response.objects.exists()


def test_a_received_date_in_the_future_is_refused(admin_client, justice_inquiry, baltimore):
    response = admin_client.post(
        _admin_url(models.Response, "add"),
        _response_post(
            justice_inquiry,
            baltimore,
            status="received",
            received_on="2099-01-01",
            as_of="2099-01-01",
        ),
    )
    errors = response.context["adminform"].form.errors
    assert errors["received_on"] == ["Jan. 1, 2099 is in the future; enter the date it happened."]
    assert not models.Response.objects.exists()


@pytest.mark.parametrize("rows", [1, 100])
def test_responses_to_check_changelist_query_count_is_constant(
    admin_client, django_assert_num_queries, rows
):
    factories.ResponseFactory.create_batch(rows, as_of=JUSTICE_SENT_ON)
    with django_assert_num_queries(RESPONSE_CHANGELIST_QUERIES):
        response = admin_client.get(
            _admin_url(models.Response, "changelist"), {"deadline": "needs_check"}
        )
    assert len(response.context["cl"].result_list) == rows
