"""Status moves (articles/transitions.py) and the response services that
enforce them (DESIGN.md, "Response status and deadlines": pending ->
acknowledged -> received or declined; reopening a received or declined
response only with a stated reason)."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import AnonymousUser, Permission
from django.core.exceptions import PermissionDenied, ValidationError

from articles import services, transitions
from articles.locking import StaleVersionError
from articles.models import Publication, Response, Source
from tests.factories import CityFactory, InquiryFactory, ResponseFactory, SourceFactory

pytestmark = pytest.mark.django_db

AUG_3 = datetime.date(2017, 8, 3)
AUG_4 = datetime.date(2017, 8, 4)
AUG_10 = datetime.date(2017, 8, 10)
AUG_18 = datetime.date(2017, 8, 18)
AUG_21 = datetime.date(2017, 8, 21)


@pytest.fixture
def justice():
    """The Justice Department's questions: sent Aug. 3, due Aug. 18, 2017."""
    return InquiryFactory(sent_on=AUG_3, due_on=AUG_18, publication=Publication.DRAFT)


def _response(inquiry, **kwargs) -> Response:
    return ResponseFactory(inquiry=inquiry, **kwargs)


# --- the table ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "target", "needs_reason"),
    [
        ("pending", "acknowledged", False),
        ("pending", "received", False),
        ("pending", "declined", False),
        ("acknowledged", "received", False),
        ("acknowledged", "declined", False),
        ("received", "pending", True),
        ("received", "acknowledged", True),
        ("received", "declined", True),
        ("declined", "pending", True),
        ("declined", "acknowledged", True),
        ("declined", "received", True),
    ],
)
def test_allowed_moves_and_which_need_a_reason(source, target, needs_reason):
    move = transitions.find_move(source, target)
    assert move is not None
    assert move.needs_reason is needs_reason


def test_an_acknowledged_response_does_not_go_back_to_pending():
    assert transitions.find_move("acknowledged", "pending") is None
    with pytest.raises(ValidationError) as excinfo:
        transitions.check_move("acknowledged", "pending", reason="Entered by mistake")
    assert excinfo.value.message_dict == {
        "status": [
            "A response cannot go from acknowledged to pending. "
            "From acknowledged it may move to received or declined."
        ]
    }


def test_keeping_the_status_or_a_new_response_is_no_move():
    assert transitions.check_move("received", "received") is None
    assert transitions.check_move(None, "declined") is None


def test_reopening_without_a_reason_is_refused_with_the_reason_key():
    with pytest.raises(ValidationError) as excinfo:
        transitions.check_move("declined", "pending", reason="   ")
    assert excinfo.value.message_dict == {
        "reason": [
            "Moving a declined response to pending reopens it: give the reason for the change."
        ]
    }


def test_status_as_of_only_moves_forward():
    assert transitions.status_as_of(AUG_3, None, AUG_18) == AUG_18
    assert transitions.status_as_of(AUG_21, AUG_4, AUG_18) == AUG_21
    assert transitions.status_as_of(None, None, None) is None


def test_table_for_the_methodology_page():
    assert transitions.table() == [
        {
            "status": "pending",
            "label": "Pending",
            "to": ["Acknowledged", "Received", "Declined"],
            "reopen": [],
        },
        {
            "status": "acknowledged",
            "label": "Acknowledged",
            "to": ["Received", "Declined"],
            "reopen": [],
        },
        {
            "status": "received",
            "label": "Received",
            "to": [],
            "reopen": ["Pending", "Acknowledged", "Declined"],
        },
        {
            "status": "declined",
            "label": "Declined",
            "to": [],
            "reopen": ["Pending", "Acknowledged", "Received"],
        },
    ]


def test_methodology_page_lists_the_moves(client):
    html = client.get("/methodology/").content.decode()
    soup = BeautifulSoup(html, "html.parser")
    rows = {}
    for row in soup.select("table.status-moves tbody tr"):
        cells = [" ".join(c.get_text(" ", strip=True).split()) for c in row.find_all(["th", "td"])]
        rows[row["id"]] = cells[1:]
    assert rows == {
        "moves-from-pending": ["Acknowledged, Received, Declined", "None"],
        "moves-from-acknowledged": ["Received, Declined", "None"],
        "moves-from-received": ["None", "Pending, Acknowledged, Declined"],
        "moves-from-declined": ["None", "Pending, Acknowledged, Received"],
    }


