"""The publishing workflow in the services (the issue "Publishing workflow,
roles, corrections and no lost edits"): moves, roles, corrections, deletion
and optimistic locking. The admin's side is in tests/test_admin_roles.py."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError

from articles import roles, services, workflow
from articles.locking import StaleVersionError
from articles.models import (
    Claim,
    Correction,
    Inquiry,
    Publication,
    Rating,
    Response,
    ReviewComment,
)
from tests.factories import (
    CitationFactory,
    CityFactory,
    ClaimFactory,
    InquiryFactory,
    PersonFactory,
    ResponseFactory,
)

pytestmark = pytest.mark.django_db

DRAFT, IN_REVIEW, PUBLISHED, RETRACTED = (
    Publication.DRAFT,
    Publication.IN_REVIEW,
    Publication.PUBLISHED,
    Publication.RETRACTED,
)
NOTE = services.CorrectionNote(kind="correction", text="An earlier version misquoted Davis.")


def _draft_claim(not_rated: bool = False, **kwargs) -> Claim:
    claim = ClaimFactory(publication=DRAFT, not_rated=not_rated, **kwargs)
    CitationFactory(claim=claim)
    return claim


def _rating() -> Rating:
    """A step of the default scale (migration 0002)."""
    return Rating.objects.order_by("order").first()


def _stored(record):
    return type(record).objects.get(pk=record.pk)


# --- the groups the migration made -------------------------------------------------


def test_the_migration_gave_each_group_the_roles_permissions():
    expected = roles.role_permissions()
    for name in (roles.REPORTERS, roles.EDITORS):
        held = sorted(Group.objects.get(name=name).permissions.values_list("codename", flat=True))
        assert held == expected[name]


def test_editors_hold_every_reporter_permission_and_the_editorial_ones():
    perms = roles.role_permissions()
    extra = set(perms[roles.EDITORS]) - set(perms[roles.REPORTERS])
    assert extra == {
        "change_published",
        "rate_claim",
        "publish_claim",
        "retract_claim",
        "publish_inquiry",
        "retract_inquiry",
        "add_correction",
        "change_correction",
        "add_rating",
        "change_rating",
        "add_ratingscale",
        "change_ratingscale",
    }
    assert not any("user" in codename for codename in perms[roles.EDITORS])


# --- the role × action matrix ---------------------------------------------------------
#
# Each action runs through the services as the given user; "ok" means it
# was done, "denied" a PermissionDenied with nothing changed. A published
# record's deletion is refused for everyone ("retract it instead").


def _act(action: str, user):
    """Run ``action`` as ``user``; return what the database holds after."""
    if action == "create draft claim":
        claim = Claim(text="We will answer.", claimant=PersonFactory(), not_rated=False)
        services.object_save(instance=claim, acting_user=user)
        return Claim.objects.filter(text="We will answer.").count()
    if action == "edit draft claim":
        claim = _draft_claim()
        claim.text = "We will answer by Aug. 18."
        services.object_save(instance=claim, acting_user=user)
        return _stored(claim).text
    if action == "submit for review":
        claim = _draft_claim()
        workflow.submit(record=claim, acting_user=user)
        return _stored(claim).publication
    if action == "publish":
        claim = _draft_claim(not_rated=True)
        workflow.publish(record=claim, acting_user=user)
        return _stored(claim).publication
    if action == "send back":
        claim = _draft_claim()
        Claim.objects.filter(pk=claim.pk).update(publication=IN_REVIEW)
        workflow.send_back(record=_stored(claim), acting_user=user, comment="Cite the letter.")
        return _stored(claim).publication
    if action == "retract":
        claim = ClaimFactory()
        workflow.retract(record=claim, acting_user=user, note="The quote was misattributed.")
        return _stored(claim).publication
    if action == "rate":
        claim = _draft_claim()
        claim.rating = _rating()
        services.object_save(instance=claim, acting_user=user)
        return _stored(claim).rating_id is not None
    if action == "write correction":
        claim = ClaimFactory()
        workflow.correction_add(record=claim, kind="clarification", text="…", acting_user=user)
        return Correction.objects.filter(claim=claim).count()
    if action == "delete draft":
        claim = ClaimFactory(publication=DRAFT)
        services.object_delete(instance=claim, acting_user=user)
        return Claim.objects.filter(pk=claim.pk).count()
    if action == "comment":
        claim = _draft_claim()
        workflow.comment_add(record=claim, text="Is there a second source?", acting_user=user)
        return ReviewComment.objects.filter(claim=claim).count()
    if action == "edit response":
        response = ResponseFactory(inquiry=InquiryFactory(publication=DRAFT))
        services.response_mark_acknowledged(
            response=response, acknowledged_on=datetime.date(2017, 8, 4), acting_user=user
        )
        return _stored(response).status
    raise AssertionError(action)


DONE = {
    "create draft claim": 1,
    "edit draft claim": "We will answer by Aug. 18.",
    "submit for review": IN_REVIEW,
    "publish": PUBLISHED,
    "send back": DRAFT,
    "retract": RETRACTED,
    "rate": True,
    "write correction": 1,
    "delete draft": 0,
    "comment": 1,
    "edit response": "acknowledged",
}

#: What each role may do; anything not listed is refused.
MATRIX = {
    "reporter": {
        "create draft claim",
        "edit draft claim",
        "submit for review",
        "delete draft",
        "comment",
        "edit response",
    },
    "editor": set(DONE),
    "superuser": set(DONE),
    "staff without a role": set(),
}


@pytest.fixture
def users(role_reporter, role_editor, editor, django_user_model):
    return {
        "reporter": role_reporter,
        "editor": role_editor,
        "superuser": editor,
        "staff without a role": django_user_model.objects.create_user(
            username="intern", password="correct-horse-battery", is_staff=True
        ),
    }


@pytest.mark.parametrize("action", sorted(DONE))
@pytest.mark.parametrize("role", sorted(MATRIX))
def test_role_action_matrix(role, action, users):
    if action in MATRIX[role]:
        assert _act(action, users[role]) == DONE[action]
    else:
        with pytest.raises(PermissionDenied):
            _act(action, users[role])


def test_a_refused_publish_changes_nothing(role_reporter):
    claim = _draft_claim(not_rated=True)
    with pytest.raises(PermissionDenied, match="publish_claim"):
        workflow.publish(record=claim, acting_user=role_reporter)
    stored = _stored(claim)
    assert (stored.publication, stored.version, stored.published_at) == (DRAFT, 1, None)
    assert claim.history.count() == 1


def test_deleting_a_published_record_is_refused_for_everyone(editor):
    claim = ClaimFactory()
    with pytest.raises(ValidationError, match="Retract it instead"):
        services.object_delete(instance=claim, acting_user=editor)
    retracted = workflow.retract(record=claim, acting_user=editor, note="Misattributed.")
    with pytest.raises(ValidationError, match="Retract it instead"):
        services.object_delete(instance=retracted, acting_user=editor)
    response = ResponseFactory()  # its inquiry is published
    with pytest.raises(ValidationError, match="Retract it instead"):
        services.object_delete(instance=response, acting_user=editor)
    assert Claim.objects.filter(pk=claim.pk).exists()
    assert Response.objects.filter(pk=response.pk).exists()


def test_a_correction_is_never_deleted(editor):
    correction = workflow.correction_add(
        record=ClaimFactory(), kind="update", text="Davis has since answered.", acting_user=editor
    )
    with pytest.raises(ValidationError, match="nothing published is deleted"):
        services.object_delete(instance=correction, acting_user=editor)


# --- moves ------------------------------------------------------------------------------


def test_draft_to_review_to_published(role_reporter, role_editor):
    claim = _draft_claim(not_rated=True)
    workflow.submit(
        record=claim, acting_user=role_reporter, comment="Ready.", assign_to=role_editor
    )
    stored = _stored(claim)
    assert (stored.publication, stored.submitted_by, stored.assigned_to) == (
        IN_REVIEW,
        role_reporter,
        role_editor,
    )
    assert list(ReviewComment.objects.filter(claim=claim).values_list("kind", "text")) == [
        ("submitted", "Ready.")
    ]
    workflow.publish(record=claim, acting_user=role_editor)
    stored = _stored(claim)
    assert (stored.publication, stored.assigned_to) == (PUBLISHED, None)
    assert stored.published_at is not None
    assert claim.history.first().history_user == role_editor


def test_send_back_returns_the_record_to_its_reporter_with_the_comment(role_reporter, role_editor):
    claim = _draft_claim()
    workflow.submit(record=claim, acting_user=role_reporter, assign_to=role_editor)
    workflow.send_back(record=claim, acting_user=role_editor, comment="Add the second source.")
    stored = _stored(claim)
    assert (stored.publication, stored.assigned_to) == (DRAFT, role_reporter)
    comment = ReviewComment.objects.get(claim=claim, kind="sent_back")
    assert (comment.text, comment.author) == ("Add the second source.", role_editor)


def test_send_back_without_a_comment_is_refused(role_reporter, role_editor):
    claim = _draft_claim()
    workflow.submit(record=claim, acting_user=role_reporter)
    with pytest.raises(ValidationError) as excinfo:
        workflow.send_back(record=claim, acting_user=role_editor, comment="  ")
    assert list(excinfo.value.message_dict) == ["comment"]
    assert _stored(claim).publication == IN_REVIEW


@pytest.mark.parametrize(
    ("move", "state", "message"),
    [
        ("retract", DRAFT, "This claim is a draft: only a published claim can be retracted."),
        (
            "publish",
            RETRACTED,
            "This claim is retracted: only a draft or a claim in review can be published.",
        ),
        (
            "submit",
            PUBLISHED,
            "This claim is published: only a draft can be sent to review.",
        ),
        (
            "send_back",
            DRAFT,
            "This claim is a draft: only a claim in review can be sent back.",
        ),
    ],
)
def test_a_move_the_rules_do_not_allow_is_refused_naming_the_state(editor, move, state, message):
    claim = _draft_claim(not_rated=True)
    Claim.objects.filter(pk=claim.pk).update(
        publication=state,
        retracted_at=datetime.datetime(2017, 8, 4, tzinfo=datetime.UTC),
        retraction_note="x",
    )
    claim = _stored(claim)
    kwargs = {"retract": {"note": "n"}, "send_back": {"comment": "c"}}.get(move, {})
    with pytest.raises(ValidationError) as excinfo:
        getattr(workflow, move)(record=claim, acting_user=editor, **kwargs)
    assert excinfo.value.message_dict == {"publication": [message]}
    assert _stored(claim).publication == state


def test_publishing_needs_a_citation_and_a_rating_or_not_rated(editor):
    claim = ClaimFactory(publication=DRAFT, not_rated=False)
    with pytest.raises(ValidationError) as excinfo:
        workflow.publish(record=claim, acting_user=editor)
    (message,) = excinfo.value.message_dict["publication"]
    assert "it has no citation" in message
    assert "it has no rating: rate it, or tick “publish without a rating”" in message
    CitationFactory(claim=claim)
    claim.rating = _rating()
    services.object_save(instance=claim, acting_user=editor)
    workflow.publish(record=claim, acting_user=editor)
    assert _stored(claim).publication == PUBLISHED


def test_a_rating_and_not_rated_exclude_each_other(editor):
    claim = _draft_claim(not_rated=True)
    claim.rating = _rating()
    with pytest.raises(ValidationError) as excinfo:
        services.object_save(instance=claim, acting_user=editor)
    assert list(excinfo.value.message_dict) == ["not_rated"]


def test_retraction_keeps_the_note_and_date(editor):
    inquiry = InquiryFactory()
    at = datetime.datetime(2017, 8, 10, 16, 0, tzinfo=datetime.UTC)
    workflow.retract(record=inquiry, acting_user=editor, note="Published in error.", at=at)
    stored = _stored(inquiry)
    assert (stored.publication, stored.retracted_at, stored.retraction_note) == (
        RETRACTED,
        at,
        "Published in error.",
    )


def test_retraction_without_a_note_is_refused(editor):
    inquiry = InquiryFactory()
    with pytest.raises(ValidationError) as excinfo:
        workflow.retract(record=inquiry, acting_user=editor, note="")
    assert list(excinfo.value.message_dict) == ["note"]
    assert _stored(inquiry).publication == PUBLISHED


def test_an_edit_cannot_publish(role_reporter):
    claim = _draft_claim(not_rated=True)
    claim.publication = PUBLISHED
    with pytest.raises(ValidationError) as excinfo:
        services.object_save(instance=claim, acting_user=role_reporter)
    assert list(excinfo.value.message_dict) == ["publication"]
    assert _stored(claim).publication == DRAFT


# --- corrections ---------------------------------------------------------------------------


def test_changing_a_published_claims_text_needs_a_note(editor):
    claim = ClaimFactory(text="I jump.")
    claim.text = "I jumped."
    with pytest.raises(ValidationError) as excinfo:
        services.object_save(instance=claim, acting_user=editor, reason="Misquoted")
    assert list(excinfo.value.message_dict) == ["correction"]
    assert "changing its text needs a correction or update note" in str(excinfo.value)
    assert _stored(claim).text == "I jump."
    services.object_save(instance=claim, acting_user=editor, reason="Misquoted", correction=NOTE)
    assert _stored(claim).text == "I jumped."
    correction = Correction.objects.get(claim=claim)
    assert (correction.kind, correction.text, correction.created_by) == (
        "correction",
        "An earlier version misquoted Davis.",
        editor,
    )


def test_a_clarification_does_not_cover_a_changed_fact(editor):
    claim = ClaimFactory()
    claim.rating = _rating()
    claim.not_rated = False
    note = services.CorrectionNote(kind="clarification", text="Rated.")
    with pytest.raises(ValidationError, match="must be a correction or an update"):
        services.object_save(instance=claim, acting_user=editor, reason="r", correction=note)
    assert not Correction.objects.exists()


def test_a_reporter_cannot_change_a_published_fact_even_with_a_note(role_reporter):
    response = ResponseFactory()  # to a published inquiry
    note = services.CorrectionNote(kind="update", text="The city answered.")
    with pytest.raises(PermissionDenied, match="only an editor may change it"):
        services.response_mark_received(
            response=response,
            received_on=datetime.date(2017, 8, 10),
            acting_user=role_reporter,
            correction=note,
        )
    assert _stored(response).status == "pending"
    assert not Correction.objects.exists()


def test_a_published_responses_status_change_comes_with_its_update(role_editor):
    response = ResponseFactory()
    with pytest.raises(ValidationError) as excinfo:
        services.response_mark_received(
            response=response, received_on=datetime.date(2017, 8, 10), acting_user=role_editor
        )
    assert list(excinfo.value.message_dict) == ["correction"]
    note = services.CorrectionNote(kind="update", text="The city answered on Aug. 10.")
    services.response_mark_received(
        response=response,
        received_on=datetime.date(2017, 8, 10),
        acting_user=role_editor,
        correction=note,
    )
    assert _stored(response).status == "received"
    assert list(Correction.objects.values_list("response", "kind", "text")) == [
        (response.pk, "update", "The city answered on Aug. 10.")
    ]


def test_a_field_error_and_a_missing_note_are_reported_together(role_editor):
    response = ResponseFactory()  # sent Aug. 3
    with pytest.raises(ValidationError) as excinfo:
        services.response_mark_received(
            response=response, received_on=datetime.date(2017, 8, 1), acting_user=role_editor
        )
    assert set(excinfo.value.message_dict) == {"received_on", "correction"}


def test_rechecking_a_published_status_needs_no_note(role_editor):
    """``as_of`` is when the status was last confirmed: a re-check changes no fact."""
    response = ResponseFactory()
    response.as_of = datetime.date(2017, 8, 20)
    services.response_update(response=response, acting_user=role_editor, reason="Called again")
    assert _stored(response).as_of == datetime.date(2017, 8, 20)


@pytest.mark.parametrize("text", ["", "   \n "])
def test_a_correction_with_empty_text_is_refused(editor, text):
    with pytest.raises(ValidationError) as excinfo:
        workflow.correction_add(
            record=ClaimFactory(), kind="correction", text=text, acting_user=editor
        )
    assert list(excinfo.value.message_dict) == ["text"]
    assert not Correction.objects.exists()


def test_a_draft_has_nothing_to_correct(editor):
    with pytest.raises(ValidationError) as excinfo:
        workflow.correction_add(
            record=ClaimFactory(publication=DRAFT), kind="update", text="x", acting_user=editor
        )
    assert list(excinfo.value.message_dict) == ["record"]


# --- no lost edits ----------------------------------------------------------------------------


def test_the_two_editor_race_in_the_services(role_editor, editor):
    """Editor A acknowledges a response; editor B saves a stale copy: B is
    refused with what A changed, and A's acknowledgement stays."""
    response = ResponseFactory(inquiry=InquiryFactory(publication=DRAFT))
    copy_a, copy_b = _stored(response), _stored(response)
    services.response_mark_acknowledged(
        response=copy_a, acknowledged_on=datetime.date(2017, 8, 4), acting_user=role_editor
    )
    copy_b.summary = "No answer yet."
    with pytest.raises(StaleVersionError) as excinfo:
        services.response_update(response=copy_b, acting_user=editor)
    error = excinfo.value
    assert (error.based_on, error.stored) == (1, 2)
    (meanwhile,) = error.meanwhile
    assert meanwhile.who == "section-editor"
    assert {c.field: (c.label, c.old, c.new) for c in meanwhile.changes} == {
        "status": ("status", "Pending", "Acknowledged"),
        "acknowledged_on": ("acknowledged on", "—", "Aug. 4, 2017"),
        "as_of": ("status as of", "Aug. 3, 2017", "Aug. 4, 2017"),
    }
    assert "section-editor" in error.messages[0]
    stored = _stored(response)
    assert (stored.status, stored.acknowledged_on, stored.summary, stored.version) == (
        "acknowledged",
        datetime.date(2017, 8, 4),
        "",
        2,
    )
    assert [r.history_user for r in response.history.all()] == [role_editor, None]
    assert copy_b.version == 1  # the refused copy is untouched: still stale


