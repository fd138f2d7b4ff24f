"""Deadline states: when does "by Aug. 18" end, and what does the tracker
say about a response once it has?

The rules (DESIGN.md, "Response status and deadlines"), in this one module
so that the model, the QuerySets, the filters, the counts and the pages
cannot drift apart:

* A deadline is a calendar date in a named time zone. "By Aug. 18" means
  until 23:59:59 on Aug. 18 in that zone, whatever the reader's or
  server's zone: the due day *ends* at 00:00:00 on the next day there.
* **past due**: still pending or acknowledged after the due day ended;
* **overdue**: past due, and the status was confirmed after the due day
  (``as_of`` later than ``due_on``): the newsroom checked, still no answer;
* **needs a check**: past due, but last confirmed on or before the due day,
  so the tracker cannot vouch that the city missed it;
* **late**: received or declined after the due day; ``days_late`` counts
  the calendar days between ``due_on`` and ``received_on``.

Each rule exists twice, side by side: as a Python predicate on one
response's values (:func:`deadline_state`, :func:`days_late`) and as Q
objects or a ``Case`` the QuerySets use (:func:`past_due_q`,
:func:`overdue_q`, :func:`needs_check_q`, :func:`deadline_state_case`).
``tests/test_deadlines.py`` checks they agree at the boundary seconds.
States are derived at an instant, never stored; deadlines are kept as dates
plus a zone (never as a stored instant).
"""

import datetime
import functools
import operator
from collections import defaultdict
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Case, CharField, F, IntegerField, Q, Value, When
from django.utils import timezone

from .choices import CLOSED_STATUSES, OPEN_STATUSES, DeadlineState

#: Time zones an inquiry's deadline may be set in. A curated list (every
#: zone of the United States and its territories, plus UTC) rather than the
#: whole tz database, so that the overdue QuerySet can compare dates per
#: zone in portable SQL (see :func:`local_dates_by_zone`).
DEADLINE_TIME_ZONES: tuple[tuple[str, str], ...] = (
    ("America/New_York", "Eastern (America/New_York)"),
    ("America/Detroit", "Eastern (America/Detroit)"),
    ("America/Indiana/Indianapolis", "Eastern (America/Indiana/Indianapolis)"),
    ("America/Kentucky/Louisville", "Eastern (America/Kentucky/Louisville)"),
    ("America/Chicago", "Central (America/Chicago)"),
    ("America/Indiana/Knox", "Central (America/Indiana/Knox)"),
    ("America/Menominee", "Central (America/Menominee)"),
    ("America/North_Dakota/Center", "Central (America/North_Dakota/Center)"),
    ("America/Denver", "Mountain (America/Denver)"),
    ("America/Boise", "Mountain (America/Boise)"),
    ("America/Phoenix", "Mountain, no DST (America/Phoenix)"),
    ("America/Los_Angeles", "Pacific (America/Los_Angeles)"),
    ("America/Anchorage", "Alaska (America/Anchorage)"),
    ("America/Adak", "Hawaii-Aleutian (America/Adak)"),
    ("Pacific/Honolulu", "Hawaii (Pacific/Honolulu)"),
    ("America/Puerto_Rico", "Atlantic (America/Puerto_Rico)"),
    ("Pacific/Guam", "Chamorro (Pacific/Guam)"),
    ("Pacific/Pago_Pago", "Samoa (Pacific/Pago_Pago)"),
    ("UTC", "UTC"),
)

DEADLINE_TIME_ZONE_NAMES: frozenset[str] = frozenset(name for name, _ in DEADLINE_TIME_ZONES)


@functools.cache
def zone(name: str) -> ZoneInfo:
    """``ZoneInfo(name)``, kept for the life of the process.

    ``ZoneInfo`` itself keeps only the last few zones it made strongly, so
    a loop over :data:`DEADLINE_TIME_ZONES` (every deadline query does one)
    would otherwise read each zone's file from disk again on each request.

    Raises:
        zoneinfo.ZoneInfoNotFoundError: ``name`` is not a known zone.
    """
    return ZoneInfo(name)


