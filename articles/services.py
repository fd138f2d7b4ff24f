"""Writes. Every change to the tracker goes through these functions
(STYLE.md, "Reads in selectors, writes in services"): the admin's
``save_model``, the API and the management commands all call them.

Each function is keyword-only and atomic, checks the acting user's
permission (:func:`require_perm`), validates with ``full_clean()`` (field
rules, the database constraints, and the cross-table rules in each model's
``clean()``) before saving, and records the acting user and a reason in the
model's history (django-simple-history): one history row per save, many-to-
many changes included. Errors are raised as
``django.core.exceptions.ValidationError`` keyed by field name, with
messages an editor can act on, and ``PermissionDenied``.

A response's status changes only through the moves of
:mod:`articles.transitions`: the ``response_*`` services check them,
whether the change comes from "mark received", a reopening or a plain edit
(:func:`response_update`). :func:`object_save` is for plain edits of the
other models.
"""

import dataclasses
import datetime
from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_permission_codename
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from simple_history.utils import get_m2m_field_name

from . import gazetteer, roles, transitions
from .choices import CLOSED_STATUSES, OPEN_STATUSES, CorrectionKind, Publication
from .documents import inspect_document
from .formats import ap_date
from .locking import check_fresh, lock_and_check
from .models import Citation, City, Claim, Correction, Inquiry, Response, Source

User = AbstractBaseUser | AnonymousUser | None


def _history_user(acting_user: User):
    """Return the user to record in history, or None for anonymous/system."""
    if acting_user is None or not getattr(acting_user, "is_authenticated", False):
        return None
    return acting_user


#: The Editors' own permissions (articles.roles), for the refusal's words.
_EDITORS_ONLY = {
    f"articles.{codename}"
    for codename in set(roles.role_permissions()[roles.EDITORS])
    - set(roles.role_permissions()[roles.REPORTERS])
}


def require_perm(acting_user: User, perm: str) -> None:
    """The permission hook every service calls before it writes.

    Args:
        acting_user: the editor; None means the system itself (the seed
            loader, a management command, a task), which may do anything.
        perm: ``"app_label.codename"``, e.g. ``"articles.change_response"``.

    Raises:
        PermissionDenied: an anonymous user, or a user without ``perm``
            (an inactive user has no permissions); the message names the
            permission to ask an administrator for.
    """
    if acting_user is None:
        return
    if not getattr(acting_user, "is_authenticated", False):
        raise PermissionDenied("Log in as an editor to change the tracker.")
    if not acting_user.has_perm(perm):
        if perm in _EDITORS_ONLY:
            raise PermissionDenied(
                f"Only editors may do this (permission “{perm}”); a reporter sends the record "
                "to review instead."
            )
        raise PermissionDenied(
            f"You do not have the “{perm}” permission this change needs; "
            "ask an administrator to grant it."
        )


def _model_perm(instance: models.Model, action: str) -> str:
    """``"articles.change_response"`` for ``action="change"`` on a Response."""
    opts = instance._meta
    return f"{opts.app_label}.{get_permission_codename(action, opts)}"


def change_reason_required(instance: models.Model) -> bool:
    """Whether changing ``instance`` needs the editor's own reason.

    DESIGN.md, "Editorial workflow": changing a record readers can see
    needs a stated reason. That is a claim or an inquiry stored as
    published, and a response whose stored inquiry is published (a
    published correction is not edited at all: :func:`object_save`); a new
    record, a draft and the other models take a default reason naming the
    changed fields. The stored row decides, not the values being saved
    (a revert to an old version, a draft being published).
    """
    if instance.pk is None:
        return False
    if isinstance(instance, Response):
        return Response.objects.filter(
            pk=instance.pk, inquiry__publication=Publication.PUBLISHED
        ).exists()
    model = type(instance)
    if not any(f.name == "publication" for f in model._meta.concrete_fields):
        return False
    return model._default_manager.filter(pk=instance.pk, publication=Publication.PUBLISHED).exists()


def _set_m2m_without_history(instance: models.Model, m2m: dict[str, Any]) -> None:
    """Set many-to-many fields with django-simple-history's per-change
    records switched off (``skip_history_when_saving``, which its
    ``m2m_changed`` handler honours); the caller writes the one record."""
    instance.skip_history_when_saving = True
    try:
        for name, values in m2m.items():
            getattr(instance, name).set(values)
    finally:
        del instance.skip_history_when_saving


def _history_add_m2m_rows(instance: models.Model) -> None:
    """Copy ``instance``'s many-to-many rows into its newest history record.

    django-simple-history snapshots the tracked many-to-many fields
    (``HistoricalRecords(m2m_fields=...)``) when it writes a record, as
    ``HistoricalRecords.create_historical_record_m2ms`` does below; an
    object being created has no rows yet at that moment, so they are added
    to its "+" record here, once they are set.
    """
    record = instance.history.order_by("-history_id").first()
    if record is None:
        return
    history_model = type(record)
    for field in getattr(history_model, "_history_m2m_fields", []):
        m2m_history_model = getattr(history_model, field.name).model
        through = field.remote_field.through
        names = [f.name for f in through._meta.fields]
        rows = through.objects.filter(**{get_m2m_field_name(field): instance})
        m2m_history_model.objects.bulk_create(
            [
                m2m_history_model(history=record, **{n: getattr(row, n) for n in names})
                for row in rows
            ]
        )


def _save_validated[M: models.Model](
    instance: M, *, acting_user: User, reason: str = "", m2m: dict[str, Any] | None = None
) -> M:
    """Lock and check the version, ``full_clean()``, then ``save()``, with
    history user and reason set.

    The version check (:func:`articles.locking.lock_and_check`) refuses a
    save based on stale data: ``instance.version`` must be the stored
    version (an editor's form carries the one it was opened at). The saved
    row gets the next version.

    ``m2m`` (``{"sources": [source, ...]}``) is set in the same save, and
    the history gets one record holding both the field and the many-to-many
    changes: for an object that exists, the many-to-many rows are set first
    (without records) and the save's record snapshots them; for a new one
    the save's "+" record gets them once they are set.

    An IntegrityError (a race past validation, e.g. two editors creating the
    same response at once) is turned into a ValidationError; the surrounding
    atomic block is rolled back so nothing half-written remains.

    Raises:
        articles.locking.StaleVersionError: saved meanwhile by someone else.
        ValidationError: a field, constraint or cross-table rule.
    """
    if _unchanged(instance, m2m):
        return instance
    based_on = instance.version
    try:
        with transaction.atomic():
            lock_and_check(instance)
            instance.full_clean()
            instance._history_user = _history_user(acting_user)
            instance._change_reason = reason or None
            if m2m and not instance._state.adding:
                _set_m2m_without_history(instance, m2m)
                instance.save()
            elif m2m:
                instance.save()
                _set_m2m_without_history(instance, m2m)
                _history_add_m2m_rows(instance)
            else:
                instance.save()
    except IntegrityError as exc:
        instance.version = based_on
        raise ValidationError(
            f"Saving {instance._meta.verbose_name} “{instance}” broke a database rule: {exc}"
        ) from exc
    except Exception:
        instance.version = based_on
        raise
    return instance


