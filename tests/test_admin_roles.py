"""Roles in the admin (the issue, item 2): each role against each action.

Roles are the groups the data migration ``articles/0010_roles`` creates:
a *reporter* is staff in "Reporters", an *editor* staff in "Editors", and
a *superuser* holds every permission. For each role and each action the
test checks both what the page offers (the button, link or field is there
or absent) and what the server answers to the post a browser would send,
forged when the page offers nothing: allowed, the change is stored;
refused, a message names the reason and the rows, read again from the
database, are unchanged.
"""

import dataclasses
from collections.abc import Callable

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from articles import models, workflow
from tests import factories
from tests.admin_pages import form_data, signed_in, soup, staff_user

ROLES = ("reporter", "editor", "superuser")
GROUPS = {"reporter": "Reporters", "editor": "Editors", "superuser": None}

CLAIM_TEXT = "I jump."  # the factories' source says: The quick brown fox said “I jump.”


@pytest.fixture
def reporter_user(db, django_user_model):
    """The reporter who drafts and submits (``submitted_by``)."""
    return staff_user(django_user_model, "riley", "Reporters", "Riley Reporter")


def _user(role, django_user_model, reporter_user):
    if role == "reporter":
        return reporter_user
    return staff_user(django_user_model, role, GROUPS[role], role.title())


def _claim(state: str, reporter_user) -> models.Claim:
    """A claim in ``state``: cited and marked "publish without a rating"
    (ready to publish), sent to review by the reporter where it has been."""
    claim = factories.ClaimFactory(
        publication=state,
        text=CLAIM_TEXT,
        not_rated=True,
        submitted_by=reporter_user if state != models.Publication.DRAFT else None,
    )
    factories.CitationFactory(claim=claim, quote=CLAIM_TEXT, source__text="He said “I jump.”")
    return claim


def _url(obj, view="change") -> str:
    return reverse(f"admin:articles_{obj._meta.model_name}_{view}", args=[obj.pk])


def _workflow(client, obj, move, **data):
    return client.post(
        reverse(f"admin:articles_{obj._meta.model_name}_workflow", args=[obj.pk]),
        {"move": move, "version": str(obj.version), **data},
        follow=True,
    )


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _state(claim) -> tuple:
    """What a refused action must leave as it was (read again)."""
    claim = models.Claim.objects.filter(pk=claim.pk).first()
    if claim is None:
        return ("deleted",)
    return (
        claim.publication,
        claim.version,
        claim.rating_id,
        claim.rating_explanation,
        claim.assigned_to_id,
        claim.review_comments.count(),
        claim.corrections.count(),
        claim.history.count(),
    )


@dataclasses.dataclass
class Action:
    """One action of the matrix.

    ``state``: the claim's publication before it (None: no claim).
    ``offered(page_soup)``: whether the change page offers it.
    ``attempt(client, claim)``: the post (forged where not offered).
    ``done(claim)``: whether it took effect (database read again).
    ``refusal``: words the refusal's message holds.
    """

    state: str | None
    offered: Callable
    attempt: Callable
    done: Callable
    refusal: str
    allowed: dict[str, bool]
    page: str = "change"


def _has(selector):
    return lambda page: page.select_one(selector) is not None


EVERYONE = dict.fromkeys(ROLES, True)
EDITORS = {"reporter": False, "editor": True, "superuser": True}


def _add_claim(client, claim):
    person = factories.PersonFactory(name="Kevin Davis")
    return client.post(
        reverse("admin:articles_claim_add"),
        {
            "text": "Baltimore is a welcoming city.",
            "slug": "",
            "wording": "direct",
            "claimant": str(person.pk),
            "claimant_organization": "",
            "city": "",
            "stated_on": "",
            "change_reason": "",
            "citations-TOTAL_FORMS": "0",
            "citations-INITIAL_FORMS": "0",
            "citations-MIN_NUM_FORMS": "0",
            "citations-MAX_NUM_FORMS": "1000",
        },
    )


def _edit_draft(client, claim):
    data = form_data(client.get(_url(claim)))
    data["text"] = ["I jump, said the fox."]
    return client.post(_url(claim), data)


