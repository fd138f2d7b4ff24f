"""Structured request logs with a request id (issue 10, "Production").

:class:`RequestLogMiddleware`, the outermost middleware, gives each request
an id and logs one line when the response leaves: on the
``tracker.request`` logger, at INFO, with the fields ``method``, ``path``
(no query string: it may carry search terms or tokens), ``status``,
``duration_ms`` (milliseconds, wall clock, the whole middleware stack and
view), ``request_id`` and ``user_id`` (``None`` when anonymous).
:class:`JsonFormatter` (settings ``LOG_FORMAT=json``) writes each record as
one JSON object per line, those fields included.

Every other record made while the request is handled carries the same
``request_id`` too (a Django ``django.request`` ERROR with its traceback,
a health check's WARNING, anything a view logs): the middleware puts the
id in a :class:`contextvars.ContextVar` and :class:`RequestIdFilter`,
attached to the console handler in settings ``LOGGING``, copies it onto
each record. So the ``X-Request-ID`` a reader quotes leads to the
traceback, not only to the one-line request log.
"""

import contextvars
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

#: The id of the request this thread (or task) is handling; ``None`` between
#: requests and outside them (management commands, task workers).
current_request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "request_id", default=None
)

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
        current_request_id.set(request.request_id)
        try:
            response = self.get_response(request)
        except BaseException:
            current_request_id.set(None)
            raise
        # Cleared when the server closes the response, not here: Django logs
        # an error answer that no exception produced (a view's own 5xx) on
        # ``django.request`` after the last middleware has returned.
        response._resource_closers.append(_clear_request_id)
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


def _clear_request_id() -> None:
    current_request_id.set(None)


class RequestIdFilter(logging.Filter):
    """Give each record made while a request is handled a ``request_id``
    attribute: the request's id (:data:`current_request_id`). A record that
    already has one (the request log's, given through ``extra=``) keeps it;
    records made outside a request are left without one. Never drops a
    record. Attach it to handlers (settings ``LOGGING``), not loggers: a
    logger's filters do not see records propagated from its children."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            request_id = current_request_id.get()
            if request_id is not None:
                record.request_id = request_id
        return True


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
