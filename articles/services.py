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

import datetime
import hashlib
from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_permission_codename
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from simple_history.utils import get_m2m_field_name

from . import transitions
from .choices import CLOSED_STATUSES, OPEN_STATUSES, Publication
from .formats import ap_date
from .models import Response, Source

User = AbstractBaseUser | AnonymousUser | None


def _history_user(acting_user: User):
    """Return the user to record in history, or None for anonymous/system."""
    if acting_user is None or not getattr(acting_user, "is_authenticated", False):
        return None
    return acting_user


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
    published, and a response whose stored inquiry is published; a new
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
    """``full_clean()`` then ``save()``, with history user and reason set.

    ``m2m`` (``{"sources": [source, ...]}``) is set in the same save, and
    the history gets one record holding both the field and the many-to-many
    changes: for an object that exists, the many-to-many rows are set first
    (without records) and the save's record snapshots them; for a new one
    the save's "+" record gets them once they are set.

    An IntegrityError (a race past validation, e.g. two editors creating the
    same response at once) is turned into a ValidationError; the surrounding
    atomic block is rolled back so nothing half-written remains.
    """
    instance.full_clean()
    instance._history_user = _history_user(acting_user)
    instance._change_reason = reason or None
    try:
        with transaction.atomic():
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
        raise ValidationError(
            f"Saving {instance._meta.verbose_name} “{instance}” broke a database rule: {exc}"
        ) from exc
    return instance


