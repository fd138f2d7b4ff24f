"""Writing the changes feed's log (:class:`articles.models.Change`; issue 8,
item 7: "every create, update, publish, retraction and correction in
order ... so partners can mirror the tracker").

Every saved history record of a record the API serves adds one
:class:`~articles.models.Change`, from django-simple-history's
``post_create_historical_record`` signal, inside the transaction that
saved the record: the admin, the API, the services and commands all save
through history, so none can change a record without an entry, and a
rolled-back save leaves none.

What the entry says:

- a city, organization, person or source: ``created``/``updated``/``deleted``;
- a claim or an inquiry: ``published`` when it becomes public (also when
  created already published), ``retracted`` when retracted, otherwise
  ``created``/``updated``/``deleted``;
- a response: ``created``/``updated``/``deleted``, governed by its inquiry;
- a citation's save or delete: ``updated`` on its claim (the claim's body
  carries its citations);
- a correction: ``corrected`` on the claim, inquiry or response it
  concerns when added (``updated`` if it is later edited or removed).

**Commit order.** Ids come from a sequence; on PostgreSQL two concurrent
transactions may take ids 10 and 11 and commit 11 first, so a reader that
read up to 11 and then asks for "after 11" would never see 10. To rule
that out, :func:`record_change` takes a transaction-level advisory lock
(``pg_advisory_xact_lock``) before adding a row: a second writer waits at
its first entry until the first commits, so ids commit in order. The
cost is that writes of tracked records are serialized for the rest of
their transaction (a newsroom's editors, not a write-heavy load; a long
import holds others for its length). SQLite serializes writers anyway
(``transaction_mode`` IMMEDIATE).
"""

from __future__ import annotations

import zlib

from django.db import connections, models
from simple_history.signals import post_create_historical_record

from .choices import READER_VISIBLE, ChangeAction, ChangeKind, Publication
from .models import (
    Change,
    Citation,
    City,
    Claim,
    Correction,
    Inquiry,
    Organization,
    Person,
    Response,
    Source,
)

#: The kind each tracked model's own changes are reported as.
MODEL_KINDS: dict[type[models.Model], str] = {
    City: ChangeKind.CITY,
    Organization: ChangeKind.ORGANIZATION,
    Person: ChangeKind.PERSON,
    Source: ChangeKind.SOURCE,
    Claim: ChangeKind.CLAIM,
    Inquiry: ChangeKind.INQUIRY,
    Response: ChangeKind.RESPONSE,
}
#: Models whose visibility follows their own publication.
REVIEWABLE_KINDS = {ChangeKind.CLAIM, ChangeKind.INQUIRY}
#: The advisory lock's key (any constant the app uses for nothing else).
COMMIT_ORDER_LOCK = zlib.crc32(b"articles.changes.commit_order")

_BASIC_ACTIONS = {"+": ChangeAction.CREATED, "~": ChangeAction.UPDATED, "-": ChangeAction.DELETED}


def _reviewable_action(instance: Claim | Inquiry, history_instance) -> str:
    """A claim's or inquiry's action: ``published`` when it becomes public
    (created public included), ``retracted`` when a public one is
    retracted, else created/updated/deleted. The previous history record
    says what it was before."""
    history_type = history_instance.history_type
    if history_type == "-":
        return ChangeAction.DELETED
    previous = history_instance.prev_record if history_type == "~" else None
    before = previous.publication if previous is not None else None
    now = instance.publication
    if now in READER_VISIBLE and before not in READER_VISIBLE:
        return ChangeAction.PUBLISHED
    if now == Publication.RETRACTED and before == Publication.PUBLISHED:
        return ChangeAction.RETRACTED
    return _BASIC_ACTIONS[history_type]


def describe(instance: models.Model, history_instance) -> dict | None:
    """The :class:`Change` fields for one history record of ``instance``,
    or None for a model the feed does not report (ratings, review comments).

    Args:
        instance: the saved or deleted model instance.
        history_instance: its new django-simple-history record
            (``history_type`` ``+``, ``~`` or ``-``).
    """
    history_type = history_instance.history_type
    if isinstance(instance, Citation):
        claim = instance.claim
        return {
            "kind": ChangeKind.CLAIM,
            "record_id": claim.pk,
            "slug": claim.slug,
            "action": ChangeAction.UPDATED,
            "governed_kind": ChangeKind.CLAIM,
            "governed_id": claim.pk,
        }
    if isinstance(instance, Correction):
        record = instance.record
        if record is None:
            return None
        kind = MODEL_KINDS[type(record)]
        governed = (
            (ChangeKind.INQUIRY, record.inquiry_id)
            if isinstance(record, Response)
            else (kind, record.pk)
        )
        return {
            "kind": kind,
            "record_id": record.pk,
            "slug": getattr(record, "slug", ""),
            "action": ChangeAction.CORRECTED if history_type == "+" else ChangeAction.UPDATED,
            "governed_kind": governed[0],
            "governed_id": governed[1],
        }
    kind = MODEL_KINDS.get(type(instance))
    if kind is None:
        return None
    fields = {"kind": kind, "record_id": instance.pk, "slug": getattr(instance, "slug", "")}
    if kind in REVIEWABLE_KINDS:
        return {
            **fields,
            "action": _reviewable_action(instance, history_instance),
            "governed_kind": kind,
            "governed_id": instance.pk,
        }
    if kind == ChangeKind.RESPONSE:
        return {
            **fields,
            "action": _BASIC_ACTIONS[history_type],
            "governed_kind": ChangeKind.INQUIRY,
            "governed_id": instance.inquiry_id,
        }
    return {**fields, "action": _BASIC_ACTIONS[history_type]}


def lock_commit_order(using: str) -> None:
    """On PostgreSQL, wait for and hold until commit the lock that keeps
    :class:`Change` ids committing in order (module docstring). Nothing
    on other databases."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [COMMIT_ORDER_LOCK])


def record_change(sender, *, instance, history_instance, history_date, using=None, **kwargs):
    """``post_create_historical_record`` receiver: add the :class:`Change`
    for ``history_instance`` (see :func:`describe`), ``at`` = ``history_date``."""
    fields = describe(instance, history_instance)
    if fields is None:
        return
    db = using or instance._state.db or "default"
    lock_commit_order(db)
    Change.objects.using(db).create(at=history_date, **fields)


def connect_signals() -> None:
    """Connect :func:`record_change` (called once, from ``ArticlesConfig.ready``)."""
    post_create_historical_record.connect(record_change, dispatch_uid="articles.changes.record")
