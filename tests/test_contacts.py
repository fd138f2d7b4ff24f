"""The contact log (issue 9, "The editors' desk", item 4): each response
has a log of contacts; a contact that confirms the status moves ``as_of``
forward through the services, so "needs a check" clears; readers see
"last checked" but never a contact's note, name or document.

The seed's facts (DESIGN.md): the Justice Department announced its
questions on Aug. 3, 2017, due Aug. 18, 2017; every response's status is
as of Aug. 3. The contacts below are test data about the tracker's own
work (a call logged on Aug. 21), not facts of the article.
"""

import datetime
import hashlib

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from articles import services
from articles.admin_forms import VERSION_FIELD
from articles.models import Contact, Response
from articles.seed import DOJ_INQUIRY_SLUG
from tests.admin_pages import form_data

#: Aug. 21, 2017, 10:00 in New York: the Monday after the deadline.
AUG_21 = datetime.datetime(2017, 8, 21, 14, 0, tzinfo=datetime.UTC)
NOTE = "Lt. Dean said off the record the chief is drafting a reply"
NAME = "Lt. Paul Dean, public information officer"


@pytest.fixture
def frozen():
    with time_machine.travel(AUG_21, tick=False):
        yield


@pytest.fixture
def stockton(seeded) -> Response:
    return Response.objects.select_related("inquiry", "city").get(
        inquiry__slug=DOJ_INQUIRY_SLUG, city__slug="stockton-ca"
    )


def _log(response, user, **kwargs):
    values = {
        "contacted_on": datetime.date(2017, 8, 21),
        "direction": Contact.Direction.OUTGOING,
        "method": Contact.Method.PHONE,
    }
    values.update(kwargs)
    return services.contact_log(response=response, acting_user=user, **values)


# --- the service ----------------------------------------------------------------


def test_a_confirming_contact_moves_as_of_so_needs_a_check_clears(frozen, stockton, editor):
    assert stockton.needs_check_at(AUG_21)
    contact = _log(stockton, editor, confirms_status=True, contact_name=NAME, note=NOTE)
    stockton.refresh_from_db()
    assert stockton.as_of == datetime.date(2017, 8, 21)
    assert not stockton.needs_check_at(AUG_21)
    assert stockton.is_overdue_at(AUG_21)
    assert contact.logged_by == editor
    assert contact.response == stockton
    history = stockton.history.order_by("-history_id").first()
    assert history.history_user == editor
    assert history.history_change_reason == "Status confirmed by phone on Aug. 21, 2017"
    assert contact.history.get().history_user == editor


def test_a_contact_that_does_not_confirm_leaves_as_of(frozen, stockton, editor):
    version = stockton.version
    _log(stockton, editor, confirms_status=False)
    stockton.refresh_from_db()
    assert stockton.as_of == datetime.date(2017, 8, 3)
    assert stockton.version == version
    assert stockton.needs_check_at(AUG_21)


def test_an_older_confirming_contact_never_moves_as_of_back(frozen, stockton, editor):
    _log(stockton, editor, confirms_status=True, contacted_on=datetime.date(2017, 8, 21))
    _log(stockton, editor, confirms_status=True, contacted_on=datetime.date(2017, 8, 10))
    stockton.refresh_from_db()
    assert stockton.as_of == datetime.date(2017, 8, 21)
    assert Contact.objects.filter(response=stockton).count() == 2


def test_the_editors_reason_goes_in_the_history(frozen, stockton, editor):
    _log(stockton, editor, confirms_status=True, reason="Called the PIO as agreed")
    stockton.refresh_from_db()
    last = stockton.history.order_by("-history_id").first()
    assert last.history_change_reason == "Called the PIO as agreed"


def test_a_contact_in_the_future_is_a_field_error(frozen, stockton, editor):
    with pytest.raises(ValidationError) as caught:
        _log(stockton, editor, contacted_on=datetime.date(2017, 8, 22), confirms_status=True)
    assert list(caught.value.message_dict) == ["contacted_on"]
    stockton.refresh_from_db()
    assert stockton.as_of == datetime.date(2017, 8, 3)
    assert not Contact.objects.exists()