#: Fields whose change on a record readers see must come with a correction
#: or update note readers see too (the issue "Publishing workflow...",
#: item 4: "the rating, text or quote of a published claim, or the status
#: or dates of a published response"; likewise who said a claim and when,
#: a citation's source, a response's verbatim answer, an inquiry's dates).
#: ``as_of`` is not among them: re-checking a status changes no fact.
CORRECTED_FIELDS: dict[type[models.Model], tuple[str, ...]] = {
    Claim: (
        "text",
        "claimant",
        "claimant_organization",
        "stated_on",
        "rating",
        "not_rated",
        "rating_explanation",
    ),
    Citation: ("quote", "source"),
    Response: ("status", "acknowledged_on", "received_on", "text"),
    Inquiry: ("sent_on", "due_on", "due_timezone"),
}

#: The kinds of note that may come with such a change.
CORRECTION_NOTE_KINDS = (CorrectionKind.CORRECTION, CorrectionKind.UPDATE)


def is_public(instance: models.Model) -> bool:
    """Whether readers can see the stored ``instance`` (its QuerySet's
    ``visible_to(None)``): a published or retracted claim or inquiry, a
    response or citation of one, or anything one of those refers to. A
    new instance is not public."""
    if instance.pk is None or instance._state.adding:
        return False
    manager = type(instance)._default_manager
    if not hasattr(manager.none(), "visible_to"):
        return False
    return manager.filter(pk=instance.pk).visible_to(None).exists()


def _corrected_changes(instance: models.Model) -> list[str]:
    """Labels of the :data:`CORRECTED_FIELDS` of ``instance`` whose values
    differ from the stored row's, when readers can see that row."""
    fields = CORRECTED_FIELDS.get(type(instance))
    if not fields or not is_public(instance):
        return []
    opts = instance._meta
    attnames = [opts.get_field(f).attname for f in fields]
    stored = type(instance)._default_manager.filter(pk=instance.pk).values(*attnames).first()
    if stored is None:
        return []
    return [
        str(opts.get_field(f).verbose_name)
        for f, attname in zip(fields, attnames, strict=True)
        if stored[attname] != getattr(instance, attname)
    ]


def _record_kwargs(record: models.Model) -> dict[str, models.Model]:
    """``{"claim": record}`` etc.: the Correction field naming ``record``."""
    for name, model in (("claim", Claim), ("inquiry", Inquiry), ("response", Response)):
        if isinstance(record, model):
            return {name: record}
    raise ValidationError(
        f"A correction concerns a claim, an inquiry or a response, not a "
        f"{record._meta.verbose_name}."
    )


def _correction_for_change(
    instance: models.Model, correction: "CorrectionNote | None", acting_user: User
) -> Correction | None:
    """Check that a change to a public record's corrected fields comes with
    a note, and build that note (saved by the caller after the change).

    Raises:
        PermissionDenied: a note is needed and ``acting_user`` may not write
            corrections (``articles.add_correction``, editors).
        ValidationError: key ``correction``: a note is needed and missing,
            blank, or a clarification (a changed fact needs a correction or
            an update).
    """
    changed = _corrected_changes(instance)
    if not changed:
        return None
    what = ", ".join(changed)
    noun = instance._meta.verbose_name
    record = instance.claim if isinstance(instance, Citation) else instance
    if correction is None or not (correction.text or "").strip():
        missing = ValidationError(
            {
                "correction": ValidationError(
                    "Readers can see this %(noun)s: changing its %(what)s needs a correction "
                    "or update note, shown to readers at the foot of the page. Write the "
                    "note, or leave the %(what)s as it was.",
                    code="correction_required",
                    params={"noun": noun, "what": what},
                )
            }
        )
        # Report the field errors with it, so one round fixes both.
        try:
            instance.full_clean()
        except ValidationError as exc:
            raise ValidationError({**exc.update_error_dict({}), **missing.error_dict}) from exc
        raise missing
    if correction.kind not in CORRECTION_NOTE_KINDS:
        raise ValidationError(
            {
                "correction": ValidationError(
                    "Changing the %(what)s of a published %(noun)s changes a fact: the note "
                    "must be a correction or an update, not a %(kind)s.",
                    code="correction_kind",
                    params={"noun": noun, "what": what, "kind": correction.kind},
                )
            }
        )
    require_perm(acting_user, "articles.add_correction")
    return Correction(
        kind=correction.kind,
        text=correction.text.strip(),
        created_by=_history_user(acting_user),
        **_record_kwargs(record),
    )


def _check_publication_unchanged(instance: models.Model, acting_user: User) -> None:
    """A plain edit never moves a record through the workflow: publishing,
    sending back and retracting are :mod:`articles.workflow`'s moves, each
    with its own permission. System jobs (``acting_user`` None: the seed
    loader) may create records in any state.

    Raises:
        ValidationError: key ``publication``.
    """
    if acting_user is None or not hasattr(instance, "publication"):
        return
    if instance.pk is None or instance._state.adding:
        stored = Publication.DRAFT
    else:
        stored = (
            type(instance)
            ._default_manager.filter(pk=instance.pk)
            .values_list("publication", flat=True)
            .first()
        )
    if stored is not None and instance.publication != stored:
        raise ValidationError(
            {
                "publication": (
                    "Publication changes only through the workflow (send to review, publish, "
                    "send back, retract), not by an edit."
                )
            }
        )


