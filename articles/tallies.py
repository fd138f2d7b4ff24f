"""Per-inquiry response tallies without scanning every response per request.

Issue "Scale and production", item 1: "counts that do not scan the table
(maintained by the services, or cached and invalidated on write)".
:meth:`articles.querysets.InquiryQuerySet.with_counts` annotates nine
counts by joining every response of every inquiry in the list, deadline
states included, on every request: at 100,000 responses that is about
200 ms. Here the same numbers come in two steps:

1. **What does not depend on the clock** (:func:`raw_tallies`): for each
   inquiry, its responses counted by status and by whether ``as_of`` is
   later than the inquiry's ``due_on``. One grouped query for the inquiries
   asked (only those not already cached), cached in the default cache
   under the data generation (:mod:`articles.freshness`), so a committed
   write makes the next request count again.
2. **What does** (:func:`counts_at`): past due, overdue and needs a check at
   ``at``, derived in Python with the rules of :mod:`articles.deadlines`:
   a deadline is per inquiry, so once its due day has ended every open
   response of it is past due, overdue when ``as_of > due_on`` and needing
   a check otherwise; before that, none is. The same numbers as
   ``with_counts(at)`` (``tests/test_tallies.py`` checks them side by side).

:func:`attach` sets the attributes ``with_counts`` annotates
(``response_count``, ``received_count``, ``declined_count``,
``pending_count``, ``acknowledged_count``, ``open_count``,
``past_due_count``, ``overdue_count``, ``needs_check_count``) on the rows
of one page, after pagination, instead of annotating the whole table.
"""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import BooleanField, Case, Count, F, Value, When

from . import deadlines, freshness
from .choices import OPEN_STATUSES, ResponseStatus

#: Seconds a tally is kept (a write moves the generation long before).
TIMEOUT = 3600
_PREFIX = "tracker:tally"

COUNT_NAMES = (
    "response_count",
    "received_count",
    "declined_count",
    "pending_count",
    "acknowledged_count",
    "open_count",
    "past_due_count",
    "overdue_count",
    "needs_check_count",
)


@dataclass(frozen=True)
class RawTally:
    """One inquiry's responses counted by what does not change with the clock.

    ``by_status`` maps a :class:`~articles.choices.ResponseStatus` value to
    ``(confirmed on or before the due day, confirmed after it)``: responses
    whose ``as_of`` is ``<= due_on`` and ``> due_on``. Without a deadline
    every response is in the first number (``as_of > NULL`` is not true).
    """

    by_status: dict[str, tuple[int, int]]

    def status(self, value: str) -> int:
        """Responses with status ``value``."""
        before, after = self.by_status.get(value, (0, 0))
        return before + after


EMPTY = RawTally(by_status={})


def _key(generation: int, inquiry_id: int) -> str:
    return f"{_PREFIX}:{generation}:{inquiry_id}"


def _tuples(value) -> RawTally:
    return RawTally(by_status={k: (int(v[0]), int(v[1])) for k, v in value.items()})


