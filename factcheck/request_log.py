"""Structured request logs with a request id (issue 10, "Production").

:class:`RequestLogMiddleware`, the outermost middleware, gives each request
an id and logs one line when the response leaves: on the
``tracker.request`` logger, at INFO, with the fields ``method``, ``path``
(no query string: it may carry search terms or tokens), ``status``,
``duration_ms`` (milliseconds, wall clock, the whole middleware stack and
view), ``request_id`` and ``user_id`` (``None`` when anonymous).
:class:`JsonFormatter` (settings ``LOG_FORMAT=json``) writes each record as
one JSON object per line, those fields included.
"""

import json
import logging
import re
import time
import uuid
from datetime import UTC, datetime

from django.utils.functional import SimpleLazyObject, empty

logger = logging.getLogger("tracker.request")

#: The header that carries the id in and out (``HTTP_X_REQUEST_ID`` in META).
REQUEST_ID_HEADER = "X-Request-ID"
#: An incoming id is kept only when it is 1 to 200 of these characters; any
#: other value (empty, too long, spaces, quotes, control characters that
#: could forge log lines) is replaced by a generated one.
VALID_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,200}")

#: Attributes every LogRecord has; anything else came through ``extra=``.
_RECORD_ATTRIBUTES = frozenset(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {
    "message",
    "asctime",
    "taskName",
}


def request_id_from(value: str | None) -> str:
    """The request id to use for an incoming ``X-Request-ID`` header value
    (``None`` when absent): the value itself when it matches
    :data:`VALID_REQUEST_ID`, else a new ``uuid4().hex`` (32 hex digits)."""
    if value and VALID_REQUEST_ID.fullmatch(value):
        return value
    return uuid.uuid4().hex


def _user_id(request) -> int | None:
    """The signed-in user's id, or ``None``: anonymous, or the user was never
    looked up for this request (an answer made before the authentication
    middleware or before anything asked), or looking it up fails (the
    database is down). Never queries: the log line must not fail."""
    user = getattr(request, "user", None)
    if user is None or (isinstance(user, SimpleLazyObject) and user._wrapped is empty):
        return None
    try:
        return user.pk if user.is_authenticated else None
    except Exception:  # noqa: BLE001 - a broken user lookup must not lose the log line
        return None


class RequestLogMiddleware:
    """Set ``request.request_id``, echo it in the ``X-Request-ID`` response
    header and log the request on ``tracker.request`` (see the module).

    Put first in ``MIDDLEWARE`` so that the duration covers every other
    middleware and answers made before the view (an HTTPS redirect, a 414)
    are logged too. Reads ``request.user`` only after the response is made,
    when the authentication middleware has resolved it (no extra query).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        request.request_id = request_id_from(request.headers.get(REQUEST_ID_HEADER))
        response = self.get_response(request)
        response[REQUEST_ID_HEADER] = request.request_id
        duration_ms = round((time.perf_counter() - started) * 1000, 1)
        user_id = _user_id(request)
        fields = {
            "method": request.method,
            "path": request.path,
            "status": response.status_code,
            "duration_ms": duration_ms,
            "request_id": request.request_id,
            "user_id": user_id,
        }
        logger.info(
            "%s %s %s %.1fms request_id=%s user_id=%s",
            *fields.values(),
            extra=fields,
        )
        return response


class JsonFormatter(logging.Formatter):
    """Format a record as one JSON object on one line: ``time`` (ISO 8601,
    UTC), ``level``, ``logger``, ``message``, any fields given through
    ``extra=`` (the request log's among them) and, when an exception is
    attached, ``exc_info`` (its formatted traceback, as a string)."""

    def format(self, record: logging.LogRecord) -> str:
        data = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in record.__dict__.items():
            if key not in _RECORD_ATTRIBUTES and not key.startswith("_"):
                data[key] = value
        if record.exc_info:
            data["exc_info"] = self.formatException(record.exc_info)
        return json.dumps(data, default=str, separators=(",", ":"))
