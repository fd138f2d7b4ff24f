"""The editorial workflow's writes (DESIGN.md, "Editorial workflow"; the
issue "Publishing workflow, roles, corrections and no lost edits").

Claims and inquiries move draft → in review → published → retracted:

====================  ===============  ==============================
move                  from             permission (role)
====================  ===============  ==============================
:func:`submit`        draft            ``change_<model>`` (Reporters)
:func:`send_back`     in review        ``publish_<model>`` (Editors)
:func:`publish`       draft, in review ``publish_<model>`` (Editors)
:func:`retract`       published        ``retract_<model>`` (Editors)
====================  ===============  ==============================

A retraction stands: a retracted record is not published again (publish
a new one). Internal comments (:func:`comment_add`) and corrections
(:func:`correction_add`) are written here too. Every function is atomic,
checks the version the editor's page was based on (``version``;
:mod:`articles.locking`), and records who, when and why in the history,
like the rest of :mod:`articles.services`, whose helpers it uses.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import models, transaction

from .choices import CorrectionKind, Publication
from .clock import now
from .locking import check_fresh
from .models import Claim, Correction, Inquiry, Response, ReviewComment
from .services import (
    User,
    _history_user,
    _record_kwargs,
    _save_validated,
    is_public,
    require_perm,
)

Reviewable = Claim | Inquiry

#: Which move leaves which states, for the error messages.
MOVES_FROM: dict[str, tuple[str, ...]] = {
    "submit": (Publication.DRAFT,),
    "send_back": (Publication.IN_REVIEW,),
    "publish": (Publication.DRAFT, Publication.IN_REVIEW),
    "retract": (Publication.PUBLISHED,),
}

#: A state as the refusal says it: "This claim is a draft: only a published
#: claim can be retracted."
_STATE_WORDS = {
    Publication.DRAFT: "a draft",
    Publication.IN_REVIEW: "in review",
    Publication.PUBLISHED: "published",
    Publication.RETRACTED: "retracted",
}
_ALLOWED_WORDS = {
    "submit": "a draft",
    "send_back": "A_NOUN in review",
    "publish": "a draft or A_NOUN in review",
    "retract": "a published NOUN",
}

_VERBS = {
    "submit": "sent to review",
    "send_back": "sent back",
    "publish": "published",
    "retract": "retracted",
}


def _with_noun(words: str, noun: str) -> str:
    """Fill ``A_NOUN`` ("an inquiry", "a claim") and ``NOUN`` in ``words``."""
    article = "an" if noun[:1].lower() in "aeiou" else "a"
    return words.replace("A_NOUN", f"{article} {noun}").replace("NOUN", noun)


def _perm(record: models.Model, action: str) -> str:
    """``"articles.publish_claim"`` for ``action="publish"`` on a claim."""
    return f"articles.{action}_{record._meta.model_name}"


def _check_record(record: models.Model) -> None:
    if not isinstance(record, Claim | Inquiry):
        raise ValidationError(
            f"Only claims and inquiries go through review, not a {record._meta.verbose_name}."
        )
    if record.pk is None:
        raise ValidationError(f"Save the {record._meta.verbose_name} as a draft first.")


def _check_move(record: Reviewable, move: str) -> None:
    """Refuse a move the stored state does not allow (the stored row
    decides, not the instance).

    Raises:
        articles.locking.StaleVersionError: changed since the page was opened.
        ValidationError: key ``publication``, naming the current state.
    """
    check_fresh(record)
    stored = (
        type(record)
        ._default_manager.filter(pk=record.pk)
        .values_list("publication", flat=True)
        .first()
    )
    if stored not in MOVES_FROM[move]:
        allowed = _ALLOWED_WORDS[move]
        current = _STATE_WORDS[stored] if stored else "deleted"
        raise ValidationError(
            {
                "publication": ValidationError(
                    "This %(noun)s is %(current)s: only %(allowed)s can be %(verb)s.",
                    code="move_not_allowed",
                    params={
                        "noun": record._meta.verbose_name,
                        "current": current,
                        "allowed": _with_noun(allowed, str(record._meta.verbose_name)),
                        "verb": _VERBS[move],
                    },
                )
            }
        )


def _comment(record: Reviewable, kind: str, text: str, acting_user: User) -> ReviewComment:
    comment = ReviewComment(
        kind=kind, text=text, author=_history_user(acting_user), **_record_kwargs(record)
    )
    return _save_validated(comment, acting_user=acting_user, reason=ReviewComment.Kind(kind).label)


@transaction.atomic
def submit(
    *, record: Reviewable, acting_user: User, comment: str = "", assign_to=None
) -> Reviewable:
    """Send a draft to review.

    Args:
        record: a saved draft claim or inquiry; ``record.version`` the
            version the reporter's page showed.
        acting_user: the reporter (needs ``change_<model>``); recorded as
            ``submitted_by``, to whom a send-back returns it.
        comment: an optional note to the reviewer (an internal comment).
        assign_to: the editor to review it (a user), or None for anyone.

    Raises:
        PermissionDenied: no change permission.
        articles.locking.StaleVersionError: changed since the page was opened.
        ValidationError: not a draft (key ``publication``).
    """
    _check_record(record)
    require_perm(acting_user, _perm(record, "change"))
    _check_move(record, "submit")
    record.publication = Publication.IN_REVIEW
    record.submitted_by = _history_user(acting_user)
    record.assigned_to = assign_to
    _save_validated(record, acting_user=acting_user, reason="Sent to review")
    if comment.strip():
        _comment(record, ReviewComment.Kind.SUBMITTED, comment, acting_user)
    return record


@transaction.atomic
def send_back(*, record: Reviewable, acting_user: User, comment: str) -> Reviewable:
    """An editor sends a record in review back to its reporter, with a
    comment saying what to fix (an internal comment readers never see).

    Args:
        record: a claim or inquiry in review.
        acting_user: the editor (needs ``publish_<model>``).
        comment: what the reporter should change (required).

    Raises:
        PermissionDenied: no publish permission.
        articles.locking.StaleVersionError: changed since the page was opened.
        ValidationError: not in review (key ``publication``); blank comment
            (key ``comment``).
    """
    _check_record(record)
    require_perm(acting_user, _perm(record, "publish"))
    _check_move(record, "send_back")
    if not (comment or "").strip():
        raise ValidationError(
            {"comment": "Say what the reporter should change: a send-back needs a comment."}
        )
    record.publication = Publication.DRAFT
    record.assigned_to = record.submitted_by
    _save_validated(record, acting_user=acting_user, reason=f"Sent back: {comment.strip()}")
    _comment(record, ReviewComment.Kind.SENT_BACK, comment, acting_user)
    return record


def _claim_ready_errors(claim: Claim) -> list[str]:
    """What keeps a claim from publication: no citation, or neither a
    rating nor an editor's "publish without a rating"."""
    errors = []
    if not claim.citations.exists():
        errors.append(
            "it has no citation: a claim is published only with at least one citation of its source"
        )
    if claim.rating_id is None and not claim.not_rated:
        errors.append(
            "it has no rating: rate it, or tick “publish without a rating” to publish it unrated"
        )
    return errors