def _check_rating_permission(instance: models.Model, acting_user: User) -> None:
    """Rating a claim (or deciding to publish it unrated) is an editor's
    call (``articles.rate_claim``).

    Raises:
        PermissionDenied: a user without it set or changed the rating.
    """
    if not isinstance(instance, Claim):
        return
    if instance.pk is None or instance._state.adding:
        stored = {"rating_id": None, "not_rated": False}
    else:
        stored = Claim.objects.filter(pk=instance.pk).values("rating_id", "not_rated").first() or {
            "rating_id": None,
            "not_rated": False,
        }
    changed = stored["rating_id"] != instance.rating_id or stored["not_rated"] != instance.not_rated
    if changed and acting_user is not None and not acting_user.has_perm("articles.rate_claim"):
        raise PermissionDenied(
            "Only an editor may rate a claim or decide to publish it unrated "
            "(permission “articles.rate_claim”)."
        )


@dataclasses.dataclass(frozen=True)
class CorrectionNote:
    """The note that comes with a change to a public record's facts.

    ``kind`` is a :class:`~articles.choices.CorrectionKind` value
    (correction or update); ``text`` what readers read.
    """

    kind: str
    text: str


#: The permission to change anything readers can see (Editors; declared
#: on Claim.Meta like ``view_unpublished``). "Every public word passed an
#: editor": a reporter edits drafts, and records only drafts refer to.
CHANGE_PUBLISHED = "articles.change_published"


def _public_parent(instance: models.Model) -> bool:
    """For a new row: whether it joins a record readers see (a response to
    a published inquiry, a citation of a published claim), so that saving
    it publishes it."""
    if isinstance(instance, Response) and instance.inquiry_id:
        return is_public(instance.inquiry)
    if isinstance(instance, Citation) and instance.claim_id:
        return is_public(instance.claim)
    return False


def check_may_change_public(instance: models.Model, acting_user: User) -> None:
    """Refuse a change to what readers see by a user without
    :data:`CHANGE_PUBLISHED` (the issue "Publishing workflow...", item 2:
    reporters create and edit drafts; editors change what is published).
    System jobs (``acting_user`` None) pass.

    Raises:
        PermissionDenied: the stored record is public (or, for a new row,
            its claim or inquiry is), naming the permission.
    """
    if acting_user is None or acting_user.has_perm(CHANGE_PUBLISHED):
        return
    adding = instance._state.adding or instance.pk is None
    if (_public_parent(instance) if adding else is_public(instance)) is False:
        return
    noun = instance._meta.verbose_name
    if adding:
        raise PermissionDenied(
            f"Readers would see this new {noun} at once (what it belongs to is published): "
            f"only an editor may add it (permission “{CHANGE_PUBLISHED}”). Leave an internal "
            "comment for an editor instead."
        )
    raise PermissionDenied(
        f"Readers can see this {noun}: only an editor may change it "
        f"(permission “{CHANGE_PUBLISHED}”). Leave an internal comment for an editor instead."
    )


def _check_slug_kept(instance: models.Model) -> None:
    """A public record keeps its address: readers' links, search engines
    and the ClaimReview ``url`` use its slug.

    Raises:
        ValidationError: key ``slug``.
    """
    if instance._state.adding or instance.pk is None:
        return
    if not any(f.name == "slug" for f in instance._meta.concrete_fields):
        return
    stored = (
        type(instance)
        ._default_manager.filter(pk=instance.pk)
        .values_list("slug", flat=True)
        .first()
    )
    if stored is not None and stored != instance.slug and is_public(instance):
        raise ValidationError(
            {
                "slug": (
                    f"Readers can see this {instance._meta.verbose_name} at “{stored}”: a "
                    "published record keeps its address, so links to it keep working."
                )
            }
        )


#: Fields a save sets by itself: never a reason to save.
_BOOKKEEPING = {"updated_at", "version", "created_at"}


def _unchanged(instance: models.Model, m2m: dict[str, Any] | None) -> bool:
    """Whether saving ``instance`` would change nothing stored: every
    concrete field and every many-to-many in ``m2m`` equals the stored
    row's. Such a save (an admin form saved as it was) writes no history
    record and keeps the version, so it never makes another editor's open
    form stale."""
    if instance._state.adding or instance.pk is None:
        return False
    fields = [f for f in instance._meta.concrete_fields if f.name not in _BOOKKEEPING]
    stored = (
        type(instance)
        ._default_manager.filter(pk=instance.pk)
        .values(*[f.attname for f in fields])
        .first()
    )
    if stored is None:
        return False
    for field in fields:
        value = getattr(instance, field.attname)
        if isinstance(field, models.FileField):
            value = value.name or ""
            if stored[field.attname] is None:
                stored[field.attname] = ""
        if value != stored[field.attname]:
            return False
    for name, values in (m2m or {}).items():
        current = set(getattr(instance, name).values_list("pk", flat=True))
        if current != {getattr(v, "pk", v) for v in values}:
            return False
    return True


@transaction.atomic
def object_save[M: models.Model](
    *,
    instance: M,
    acting_user: User,
    reason: str = "",
    m2m: dict[str, Any] | None = None,
    correction: CorrectionNote | None = None,
) -> M:
    """Validate and save a plain edit of a tracker object (create or update).

    A response is handed to :func:`response_update`, which checks its
    status move; call that (or the ``response_mark_*`` services) directly.

    Args:
        instance: an unsaved or changed model instance.
        acting_user: the editor making the change (None for system jobs such
            as the seed loader); recorded in the history. Needs the model's
            add permission for a new object, change permission otherwise.
        reason: the reason recorded in the history; required for a claim
            or an inquiry stored as published (:func:`change_reason_required`).
        m2m: many-to-many values to set in the same save, by field name
            (``{"sources": [source, ...]}``); one history record holds them
            with the field changes.
        correction: the note readers see, required when the change touches
            a public record's :data:`CORRECTED_FIELDS`; saved with it.

    ``instance.version`` must be the stored version (the one the edit was
    based on; :mod:`articles.locking`).

    Returns:
        The saved instance.

    Raises:
        PermissionDenied: see :func:`require_perm`; a rating set by a user
            without ``articles.rate_claim``; a correction by a user without
            ``articles.add_correction``.
        articles.locking.StaleVersionError: saved meanwhile by someone else.
        ValidationError: a field, constraint or cross-table rule is broken
            (the message names the field); a needed reason is blank (key
            ``reason``); a needed correction note is missing (key
            ``correction``); the publication state changed (key
            ``publication``: use :mod:`articles.workflow`); for a response,
            see :func:`response_update`.
    """
    if isinstance(instance, Response):
        return response_update(
            response=instance,
            acting_user=acting_user,
            reason=reason,
            m2m=m2m,
            correction=correction,
        )
    require_perm(acting_user, _model_perm(instance, "add" if instance._state.adding else "change"))
    check_fresh(instance)
    if isinstance(instance, Correction) and not instance._state.adding:
        if _unchanged(instance, m2m):
            return instance
        raise ValidationError(
            "A correction stands once published: readers may have read it. To amend it, "
            "publish another note on the same page.",
            code="correction_stands",
        )
    check_may_change_public(instance, acting_user)
    _check_slug_kept(instance)
    _check_publication_unchanged(instance, acting_user)
    _check_rating_permission(instance, acting_user)
    note = _correction_for_change(instance, correction, acting_user)
    reason = _reason_for_change(instance, reason, note.text if note else "")
    if isinstance(instance, Source):
        _source_fill_sha256(instance)
    saved = _save_validated(instance, acting_user=acting_user, reason=reason, m2m=m2m)
    if note is not None:
        _save_validated(note, acting_user=acting_user, reason=f"With a change to “{saved}”")
    return saved


