"""No lost edits in the admin (the issue "Publishing workflow, roles,
corrections and no lost edits", item 6): two editors, each signed in in a
browser of their own, open the same record of the seed; the first saves;
the second's save, based on the page as it was, is refused with what
changed meanwhile, by whom and when, the second editor's input kept; the
stored record keeps the first editor's change and the history does not
blame the second. Saving again, deliberately, goes through.

The race as the issue reports it: "editor A acknowledges a response,
editor B saves a stale form of the same response, both see 'changed
successfully', A's acknowledgement is gone and the history blames B."
The acknowledgement of Aug. 10, 2017 below is a test value, not a fact of
the article (which says Stockton did not respond).
"""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from articles import models
from tests.admin_pages import field_value, form_data, signed_in, soup, staff_user

AUG_10 = datetime.date(2017, 8, 10)
ACK_NOTE = "Stockton's police department said on Aug. 10 it will answer the questions."
B_SUMMARY = "The department is reviewing the letter."


@pytest.fixture
def alice(db, django_user_model):
    return staff_user(django_user_model, "alice", "Editors", "Alice Reyes")


@pytest.fixture
def bob(db, django_user_model):
    return staff_user(django_user_model, "bob", "Editors", "Bob Okafor")


@pytest.fixture
def stockton_doj(seeded) -> models.Response:
    """Stockton's answer to the Justice Department: pending in the seed."""
    return models.Response.objects.get(
        city__slug="stockton-ca", inquiry__kind=models.Inquiry.Kind.GOVERNMENT_REQUEST
    )