def default_deadline_time_zone() -> str:
    """Return the newsroom's zone name (settings.NEWSROOM_TIME_ZONE).

    Falls back to America/New_York when the setting names a zone outside
    :data:`DEADLINE_TIME_ZONES`.
    """
    name = getattr(settings, "NEWSROOM_TIME_ZONE", "America/New_York")
    return name if name in DEADLINE_TIME_ZONE_NAMES else "America/New_York"


def deadline_end(due_on: datetime.date, tz_name: str) -> datetime.datetime:
    """Return the aware instant at which a deadline of ``due_on`` has passed.

    Args:
        due_on: the last calendar day on which an answer is on time.
        tz_name: an IANA zone name, e.g. ``"America/New_York"``.

    Returns:
        An aware datetime: 00:00:00 of the day after ``due_on`` in ``tz_name``.
        A response still open at this instant or later is past due.

    Raises:
        zoneinfo.ZoneInfoNotFoundError: ``tz_name`` is not a known zone.
    """
    next_day = due_on + datetime.timedelta(days=1)
    return datetime.datetime.combine(next_day, datetime.time.min, tzinfo=zone(tz_name))


def resolve_now(at: datetime.datetime | None) -> datetime.datetime:
    """Return ``at``, or the current aware time when ``at`` is None.

    Raises:
        ValueError: ``at`` is a naive datetime (its zone would be a guess).
    """
    if at is None:
        return timezone.now()
    if timezone.is_naive(at):
        raise ValueError("A naive datetime cannot be compared with a deadline; pass an aware one.")
    return at


def local_dates_by_zone(at: datetime.datetime) -> dict[datetime.date, list[str]]:
    """Group :data:`DEADLINE_TIME_ZONES` by the calendar date each is on at ``at``.

    Args:
        at: an aware datetime.

    Returns:
        ``{local_date: [zone names]}``; at most three keys, since the zones
        span less than 48 hours. A deadline in zone Z has passed at ``at``
        exactly when its ``due_on`` is earlier than Z's local date.
    """
    groups: dict[datetime.date, list[str]] = defaultdict(list)
    for name, _label in DEADLINE_TIME_ZONES:
        groups[at.astimezone(zone(name)).date()].append(name)
    return dict(groups)


# --- one response, in Python ---------------------------------------------------


def deadline_passed(
    due_on: datetime.date | None, tz_name: str, at: datetime.datetime | None
) -> bool:
    """Whether the due day ``due_on`` has ended, in ``tz_name``, at ``at``.

    Args:
        due_on: the last on-time calendar day, or None (no deadline: never
            passes).
        tz_name: the deadline's IANA zone, e.g. ``"America/New_York"``.
        at: aware datetime; None means now.

    The same comparison as :func:`deadline_passed_q`: the local date in
    ``tz_name`` at ``at`` is later than ``due_on``. Due Aug. 18, 2017 in
    New York: False at 2017-08-19 03:59:59 UTC (23:59:59 EDT on Aug. 18),
    True at 04:00:00 UTC.

    Raises:
        ValueError: ``at`` is naive.
        zoneinfo.ZoneInfoNotFoundError: ``tz_name`` is not a known zone.
    """
    if due_on is None:
        return False
    return resolve_now(at).astimezone(zone(tz_name)).date() > due_on


def deadline_state(
    *,
    status: str,
    due_on: datetime.date | None,
    due_timezone: str,
    as_of: datetime.date,
    received_on: datetime.date | None,
    at: datetime.datetime | None,
) -> DeadlineState:
    """The :class:`~articles.choices.DeadlineState` of one response at ``at``.

    Args:
        status: a :class:`~articles.choices.ResponseStatus` value.
        due_on: the inquiry's last on-time day (a date), or None.
        due_timezone: the inquiry's deadline zone (IANA name).
        as_of: the date the status was last confirmed.
        received_on: the date of the answer or refusal (closed statuses).
        at: aware datetime; None means now.

    Raises:
        ValueError: ``at`` is naive.

    Agrees with :func:`deadline_state_case` and the Q objects below.
    """
    if due_on is None:
        return DeadlineState.NO_DEADLINE
    if status in CLOSED_STATUSES:
        if received_on is not None and received_on > due_on:
            return DeadlineState.ANSWERED_LATE
        return DeadlineState.ANSWERED_ON_TIME
    if not deadline_passed(due_on, due_timezone, at):
        return DeadlineState.NOT_YET_DUE
    if as_of > due_on:
        return DeadlineState.OVERDUE
    return DeadlineState.NEEDS_CHECK


