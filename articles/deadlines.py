"""Deadline arithmetic: when does "by Aug. 18" end?

A deadline is a calendar date in a named time zone. The rule (DESIGN.md,
"Response status") is that "by Aug. 18" means until 23:59:59 on Aug. 18 in
that zone, whatever the reader's or server's zone: the deadline *ends* at
00:00:00 on the next day in that zone, and a response still open at or after
that instant is overdue.

Deadlines are kept as dates plus a zone (never as a stored instant), so the
rule is applied here, in one place, for the model property and the QuerySet.
"""

import datetime
from collections import defaultdict
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

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
        A response still open at this instant or later is overdue.

    Raises:
        zoneinfo.ZoneInfoNotFoundError: ``tz_name`` is not a known zone.
    """
    next_day = due_on + datetime.timedelta(days=1)
    return datetime.datetime.combine(next_day, datetime.time.min, tzinfo=ZoneInfo(tz_name))


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
        span less than 48 hours. An inquiry in zone Z is overdue at ``at``
        exactly when its ``due_on`` is earlier than Z's local date.
    """
    groups: dict[datetime.date, list[str]] = defaultdict(list)
    for name, _label in DEADLINE_TIME_ZONES:
        groups[at.astimezone(ZoneInfo(name)).date()].append(name)
    return dict(groups)
