"""Writes go through services: validated, atomic, with the acting user in
the history (STYLE.md, "Reads in selectors, writes in services")."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from articles import services
from articles.models import City, Publication, Response
from tests.factories import CityFactory, InquiryFactory, ResponseFactory, SourceFactory

pytestmark = pytest.mark.django_db

AUG_3 = datetime.date(2017, 8, 3)
AUG_18 = datetime.date(2017, 8, 18)
# Readers see the seed's responses: a status change comes with a note.
UPDATE = services.CorrectionNote(kind="update", text="Stockton has answered the questions.")


@pytest.fixture
def pending():
    """A pending response to a draft inquiry: status moves need no
    correction note until readers can see the response (tests/test_workflow.py)."""
    inquiry = InquiryFactory(sent_on=AUG_3, due_on=AUG_18, publication=Publication.DRAFT)
    return ResponseFactory(inquiry=inquiry, status="pending", as_of=AUG_3)


def test_mark_received_sets_status_date_and_as_of(pending, editor):
    services.response_mark_received(
        response=pending, received_on=AUG_18, acting_user=editor, text="We comply."
    )
    pending.refresh_from_db()
    assert (pending.status, pending.received_on, pending.as_of, pending.text) == (
        "received",
        AUG_18,
        AUG_18,
        "We comply.",
    )


def test_mark_received_records_the_editor_and_reason_in_history(pending, editor):
    services.response_mark_received(response=pending, received_on=AUG_18, acting_user=editor)
    latest = pending.history.first()
    assert latest.history_user == editor
    assert latest.history_change_reason == "Marked received"
    assert latest.status == "received"
    assert pending.history.count() == 2  # created, then marked received


def test_received_before_the_inquiry_was_sent_is_refused_and_nothing_changes(pending, editor):
    with pytest.raises(ValidationError) as excinfo:
        services.response_mark_received(
            response=pending, received_on=datetime.date(2017, 8, 2), acting_user=editor
        )
    assert "received_on" in excinfo.value.error_dict
    stored = Response.objects.get(pk=pending.pk)
    assert (stored.status, stored.received_on) == ("pending", None)
    assert pending.history.count() == 1


def test_mark_acknowledged_then_received(pending, editor):
    services.response_mark_acknowledged(
        response=pending, acknowledged_on=datetime.date(2017, 8, 4), acting_user=editor
    )
    services.response_mark_received(response=pending, received_on=AUG_18, acting_user=editor)
    pending.refresh_from_db()
    assert (pending.status, pending.acknowledged_on, pending.received_on) == (
        "received",
        datetime.date(2017, 8, 4),
        AUG_18,
    )


def test_acknowledging_an_answered_response_without_a_reason_is_refused(pending, editor):
    """Received -> acknowledged reopens the response: only with a reason."""
    services.response_mark_received(response=pending, received_on=AUG_18, acting_user=editor)
    with pytest.raises(ValidationError) as excinfo:
        services.response_mark_acknowledged(
            response=pending, acknowledged_on=AUG_18, acting_user=editor
        )
    assert excinfo.value.message_dict == {
        "reason": [
            "Moving a received response to acknowledged reopens it: give the reason for the change."
        ]
    }
    stored = Response.objects.get(pk=pending.pk)
    assert (stored.status, stored.received_on) == ("received", AUG_18)


def test_mark_declined_stores_the_refusal_date(pending, editor):
    services.response_mark_declined(response=pending, declined_on=AUG_18, acting_user=editor)
    pending.refresh_from_db()
    assert (pending.status, pending.received_on) == ("declined", AUG_18)


def test_bulk_mark_received_is_all_or_nothing(editor):
    inquiry = InquiryFactory(sent_on=AUG_3, due_on=AUG_18, publication=Publication.DRAFT)
    fine = ResponseFactory(inquiry=inquiry)
    late_inquiry = InquiryFactory(
        sent_on=datetime.date(2017, 9, 1), due_on=None, publication=Publication.DRAFT
    )
    impossible = ResponseFactory(inquiry=late_inquiry)  # Aug. 18 precedes its sent_on
    with pytest.raises(ValidationError, match="precedes the inquiry's sent on date"):
        services.responses_mark_received(
            responses=[fine, impossible], received_on=AUG_18, acting_user=editor
        )
    assert set(Response.objects.values_list("status", flat=True)) == {"pending"}


def test_object_save_validates_before_writing(editor):
    city = City(name="Nowhere", state="ZZ")
    with pytest.raises(ValidationError) as excinfo:
        services.object_save(instance=city, acting_user=editor)
    assert "state" in excinfo.value.error_dict
    assert not City.objects.exists()


def test_object_save_reports_duplicate_response_naming_the_rule(pending, editor):
    duplicate = Response(inquiry=pending.inquiry, city=pending.city, as_of=AUG_3)
    with pytest.raises(ValidationError, match="already has a response to this inquiry"):
        services.object_save(instance=duplicate, acting_user=editor)


def test_object_delete_of_a_city_with_responses_is_refused(pending, editor):
    with pytest.raises(ValidationError, match="cannot be deleted while other records point at it"):
        services.object_delete(instance=pending.city, acting_user=editor)
    assert City.objects.filter(pk=pending.city.pk).exists()


def test_object_delete_records_who_deleted(editor):
    city = CityFactory()
    city_id = city.pk
    services.object_delete(instance=city, acting_user=editor)
    deletion = City.history.filter(id=city_id, history_type="-").get()
    assert deletion.history_user == editor


def test_source_file_gets_its_sha256(editor, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    source = SourceFactory.build(publisher=None)
    source.file.save("letter.txt", ContentFile(b"abc"), save=False)
    services.object_save(instance=source, acting_user=editor)
    # SHA-256("abc"), FIPS 180-2 appendix B.1.
    assert source.sha256 == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"


def test_bulk_mark_received_refuses_responses_already_received(pending, editor):
    services.response_mark_received(response=pending, received_on=AUG_18, acting_user=editor)
    with pytest.raises(ValidationError, match=r"Already received: .*received Aug\. 18, 2017"):
        services.responses_mark_received(
            responses=[pending], received_on=datetime.date(2017, 9, 1), acting_user=editor
        )
    pending.refresh_from_db()
    assert pending.received_on == AUG_18


def test_status_move_forgets_a_status_source_older_than_the_new_status(seeded):
    """Reuters reported on Aug. 3, 2017 that Stockton had not responded; it
    cannot report an answer of Aug. 25, so the answer names no source until
    an editor adds one."""
    stockton = Response.objects.get(
        inquiry__slug="reuters-request-for-comment", city__slug="stockton-ca"
    )
    services.response_mark_received(
        response=stockton,
        received_on=datetime.date(2017, 8, 25),
        acting_user=None,
        correction=UPDATE,
    )
    stockton.refresh_from_db()
    assert stockton.status_source is None
    assert stockton.dates_as_reported is False
    assert stockton.sources.count() == 1  # still lists the earlier report


def test_status_move_keeps_a_status_source_dated_on_the_new_status(seeded):
    stockton = Response.objects.get(
        inquiry__slug="reuters-request-for-comment", city__slug="stockton-ca"
    )
    services.response_mark_received(
        response=stockton,
        received_on=datetime.date(2017, 8, 3),
        acting_user=None,
        correction=UPDATE,
    )
    stockton.refresh_from_db()
    assert stockton.status_source.publisher.name == "Reuters"