def test_a_fresh_copy_saves_and_versions_count_up(editor):
    city_response = ResponseFactory(inquiry=InquiryFactory(publication=DRAFT))
    assert city_response.version == 1
    for expected in (2, 3):
        fresh = _stored(city_response)
        fresh.summary = f"Check {expected}"
        services.response_update(response=fresh, acting_user=editor)
        assert _stored(city_response).version == expected


def test_workflow_moves_check_the_version_too(role_reporter, role_editor):
    claim = _draft_claim(not_rated=True)
    stale = _stored(claim)
    workflow.submit(record=claim, acting_user=role_reporter)
    with pytest.raises(StaleVersionError) as excinfo:
        workflow.publish(record=stale, acting_user=role_editor)
    assert _stored(claim).publication == IN_REVIEW
    (meanwhile,) = excinfo.value.meanwhile
    changes = {c.field: (c.old, c.new) for c in meanwhile.changes}
    assert changes["publication"] == ("Draft", "In review")
    assert changes["submitted_by"] == ("—", "reporter")


def test_stale_inquiry_edit_is_refused(editor):
    inquiry = InquiryFactory(publication=DRAFT)
    a, b = _stored(inquiry), _stored(inquiry)
    a.title = "Questions on sanctuary policies"
    services.object_save(instance=a, acting_user=editor)
    b.description = "Stale"
    with pytest.raises(StaleVersionError):
        services.object_save(instance=b, acting_user=editor)
    assert Inquiry.objects.get(pk=inquiry.pk).description == ""