@transaction.atomic
def object_delete(*, instance: models.Model, acting_user: User, reason: str = "") -> None:
    """Delete a tracker object, recording who deleted it in the history.

    Nothing readers can see is hard-deleted (DESIGN.md, "Editorial
    workflow"): a published or retracted claim or inquiry, a response or
    citation of one, a correction, or a record one of those refers to.
    Retract instead.

    Raises:
        PermissionDenied: the acting user lacks the model's delete permission.
        ValidationError: readers can see it ("retract it instead"); other
            records still point at it (PROTECT), with a message saying so.
            Nothing is deleted.
    """
    require_perm(acting_user, _model_perm(instance, "delete"))
    if isinstance(instance, Correction) or is_public(instance):
        raise ValidationError(
            f"“{instance}” is published: nothing published is deleted. Retract it instead "
            "(or, for a record readers see through another, retract that record).",
            code="published_not_deleted",
        )
    instance._history_user = _history_user(acting_user)
    instance._change_reason = reason or None
    try:
        with transaction.atomic():
            instance.delete()
    except models.ProtectedError as exc:
        raise ValidationError(
            f"“{instance}” cannot be deleted while other records point at it."
        ) from exc


def _source_fill_sha256(source: Source) -> None:
    """Check a source's file and fill in what it is (issue 9, item 6):
    ``file_type`` (the media type read from its content), ``file_size``
    (bytes) and ``sha256`` (hex, lowercase), by
    :func:`articles.documents.inspect_document`, read in chunks.

    Checked when the file is new (an upload not yet stored), names another
    stored file than before, or its facts are missing; an unchanged file is
    not read again (one query for the stored name). A file stored before
    these checks that fails them keeps its place (facts left as they were):
    editing the source's other fields is not blocked by it. Without a file the three
    are cleared. A name without an extension gets the content's
    (``letter`` is stored as ``letter.pdf``).

    Raises:
        ValidationError: ``{"file": ...}``: not a PDF, image or plain text,
            a name that says another kind than the content, empty, or over
            ``settings.DOCUMENT_MAX_BYTES``. Nothing is stored: the source
            keeps its previous file.
    """
    if not source.file:
        source.sha256, source.file_type, source.file_size = "", "", None
        return
    kept = (
        source.file._committed
        and source.pk is not None
        and Source.objects.filter(pk=source.pk, file=source.file.name).exists()
    )
    if kept and source.sha256 and source.file_type and source.file_size is not None:
        return
    try:
        document = inspect_document(source.file, field="file")
    except ValidationError:
        if kept:
            # A file stored before these checks existed: an edit of the
            # source's other fields is not blocked by it.
            return
        raise
    if not source.file._committed:
        source.file.name = document.name
    source.sha256 = document.sha256
    source.file_type = document.media_type
    source.file_size = document.size


def _response_stored_status(response: Response) -> str | None:
    """The status stored for ``response``, locked until the transaction ends
    (``SELECT ... FOR UPDATE`` on PostgreSQL), or None for a response not
    saved yet. The stored row decides the move, not the instance: an admin
    revert hands over an old version of the response."""
    if response.pk is None or response._state.adding:
        return None
    return (
        Response.objects.select_for_update()
        .filter(pk=response.pk)
        .values_list("status", flat=True)
        .first()
    )


def _reason_for_change(instance: models.Model, reason: str, default: str) -> str:
    """The reason to record: the editor's, or ``default`` where none is needed.

    Raises:
        ValidationError: ``{"reason": ...}`` when readers can see the record
            (:func:`change_reason_required`) and ``reason`` is blank.
    """
    reason = (reason or "").strip()
    if not reason and change_reason_required(instance):
        raise ValidationError(
            {
                "reason": ValidationError(
                    "Readers can see this %(model)s: give the reason for the change.",
                    code="reason_required",
                    params={"model": instance._meta.verbose_name},
                )
            }
        )
    return reason or default


def _response_drop_outdated_status_source(response: Response) -> None:
    """After a status move, forget a status source published before the new
    status's own date: a report of Aug. 3 cannot say that a city answered on
    Aug. 25 (DESIGN.md: a response names the source that reports its
    status; the footer promises every status is traced to a source). The
    dates then stand as the editor entered them (``dates_as_reported`` off).
    The source stays among ``sources``: it still reports the earlier status.
    """
    source = response.status_source
    if source is None:
        return
    event_day = response.received_on or response.acknowledged_on or response.as_of
    if source.published_on is None or (event_day and source.published_on < event_day):
        response.status_source = None
        response.dates_as_reported = False