def days_late(
    *, status: str, due_on: datetime.date | None, received_on: datetime.date | None
) -> int | None:
    """Whole calendar days from ``due_on`` to ``received_on`` for an answer
    (received or declined) that came after the due day: due Aug. 18, answered
    Aug. 30 is 12. None for an answer on time, an open response or an
    inquiry without a deadline (DESIGN.md, "late")."""
    if status not in CLOSED_STATUSES or due_on is None or received_on is None:
        return None
    late = (received_on - due_on).days
    return late if late > 0 else None


def days_outstanding(
    *,
    status: str,
    due_on: datetime.date | None,
    due_timezone: str,
    at: datetime.datetime | None,
) -> int | None:
    """Whole calendar days an open response has been past due at ``at``.

    Args:
        status: a :class:`~articles.choices.ResponseStatus` value.
        due_on: the inquiry's last on-time day, or None.
        due_timezone: the deadline's IANA zone.
        at: aware datetime; None means now.

    Returns:
        For a pending or acknowledged response whose due day has ended (past
        due, :func:`deadline_passed`): the local date in ``due_timezone`` at
        ``at`` minus ``due_on``, so at least 1. Due Aug. 18, 2017 in New
        York: 1 from 00:00 EDT on Aug. 19, 12 on Aug. 30, the same number
        :func:`days_late` would give an answer arriving that day. None for an
        answered response, one not yet due, or no deadline.

    Raises:
        ValueError: ``at`` is naive.
    """
    if status not in OPEN_STATUSES or due_on is None:
        return None
    local_today = resolve_now(at).astimezone(zone(due_timezone)).date()
    days = (local_today - due_on).days
    return days if days > 0 else None


def days_to_respond(
    *, status: str, sent_on: datetime.date | None, received_on: datetime.date | None
) -> int | None:
    """Whole calendar days from the inquiry's ``sent_on`` to the answer's
    ``received_on`` for a received or declined response (a refusal is an
    answer too): sent Aug. 3, answered Aug. 3 is 0, Aug. 18 is 15. None for
    an open response or when either date is unknown."""
    if status not in CLOSED_STATUSES or sent_on is None or received_on is None:
        return None
    return (received_on - sent_on).days


# --- many responses, in SQL ------------------------------------------------------


@dataclass(frozen=True)
class Paths:
    """Lookup paths from the model being queried to a Response
    (``response``) and to that response's Inquiry (``inquiry``)."""

    response: str
    inquiry: str


#: Querying responses: ``status``, ``inquiry__due_on``.
FROM_RESPONSE = Paths(response="", inquiry="inquiry__")
#: Querying inquiries (counts): ``responses__status``, ``due_on``.
FROM_INQUIRY = Paths(response="responses__", inquiry="")


def deadline_passed_q(at: datetime.datetime | None = None, *, inquiry: str = "") -> Q:
    """Q matching inquiries whose due day has ended at ``at``.

    Args:
        at: aware datetime; None means now.
        inquiry: lookup path to the Inquiry (``""`` on Inquiry itself,
            ``"inquiry__"`` from a Response).

    The same rule as :func:`deadline_passed`, one date per zone (see
    :func:`local_dates_by_zone`) so it is portable SQL. Inquiries without
    ``due_on`` never match.

    Raises:
        ValueError: ``at`` is naive.
    """
    return functools.reduce(
        operator.or_,
        (
            Q(**{f"{inquiry}due_timezone__in": zones, f"{inquiry}due_on__lt": local_date})
            for local_date, zones in local_dates_by_zone(resolve_now(at)).items()
        ),
    )