def _change_url(obj) -> str:
    return reverse(f"admin:articles_{obj._meta.model_name}_change", args=[obj.pk])


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _acknowledge(client, url):
    """Editor A's save: Stockton acknowledged on Aug. 10, with the update
    note readers see (the inquiry is published)."""
    data = form_data(client.get(url))
    data.update(
        status=["acknowledged"],
        acknowledged_on=["2017-08-10"],
        correction_kind=["update"],
        correction=[ACK_NOTE],
        change_reason=["Stockton's spokesman called back"],
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response


def _history_users(obj) -> list[str]:
    return [r.history_user.username if r.history_user else "" for r in obj.history.all()]


# --- the response's own page ------------------------------------------------------------


def test_two_editors_on_one_response_the_stale_save_is_refused_and_nothing_is_lost(
    alice, bob, stockton_doj
):
    a, b = signed_in(alice), signed_in(bob)
    url = _change_url(stockton_doj)
    page_b = b.get(url)  # B opens the page ...
    opened_at = stockton_doj.version
    assert field_value(page_b, "based_on_version") == str(opened_at)

    _acknowledge(a, url)  # ... A saves meanwhile ...

    stale = form_data(page_b)  # ... and B saves the page as B opened it.
    stale.update(summary=[B_SUMMARY], change_reason=["Summary from the call"])
    refused = b.post(url, stale)

    assert refused.status_code == 200
    form = refused.context["adminform"].form
    [message] = form.non_field_errors()
    assert message.startswith(
        "Someone else saved this response after you opened it, so nothing of yours was saved "
        "yet: Alice Reyes on "
    )
    assert "(“Stockton's spokesman called back”) changed " in message
    for label in ("status", "acknowledged on"):
        assert label in message
    # B's typed input is kept; the fields B did not touch show A's values;
    # the form is now based on the stored version.
    assert field_value(refused, "summary") == B_SUMMARY
    assert field_value(refused, "change_reason") == "Summary from the call"
    assert field_value(refused, "status") == "acknowledged"
    assert field_value(refused, "acknowledged_on") == "2017-08-10"
    stored = models.Response.objects.get(pk=stockton_doj.pk)
    assert field_value(refused, "based_on_version") == str(stored.version)
    # The table: who, the field, before and after.
    table = soup(refused).select_one("section.conflict table")
    cells = [
        [c.get_text(" ", strip=True) for c in row.find_all(["th", "td"])]
        for row in table.select("tbody tr")
    ]
    assert ["Status", "Pending", "Acknowledged", "Their value: you had not changed this field"] in [
        row[-4:] for row in cells
    ]
    assert cells[0][0].startswith("Alice Reyes")
    # Nothing of B's was stored; A's acknowledgement stands; the history
    # does not blame B.
    assert (stored.status, stored.acknowledged_on, stored.summary) == ("acknowledged", AUG_10, "")
    assert stored.history.first().history_user == alice
    assert "bob" not in _history_users(stored)

    # Saving again, having read it, goes through and keeps both changes.
    again = b.post(url, form_data(refused))
    assert again.status_code == 302
    stored.refresh_from_db()
    assert (stored.status, stored.acknowledged_on, stored.summary) == (
        "acknowledged",
        AUG_10,
        B_SUMMARY,
    )
    latest = stored.history.first()
    assert (latest.history_user, latest.history_change_reason) == (bob, "Summary from the call")
    assert latest.prev_record.history_user == alice


def test_when_both_change_the_same_field_the_stale_editors_value_is_kept_beside_the_stored_one(
    alice, bob, stockton_doj
):
    a, b = signed_in(alice), signed_in(bob)
    url = _change_url(stockton_doj)
    page_b = b.get(url)
    data = form_data(a.get(url))
    data.update(summary=["The chief said he would answer."], change_reason=["Summary"])
    assert a.post(url, data).status_code == 302

    stale = form_data(page_b)
    stale.update(summary=[B_SUMMARY], change_reason=["Mine"])
    refused = b.post(url, stale)
    assert refused.status_code == 200
    errors = refused.context["adminform"].form.errors
    assert errors["summary"] == [
        "Changed meanwhile (now “The chief said he would answer.”): your input is kept below; "
        "save again to replace their value with yours, or change it."
    ]
    assert field_value(refused, "summary") == B_SUMMARY
    assert models.Response.objects.get(pk=stockton_doj.pk).summary == (
        "The chief said he would answer."
    )


def test_a_save_without_a_version_is_refused_then_goes_through(alice, stockton_doj):
    """A post that does not say which version it was based on (a hand-made
    one) could undo anything: refused, drawn with the stored values."""
    a = signed_in(alice)
    url = _change_url(stockton_doj)
    data = form_data(a.get(url))
    del data["based_on_version"]
    data.update(summary=[B_SUMMARY], change_reason=["Summary"])
    refused = a.post(url, data)
    assert refused.status_code == 200
    [message] = refused.context["adminform"].form.non_field_errors()
    assert message.startswith("This page did not say which version of the response it was")
    assert models.Response.objects.get(pk=stockton_doj.pk).summary == ""
    assert a.post(url, form_data(refused)).status_code == 302
    assert models.Response.objects.get(pk=stockton_doj.pk).summary == B_SUMMARY


# --- a response row on its inquiry's page -------------------------------------------------


def test_a_stale_response_row_on_the_inquiry_page_is_refused_on_its_row(alice, bob, stockton_doj):
    a, b = signed_in(alice), signed_in(bob)
    inquiry = stockton_doj.inquiry
    inquiry_url = _change_url(inquiry)
    page_b = b.get(inquiry_url)  # B opens the inquiry, Stockton's row pending

    _acknowledge(a, _change_url(stockton_doj))  # A acknowledges on the response's page

    stale = form_data(page_b)
    stale.update(
        description=["Questions to four police departments."],
        change_reason=["Description"],
    )
    refused = b.post(inquiry_url, stale)
    assert refused.status_code == 200
    [formset] = [f.formset for f in refused.context["inline_admin_formsets"]]
    [row] = [f for f in formset.forms if f.instance.pk == stockton_doj.pk]
    [message] = row.non_field_errors()
    assert message.startswith("Someone else saved this response after you opened it")
    assert "Alice Reyes on " in message and "status" in message
    # B's input kept, the row shows A's values.
    assert field_value(refused, "description") == "Questions to four police departments."
    prefix = row.prefix
    assert field_value(refused, f"{prefix}-status") == "acknowledged"
    assert field_value(refused, f"{prefix}-acknowledged_on") == "2017-08-10"
    # Nothing of B's stored; A's acknowledgement stands.
    inquiry.refresh_from_db()
    assert inquiry.description != "Questions to four police departments."
    stored = models.Response.objects.get(pk=stockton_doj.pk)
    assert (stored.status, stored.acknowledged_on) == ("acknowledged", AUG_10)
    assert "bob" not in _history_users(stored) + _history_users(inquiry)

    again = b.post(inquiry_url, form_data(refused))
    assert again.status_code == 302
    inquiry.refresh_from_db()
    stored.refresh_from_db()
    assert inquiry.description == "Questions to four police departments."
    assert (stored.status, stored.acknowledged_on) == ("acknowledged", AUG_10)


# --- a claim ---------------------------------------------------------------------------------

DAVIS = "davis-baltimore-is-a-welcoming-city"


def test_two_editors_on_one_claim_the_stale_save_is_refused(alice, bob, seeded):
    claim = models.Claim.objects.get(slug=DAVIS)
    a, b = signed_in(alice), signed_in(bob)
    url = _change_url(claim)
    page_b = b.get(url)

    data = form_data(a.get(url))
    data.update(
        rating_explanation=["Davis's statement is quoted, not checked."],
        correction_kind=["clarification"],
        correction=["We explained why this claim is not rated."],
        change_reason=["Explain the missing rating"],
    )
    # A clarification is not a note for a changed fact: the form says so.
    refused_a = a.post(url, data)
    assert refused_a.context["adminform"].form.errors["correction_kind"] == [
        "Changing the rating explanation changes a fact: choose a correction or an update, "
        "not a clarification."
    ]
    data["correction_kind"] = ["update"]
    assert a.post(url, data).status_code == 302

    stale = form_data(page_b)
    stale.update(assigned_to=[str(bob.pk)], change_reason=["I'll take it"])
    refused = b.post(url, stale)
    assert refused.status_code == 200
    [message] = refused.context["adminform"].form.non_field_errors()
    assert "saved this claim after you opened it" in message
    assert "Alice Reyes on " in message and "rating explanation" in message
    assert field_value(refused, "rating_explanation") == "Davis's statement is quoted, not checked."
    assert field_value(refused, "assigned_to") == str(bob.pk)
    claim.refresh_from_db()
    assert claim.assigned_to is None
    assert claim.rating_explanation == "Davis's statement is quoted, not checked."
    assert "bob" not in _history_users(claim)
    (note,) = claim.corrections.all()
    assert (note.kind, note.text, note.created_by) == (
        "update",
        "We explained why this claim is not rated.",
        alice,
    )

    assert b.post(url, form_data(refused)).status_code == 302
    claim.refresh_from_db()
    assert (claim.assigned_to, claim.rating_explanation) == (
        bob,
        "Davis's statement is quoted, not checked.",
    )


def test_a_workflow_button_pressed_on_a_stale_page_is_refused_naming_who(alice, bob, db):
    from tests import factories

    claim = factories.ClaimFactory(publication=models.Publication.DRAFT)
    a, b = signed_in(alice), signed_in(bob)
    url = _change_url(claim)
    page_a = a.get(url)
    version = soup(page_a).select_one("form.workflow-move--submit input[name=version]")["value"]

    data = form_data(b.get(url))
    data.update(text=["I jump, said the fox."])
    assert b.post(url, data).status_code == 302

    refused = a.post(
        reverse("admin:articles_claim_workflow", args=[claim.pk]),
        {"move": "submit", "version": version, "text": "Ready for a look"},
    )
    assert refused.status_code == 200
    [message] = _messages(refused)
    assert message.startswith("Nothing was changed: Someone else saved this claim after you")
    assert "Bob Okafor" in message
    # The typed note is kept in its box.
    assert soup(refused).select_one("#workflow-submit-text").get_text() == "Ready for a look"
    claim.refresh_from_db()
    assert claim.publication == models.Publication.DRAFT


# --- the history's revert page -------------------------------------------------------------


def test_a_revert_is_based_on_the_stored_version_and_refused_when_stale(alice, bob, stockton_doj):
    """The revert page shows an old version; its form is based on the
    stored one (a deliberate revert is not refused as stale), unless
    someone saved after the page was opened."""
    a, b = signed_in(alice), signed_in(bob)
    first = stockton_doj.history.earliest()
    revert_url = reverse(
        "admin:articles_response_simple_history", args=[stockton_doj.pk, first.history_id]
    )
    page_a = a.get(revert_url)
    assert field_value(page_a, "based_on_version") == str(stockton_doj.version)

    data = form_data(b.get(_change_url(stockton_doj)))
    data.update(summary=[B_SUMMARY], change_reason=["Summary"])
    assert b.post(_change_url(stockton_doj), data).status_code == 302

    stale = form_data(page_a)
    stale.update(change_reason=["Back to the seed"])
    refused = a.post(revert_url, stale)
    assert refused.status_code == 200
    [message] = refused.context["adminform"].form.non_field_errors()
    assert "Bob Okafor on " in message
    assert models.Response.objects.get(pk=stockton_doj.pk).summary == B_SUMMARY

    fresh = form_data(a.get(revert_url))
    fresh.update(change_reason=["Back to the seed"])
    assert a.post(revert_url, fresh).status_code == 302
    stored = models.Response.objects.get(pk=stockton_doj.pk)
    assert stored.summary == first.summary
    assert stored.history.first().history_user == alice