def _response_save(
    response: Response,
    *,
    acting_user: User,
    reason: str,
    default_reason: str,
    m2m: dict[str, Any] | None = None,
    plain_edit: bool = False,
    correction: CorrectionNote | None = None,
) -> Response:
    """Check the permission and the status move, then validate and save.

    ``plain_edit``: the change is a form's edit rather than a named action,
    so a published response needs the editor's reason
    (:func:`_reason_for_change`); a named action ("Marked received") is
    its own reason. ``correction``: the note a change to the status or
    dates of a published response needs (:func:`_correction_for_change`).

    Raises:
        PermissionDenied: no add (new response) or change permission; a
            note written by a user without ``articles.add_correction``.
        articles.locking.StaleVersionError: saved meanwhile by someone else.
        ValidationError: a move :func:`articles.transitions.check_move`
            refuses (keys ``status``, ``reason``), a blank reason on a
            plain edit of a published response (key ``reason``), a missing
            note (key ``correction``), or a broken field rule.
    """
    require_perm(acting_user, _model_perm(response, "add" if response._state.adding else "change"))
    check_fresh(response)
    check_may_change_public(response, acting_user)
    stored_status = _response_stored_status(response)
    transitions.check_move(stored_status, response.status, reason=reason)
    if stored_status is not None and stored_status != response.status:
        _response_drop_outdated_status_source(response)
    note = _correction_for_change(response, correction, acting_user)
    if plain_edit:
        reason = _reason_for_change(response, reason, note.text if note else default_reason)
    reason = (reason or "").strip() or default_reason
    saved = _save_validated(response, acting_user=acting_user, reason=reason, m2m=m2m)
    if note is not None:
        _save_validated(note, acting_user=acting_user, reason=f"With a change to “{saved}”")
    return saved


@transaction.atomic
def response_update(
    *,
    response: Response,
    acting_user: User,
    reason: str = "",
    m2m: dict[str, Any] | None = None,
    correction: CorrectionNote | None = None,
) -> Response:
    """Save a response as edited (the admin's form, an inline row): any
    field may change, the status only by an allowed move.

    Also saves a new response (any status may be its first). "Status as
    of" moves forward to the acknowledged and received dates when they
    are later (:func:`articles.transitions.status_as_of`), as the
    ``response_mark_*`` services do, so recording an answer never leaves
    the status confirmed before it arrived.

    Args:
        response: the response with its new values (dates are calendar
            dates in the newsroom's zone).
        acting_user: the editor (None for system jobs); needs
            ``articles.change_response`` (``add_response`` for a new one).
        reason: why; required when the move reopens an answered response
            or the response's inquiry is published (readers see it). Blank
            otherwise: the history then says "Changed" ("Added").
        m2m: many-to-many values (``{"sources": [...]}``) saved in the same
            history record.

    Raises:
        PermissionDenied: see :func:`require_perm`.
        ValidationError: the status move is not allowed (key ``status``),
            a needed reason is blank (key ``reason``), or a field rule is
            broken (keyed by field).
    """
    response.as_of = transitions.status_as_of(
        response.as_of, response.acknowledged_on, response.received_on
    )
    default = "Added" if response._state.adding else "Changed"
    return _response_save(
        response,
        acting_user=acting_user,
        reason=reason,
        default_reason=default,
        m2m=m2m,
        plain_edit=True,
        correction=correction,
    )


@transaction.atomic
def response_mark_received(
    *,
    response: Response,
    received_on: datetime.date,
    acting_user: User,
    as_of: datetime.date | None = None,
    text: str | None = None,
    summary: str | None = None,
    reason: str = "",
    correction: CorrectionNote | None = None,
    m2m: dict[str, Any] | None = None,
) -> Response:
    """Record that a city answered.

    Args:
        response: the response to update.
        received_on: the calendar date the answer arrived (a date, not a
            datetime; the newsroom's local date).
        acting_user: the editor, recorded in the history; needs
            ``articles.change_response``.
        as_of: the date the status was confirmed; by default the status-as-
            of date moves forward to ``received_on`` (never back).
        text, summary: the answer verbatim and its summary; unchanged when None.
        reason: why; required when this reopens a declined response
            (default "Marked received").
        m2m: many-to-many values saved in the same history record
            (``{"sources": [...]}``), as :func:`response_update` takes them.

    Raises:
        PermissionDenied: see :func:`require_perm`.
        ValidationError: ``received_on`` precedes the inquiry's ``sent_on``
            or the acknowledgement (key ``received_on``); the response was
            declined and no reason is given (key ``reason``).
    """
    response.status = Response.Status.RECEIVED
    response.received_on = received_on
    response.as_of = (
        as_of if as_of is not None else transitions.status_as_of(response.as_of, received_on)
    )
    if text is not None:
        response.text = text
    if summary is not None:
        response.summary = summary
    return _response_save(
        response,
        acting_user=acting_user,
        reason=reason,
        default_reason="Marked received",
        correction=correction,
        m2m=m2m,
    )


@transaction.atomic
def response_mark_declined(
    *,
    response: Response,
    declined_on: datetime.date,
    acting_user: User,
    as_of: datetime.date | None = None,
    text: str | None = None,
    reason: str = "",
    correction: CorrectionNote | None = None,
    m2m: dict[str, Any] | None = None,
) -> Response:
    """Record that a city refused to answer; ``declined_on`` is stored as
    ``received_on`` (the day the refusal arrived). Arguments and errors as
    :func:`response_mark_received` (a reason is needed to turn a received
    answer into a refusal)."""
    response.status = Response.Status.DECLINED
    response.received_on = declined_on
    response.as_of = (
        as_of if as_of is not None else transitions.status_as_of(response.as_of, declined_on)
    )
    if text is not None:
        response.text = text
    return _response_save(
        response,
        acting_user=acting_user,
        reason=reason,
        default_reason="Marked declined",
        correction=correction,
        m2m=m2m,
    )


@transaction.atomic
def response_mark_acknowledged(
    *,
    response: Response,
    acknowledged_on: datetime.date,
    acting_user: User,
    as_of: datetime.date | None = None,
    reason: str = "",
    correction: CorrectionNote | None = None,
    m2m: dict[str, Any] | None = None,
) -> Response:
    """Record that a city said it will answer.

    Args:
        acknowledged_on: the calendar date (newsroom's zone) it said so.
        as_of: by default the status-as-of date moves forward to
            ``acknowledged_on``.
        reason: required when the response was received or declined (this
            reopens it; the answer's date is cleared); default "Marked
            acknowledged".

    Raises:
        PermissionDenied: see :func:`require_perm`.
        ValidationError: the response is received or declined and no reason
            is given (key ``reason``); ``acknowledged_on`` precedes
            ``sent_on`` (key ``acknowledged_on``).
    """
    response.status = Response.Status.ACKNOWLEDGED
    response.acknowledged_on = acknowledged_on
    response.received_on = None
    response.as_of = (
        as_of if as_of is not None else transitions.status_as_of(response.as_of, acknowledged_on)
    )
    return _response_save(
        response,
        acting_user=acting_user,
        reason=reason,
        default_reason="Marked acknowledged",
        correction=correction,
        m2m=m2m,
    )