# --- services enforce the table ------------------------------------------------


def test_plain_edit_cannot_take_an_acknowledged_response_back_to_pending(justice, editor):
    response = _response(justice, status="acknowledged", acknowledged_on=AUG_4)
    response.status = "pending"
    response.acknowledged_on = None
    with pytest.raises(ValidationError) as excinfo:
        services.response_update(response=response, acting_user=editor, reason="Mistake")
    assert list(excinfo.value.message_dict) == ["status"]
    stored = Response.objects.get(pk=response.pk)
    assert (stored.status, stored.acknowledged_on) == ("acknowledged", AUG_4)
    assert stored.history.count() == 1


def test_plain_edit_reopening_a_received_response_needs_a_reason(justice, editor):
    response = _response(justice, status="received", received_on=AUG_10)
    response.status = "pending"
    response.received_on = None
    with pytest.raises(ValidationError) as excinfo:
        services.response_update(response=response, acting_user=editor)
    assert list(excinfo.value.message_dict) == ["reason"]
    assert Response.objects.get(pk=response.pk).status == "received"


def test_object_save_of_a_response_checks_the_move_too(justice, editor):
    response = _response(justice, status="declined", received_on=AUG_10)
    response.status = "received"
    with pytest.raises(ValidationError) as excinfo:
        services.object_save(instance=response, acting_user=editor)
    assert list(excinfo.value.message_dict) == ["reason"]
    assert Response.objects.get(pk=response.pk).status == "declined"


def test_reopen_clears_the_answer_and_records_the_reason(justice, editor):
    response = _response(justice, status="received", received_on=AUG_10)
    services.response_reopen(
        response=response,
        reason="The answer came from another city's department.",
        acting_user=editor,
    )
    stored = Response.objects.get(pk=response.pk)
    assert (stored.status, stored.received_on, stored.acknowledged_on) == ("pending", None, None)
    assert stored.as_of == AUG_10  # unchanged: reopening confirms nothing new
    latest = stored.history.first()
    assert latest.history_change_reason == "The answer came from another city's department."
    assert latest.history_user == editor


def test_reopen_as_acknowledged_keeps_the_acknowledgement(justice, editor):
    response = _response(justice, status="declined", acknowledged_on=AUG_4, received_on=AUG_10)
    services.response_reopen(
        response=response, status="acknowledged", reason="Refusal withdrawn", acting_user=editor
    )
    stored = Response.objects.get(pk=response.pk)
    assert (stored.status, stored.acknowledged_on, stored.received_on) == (
        "acknowledged",
        AUG_4,
        None,
    )


def test_reopen_without_a_reason_is_refused(justice, editor):
    response = _response(justice, status="received", received_on=AUG_10)
    with pytest.raises(ValidationError) as excinfo:
        services.response_reopen(response=response, reason="", acting_user=editor)
    assert list(excinfo.value.message_dict) == ["reason"]
    assert Response.objects.get(pk=response.pk).status == "received"


def test_reopen_of_an_open_response_is_refused(justice, editor):
    response = _response(justice, status="pending")
    with pytest.raises(ValidationError) as excinfo:
        services.response_reopen(response=response, reason="Why not", acting_user=editor)
    assert excinfo.value.message_dict == {
        "status": ["Only a received or declined response can be reopened; this one is pending."]
    }


def test_mark_received_on_a_declined_response_needs_a_reason(justice, editor):
    response = _response(justice, status="declined", received_on=AUG_10)
    with pytest.raises(ValidationError) as excinfo:
        services.response_mark_received(response=response, received_on=AUG_18, acting_user=editor)
    assert list(excinfo.value.message_dict) == ["reason"]
    response = Response.objects.get(pk=response.pk)
    services.response_mark_received(
        response=response,
        received_on=AUG_18,
        acting_user=editor,
        reason="The city answered after all.",
    )
    stored = Response.objects.get(pk=response.pk)
    assert (stored.status, stored.received_on) == ("received", AUG_18)
    assert stored.history.first().history_change_reason == "The city answered after all."