@transaction.atomic
def publish(*, record: Reviewable, acting_user: User, reason: str = "") -> Reviewable:
    """Publish a draft or a record in review: readers see it, and the
    cities, people and sources it refers to (``visible_to``).

    A claim needs at least one citation and a rating or an explicit
    ``not_rated`` (the issue, item 1). ``published_at`` keeps the first
    publication's instant.

    Args:
        record: a saved claim or inquiry.
        acting_user: the editor (needs ``publish_<model>``).
        reason: the history's reason; default "Published".

    Raises:
        PermissionDenied: no publish permission (a reporter).
        articles.locking.StaleVersionError: changed since the page was opened.
        ValidationError: key ``publication``: already published, retracted,
            or a claim not ready (naming what is missing).
    """
    _check_record(record)
    require_perm(acting_user, _perm(record, "publish"))
    _check_move(record, "publish")
    if isinstance(record, Claim) and (errors := _claim_ready_errors(record)):
        raise ValidationError(
            {
                "publication": ValidationError(
                    "“%(claim)s” cannot be published: %(errors)s.",
                    code="claim_not_ready",
                    params={"claim": record, "errors": "; ".join(errors)},
                )
            }
        )
    record.publication = Publication.PUBLISHED
    record.assigned_to = None
    if record.published_at is None:
        record.published_at = now()
    return _save_validated(record, acting_user=acting_user, reason=reason.strip() or "Published")


