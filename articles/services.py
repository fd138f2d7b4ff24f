"""Writes. Every change to the tracker goes through these functions
(STYLE.md, "Reads in selectors, writes in services"): the admin's
``save_model``, the API and the management commands all call them.

Each function is keyword-only and atomic, validates with ``full_clean()``
(field rules, the database constraints, and the cross-table rules in each
model's ``clean()``) before saving, and records the acting user and a reason
in the model's history (django-simple-history). Errors are raised as
``django.core.exceptions.ValidationError`` keyed by field name, with
messages an editor can act on.
"""

import datetime
import hashlib
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction

from .formats import ap_date
from .models import Response, Source

User = AbstractBaseUser | AnonymousUser | None


def _history_user(acting_user: User):
    """Return the user to record in history, or None for anonymous/system."""
    if acting_user is None or not getattr(acting_user, "is_authenticated", False):
        return None
    return acting_user


def _save_validated[M: models.Model](instance: M, *, acting_user: User, reason: str = "") -> M:
    """``full_clean()`` then ``save()``, with history user and reason set.

    An IntegrityError (a race past validation, e.g. two editors creating the
    same response at once) is turned into a ValidationError; the surrounding
    atomic block is rolled back so nothing half-written remains.
    """
    instance.full_clean()
    instance._history_user = _history_user(acting_user)
    instance._change_reason = reason or None
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError as exc:
        raise ValidationError(
            f"Saving {instance._meta.verbose_name} “{instance}” broke a database rule: {exc}"
        ) from exc
    return instance


@transaction.atomic
def object_save[M: models.Model](*, instance: M, acting_user: User, reason: str = "") -> M:
    """Validate and save any tracker object (create or update).

    Args:
        instance: an unsaved or changed model instance.
        acting_user: the editor making the change (None for system jobs such
            as the seed loader); recorded in the history.
        reason: optional change reason recorded in the history.

    Returns:
        The saved instance.

    Raises:
        ValidationError: a field, constraint or cross-table rule is broken;
            the message names the field.
    """
    if isinstance(instance, Source):
        _source_fill_sha256(instance)
    return _save_validated(instance, acting_user=acting_user, reason=reason)


@transaction.atomic
def object_delete(*, instance: models.Model, acting_user: User, reason: str = "") -> None:
    """Delete a tracker object, recording who deleted it in the history.

    Raises:
        ValidationError: other records still point at it (PROTECT), with a
            message saying so; nothing is deleted.
    """
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


@transaction.atomic
def response_mark_received(
    *,
    response: Response,
    received_on: datetime.date,
    acting_user: User,
    as_of: datetime.date | None = None,
    text: str | None = None,
    summary: str | None = None,
) -> Response:
    """Record that a city answered.

    Args:
        response: the response to update.
        received_on: the calendar date the answer arrived (a date, not a
            datetime; the newsroom's local date).
        acting_user: the editor, recorded in the history.
        as_of: the date the status was confirmed; defaults to ``received_on``.
        text, summary: the answer verbatim and its summary; unchanged when None.

    Raises:
        ValidationError: ``received_on`` precedes the inquiry's ``sent_on``
            or the acknowledgement (key ``received_on``).
    """
    response.status = Response.Status.RECEIVED
    response.received_on = received_on
    response.as_of = as_of or received_on
    if text is not None:
        response.text = text
    if summary is not None:
        response.summary = summary
    return _save_validated(response, acting_user=acting_user, reason="Marked received")


@transaction.atomic
def response_mark_declined(
    *,
    response: Response,
    declined_on: datetime.date,
    acting_user: User,
    as_of: datetime.date | None = None,
    text: str | None = None,
) -> Response:
    """Record that a city refused to answer; ``declined_on`` is stored as
    ``received_on`` (the day the refusal arrived). Errors as
    :func:`response_mark_received`."""
    response.status = Response.Status.DECLINED
    response.received_on = declined_on
    response.as_of = as_of or declined_on
    if text is not None:
        response.text = text
    return _save_validated(response, acting_user=acting_user, reason="Marked declined")


@transaction.atomic
def response_mark_acknowledged(
    *,
    response: Response,
    acknowledged_on: datetime.date,
    acting_user: User,
    as_of: datetime.date | None = None,
) -> Response:
    """Record that a city said it will answer.

    Raises:
        ValidationError: the response is already received or declined (key
            ``status``), or ``acknowledged_on`` precedes ``sent_on``.
    """
    if not response.is_open:
        raise ValidationError(
            {"status": f"This response is already {response.get_status_display().lower()}."}
        )
    response.status = Response.Status.ACKNOWLEDGED
    response.acknowledged_on = acknowledged_on
    response.as_of = as_of or acknowledged_on
    return _save_validated(response, acting_user=acting_user, reason="Marked acknowledged")


@transaction.atomic
def responses_mark_received(
    *, responses: Iterable[Response], received_on: datetime.date, acting_user: User
) -> list[Response]:
    """Mark several responses received on the same date (the admin's bulk
    action). All or nothing: one invalid response rolls back the rest.

    Responses already received are refused rather than re-marked, which
    would overwrite the day their answer arrived.

    Raises:
        ValidationError: naming the city and inquiry of each response
            already received, or of the first that cannot be marked.
    """
    responses = list(responses)
    already = [r for r in responses if r.status == Response.Status.RECEIVED]
    if already:
        names = "; ".join(f"{r} (received {ap_date(r.received_on)})" for r in already)
        raise ValidationError(f"Already received: {names}.")
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
        ValidationError: keyed ``publication`` when the claim has no
            citation (issue, "Citations stay true": the footer's "every
            status and quote is traced to a source" must hold by
            construction); or any field, constraint or cross-table rule, as
            :func:`object_save`.
    """
    from .models import Publication

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