# --- accounts for each role ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "group", "superuser"),
    [("admin", None, True), ("editor", "Editors", False), ("reporter", "Reporters", False)],
)
def test_create_editor_makes_an_account_of_each_role(role, group, superuser, monkeypatch):
    from io import StringIO

    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    monkeypatch.setenv("EDITOR_PASSWORD", "correct-horse-battery")
    out = StringIO()
    call_command("create_editor", "--username", f"new-{role}", "--role", role, stdout=out)
    user = get_user_model().objects.get(username=f"new-{role}")
    assert (user.is_staff, user.is_superuser) == (True, superuser)
    assert list(user.groups.values_list("name", flat=True)) == ([group] if group else [])
    assert user.check_password("correct-horse-battery")
    assert f"Account created ({role})" in out.getvalue()


def test_saving_without_a_change_writes_no_history_and_keeps_the_version(editor):
    """A form saved as it was must not make another editor's open form stale."""
    inquiry = InquiryFactory(publication=DRAFT)
    copy = _stored(inquiry)
    services.object_save(instance=copy, acting_user=editor, m2m={"sources": []})
    assert (_stored(inquiry).version, inquiry.history.count()) == (1, 1)
    other = _stored(inquiry)
    other.title = "Questions on sanctuary policies"
    services.object_save(instance=other, acting_user=editor)
    assert (_stored(inquiry).version, inquiry.history.count()) == (2, 2)