def past_due_q(at: datetime.datetime | None = None, *, paths: Paths = FROM_RESPONSE) -> Q:
    """Q matching responses that are past due at ``at``: pending or
    acknowledged after the due day ended (aware ``at``, None = now)."""
    return Q(**{f"{paths.response}status__in": OPEN_STATUSES}) & deadline_passed_q(
        at, inquiry=paths.inquiry
    )


def overdue_q(at: datetime.datetime | None = None, *, paths: Paths = FROM_RESPONSE) -> Q:
    """Q matching responses overdue at ``at``: past due, and the status
    confirmed after the due day (``as_of`` later than ``due_on``)."""
    return past_due_q(at, paths=paths) & Q(
        **{f"{paths.response}as_of__gt": F(f"{paths.inquiry}due_on")}
    )


def needs_check_q(at: datetime.datetime | None = None, *, paths: Paths = FROM_RESPONSE) -> Q:
    """Q matching responses that need a check at ``at``: past due, but the
    status last confirmed on or before the due day."""
    return past_due_q(at, paths=paths) & Q(
        **{f"{paths.response}as_of__lte": F(f"{paths.inquiry}due_on")}
    )


def answered_late_q(*, paths: Paths = FROM_RESPONSE) -> Q:
    """Q matching responses received or declined after the due day
    (``received_on`` later than ``due_on``); no instant needed."""
    return Q(**{f"{paths.response}status__in": CLOSED_STATUSES}) & Q(
        **{f"{paths.response}received_on__gt": F(f"{paths.inquiry}due_on")}
    )


def deadline_state_case(
    at: datetime.datetime | None = None, *, paths: Paths = FROM_RESPONSE
) -> Case:
    """A ``Case`` giving each response's :class:`DeadlineState` value at
    ``at`` (aware, None = now), in the order :func:`deadline_state` decides
    it; for ``QuerySet.annotate``.

    Raises:
        ValueError: ``at`` is naive.
    """
    at = resolve_now(at)
    return Case(
        When(Q(**{f"{paths.inquiry}due_on__isnull": True}), then=Value(DeadlineState.NO_DEADLINE)),
        When(answered_late_q(paths=paths), then=Value(DeadlineState.ANSWERED_LATE)),
        When(
            Q(**{f"{paths.response}status__in": CLOSED_STATUSES}),
            then=Value(DeadlineState.ANSWERED_ON_TIME),
        ),
        When(overdue_q(at, paths=paths), then=Value(DeadlineState.OVERDUE)),
        When(needs_check_q(at, paths=paths), then=Value(DeadlineState.NEEDS_CHECK)),
        default=Value(DeadlineState.NOT_YET_DUE),
        output_field=CharField(),
    )


def _zone_end_order() -> dict[str, int]:
    """Each zone of :data:`DEADLINE_TIME_ZONES` -> its place when deadlines
    on the same ``due_on`` are put in the order they end.

    A day ends earlier where the UTC offset is larger, so zones are sorted
    by their offset in January, then in July, largest first: a zone that
    moves its clocks forward in summer ends its day no later than a zone
    with the same winter offset that does not (America/Denver before
    America/Phoenix; America/Adak before Pacific/Honolulu), and two zones
    sharing a place in that order end the day at the same instant.
    """
    winter = datetime.datetime(2025, 1, 15, 12, tzinfo=datetime.UTC)
    summer = datetime.datetime(2025, 7, 15, 12, tzinfo=datetime.UTC)

    def key(name: str) -> tuple:
        zone = ZoneInfo(name)
        return (-winter.astimezone(zone).utcoffset(), -summer.astimezone(zone).utcoffset(), name)

    return {name: rank for rank, name in enumerate(sorted(DEADLINE_TIME_ZONE_NAMES, key=key))}


ZONE_END_ORDER: dict[str, int] = _zone_end_order()


