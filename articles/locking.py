"""Optimistic locking: a save based on stale data is refused, with what
changed meanwhile and by whom (the issue "Publishing workflow, roles,
corrections and no lost edits", item 6; DESIGN.md, "Editorial workflow":
"Every editable model carries a version").

Every model has ``version`` (:class:`articles.models.base.TimeStampedModel`):
1 when created, one more at each save. An editor's form (and, later, an API
``If-Match``) carries the version it was based on; the services lock the
stored row (``SELECT ... FOR UPDATE`` on PostgreSQL; SQLite's write
transaction locks the database) and compare.
"""

import dataclasses
import datetime

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils import dateformat, timezone

from .clock import newsroom_zone
from .formats import ap_date
from .history import history_delta


@dataclasses.dataclass(frozen=True)
class FieldChange:
    """One field changed by another editor: its name, its label and the
    values before and after in the words an editor reads
    (:func:`articles.history.history_value`: "Acknowledged", "Aug. 4, 2017")."""

    field: str
    label: str
    old: str
    new: str


@dataclasses.dataclass(frozen=True)
class ChangeMeanwhile:
    """One save by someone else since the version a form was based on.

    ``at`` is an aware datetime; ``who`` the user's display name, or "the
    system" for a job with no user.
    """

    version: int
    who: str
    at: datetime.datetime
    reason: str
    changes: tuple[FieldChange, ...]

    def describe(self) -> str:
        """``"Jane Doe at Nov. 29, 2026, 3:04 p.m.: status (Pending → Acknowledged)"``,
        the time in the newsroom's zone."""
        local = timezone.localtime(self.at, newsroom_zone())
        when = f"{ap_date(local.date())}, {dateformat.format(local, 'P')}"
        what = "; ".join(f"{c.label} ({c.old} → {c.new})" for c in self.changes) or "no field"
        reason = f" (“{self.reason}”)" if self.reason else ""
        return f"{self.who} at {when}{reason}: {what}"


def changes_since(instance: models.Model, version: int) -> list[ChangeMeanwhile]:
    """The saves of ``instance`` after ``version``, oldest first, each with
    its field-by-field changes (from django-simple-history's records, the
    workflow's fields included: :func:`articles.history.history_delta`).

    Args:
        instance: a saved model instance with a ``history`` manager.
        version: the version the editor's form was based on.

    Returns:
        A list of :class:`ChangeMeanwhile`; empty when the history holds
        no newer record (e.g. rows changed before histories kept versions).
    """
    history = getattr(type(instance), "history", None)
    if history is None:
        return []
    records = list(
        history.filter(**{type(instance)._meta.pk.attname: instance.pk})
        .filter(version__gte=version)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    found = []
    previous = None
    for record in records:
        if previous is not None and record.version > version:
            changes = tuple(
                FieldChange(
                    c["name"],
                    str(type(instance)._meta.get_field(c["name"]).verbose_name),
                    c["old"],
                    c["new"],
                )
                for c in history_delta(type(instance), record, previous)
            )
            found.append(
                ChangeMeanwhile(
                    version=record.version,
                    who=str(record.history_user) if record.history_user else "the system",
                    at=record.history_date,
                    reason=record.history_change_reason or "",
                    changes=changes,
                )
            )
        previous = record
    return found


class StaleVersionError(ValidationError):
    """A save based on an older version than the stored one.

    Attributes:
        instance: the instance the editor tried to save (their values).
        based_on: the version their form was based on.
        stored: the version stored now.
        meanwhile: the :class:`ChangeMeanwhile` saves in between.
    """

    def __init__(self, instance: models.Model, based_on: int, stored: int):
        self.instance = instance
        self.based_on = based_on
        self.stored = stored
        self.meanwhile = changes_since(instance, based_on)
        name = instance._meta.verbose_name
        if self.meanwhile:
            detail = (
                " Changed meanwhile by "
                + "; then ".join(m.describe() for m in self.meanwhile)
                + "."
            )
        else:
            detail = ""
        super().__init__(
            {
                NON_FIELD_ERRORS: ValidationError(
                    "Someone else saved this %(name)s after you opened it, so nothing was "
                    "saved."
                    "%(detail)s Check the new values and try again.",
                    code="stale",
                    params={
                        "name": name,
                        "based_on": based_on,
                        "stored": stored,
                        "detail": detail,
                    },
                )
            }
        )


def check_fresh(instance: models.Model) -> None:
    """Lock ``instance``'s stored row and refuse a stale save, before any
    other check: a refusal for stale data says so, rather than reporting a
    rule the stale values break (a status move back from what another
    editor recorded). Leaves the version as it is; a new instance passes.

    Raises:
        StaleVersionError: the stored version differs.
        ValidationError: the row was deleted meanwhile.
    """
    if instance._state.adding or instance.pk is None:
        return
    _stored_version(instance)


def _stored_version(instance: models.Model) -> int:
    model = type(instance)
    stored = (
        model._default_manager.select_for_update()
        .filter(pk=instance.pk)
        .values_list("version", flat=True)
        .first()
    )
    if stored is None:
        raise ValidationError(
            f"This {model._meta.verbose_name} was deleted after you opened it; nothing was saved."
        )
    if instance.version != stored:
        raise StaleVersionError(instance, instance.version, stored)
    return stored


def lock_and_check(instance: models.Model) -> None:
    """Lock ``instance``'s stored row, refuse a stale save, and advance the
    version the save will store.

    A new instance starts at version 1. For a saved one, ``instance.version``
    is the version the change was based on.

    Raises:
        StaleVersionError: the stored version differs.
        ValidationError: the row was deleted meanwhile.
    """
    if instance._state.adding or instance.pk is None:
        instance.version = 1
        return
    instance.version = _stored_version(instance) + 1