def test_a_published_correction_stands(editor):
    """Readers may have read it: it is amended by another note, not edited."""
    correction = workflow.correction_add(
        record=ClaimFactory(), kind="update", text="Davis has answered.", acting_user=editor
    )
    correction.text = "Davis answered on Aug. 4, 2017."
    with pytest.raises(ValidationError, match="A correction stands once published"):
        services.object_save(instance=correction, acting_user=editor, reason="Date added")
    assert Correction.objects.get(pk=correction.pk).text == "Davis has answered."


# --- what readers see is changed by editors only -------------------------------------


def test_a_reporter_cannot_change_what_readers_see(role_reporter, seeded):
    """The newcomer's finding: a reporter renamed a published claim's
    claimant and overwrote a published answer. Every public word passes an
    editor: the services refuse, nothing changes."""
    claim = Claim.objects.get(slug="davis-baltimore-is-a-welcoming-city")
    claim.stated_on = datetime.date(2017, 8, 2)
    with pytest.raises(PermissionDenied, match="articles.change_published"):
        services.object_save(instance=claim, acting_user=role_reporter, reason="r")
    response = Response.objects.get(
        inquiry__slug="justice-department-sanctuary-questions", city__slug="baltimore-md"
    )
    summary = response.summary
    response.summary = "Invented"
    with pytest.raises(PermissionDenied, match="articles.change_published"):
        services.response_update(response=response, acting_user=role_reporter, reason="r")
    person = claim.claimant
    person.name = "Someone Else"
    with pytest.raises(PermissionDenied, match="articles.change_published"):
        services.object_save(instance=person, acting_user=role_reporter, reason="r")
    new_row = Response(
        inquiry=response.inquiry, city=CityFactory(), as_of=datetime.date(2017, 8, 3)
    )
    with pytest.raises(PermissionDenied, match="articles.change_published"):
        services.response_update(response=new_row, acting_user=role_reporter)
    assert Claim.objects.get(pk=claim.pk).stated_on is None
    assert Response.objects.get(pk=response.pk).summary == summary
    assert not Response.objects.filter(city=new_row.city).exists()