@transaction.atomic
def response_reopen(
    *,
    response: Response,
    reason: str,
    acting_user: User,
    status: str = Response.Status.PENDING,
    acknowledged_on: datetime.date | None = None,
    as_of: datetime.date | None = None,
    correction: CorrectionNote | None = None,
) -> Response:
    """Reopen a received or declined response: its answer's date is
    cleared and it is awaited again (DESIGN.md: "reopening needs a stated
    reason").

    Args:
        response: a received or declined response.
        reason: why it is reopened (required, recorded in the history).
        acting_user: the editor; needs ``articles.change_response``.
        status: ``"pending"`` (default; the acknowledgement is cleared too)
            or ``"acknowledged"`` (keeps the acknowledgement date, or sets
            ``acknowledged_on``).
        as_of: the date the reopened status was confirmed; unchanged by
            default.

    Raises:
        PermissionDenied: see :func:`require_perm`.
        ValidationError: the stored response is not received or declined,
            or ``status`` is not pending or acknowledged (key ``status``);
            ``reason`` is blank (key ``reason``); acknowledged without an
            acknowledgement date (key ``acknowledged_on``).
    """
    stored = _response_stored_status(response)
    if stored not in CLOSED_STATUSES:
        word = Response.Status(stored).label.lower() if stored else "not saved yet"
        raise ValidationError(
            {"status": f"Only a received or declined response can be reopened; this one is {word}."}
        )
    if status not in OPEN_STATUSES:
        raise ValidationError({"status": "Reopen a response as pending or acknowledged."})
    response.status = status
    response.received_on = None
    if status == Response.Status.PENDING:
        response.acknowledged_on = None
    elif acknowledged_on is not None:
        response.acknowledged_on = acknowledged_on
    if as_of is not None:
        response.as_of = as_of
    return _response_save(
        response, acting_user=acting_user, reason=reason, default_reason="", correction=correction
    )


@transaction.atomic
def responses_mark_received(
    *,
    responses: Iterable[Response],
    received_on: datetime.date,
    acting_user: User,
    correction: CorrectionNote | None = None,
) -> list[Response]:
    """Mark several responses received on the same date (the admin's bulk
    action). All or nothing: one invalid response rolls back the rest.

    ``correction``: the update note each response of a published inquiry
    needs (one note per response, same text).

    Responses already received or declined are refused rather than
    re-marked, which would overwrite the day their answer (or refusal)
    arrived or reopen a refusal without a stated reason.

    Raises:
        PermissionDenied: see :func:`require_perm`.
        ValidationError: naming the city and inquiry of each response
            already received or declined (with its date), or of the first
            that cannot be marked.
    """
    responses = list(responses)
    answered = []
    for status, word in (
        (Response.Status.RECEIVED, "received"),
        (Response.Status.DECLINED, "declined"),
    ):
        these = [r for r in responses if r.status == status]
        if these:
            names = "; ".join(f"{r} ({word} {ap_date(r.received_on)})" for r in these)
            answered.append(f"Already {word}: {names}.")
    if answered:
        raise ValidationError(" ".join(answered))
    saved = []
    for response in responses:
        try:
            saved.append(
                response_mark_received(
                    response=response,
                    received_on=received_on,
                    acting_user=acting_user,
                    correction=correction,
                )
            )
        except ValidationError as exc:
            raise ValidationError(f"{response}: {'; '.join(exc.messages)}") from exc
    return saved


def object_get_or_create[M: models.Model](
    *,
    model: type[M],
    lookup: dict[str, Any],
    values: dict[str, Any],
    acting_user: User,
    reason: str = "",
) -> tuple[M, bool]:
    """Return the object found by ``lookup``, creating it from ``lookup``
    and ``values`` when missing. An existing object is left exactly as it is
    (an editor's later changes are never overwritten), so a repeated import
    writes nothing and adds no history.

    Args:
        model: the model class.
        lookup: field values that identify the object (a natural key).
        values: the other field values for a new object (no many-to-many).
        acting_user: recorded in the history; None for system jobs.

    Returns:
        ``(instance, created)``.

    Raises:
        ValidationError: as :func:`object_save`.
    """
    instance = model._default_manager.filter(**lookup).first()
    if instance is not None:
        return instance, False
    instance = model(**lookup, **values)
    return object_save(instance=instance, acting_user=acting_user, reason=reason), True


# --- Keeping published claims cited ---------------------------------------


@transaction.atomic
def citation_delete(*, citation: Citation, acting_user: User, reason: str = "") -> None:
    """Delete a citation of a draft claim (:func:`object_delete`: a
    citation readers see is never deleted; correct its quote instead, with
    a note).

    Raises:
        PermissionDenied: no ``articles.delete_citation``.
        ValidationError: the claim is public. Nothing is deleted.
    """
    object_delete(instance=citation, acting_user=acting_user, reason=reason)


# --- Places from the gazetteer (issue "The editors' desk", item 1) ---------


def place_from_gazetteer(
    *, entry: gazetteer.Entry, acting_user: User, reason: str = ""
) -> tuple[City, bool]:
    """The stored place for a gazetteer entry, created when missing.

    Found first by the entry's key (``City.gazetteer_id``), then by name,
    state and kind (a place an editor typed by hand before the gazetteer
    knew it: its key and missing coordinates are filled in, nothing the
    editor entered is overwritten). Otherwise a new place with the entry's
    name, state, kind and coordinates.

    Args:
        entry: from :func:`articles.gazetteer.find` or ``by_key``.
        acting_user: recorded in the history; needs ``articles.add_city``
            (and ``change_city`` to fill in a hand-made place).
        reason: the history's reason; default "Added from the gazetteer".

    Returns:
        ``(place, created)``.

    Raises:
        PermissionDenied: without the permission.
        ValidationError: as :func:`object_save` (e.g. a slug taken).
    """
    reason = reason or "Added from the gazetteer"
    place = City.objects.filter(gazetteer_id=entry.key).first()
    if place is not None:
        return place, False
    place = City.objects.filter(
        name=entry.name, state=entry.state, kind=entry.kind, gazetteer_id=""
    ).first()  # a namesake with another key is another place (Burbank, CA)
    if place is not None:
        place.gazetteer_id = entry.key
        if place.latitude is None and place.longitude is None:
            place.latitude, place.longitude = entry.latitude, entry.longitude
        return object_save(instance=place, acting_user=acting_user, reason=reason), False
    place = City(
        name=entry.name,
        state=entry.state,
        kind=entry.kind,
        gazetteer_id=entry.key,
        latitude=entry.latitude,
        longitude=entry.longitude,
    )
    return object_save(instance=place, acting_user=acting_user, reason=reason), True