def test_the_stored_status_decides_not_the_instance(justice, editor):
    """An instance holding a stale status (an old version, a revert) is
    judged by the row in the database: stored received -> pending is a
    reopening, whatever the instance said before."""
    response = _response(justice, status="pending")
    stale = Response.objects.get(pk=response.pk)
    services.response_mark_received(response=response, received_on=AUG_10, acting_user=editor)
    stale.summary = "Edited from an old copy"
    # Saved as it is, the old copy is refused as stale (articles/locking.py) ...
    with pytest.raises(StaleVersionError):
        services.response_update(response=stale, acting_user=editor)
    # ... and a deliberate revert (the current version, old values) is judged
    # by the stored status: received -> pending reopens, so it needs a reason.
    stale.version = Response.objects.get(pk=response.pk).version
    with pytest.raises(ValidationError) as excinfo:
        services.response_update(response=stale, acting_user=editor)
    assert list(excinfo.value.message_dict) == ["reason"]


# --- status as of moves forward --------------------------------------------------


def test_mark_received_moves_as_of_forward_never_back(justice, editor):
    confirmed_later = _response(justice, status="pending", as_of=AUG_21)
    services.response_mark_received(
        response=confirmed_later, received_on=AUG_18, acting_user=editor
    )
    assert Response.objects.get(pk=confirmed_later.pk).as_of == AUG_21


def test_plain_edit_setting_a_received_date_moves_as_of_forward(justice, editor):
    response = _response(justice, status="pending", as_of=AUG_3)
    response.status = "received"
    response.received_on = AUG_18
    services.response_update(response=response, acting_user=editor)
    stored = Response.objects.get(pk=response.pk)
    assert (stored.received_on, stored.as_of) == (AUG_18, AUG_18)


def test_plain_edit_setting_an_acknowledged_date_moves_as_of_forward(justice, editor):
    response = _response(justice, status="pending", as_of=AUG_3)
    response.status = "acknowledged"
    response.acknowledged_on = AUG_10
    services.response_update(response=response, acting_user=editor)
    assert Response.objects.get(pk=response.pk).as_of == AUG_10


# --- the bulk action's service --------------------------------------------------


def test_bulk_mark_received_refuses_declined_like_received(justice, editor):
    pending = _response(justice, status="pending")
    declined = _response(justice, status="declined", received_on=AUG_10)
    with pytest.raises(ValidationError) as excinfo:
        services.responses_mark_received(
            responses=[pending, declined], received_on=AUG_18, acting_user=editor
        )
    assert excinfo.value.messages == [f"Already declined: {declined} (declined Aug. 10, 2017)."]
    assert Response.objects.get(pk=pending.pk).status == "pending"
    assert Response.objects.get(pk=declined.pk).status == "declined"


def test_bulk_mark_received_names_received_and_declined(justice, editor):
    received = _response(justice, status="received", received_on=AUG_4)
    declined = _response(justice, status="declined", received_on=AUG_10)
    with pytest.raises(ValidationError) as excinfo:
        services.responses_mark_received(
            responses=[declined, received], received_on=AUG_18, acting_user=editor
        )
    assert excinfo.value.messages == [
        f"Already received: {received} (received Aug. 4, 2017). "
        f"Already declined: {declined} (declined Aug. 10, 2017)."
    ]


# --- the permission hook --------------------------------------------------------