def test_a_reporter_edits_what_only_drafts_refer_to(role_reporter):
    person = PersonFactory(name="Jane Doe")
    _draft_claim(claimant=person)
    person.name = "Jane Q. Doe"
    services.object_save(instance=person, acting_user=role_reporter)
    assert _stored(person).name == "Jane Q. Doe"


def test_who_said_a_published_claim_is_a_fact_needing_a_note(editor, seeded):
    claim = Claim.objects.get(slug="davis-baltimore-is-a-welcoming-city")
    claim.claimant = PersonFactory()
    with pytest.raises(ValidationError) as excinfo:
        services.object_save(instance=claim, acting_user=editor, reason="Misattributed")
    assert list(excinfo.value.message_dict) == ["correction"]
    assert "claimant" in excinfo.value.message_dict["correction"][0]


def test_a_published_record_keeps_its_address(editor):
    claim = ClaimFactory(slug="davis-welcoming-city")
    claim.slug = "renamed"
    with pytest.raises(ValidationError) as excinfo:
        services.object_save(instance=claim, acting_user=editor, reason="Shorter")
    assert list(excinfo.value.message_dict) == ["slug"]
    assert _stored(claim).slug == "davis-welcoming-city"


def test_a_blank_slug_that_is_taken_gets_a_number():
    """ "St. Paul" and "St Paul" make the same slug: the second gets "-2"
    rather than a collision the editor cannot see (the slug was left blank)."""
    from articles.models import City

    services.object_save(instance=City(name="St Paul", state="MN"), acting_user=None)
    second = services.object_save(instance=City(name="St. Paul", state="MN"), acting_user=None)
    assert second.slug == "st-paul-mn-2"


def test_a_long_texts_change_is_shown_where_it_differs():
    from articles.history import text_difference

    before = "U.S. cities that refuse to step up efforts " * 4 + "will not be allowed to join."
    after = "U.S. cities that refuse to step up efforts " * 4 + "will be allowed to join."
    old, new = text_difference(before, after, context=10)
    assert (old, new) == ("…orts will not be allowed…", "…orts will be allowed…")


def test_a_stray_space_does_not_make_a_second_city():
    from articles.models import City

    services.object_save(instance=City(name="St. Paul", state="MN"), acting_user=None)
    with pytest.raises(ValidationError, match="already tracked in this state"):
        services.object_save(instance=City(name=" St.  Paul ", state="MN"), acting_user=None)
    assert City.objects.count() == 1