@transaction.atomic
def retract(
    *, record: Reviewable, acting_user: User, note: str, at: datetime.datetime | None = None
) -> Reviewable:
    """Retract a published record: its page stays, with the note and the
    date; it leaves lists, feeds and counts.

    Args:
        record: a published claim or inquiry.
        acting_user: the editor (needs ``retract_<model>``).
        note: why, in words readers see (required).
        at: the retraction's aware instant; default now.

    Raises:
        PermissionDenied: no retract permission.
        articles.locking.StaleVersionError: changed since the page was opened.
        ValidationError: not published (a draft is not retracted: it was
            never public; key ``publication``); blank note (key ``note``).
    """
    _check_record(record)
    require_perm(acting_user, _perm(record, "retract"))
    _check_move(record, "retract")
    note = (note or "").strip()
    if not note:
        raise ValidationError(
            {"note": "Say why it is retracted: readers see the note on the page."}
        )
    record.publication = Publication.RETRACTED
    record.retracted_at = at or now()
    record.retraction_note = note
    return _save_validated(record, acting_user=acting_user, reason=f"Retracted: {note}")


@transaction.atomic
def correction_add(
    *,
    record: Claim | Inquiry | Response,
    kind: str,
    text: str,
    acting_user: User,
    issued_at: datetime.datetime | None = None,
) -> Correction:
    """Publish a correction, update or clarification at the foot of a
    public record's page (for a response: its inquiry's page).

    Args:
        record: a claim or inquiry readers can see, or a response to one.
        kind: a :class:`~articles.choices.CorrectionKind` value.
        text: what readers read (required).
        acting_user: the editor (needs ``articles.add_correction``).
        issued_at: aware instant; default now.

    Raises:
        PermissionDenied: no ``add_correction`` (a reporter).
        ValidationError: blank text (key ``text``); an unknown kind (key
            ``kind``); a record readers cannot see (key ``record``: a
            draft has nothing to correct; edit it).
    """
    require_perm(acting_user, "articles.add_correction")
    kwargs = _record_kwargs(record)
    if not is_public(record):
        raise ValidationError(
            {
                "record": (
                    f"“{record}” is not public: a draft has nothing to correct. Edit it instead."
                )
            }
        )
    if kind not in CorrectionKind.values:
        raise ValidationError({"kind": f"Kind must be one of: {', '.join(CorrectionKind.values)}."})
    if not (text or "").strip():
        raise ValidationError({"text": "A correction needs its text: say what changed."})
    correction = Correction(
        kind=kind,
        text=text,
        issued_at=issued_at or now(),
        created_by=_history_user(acting_user),
        **kwargs,
    )
    return _save_validated(
        correction, acting_user=acting_user, reason=f"{correction.get_kind_display()} published"
    )


@transaction.atomic
def comment_add(*, record: Reviewable, text: str, acting_user: User) -> ReviewComment:
    """Add an internal comment to a claim or an inquiry (never shown to
    readers).

    Raises:
        PermissionDenied: no ``articles.add_reviewcomment``.
        ValidationError: blank text (key ``text``).
    """
    _check_record(record)
    require_perm(acting_user, "articles.add_reviewcomment")
    if not (text or "").strip():
        raise ValidationError({"text": "Write the comment."})
    return _comment(record, ReviewComment.Kind.COMMENT, text, acting_user)


@transaction.atomic
def assign(*, record: Reviewable, assignee, acting_user: User) -> Reviewable:
    """Assign a record to a user (or None), e.g. a reviewing editor.

    Raises:
        PermissionDenied: no ``change_<model>``.
        articles.locking.StaleVersionError: changed since the page was opened.
    """
    _check_record(record)
    require_perm(acting_user, _perm(record, "change"))
    record.assigned_to = assignee
    who = assignee or "nobody"
    return _save_validated(record, acting_user=acting_user, reason=f"Assigned to {who}")


def publish_blockers(record: Reviewable) -> list[str]:
    """What keeps ``record`` from publication, in words an editor acts on
    (the admin shows them beside the Publish button); empty when
    :func:`publish` would accept it. A claim needs a citation and a rating
    or ``not_rated``; an inquiry needs nothing more."""
    return _claim_ready_errors(record) if isinstance(record, Claim) else []
