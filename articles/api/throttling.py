"""Throttling of anonymous API clients (issue 8, item 6: "throttling for
anonymous clients with a documented rate and a JSON 429").

The rate is ``settings.API_ANON_THROTTLE_RATE`` (environment variable of
the same name), default **120 requests a minute per client address**
(``"<n>/<second|minute|hour|day>"``; empty: no throttling). Signed-in
users (editors' sessions and tokens) are not throttled. Requests are
counted in the default cache, Redis in production, so every app server
shares one count per client. The client's address is ``REMOTE_ADDR``, or
with ``API_NUM_PROXIES=n`` the n-th address from the right of
``X-Forwarded-For`` (the one the nearest trusted proxy saw).

Over the rate: ``429 {"detail": "Request was throttled. Expected available
in N seconds."}`` with ``Retry-After: N`` (DRF's ``Throttled``, made JSON by
:mod:`articles.api.exceptions`).

The rate is read from settings at each request, not once at import as
DRF's ``AnonRateThrottle`` does, so tests and a settings change take
effect without a restart of the class.

A cache that cannot be reached (Redis down) lets the request through, with
a warning in the log: the API keeps answering from the database, as the
pages do, rather than failing every request with a 500.
"""

import logging

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle

logger = logging.getLogger(__name__)


class AnonymousRateThrottle(AnonRateThrottle):
    """DRF's anonymous throttle (scope ``anon``) at
    ``settings.API_ANON_THROTTLE_RATE``; None or empty lets every request through."""

    def get_rate(self) -> str | None:
        """The configured rate, e.g. ``"120/minute"``, or None (no limit)."""
        return getattr(settings, "API_ANON_THROTTLE_RATE", None) or None

    def allow_request(self, request, view) -> bool:
        """Whether this request is within the rate (always, for signed-in
        users or with no rate). Re-reads the rate each time (module docstring)."""
        self.rate = self.get_rate()
        if self.rate is None:
            return True
        self.num_requests, self.duration = self.parse_rate(self.rate)
        try:
            return super().allow_request(request, view)
        except Exception as error:  # noqa: BLE001 - any cache backend's outage
            logger.warning("API throttle not applied: the cache is unreachable (%s)", error)
            return True