@transaction.atomic
def object_save[M: models.Model](
    *, instance: M, acting_user: User, reason: str = "", m2m: dict[str, Any] | None = None
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

    Returns:
        The saved instance.

    Raises:
        PermissionDenied: see :func:`require_perm`.
        ValidationError: a field, constraint or cross-table rule is broken
            (the message names the field); a needed reason is blank (key
            ``reason``); for a response, see :func:`response_update`.
    """
    if isinstance(instance, Response):
        return response_update(response=instance, acting_user=acting_user, reason=reason, m2m=m2m)
    require_perm(acting_user, _model_perm(instance, "add" if instance._state.adding else "change"))
    reason = _reason_for_change(instance, reason, "")
    if isinstance(instance, Source):
        _source_fill_sha256(instance)
    return _save_validated(instance, acting_user=acting_user, reason=reason, m2m=m2m)


@transaction.atomic
def object_delete(*, instance: models.Model, acting_user: User, reason: str = "") -> None:
    """Delete a tracker object, recording who deleted it in the history.

    Raises:
        PermissionDenied: the acting user lacks the model's delete permission.
        ValidationError: other records still point at it (PROTECT), with a
            message saying so; nothing is deleted.
    """
    require_perm(acting_user, _model_perm(instance, "delete"))
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
    """Compute the SHA-256 of a source's attached file (hex, lowercase).

    A source without a file keeps an empty digest.
    """
    if not source.file:
        source.sha256 = ""
        return
    digest = hashlib.sha256()
    source.file.open("rb")
    try:
        for chunk in source.file.chunks():
            digest.update(chunk)
    finally:
        source.file.seek(0)
    source.sha256 = digest.hexdigest()


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
) -> Response:
    """Check the permission and the status move, then validate and save.

    ``plain_edit``: the change is a form's edit rather than a named action,
    so a published response needs the editor's reason
    (:func:`_reason_for_change`); a named action ("Marked received") is
    its own reason.

    Raises:
        PermissionDenied: no add (new response) or change permission.
        ValidationError: a move :func:`articles.transitions.check_move`
            refuses (keys ``status``, ``reason``), a blank reason on a
            plain edit of a published response (key ``reason``), or a
            broken field rule.
    """
    require_perm(acting_user, _model_perm(response, "add" if response._state.adding else "change"))
    stored_status = _response_stored_status(response)
    transitions.check_move(stored_status, response.status, reason=reason)
    if stored_status is not None and stored_status != response.status:
        _response_drop_outdated_status_source(response)
    if plain_edit:
        reason = _reason_for_change(response, reason, default_reason)
    reason = (reason or "").strip() or default_reason
    return _save_validated(response, acting_user=acting_user, reason=reason, m2m=m2m)


@transaction.atomic
def response_update(
    *,
    response: Response,
    acting_user: User,
    reason: str = "",
    m2m: dict[str, Any] | None = None,
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
        response, acting_user=acting_user, reason=reason, default_reason="Marked received"
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
        response, acting_user=acting_user, reason=reason, default_reason="Marked declined"
    )


@transaction.atomic
def response_mark_acknowledged(
    *,
    response: Response,
    acknowledged_on: datetime.date,
    acting_user: User,
    as_of: datetime.date | None = None,
    reason: str = "",
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
        response, acting_user=acting_user, reason=reason, default_reason="Marked acknowledged"
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
    return _response_save(response, acting_user=acting_user, reason=reason, default_reason="")


@transaction.atomic
def responses_mark_received(
    *, responses: Iterable[Response], received_on: datetime.date, acting_user: User
) -> list[Response]:
    """Mark several responses received on the same date (the admin's bulk
    action). All or nothing: one invalid response rolls back the rest.

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
                    response=response, received_on=received_on, acting_user=acting_user
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


# --- Publishing claims and keeping them cited (issue items 3-5) ----------------
# Added at the end of the module, apart from the functions above.


def _claim_uncited_error(claim) -> ValidationError:
    return ValidationError(
        {
            "publication": (
                f"“{claim}” has no citation: a claim is published only with at least one "
                "citation of its source. Add a citation, or keep the claim a draft."
            )
        },
        code="claim_uncited",
    )


@transaction.atomic
def claim_publish(*, claim, acting_user: User, reason: str = ""):
    """Publish a claim: readers see it, and the cities, people and sources it
    refers to (``visible_to``, :mod:`articles.querysets`).

    Args:
        claim: a saved :class:`~articles.models.Claim`.
        acting_user: the editor, recorded in the history.
        reason: the history's change reason; default "Published".

    Returns:
        The claim, saved with ``publication=published``.

    Raises:
        PermissionDenied: ``acting_user`` may not change claims
            (:func:`require_perm`; the Editors role of the publishing
            workflow will narrow this to its own permission).
        ValidationError: keyed ``publication`` when the claim has no
            citation (issue, "Citations stay true": the footer's "every
            status and quote is traced to a source" must hold by
            construction); or any field, constraint or cross-table rule, as
            :func:`object_save`.
    """
    from .models import Publication

    require_perm(acting_user, "articles.change_claim")
    if claim.pk is None or not claim.citations.exists():
        raise _claim_uncited_error(claim)
    claim.publication = Publication.PUBLISHED
    return _save_validated(claim, acting_user=acting_user, reason=reason or "Published")


@transaction.atomic
def citation_delete(*, citation, acting_user: User, reason: str = "") -> None:
    """Delete a citation, unless it is the last one of a published claim.

    Args:
        citation: a saved :class:`~articles.models.Citation`.
        acting_user: the editor, recorded in the history.
        reason: the history's change reason.

    Raises:
        ValidationError: the citation is the only one of a published claim
            (a published claim keeps at least one citation; unpublish the
            claim or add another citation first). Nothing is deleted.
    """
    from .models import Citation, Publication

    claim = citation.claim
    if (
        claim.publication == Publication.PUBLISHED
        and not Citation.objects.filter(claim=claim).exclude(pk=citation.pk).exists()
    ):
        raise ValidationError(
            f"The citation of “{claim}” cannot be deleted: it is the only citation of a "
            "published claim. Add another citation first, or make the claim a draft.",
            code="claim_uncited",
        )
    object_delete(instance=citation, acting_user=acting_user, reason=reason)
