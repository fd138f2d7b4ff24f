"""One clock for the tracker (DESIGN.md, "'Today' for editors").

Two questions, each answered here and nowhere else:

* *When is this request judged?* :func:`request_now` fixes one aware
  instant per request, so a list, its filters and its counts never disagree
  about a deadline that passes while the page is being built.
* *What is today's date?* :func:`newsroom_today` is the calendar date in the
  newsroom's zone (``settings.NEWSROOM_TIME_ZONE``, default
  America/New_York): form defaults, "mark received today" and the check
  that refuses dates in the future all use it. At 02:30 UTC on Aug. 4 it is
  still Aug. 3 in New York, so Aug. 4 is "the future" for the newsroom.
"""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

#: Attribute under which :func:`request_now` keeps its instant on a request.
_REQUEST_ATTR = "tracker_now"


def newsroom_zone() -> ZoneInfo:
    """The newsroom's time zone (``settings.NEWSROOM_TIME_ZONE``).

    Raises:
        zoneinfo.ZoneInfoNotFoundError: the setting names no known zone
            (settings.py refuses to start with such a value).
    """
    return ZoneInfo(getattr(settings, "NEWSROOM_TIME_ZONE", "America/New_York"))


def now() -> datetime.datetime:
    """The current instant, aware (UTC)."""
    return timezone.now()


def newsroom_today(at: datetime.datetime | None = None) -> datetime.date:
    """The calendar date in the newsroom's zone at ``at`` (aware; default now)."""
    return (at or now()).astimezone(newsroom_zone()).date()


def request_now(request) -> datetime.datetime:
    """The aware instant at which ``request`` is judged (deadline states,
    counts, filters), fixed at the first call and kept on the request.

    Args:
        request: a Django ``HttpRequest`` or DRF ``Request`` (DRF's proxies
            attribute reads and writes to the underlying request), or None
            for "now".
    """
    if request is None:
        return now()
    request = getattr(request, "_request", request)  # DRF's Request wraps Django's
    at = getattr(request, _REQUEST_ATTR, None)
    if at is None:
        at = now()
        setattr(request, _REQUEST_ATTR, at)
    return at