# --- Bulk entry (issue "The editors' desk", item 2) ------------------------


@dataclasses.dataclass(frozen=True)
class PlacesAdded:
    """What :func:`responses_add_places` wrote: the new ``responses``, the
    places ``created`` from the gazetteer for them, and the places
    ``skipped`` because they already had a response to the inquiry."""

    responses: list[Response]
    created: list[City]
    skipped: list[City]

    @property
    def message(self) -> str:
        """``Added 50 responses (12 new places).``, as the admin says it."""
        n, m = len(self.responses), len(self.created)
        text = f"Added {n} response{'s' if n != 1 else ''} ({m} new place{'s' if m != 1 else ''})."
        if self.skipped:
            k = len(self.skipped)
            text += f" {k} place{'s were' if k != 1 else ' was'} already on the inquiry."
        return text


def _check_may_read_inquiry(inquiry: Inquiry, acting_user: User) -> None:
    """Refuse to copy from an inquiry the user may not see (a draft, for a
    user without ``articles.view_unpublished``).

    Raises:
        PermissionDenied: naming the inquiry's state.
    """
    if acting_user is None:
        return
    if not Inquiry.objects.visible_to(acting_user).filter(pk=inquiry.pk).exists():
        raise PermissionDenied("You may not see that inquiry's places: it is not published.")


@transaction.atomic
def responses_add_places(
    *,
    inquiry: Inquiry,
    acting_user: User,
    lines: str = "",
    states: Iterable[str] = (),
    min_population: int | None = None,
    from_inquiry: Inquiry | None = None,
    reason: str = "",
    expected: str | None = None,
    kinds: Iterable[str] | None = None,
) -> PlacesAdded:
    """Add a pending response to ``inquiry`` for each place asked for, all
    or nothing (the issue "The editors' desk", item 2: "Missing places are
    created from the gazetteer in the same step, with a preview, all or
    nothing").

    Plans again inside the transaction (:func:`articles.bulk.plan_places`,
    the inquiry's row locked so two bulk adds to one inquiry run one after
    the other), then stores each place to create through
    :func:`place_from_gazetteer` and saves each response through
    :func:`response_update` (status pending, status as of the newsroom's
    today), each with its history record: ``acting_user`` and ``reason``.
    Places already on the inquiry are skipped and reported.

    Args:
        inquiry: the inquiry getting the responses.
        acting_user: the editor (None for system jobs); needs
            ``articles.add_response``, and ``articles.add_city`` when a
            place is created; on a published inquiry, what readers see
            changes, so ``articles.change_published`` (Editors).
        lines, states, min_population, from_inquiry: the places, as
            :func:`articles.bulk.plan_places` reads them.
        reason: the history's reason; default "Added by bulk entry".
        expected: the preview's :attr:`~articles.bulk.PlacesPlan.fingerprint`;
            when given, a plan that differs is refused.
        kinds: with ``states``, the kinds of tracked places picked there
            (None: :data:`articles.bulk.DEFAULT_STATE_KINDS`, cities and towns).

    Returns:
        :class:`PlacesAdded`.

    Raises:
        PermissionDenied: a permission above is missing, or
            ``from_inquiry`` is a draft the user may not see.
        articles.bulk.PlanChanged: the plan differs from ``expected``.
        ValidationError: the plan holds errors (one message each, "Line 7:
            ..."), or a save broke a rule (another editor's response to the
            same place meanwhile). Nothing is written.
    """
    from . import bulk  # noqa: PLC0415 (bulk imports the models; read it at use)

    require_perm(acting_user, "articles.add_response")
    if from_inquiry is not None:
        _check_may_read_inquiry(from_inquiry, acting_user)
    Inquiry.objects.select_for_update().filter(pk=inquiry.pk).values_list("pk").first()
    plan = bulk.plan_places(
        inquiry=inquiry,
        lines=lines,
        states=states,
        min_population=min_population,
        from_inquiry=from_inquiry,
        kinds=bulk.DEFAULT_STATE_KINDS if kinds is None else kinds,
    )
    if expected is not None and plan.fingerprint != expected:
        raise bulk.PlanChanged(plan)
    if plan.errors:
        raise ValidationError(plan.error_messages())
    if not plan.to_add and not plan.on_inquiry:
        raise ValidationError("No place was given: paste lines, pick states or an inquiry.")
    if plan.to_create:
        require_perm(acting_user, "articles.add_city")
    check_may_change_public(Response(inquiry=inquiry), acting_user)
    reason = (reason or "").strip() or "Added by bulk entry"
    created: list[City] = []
    responses: list[Response] = []
    for item in plan.to_add:
        place = item.place
        if place is None:
            place, made = place_from_gazetteer(
                entry=item.entry, acting_user=acting_user, reason=reason
            )
            if made:
                created.append(place)
        response = Response(inquiry=inquiry, city=place)
        try:
            responses.append(
                response_update(response=response, acting_user=acting_user, reason=reason)
            )
        except ValidationError as exc:
            raise ValidationError(f"{item.where}: {place}: {'; '.join(exc.messages)}") from exc
    return PlacesAdded(
        responses=responses, created=created, skipped=[item.place for item in plan.on_inquiry]
    )