def deadline_order(*, inquiry: str = "inquiry__") -> tuple:
    """Expressions that order rows by the instant their deadline ends
    (:func:`deadline_end`), for ``order_by``: ``due_on``, then the zone's
    place in :data:`ZONE_END_ORDER`.

    The zones span less than 24 hours (UTC+10 to UTC-11), so a deadline on
    an earlier ``due_on`` always ends before one on a later ``due_on``
    whatever their zones; on the same ``due_on`` the zone decides. Rows
    without a deadline get NULLs (the caller decides where NULLs go).

    Args:
        inquiry: lookup path to the Inquiry (``"inquiry__"`` from a
            Response, ``""`` on Inquiry itself).

    Returns:
        ``(F(due_on), Case(zone -> rank))``: plain expressions; call
        ``.asc()``/``.desc()`` on them.
    """
    rank = Case(
        *(
            When(**{f"{inquiry}due_timezone": name}, then=Value(place))
            for name, place in ZONE_END_ORDER.items()
        ),
        default=Value(len(ZONE_END_ORDER)),
        output_field=IntegerField(),
    )
    return (F(f"{inquiry}due_on"), rank)


# --- due soon (the editors' desk: dashboard, item 3, and deadline alerts, item 5) ---


def due_within(
    *,
    status: str,
    due_on: datetime.date | None,
    due_timezone: str,
    days: int,
    at: datetime.datetime | None,
) -> bool:
    """Whether an open response is due within ``days`` calendar days at ``at``.

    Args:
        status: a :class:`~articles.choices.ResponseStatus` value.
        due_on: the inquiry's last on-time day, or None (never due).
        due_timezone: the deadline's IANA zone.
        days: how many days ahead, counted in calendar days in the
            deadline's zone (0 = due today).
        at: aware datetime; None means now.

    True when the response is pending or acknowledged, its due day has not
    ended (:func:`deadline_passed` is False) and ``due_on`` is at most
    ``days`` days after the local date in ``due_timezone``: due Aug. 18,
    2017 in New York with ``days=3`` from 00:00 EDT on Aug. 15 until the
    deadline passes at 00:00 EDT on Aug. 19. Agrees with :func:`due_within_q`.

    Raises:
        ValueError: ``at`` is naive.
    """
    if status not in OPEN_STATUSES or due_on is None:
        return False
    local_today = resolve_now(at).astimezone(zone(due_timezone)).date()
    return local_today <= due_on <= local_today + datetime.timedelta(days=days)


def due_within_q(
    days: int, at: datetime.datetime | None = None, *, paths: Paths = FROM_RESPONSE
) -> Q:
    """Q matching open responses whose deadline has not passed at ``at``
    but whose due day is at most ``days`` calendar days after the day it
    is at ``at`` in the deadline's own zone.

    Args:
        days: calendar days ahead, counted in each deadline's zone (7 for
            the dashboard's "due within 7 days"): at 12:00 EDT on Aug. 11,
            2017, a response due Aug. 18 in New York is due within 7 days,
            one due Aug. 19 is not; on Aug. 18 itself it still is (not
            past due until the day ends, :func:`deadline_passed`).
        at: aware datetime; None means now.
        paths: lookup paths (:data:`FROM_RESPONSE` or :data:`FROM_INQUIRY`).

    The complement of :func:`past_due_q` among open responses, bounded by
    dates per zone like :func:`deadline_passed_q` (portable SQL; no
    instant arithmetic, so a daylight-saving change in the window moves
    nothing). Inquiries without ``due_on`` never match.

    Raises:
        ValueError: ``at`` is naive, or ``days`` is negative.
    """
    if days < 0:
        raise ValueError("days must not be negative.")
    window = functools.reduce(
        operator.or_,
        (
            Q(
                **{
                    f"{paths.inquiry}due_timezone__in": zones,
                    f"{paths.inquiry}due_on__gte": local_date,
                    f"{paths.inquiry}due_on__lte": local_date + datetime.timedelta(days=days),
                }
            )
            for local_date, zones in local_dates_by_zone(resolve_now(at)).items()
        ),
    )
    return Q(**{f"{paths.response}status__in": OPEN_STATUSES}) & window