def _rate(client, claim):
    """Set a rating on the draft's change form (forged for a reporter:
    the page draws the rating read-only)."""
    rating = models.Rating.objects.get(slug="true")
    data = form_data(client.get(_url(claim)))
    data.update(rating=[str(rating.pk)], rating_explanation=["Checked."])
    data.pop("not_rated", None)
    return client.post(_url(claim), data)


def _delete(client, claim):
    return client.post(_url(claim, "delete"), {"post": "yes"}, follow=True)


ACTIONS = {
    "add draft claim": Action(
        state=None,
        page="add",
        offered=_has("#claim_form textarea[name=text]"),
        attempt=_add_claim,
        done=lambda _c: models.Claim.objects.filter(
            text="Baltimore is a welcoming city.", publication="draft"
        ).exists(),
        refusal="",
        allowed=EVERYONE,
    ),
    "edit draft": Action(
        state="draft",
        offered=_has("#claim_form textarea[name=text]"),
        attempt=_edit_draft,
        done=lambda c: models.Claim.objects.get(pk=c.pk).text == "I jump, said the fox.",
        refusal="",
        allowed=EVERYONE,
    ),
    "submit": Action(
        state="draft",
        offered=_has("form.workflow-move--submit button"),
        attempt=lambda client, c: _workflow(client, c, "submit"),
        done=lambda c: models.Claim.objects.get(pk=c.pk).publication == "in_review",
        refusal="",
        allowed=EVERYONE,
    ),
    "publish": Action(
        state="in_review",
        offered=_has("form.workflow-move--publish button"),
        attempt=lambda client, c: _workflow(client, c, "publish"),
        done=lambda c: models.Claim.objects.get(pk=c.pk).publication == "published",
        refusal="“articles.publish_claim”",
        allowed=EDITORS,
    ),
    "send back": Action(
        state="in_review",
        offered=_has("form.workflow-move--send_back textarea[name=text]"),
        attempt=lambda client, c: _workflow(client, c, "send_back", text="Cite the transcript."),
        done=lambda c: models.Claim.objects.get(pk=c.pk).publication == "draft",
        refusal="“articles.publish_claim”",
        allowed=EDITORS,
    ),
    "retract": Action(
        state="published",
        offered=_has("form.workflow-move--retract textarea[name=text]"),
        attempt=lambda client, c: _workflow(client, c, "retract", text="Misattributed."),
        done=lambda c: models.Claim.objects.get(pk=c.pk).publication == "retracted",
        refusal="“articles.retract_claim”",
        allowed=EDITORS,
    ),
    "rate": Action(
        state="draft",
        offered=_has("#claim_form select[name=rating]"),
        attempt=_rate,
        done=lambda c: models.Claim.objects.get(pk=c.pk).rating_id is not None,
        refusal="Only an editor may rate a claim",
        allowed=EDITORS,
    ),
    "add correction": Action(
        state="published",
        offered=_has("section.corrections-panel form textarea[name=text]"),
        attempt=lambda client, c: _workflow(
            client, c, "correction", kind="correction", text="The quote was cut short."
        ),
        done=lambda c: models.Correction.objects.filter(claim=c).exists(),
        refusal="“articles.add_correction”",
        allowed=EDITORS,
    ),
    "delete published": Action(
        state="published",
        offered=_has("a.deletelink"),
        attempt=_delete,
        done=lambda c: not models.Claim.objects.filter(pk=c.pk).exists(),
        refusal="Retract it instead",
        allowed=dict.fromkeys(ROLES, False),
    ),
    "delete draft": Action(
        state="draft",
        offered=_has("a.deletelink"),
        attempt=_delete,
        done=lambda c: not models.Claim.objects.filter(pk=c.pk).exists(),
        refusal="",
        allowed=EVERYONE,
    ),
    "add internal comment": Action(
        state="in_review",
        offered=_has("section.review-thread form textarea[name=text]"),
        attempt=lambda client, c: _workflow(client, c, "comment", text="Is the date right?"),
        done=lambda c: models.ReviewComment.objects.filter(
            claim=c, text="Is the date right?"
        ).exists(),
        refusal="",
        allowed=EVERYONE,
    ),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", ACTIONS)
def test_role_action_matrix(name, role, django_user_model, reporter_user):
    action = ACTIONS[name]
    allowed = action.allowed[role]
    client = signed_in(_user(role, django_user_model, reporter_user))
    claim = _claim(action.state, reporter_user) if action.state else None
    page_url = reverse("admin:articles_claim_add") if action.page == "add" else _url(claim)
    page = client.get(page_url)
    assert page.status_code == 200
    assert action.offered(soup(page)) is allowed, (
        f"{role} {'is not' if allowed else 'is'} offered {name}"
    )

    before = _state(claim) if claim else None
    response = action.attempt(client, claim)
    assert response.status_code in (200, 302, 403)  # never a server error
    assert action.done(claim) is allowed
    if not allowed:
        assert _state(claim) == before, "a refused action changed nothing"
        shown = _messages(response)
        if response.context and "adminform" in response.context:
            shown += [str(e) for e in response.context["adminform"].form.non_field_errors()]
        assert any(action.refusal in m for m in shown), shown


# --- what the refusals say, and what they keep ----------------------------------------------


def test_a_reporter_forging_publish_gets_a_403_page_naming_the_permission(
    django_user_model, reporter_user
):
    claim = _claim("in_review", reporter_user)
    response = _workflow(signed_in(reporter_user), claim, "publish")
    assert response.status_code == 403
    assert _messages(response) == [
        "Nothing was changed: Only editors may do this (permission “articles.publish_claim”); "
        "a reporter sends the record to review instead."
    ]
    assert models.Claim.objects.get(pk=claim.pk).publication == "in_review"


@pytest.mark.parametrize(
    ("state", "move", "text", "message"),
    [
        (
            "draft",
            "retract",
            "Misattributed.",
            "Nothing was changed: This claim is a draft: only a published claim can be retracted.",
        ),
        (
            "published",
            "retract",
            "   ",
            "Nothing was changed: Say why it is retracted: readers see the note on the page.",
        ),
        (
            "in_review",
            "send_back",
            "",
            "Nothing was changed: Say what the reporter should change: a send-back needs a "
            "comment.",
        ),
        (
            "published",
            "publish",
            "",
            "Nothing was changed: This claim is published: only a draft or a claim in review can "
            "be published.",
        ),
        (
            "published",
            "correction",
            "",
            "Nothing was changed: A correction needs its text: say what changed.",
        ),
    ],
)
def test_a_move_the_rules_refuse_names_the_reason_and_changes_nothing(
    django_user_model, reporter_user, state, move, text, message
):
    editor = staff_user(django_user_model, "ed", "Editors", "Ed Itor")
    claim = _claim(state, reporter_user)
    before = _state(claim)
    response = _workflow(signed_in(editor), claim, move, text=text, kind="correction")
    assert response.status_code == 200
    assert _messages(response) == [message]
    assert _state(claim) == before


def test_send_back_assigns_the_claim_to_its_reporter_with_the_comment(
    django_user_model, reporter_user
):
    editor = staff_user(django_user_model, "ed", "Editors", "Ed Itor")
    claim = _claim("in_review", reporter_user)
    response = _workflow(signed_in(editor), claim, "send_back", text="Cite the transcript.")
    assert _messages(response) == ["The claim was sent back to Riley Reporter with your comment."]
    claim.refresh_from_db()
    assert (claim.publication, claim.assigned_to) == ("draft", reporter_user)
    (comment,) = claim.review_comments.all()
    assert (comment.kind, comment.text, comment.author) == (
        "sent_back",
        "Cite the transcript.",
        editor,
    )
    # The reporter sees the comment on the claim's page, marked internal.
    page = soup(signed_in(reporter_user).get(_url(claim)))
    thread = page.select_one("section.review-thread")
    assert thread.h2.get_text() == "Internal comments (never shown to readers)"
    assert "Cite the transcript." in thread.get_text()


def test_a_refused_retraction_keeps_the_typed_note_in_its_box(django_user_model, reporter_user):
    """A stale page: the note the editor typed is drawn again."""
    editor = staff_user(django_user_model, "ed", "Editors", "Ed Itor")
    claim = _claim("published", reporter_user)
    stale_version = claim.version
    claim.rating_explanation = "Changed elsewhere."
    claim.version = stale_version
    from articles import services

    services.object_save(
        instance=claim,
        acting_user=None,
        reason="Changed elsewhere",
        correction=services.CorrectionNote("update", "Explained."),
    )
    response = signed_in(editor).post(
        reverse("admin:articles_claim_workflow", args=[claim.pk]),
        {"move": "retract", "version": str(stale_version), "text": "The quote is not his."},
    )
    assert response.status_code == 200
    box = soup(response).select_one("#workflow-retract-text")
    assert box.get_text() == "The quote is not his."
    assert models.Claim.objects.get(pk=claim.pk).publication == "published"


def test_a_reporter_sees_the_rating_read_only_and_no_correction_note(
    django_user_model, reporter_user, seeded
):
    claim = models.Claim.objects.get(slug="davis-baltimore-is-a-welcoming-city")
    page = soup(signed_in(reporter_user).get(_url(claim)))
    form = page.select_one("#claim_form")
    for name in ("rating", "not_rated", "rating_explanation", "text", "correction"):
        assert not form.find(attrs={"name": name}), name
    assert page.select_one(".field-rating .readonly") is not None
    assert not page.select("section.corrections-panel form")
    assert not page.select("form.workflow-move")  # published: nothing a reporter may do


def test_the_correction_admin_never_adds_nor_deletes(django_user_model, reporter_user):
    """Corrections are written on the corrected record's page (which knows
    the record), and stand once published."""
    claim = _claim("published", reporter_user)
    editor = staff_user(django_user_model, "ed", "Editors", "Ed Itor")
    add_url = reverse("admin:articles_correction_add")
    assert signed_in(reporter_user).get(add_url).status_code == 403
    client = signed_in(editor)
    assert client.get(add_url).status_code == 403
    note = workflow.correction_add(
        record=claim, kind="clarification", text="The fox spoke figuratively.", acting_user=editor
    )
    page = soup(client.get(_url(note)))
    assert not page.select("a.deletelink")
    assert not page.select("input[name^=issued_at]")  # the date it was published stands
    refused = client.post(_url(note, "delete"), {"post": "yes"}, follow=True)
    assert models.Correction.objects.filter(pk=note.pk).exists()
    assert any("nothing published is deleted" in m for m in _messages(refused))
    listing = client.get(reverse("admin:articles_correction_changelist"))
    assert listing.context["action_form"] is None  # no "delete selected", no action at all


@pytest.mark.parametrize(
    ("role", "allowed"), [("reporter", False), ("editor", False), ("superuser", True)]
)
def test_only_superusers_manage_users(role, allowed, django_user_model, reporter_user):
    client = signed_in(_user(role, django_user_model, reporter_user))
    response = client.get(reverse("admin:users_user_changelist"))
    assert (response.status_code == 200) is allowed


# --- inquiries: the same moves, the same roles ------------------------------------------------

INQUIRY_MOVES = {
    # move: (state before, who may, state after, text)
    "submit": ("draft", EVERYONE, "in_review", ""),
    "publish": ("in_review", EDITORS, "published", ""),
    "send_back": ("in_review", EDITORS, "draft", "Add the deadline's time zone."),
    "retract": ("published", EDITORS, "retracted", "The letter was never sent."),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("move", INQUIRY_MOVES)
def test_inquiry_moves_by_role(move, role, django_user_model, reporter_user):
    before_state, who, after_state, text = INQUIRY_MOVES[move]
    allowed = who[role]
    inquiry = factories.InquiryFactory(
        publication=before_state,
        submitted_by=reporter_user if before_state != "draft" else None,
    )
    client = signed_in(_user(role, django_user_model, reporter_user))
    page = soup(client.get(_url(inquiry)))
    assert (page.select_one(f"form.workflow-move--{move} button") is not None) is allowed
    history = inquiry.history.count()
    response = _workflow(client, inquiry, move, text=text)
    inquiry.refresh_from_db()
    if allowed:
        assert inquiry.publication == after_state
    else:
        assert response.status_code == 403
        assert (inquiry.publication, inquiry.history.count()) == (before_state, history)
        [message] = _messages(response)
        assert f"“articles.{'retract' if move == 'retract' else 'publish'}_inquiry”" in message


def test_a_claim_without_a_rating_shows_why_it_cannot_be_published(
    django_user_model, reporter_user
):
    editor = staff_user(django_user_model, "ed", "Editors", "Ed Itor")
    claim = _claim("in_review", reporter_user)
    claim.not_rated = False
    claim.save()
    page = soup(signed_in(editor).get(_url(claim)))
    blockers = page.select_one("form.workflow-move--publish .workflow-blockers")
    assert [li.get_text() for li in blockers.select("li")] == [
        "It has no rating: rate it, or tick “publish without a rating” to publish it unrated."
    ]
    assert not page.select("form.workflow-move--publish button")


def test_the_admin_home_shows_the_review_queue(django_user_model, reporter_user):
    editor = staff_user(django_user_model, "ed", "Editors", "Ed Itor")
    factories.ClaimFactory(publication="in_review", assigned_to=editor)
    factories.ClaimFactory(publication="in_review")
    factories.InquiryFactory(publication="in_review")
    factories.ClaimFactory(publication="draft", assigned_to=reporter_user)  # sent back
    rows = {
        tr.th.get_text(strip=True): [a.get_text() for a in tr.select("td a")]
        for tr in soup(signed_in(editor).get(reverse("admin:index"))).select(
            "#review-queue tbody tr"
        )
    }
    assert rows == {"Claims": ["2", "1", "0"], "Inquiries": ["1", "0", "0"]}
    reporter_rows = soup(signed_in(reporter_user).get(reverse("admin:index"))).select(
        "#review-queue tbody tr"
    )
    assert [a.get_text() for a in reporter_rows[0].select("td a")] == ["2", "0", "1"]
    link = reporter_rows[0].select("td a")[2]["href"]
    assert link == "/admin/articles/claim/?publication__exact=draft&assigned=me"


def test_a_reporter_sees_a_published_claim_read_only_and_cannot_post_to_it(reporter_user):
    """A reporter renamed a published claim's claimant through the admin
    (the newcomer's trial): what readers see is now read-only for reporters,
    and a forged post is refused."""
    claim = _claim("published", reporter_user)
    client = signed_in(reporter_user)
    page = soup(client.get(_url(claim)))
    assert not page.select("#claim_form textarea[name=text]")
    assert not page.select("input[name=_save]")
    before = models.Claim.objects.get(pk=claim.pk)
    forged = client.post(
        _url(claim),
        {"text": "Something else.", "wording": "direct", "change_reason": "forged"},
    )
    assert forged.status_code == 403
    after = models.Claim.objects.get(pk=claim.pk)
    assert (after.text, after.version) == (before.text, before.version)


def test_a_reporter_opening_a_version_of_a_published_claim_reads_its_history(reporter_user):
    """A version page is for reverting: a reporter, who may not change a
    published claim, is sent to its history list, never a server error."""
    claim = _claim("published", reporter_user)
    version = claim.history.first()
    client = signed_in(reporter_user)
    response = client.get(
        reverse("admin:articles_claim_simple_history", args=[claim.pk, version.history_id]),
        follow=True,
    )
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse(
        "admin:articles_claim_history", args=[claim.pk]
    )
    assert any("Only an editor may open a past version" in m for m in _messages(response))


def test_a_reporter_adding_a_response_to_a_published_inquiry_keeps_the_input(reporter_user):
    inquiry = factories.InquiryFactory()  # published
    city = factories.CityFactory()
    client = signed_in(reporter_user)
    response = client.post(
        reverse("admin:articles_response_add"),
        {
            "inquiry": str(inquiry.pk),
            "city": str(city.pk),
            "status": "pending",
            "as_of": "2017-08-03",
            "summary": "Typed by the reporter",
            "change_reason": "",
            "based_on_version": "",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "only an editor may add it" in page
    assert "Typed by the reporter" in page
    assert not models.Response.objects.filter(city=city).exists()