@pytest.fixture
def reporter(django_user_model):
    """A logged-in staff user who may view responses but not change them."""
    user = django_user_model.objects.create_user(username="reporter", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_response"))
    return user


def test_a_user_without_change_permission_cannot_mark_received(justice, reporter):
    response = _response(justice, status="pending")
    with pytest.raises(PermissionDenied, match="articles.change_response"):
        services.response_mark_received(response=response, received_on=AUG_10, acting_user=reporter)
    assert Response.objects.get(pk=response.pk).status == "pending"


def test_an_anonymous_user_cannot_save(justice):
    response = _response(justice, status="pending")
    response.summary = "Anonymous edit"
    with pytest.raises(PermissionDenied):
        services.response_update(response=response, acting_user=AnonymousUser())
    with pytest.raises(PermissionDenied):
        services.object_save(
            instance=SourceFactory.build(publisher=None), acting_user=AnonymousUser()
        )
    assert not Source.objects.exists()


def test_the_system_may_write(justice):
    """acting_user=None: the seed loader, commands and tasks."""
    response = _response(justice, status="pending")
    services.response_mark_acknowledged(response=response, acknowledged_on=AUG_4, acting_user=None)
    assert Response.objects.get(pk=response.pk).status == "acknowledged"


def test_granting_the_permission_lets_the_user_write(justice, reporter):
    reporter.user_permissions.add(Permission.objects.get(codename="change_response"))
    reporter = type(reporter).objects.get(pk=reporter.pk)  # fresh permission cache
    response = _response(justice, status="pending")
    services.response_mark_received(response=response, received_on=AUG_10, acting_user=reporter)
    assert Response.objects.get(pk=response.pk).history.first().history_user == reporter


# --- a reason for changes readers can see -----------------------------------------


def test_plain_edit_of_a_response_to_a_published_inquiry_needs_a_reason(editor):
    published = InquiryFactory(publication=Publication.PUBLISHED)
    response = _response(published, status="pending")
    response.summary = "Changed quietly"
    with pytest.raises(ValidationError) as excinfo:
        services.response_update(response=response, acting_user=editor)
    assert excinfo.value.message_dict == {
        "reason": ["Readers can see this response: give the reason for the change."]
    }
    services.response_update(response=response, acting_user=editor, reason="Summary corrected")
    assert Response.objects.get(pk=response.pk).summary == "Changed quietly"


def test_named_actions_on_published_responses_are_their_own_reason(editor):
    published = InquiryFactory(publication=Publication.PUBLISHED, sent_on=AUG_3)
    response = _response(published, status="pending")
    services.response_mark_received(
        response=response,
        received_on=AUG_10,
        acting_user=editor,
        correction=services.CorrectionNote(kind="update", text="The city answered on Aug. 10."),
    )
    assert response.history.first().history_change_reason == "Marked received"


def test_object_save_of_a_published_inquiry_needs_a_reason(editor):
    inquiry = InquiryFactory(publication=Publication.PUBLISHED)
    inquiry.description = "New description"
    with pytest.raises(ValidationError) as excinfo:
        services.object_save(instance=inquiry, acting_user=editor)
    assert list(excinfo.value.message_dict) == ["reason"]


# --- one history record per save, many-to-many included -----------------------------


def test_update_with_sources_writes_one_history_record(justice, editor):
    response = _response(justice, status="pending")
    letter = SourceFactory(title="Letter from the Justice Department")
    response.summary = "The department's letter is on file."
    services.response_update(
        response=response, acting_user=editor, reason="Added the letter", m2m={"sources": [letter]}
    )
    assert response.history.count() == 2  # created, then this one save
    latest = response.history.first()
    assert latest.summary == "The department's letter is on file."
    assert [row.source_id for row in latest.sources.all()] == [letter.pk]
    changes = {c.field for c in latest.diff_against(latest.prev_record).changes}
    assert changes == {"summary", "sources"}


def test_create_with_sources_writes_one_history_record_holding_them(justice, editor):
    letter = SourceFactory(title="Letter from the Justice Department")
    memo = SourceFactory(title="Memo")
    response = Response(inquiry=justice, city=CityFactory(), as_of=AUG_3)
    services.response_update(response=response, acting_user=editor, m2m={"sources": [letter, memo]})
    (record,) = response.history.all()
    assert record.history_type == "+"
    assert record.history_change_reason == "Added"
    assert sorted(row.source_id for row in record.sources.all()) == sorted([letter.pk, memo.pk])
    assert sorted(s.pk for s in response.sources.all()) == sorted([letter.pk, memo.pk])