def test_a_contact_before_the_inquiry_was_sent_is_a_field_error(frozen, stockton, editor):
    with pytest.raises(ValidationError) as caught:
        _log(stockton, editor, contacted_on=datetime.date(2017, 8, 2))
    assert caught.value.message_dict == {
        "contacted_on": [
            "Date (Aug. 2, 2017) precedes the inquiry's sent on date (Aug. 3, 2017): a "
            "contact about it cannot come first."
        ]
    }
    assert not Contact.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [("method", "pigeon"), ("direction", "sideways"), ("contact_name", "x" * 201)],
)
def test_bad_values_are_errors_naming_the_field(frozen, stockton, editor, field, value):
    with pytest.raises(ValidationError) as caught:
        _log(stockton, editor, **{field: value})
    assert field in caught.value.message_dict
    assert not Contact.objects.exists()


def test_a_document_is_kept_with_its_sha256(frozen, stockton, editor, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    content = b"Dear Mr. Sessions, the Stockton Police Department will respond.\n"
    document = SimpleUploadedFile("reply.txt", content, content_type="text/plain")
    contact = _log(stockton, editor, document=document)
    contact.refresh_from_db()
    assert contact.document_sha256 == hashlib.sha256(content).hexdigest()
    assert contact.document.name.startswith("contacts/2017/08/")
    with contact.document.open("rb") as stored:
        assert stored.read() == content


def test_a_document_over_10_mib_is_refused(frozen, stockton, editor, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    big = SimpleUploadedFile("big.txt", b"x" * (10 * 1024 * 1024 + 1))
    with pytest.raises(ValidationError) as caught:
        _log(stockton, editor, document=big)
    assert list(caught.value.message_dict) == ["document"]
    assert "10,485,760 bytes" in caught.value.message_dict["document"][0]
    assert not Contact.objects.exists()
    assert not any(tmp_path.rglob("*.txt"))


def test_a_document_named_as_a_pdf_that_is_not_one_is_refused(
    frozen, stockton, editor, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    fake = SimpleUploadedFile(
        "reply.pdf", b"<html><body>Not a PDF</body></html>", content_type="application/pdf"
    )
    with pytest.raises(ValidationError) as caught:
        _log(stockton, editor, document=fake)
    (message,) = caught.value.message_dict["document"]
    assert "reply.pdf is named as a PDF" in message
    assert not Contact.objects.exists()
    assert not any(tmp_path.rglob("*"))


def test_a_reporter_logs_a_contact_but_cannot_move_a_public_last_checked(
    frozen, stockton, role_reporter
):
    contact = _log(stockton, role_reporter, note=NOTE)
    assert contact.logged_by == role_reporter
    with pytest.raises(PermissionDenied, match="change_published"):
        _log(stockton, role_reporter, confirms_status=True)
    stockton.refresh_from_db()
    assert stockton.as_of == datetime.date(2017, 8, 3)
    assert Contact.objects.count() == 1  # the refused one left nothing


def test_a_role_editor_confirms_a_public_response(frozen, stockton, role_editor):
    _log(stockton, role_editor, confirms_status=True)
    stockton.refresh_from_db()
    assert stockton.as_of == datetime.date(2017, 8, 21)


def test_a_user_who_may_not_change_responses_logs_nothing(frozen, stockton, desk_editor):
    with pytest.raises(PermissionDenied, match="change_response"):
        _log(stockton, desk_editor)
    assert not Contact.objects.exists()


# --- readers: "last checked", never the note ------------------------------------


def _public_pages(response: Response) -> list[str]:
    city = response.city
    return [
        response.inquiry.get_absolute_url(),
        city.get_absolute_url(),
        "/responses/pending/",
        "/responses/received/",
        "/",
        f"/api/v1/responses/{response.pk}/",
        f"/api/v1/responses/?city={city.slug}",
        f"/api/v1/inquiries/{response.inquiry.slug}/",
        f"/api/v1/cities/{city.slug}/",
        "/api/v1/changes/",
        f"/feeds/cities/{city.slug}/",
        f"/embed/inquiries/{response.inquiry.slug}/",
    ]


def test_readers_see_last_checked_but_never_the_contact(frozen, stockton, editor, client):
    _log(stockton, editor, confirms_status=True, note=NOTE, contact_name=NAME)
    html = client.get(stockton.inquiry.get_absolute_url()).content.decode()
    row = BeautifulSoup(html, "html.parser").find("tr", id="response-stockton-ca")
    checked = row.find("td", class_="last-checked")
    assert checked["data-label"] == "Last checked"
    assert checked.get_text(" ", strip=True) == "Aug. 21, 2017"
    assert checked.find("time")["datetime"] == "2017-08-21"
    seen = 0
    for path in _public_pages(stockton):
        page = client.get(path)
        if page.status_code == 404:
            continue
        seen += 1
        assert page.status_code == 200, path
        body = page.content.decode()
        assert NOTE not in body, path
        assert "Paul Dean" not in body, path
    assert seen >= 9


def test_the_city_page_shows_last_checked(frozen, stockton, editor, client):
    _log(stockton, editor, confirms_status=True, note=NOTE)
    html = client.get(stockton.city.get_absolute_url()).content.decode()
    cells = BeautifulSoup(html, "html.parser").select("td.last-checked")
    assert "Aug. 21, 2017" in [cell.get_text(strip=True) for cell in cells]
    assert NOTE not in html


# --- the admin ------------------------------------------------------------------


def _inline_post(response: Response, **contact) -> dict:
    """The response's change form as the page sends it, with one new contact row."""
    data = {
        "inquiry": response.inquiry_id,
        "city": response.city_id,
        "status": response.status,
        "acknowledged_on": response.acknowledged_on or "",
        "received_on": response.received_on or "",
        "as_of": response.as_of.isoformat(),
        "status_source": response.status_source_id or "",
        "dates_as_reported": "on" if response.dates_as_reported else "",
        "organization": response.organization_id or "",
        "respondent": response.respondent_id or "",
        "summary": response.summary,
        "text": response.text,
        "sources": [s.pk for s in response.sources.all()],
        "assigned_to": response.assigned_to_id or "",
        "change_reason": "Logged a call",
        VERSION_FIELD: response.version,
        "contacts-TOTAL_FORMS": "1",
        "contacts-INITIAL_FORMS": "0",
        "contacts-MIN_NUM_FORMS": "0",
        "contacts-MAX_NUM_FORMS": "1000",
    }
    for key, value in contact.items():
        data[f"contacts-0-{key}"] = value
    return data


def test_the_response_page_logs_a_contact_through_the_service(
    frozen, stockton, admin_client, editor
):
    url = f"/admin/articles/response/{stockton.pk}/change/"
    page = admin_client.get(url)
    assert page.status_code == 200
    assert "Contact log (internal" in page.content.decode()
    data = _inline_post(
        stockton,
        contacted_on="2017-08-21",
        direction="outgoing",
        method="phone",
        contact_name=NAME,
        note=NOTE,
        confirms_status="on",
    )
    answer = admin_client.post(url, data)
    assert answer.status_code == 302, answer.context and answer.context["errors"]
    contact = Contact.objects.get()
    assert (contact.contact_name, contact.note, contact.logged_by) == (NAME, NOTE, editor)
    stockton.refresh_from_db()
    assert stockton.as_of == datetime.date(2017, 8, 21)
    # The page now lists the contact, read-only, with its note (editors only).
    page = admin_client.get(url)
    formset = page.context["inline_admin_formsets"][0]
    assert [form.instance for form in formset.formset.initial_forms] == [contact]
    assert NOTE in page.content.decode()


def test_saving_the_response_page_with_the_blank_contact_row_logs_nothing(
    frozen, stockton, admin_client
):
    url = f"/admin/articles/response/{stockton.pk}/change/"
    data = form_data(admin_client.get(url))  # as the browser sends it
    assert data["contacts-0-contacted_on"] == ["2017-08-21"]  # today, prefilled
    data.update(summary=["Still no answer"], change_reason=["Summary"])
    assert admin_client.post(url, data).status_code == 302
    assert not Contact.objects.exists()
    stockton.refresh_from_db()
    assert (stockton.summary, stockton.as_of) == ("Still no answer", datetime.date(2017, 8, 3))


def test_the_response_add_page_has_no_contact_log(seeded, admin_client):
    page = admin_client.get("/admin/articles/response/add/")
    assert page.status_code == 200
    assert page.context["inline_admin_formsets"] == []


def test_the_response_page_names_the_date_field_when_it_is_wrong(frozen, stockton, admin_client):
    url = f"/admin/articles/response/{stockton.pk}/change/"
    data = _inline_post(stockton, contacted_on="2017-08-02", direction="outgoing", method="email")
    answer = admin_client.post(url, data)
    assert answer.status_code == 200
    formset = answer.context["inline_admin_formsets"][0].formset
    assert "contacted_on" in formset.forms[0].errors
    assert "precedes the inquiry's sent on date" in formset.forms[0].errors["contacted_on"][0]
    assert not Contact.objects.exists()


def test_the_response_page_refuses_a_bad_method_on_its_field(frozen, stockton, admin_client):
    url = f"/admin/articles/response/{stockton.pk}/change/"
    data = _inline_post(stockton, contacted_on="2017-08-21", direction="outgoing", method="fax")
    answer = admin_client.post(url, data)
    assert answer.status_code == 200
    assert "method" in answer.context["inline_admin_formsets"][0].formset.forms[0].errors
    assert not Contact.objects.exists()


def test_assigned_to_is_a_choice_of_active_staff(stockton, admin_client, django_user_model):
    django_user_model.objects.create_user(username="not-staff")
    django_user_model.objects.create_user(username="gone", is_staff=True, is_active=False)
    page = admin_client.get(f"/admin/articles/response/{stockton.pk}/change/")
    choices = page.context["adminform"].form.fields["assigned_to"].queryset
    assert [u.username for u in choices] == ["editor"]


def test_the_response_list_shows_who_it_is_assigned_to(stockton, admin_client, editor):
    Response.objects.filter(pk=stockton.pk).update(assigned_to=editor)
    page = admin_client.get("/admin/articles/response/?assigned=me")
    assert page.status_code == 200
    rows = BeautifulSoup(page.content.decode(), "html.parser").select("#result_list tbody tr")
    assert len(rows) == 1
    assert "editor" in rows[0].select_one("td.field-assigned_to").get_text()


def test_the_contact_log_lists_and_filters(frozen, stockton, admin_client, editor):
    _log(stockton, editor, method=Contact.Method.EMAIL, contact_name=NAME)
    _log(stockton, editor, method=Contact.Method.PHONE, contacted_on=datetime.date(2017, 8, 18))
    page = admin_client.get("/admin/articles/contact/?method__exact=email")
    assert page.status_code == 200
    assert page.context["cl"].result_count == 1
    page = admin_client.get("/admin/articles/contact/?direction__exact=incoming")
    assert page.context["cl"].result_count == 0
    page = admin_client.get(
        "/admin/articles/contact/?contacted_on__gte=2017-08-18&contacted_on__lt=2017-08-19"
    )
    assert page.context["cl"].result_count == 1
    assert admin_client.get("/admin/articles/contact/?contacted_on__gte=nonsense").status_code in (
        200,
        302,
    )


def test_the_contact_log_add_page_goes_through_the_service(frozen, stockton, admin_client, editor):
    answer = admin_client.post(
        "/admin/articles/contact/add/",
        {
            "response": stockton.pk,
            "contacted_on": "2017-08-21",
            "direction": "incoming",
            "method": "letter",
            "confirms_status": "on",
        },
    )
    assert answer.status_code == 302
    contact = Contact.objects.get()
    assert contact.logged_by == editor
    stockton.refresh_from_db()
    assert stockton.as_of == datetime.date(2017, 8, 21)
    # A logged contact is read-only: no change, no delete.
    page = admin_client.get(f"/admin/articles/contact/{contact.pk}/change/")
    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    assert admin_client.post(f"/admin/articles/contact/{contact.pk}/delete/").status_code == 403


def test_a_reporter_is_told_on_the_field_why_they_cannot_confirm(
    frozen, stockton, role_reporter, client
):
    client.force_login(role_reporter)
    answer = client.post(
        "/admin/articles/contact/add/",
        {
            "response": stockton.pk,
            "contacted_on": "2017-08-21",
            "direction": "outgoing",
            "method": "phone",
            "confirms_status": "on",
        },
    )
    assert answer.status_code == 200
    assert "change_published" in answer.context["adminform"].form.errors["confirms_status"][0]
    assert not Contact.objects.exists()


def test_staff_without_response_permissions_never_see_the_log(client, desk_editor, seeded):
    client.force_login(desk_editor)
    assert client.get("/admin/articles/contact/").status_code == 403
    desk_editor.user_permissions.add(
        Permission.objects.get(content_type__app_label="articles", codename="view_response")
    )
    assert client.get("/admin/articles/contact/").status_code == 200