def raw_tallies(inquiry_ids: Iterable[int]) -> dict[int, RawTally]:
    """The clock-free tallies of ``inquiry_ids`` (ints), cached per generation.

    Reads the generation first (:func:`articles.freshness.current`), then
    the cache (one ``get_many``), then counts the inquiries missing from it
    in ONE grouped query over their responses (``inquiry_id``, ``status``,
    ``as_of > due_on``), stores them (one ``set_many``) and returns every
    id asked, an inquiry without responses as :data:`EMPTY`.

    Every response of an inquiry is counted (the responses of an inquiry a
    user may see are visible: :mod:`articles.querysets`), as ``with_counts``.
    A cache that cannot be reached, or a connection with uncommitted writes
    or no shared cache (:func:`articles.freshness.read_around`), is read around: the query
    still runs.
    """
    from .models import Response

    ids = list(dict.fromkeys(int(pk) for pk in inquiry_ids))
    if not ids:
        return {}
    generation, found = None, {}
    if not freshness.read_around(Response.objects.db):
        try:
            generation = freshness.current()
            found = cache.get_many([_key(generation, pk) for pk in ids])
        except Exception:  # noqa: BLE001 - a cache outage must not fail a page
            generation, found = None, {}
    result: dict[int, RawTally] = {}
    missing = []
    for pk in ids:
        value = found.get(_key(generation, pk)) if generation is not None else None
        if value is None:
            missing.append(pk)
        else:
            result[pk] = _tuples(value)
    if missing:
        counted: dict[int, dict[str, list[int]]] = {pk: {} for pk in missing}
        rows = (
            Response.objects.filter(inquiry_id__in=missing)
            .annotate(
                after_due=Case(
                    When(as_of__gt=F("inquiry__due_on"), then=Value(True)),
                    default=Value(False),
                    output_field=BooleanField(),
                )
            )
            .order_by()
            .values_list("inquiry_id", "status", "after_due")
            .annotate(n=Count("pk"))
        )
        for inquiry_id, status, after_due, n in rows:
            pair = counted[inquiry_id].setdefault(status, [0, 0])
            pair[1 if after_due else 0] += n
        for pk, by_status in counted.items():
            result[pk] = _tuples(by_status)
        if generation is not None:
            with contextlib.suppress(Exception):  # not caching is safe
                cache.set_many(
                    {_key(generation, pk): counted[pk] for pk in missing}, timeout=TIMEOUT
                )
    return result


def counts_at(
    tally: RawTally, *, due_on: datetime.date | None, due_timezone: str, at: datetime.datetime
) -> dict[str, int]:
    """The nine counts of ``with_counts`` for one inquiry at ``at``.

    Args:
        tally: the inquiry's :class:`RawTally`.
        due_on: the inquiry's last on-time day (a date) or None.
        due_timezone: the deadline's IANA zone name.
        at: aware datetime at which deadline states are judged.

    Returns:
        ``{name: int}`` for every name in :data:`COUNT_NAMES`.

    Raises:
        ValueError: ``at`` is naive.
    """
    pending = tally.status(ResponseStatus.PENDING)
    acknowledged = tally.status(ResponseStatus.ACKNOWLEDGED)
    passed = deadlines.deadline_passed(due_on, due_timezone, deadlines.resolve_now(at))
    before = after = 0
    if passed:
        for status in OPEN_STATUSES:
            b, a = tally.by_status.get(status, (0, 0))
            before += b
            after += a
    return {
        "response_count": sum(b + a for b, a in tally.by_status.values()),
        "received_count": tally.status(ResponseStatus.RECEIVED),
        "declined_count": tally.status(ResponseStatus.DECLINED),
        "pending_count": pending,
        "acknowledged_count": acknowledged,
        "open_count": pending + acknowledged,
        "past_due_count": before + after,
        "overdue_count": after,
        "needs_check_count": before,
    }


def attach(inquiries: Iterable, at: datetime.datetime | None = None) -> list:
    """Set the :data:`COUNT_NAMES` attributes on each inquiry, as
    ``InquiryQuerySet.with_counts(at)`` would annotate them.

    Args:
        inquiries: Inquiry instances (one page of a list; a queryset is
            evaluated), with ``due_on`` and ``due_timezone`` loaded.
        at: aware datetime; None means now.

    Returns:
        The inquiries as a list (the same objects). At most one cache round
        trip for the generation, one for the tallies, and one grouped query
        for the inquiries not cached.

    Raises:
        ValueError: ``at`` is naive.
    """
    rows = list(inquiries)
    at = deadlines.resolve_now(at)
    tallies = raw_tallies(row.pk for row in rows)
    for row in rows:
        counts = counts_at(
            tallies.get(row.pk, EMPTY), due_on=row.due_on, due_timezone=row.due_timezone, at=at
        )
        for name, value in counts.items():
            setattr(row, name, value)
    return rows


__all__ = ["COUNT_NAMES", "EMPTY", "RawTally", "attach", "counts_at", "raw_tallies"]