@transaction.atomic
def inquiry_copy(
    *,
    inquiry: Inquiry,
    acting_user: User,
    title: str,
    sent_on: datetime.date | None = None,
    due_on: datetime.date | None = None,
    reason: str = "",
) -> Inquiry:
    """ "Copy this inquiry" (the issue "The editors' desk", item 2): a new
    draft with the same questions and places.

    The copy keeps the kind, requester, opening event, questions,
    description and deadline time zone; it gets its own title and slug
    (made from the title, never the original's), the dates given (blank by
    default: a copy is usually made before it is sent), no sources (they
    report the original), no assignee, and the draft state (the workflow
    publishes it). Each place of the original gets a pending response,
    answering body (``organization``) kept, nothing else: the answers,
    dates and respondents belong to the original.

    Args:
        inquiry: the original.
        acting_user: recorded in the history; needs ``articles.add_inquiry``
            and ``articles.add_response`` (Reporters have both).
        title: the copy's title, not the original's.
        sent_on, due_on: calendar dates, or None.
        reason: the history's reason; default "Copied from “<title>”".

    Returns:
        The saved copy.

    Raises:
        PermissionDenied: a permission is missing, or the original is a
            draft the user may not see.
        ValidationError: a blank title or the original's (key ``title``);
            a date rule (``sent_on`` in the future, ``due_on`` before it).
            Nothing is written.
    """
    require_perm(acting_user, "articles.add_inquiry")
    require_perm(acting_user, "articles.add_response")
    _check_may_read_inquiry(inquiry, acting_user)
    title = " ".join((title or "").split())
    if not title:
        raise ValidationError({"title": "Give the copy a title."})
    if title.casefold() == inquiry.title.casefold():
        raise ValidationError(
            {"title": "Give the copy its own title, so editors and readers can tell them apart."}
        )
    reason = (reason or "").strip() or f"Copied from “{inquiry.title}”"
    copy = Inquiry(
        title=title,
        kind=inquiry.kind,
        requester_id=inquiry.requester_id,
        opening_event=inquiry.opening_event,
        sent_on=sent_on,
        due_on=due_on,
        due_timezone=inquiry.due_timezone,
        questions=inquiry.questions,
        description=inquiry.description,
    )
    object_save(instance=copy, acting_user=acting_user, reason=reason)
    originals = inquiry.responses.select_related("city").order_by("city__name", "city__state")
    for original in originals:
        response = Response(
            inquiry=copy, city=original.city, organization_id=original.organization_id
        )
        response_update(response=response, acting_user=acting_user, reason=reason)
    return copy


# --- The contact log (issue "The editors' desk", item 4) -------------------

#: The largest document a contact may carry, in bytes (10 MiB); its type
#: is read from its content (:func:`articles.documents.inspect_document`).
CONTACT_DOCUMENT_MAX_BYTES = 10 * 1024 * 1024

#: The permission that lets a user log a contact: following up a response
#: is part of changing it (the roles give no permission on contacts).
CONTACT_LOG_PERM = "articles.change_response"


@transaction.atomic
def contact_log(
    *,
    response: Response,
    acting_user: User,
    contacted_on: datetime.date,
    direction: str,
    method: str,
    contact_name: str = "",
    note: str = "",
    document=None,
    confirms_status: bool = False,
    reason: str = "",
):
    """Log one contact about a response: an email sent, a call taken, a
    letter received (the issue "The editors' desk", item 4).

    Args:
        response: the response the contact is about (a saved one).
        acting_user: the newsroom member logging it, stored as
            ``logged_by`` and in the history; needs
            :data:`CONTACT_LOG_PERM`. None for system jobs.
        contacted_on: the calendar date of the contact in the newsroom's
            zone (a ``datetime.date``); not in the future, not before the
            inquiry's ``sent_on``.
        direction: a ``Contact.Direction`` value (outgoing, incoming).
        method: a ``Contact.Method`` value (email, phone, letter,
            in_person, web_form).
        contact_name: the person at the place, as they gave their name.
        note: internal; never shown to readers.
        document: an optional uploaded file (Django ``File``): a PDF,
            image or plain text by its content, at most
            :data:`CONTACT_DOCUMENT_MAX_BYTES`; its SHA-256 is stored.
        confirms_status: the contact confirmed the response's current
            status: its ``as_of`` ("last checked", which readers see) moves
            forward to ``contacted_on`` through :func:`response_update`,
            never backwards (an older contact leaves it as it is), so a
            response that "needs a check" becomes "overdue" once confirmed
            after the due day (DESIGN.md, "Response status and deadlines").
        reason: why, for the response's history when ``as_of`` moves;
            default "Status confirmed by <method> on <date>".

    Returns:
        The saved ``Contact``.

    Raises:
        PermissionDenied: no :data:`CONTACT_LOG_PERM`; or, when the contact
            confirms the status of a response readers see, a user without
            ``articles.change_published`` (a reporter logs it unconfirmed
            and asks an editor).
        ValidationError: keyed by field: ``contacted_on`` (in the future,
            before the inquiry was sent), ``direction``, ``method``,
            ``contact_name`` (over 200 characters), ``document`` (over 10
            MiB, or not a PDF, image or plain text by its content, or named
            as another kind: :func:`articles.documents.inspect_document`).
            Nothing is saved.
    """
    from .models import Contact

    require_perm(acting_user, CONTACT_LOG_PERM)
    if document is not None and not document:
        document = None
    inspected = (
        None
        if document is None
        else inspect_document(document, field="document", limit=CONTACT_DOCUMENT_MAX_BYTES)
    )
    contact = Contact(
        response=response,
        contacted_on=contacted_on,
        direction=direction,
        method=method,
        contact_name=contact_name or "",
        note=note or "",
        confirms_status=bool(confirms_status),
        logged_by=_history_user(acting_user),
    )
    if document is not None:
        contact.document = document
        contact.document_sha256 = inspected.sha256
    # The contact's own rules first (a bad date is refused before anything moves).
    contact.full_clean()
    saved = _save_validated(
        contact,
        acting_user=acting_user,
        reason=reason.strip() or f"Logged in the contact log of “{response}”",
    )
    if confirms_status:
        current = Response.objects.select_related("inquiry", "city").get(pk=response.pk)
        if current.as_of is None or contacted_on > current.as_of:
            current.as_of = contacted_on
            words = f"{contact.get_method_display().lower()} on {ap_date(contacted_on)}"
            response_update(
                response=current,
                acting_user=acting_user,
                reason=reason.strip() or f"Status confirmed by {words}",
            )
            response.as_of = current.as_of
            response.version = current.version
    return saved
