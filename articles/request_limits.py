"""Limits on a request's size that Django checks itself, so that going over
one gets an answer in the site's shape (issue 8, item 2: "Every error
body, including too many fields, a request line too long ... is JSON").

gunicorn refuses a request line over ``limit_request_line`` (4,094 bytes by
default), more than ``limit_request_fields`` headers (100) or a header over
``limit_request_field_size`` (8,190 bytes) itself, before Django runs, with
its own small HTML page (414, or 400/431). ``factcheck/gunicorn_conf.py``
raises those limits (8,190, gunicorn's ceiling short of "unlimited"; 200;
16,380), and
:class:`RequestLimitsMiddleware`, early in ``MIDDLEWARE``, applies the
documented limits below: under ``/api/`` with a JSON body
(``{"detail": "..."}``, the API's shape), elsewhere with a short page.

==========================  ==========  =====================================
limit                       value       answer
==========================  ==========  =====================================
request line                4,094 bytes ``414 URI Too Long``
header fields               100         ``431 Request Header Fields Too Large``
one header field            8,190 bytes ``431 Request Header Fields Too Large``
==========================  ==========  =====================================

The values are gunicorn's defaults, so nothing that used to be served is
refused; what changes is the shape of the refusal. Requests beyond
gunicorn's raised limits (a request line over 8,190 bytes, say) still get
gunicorn's HTML page: only a deliberate abuse sends those, and gunicorn
must not buffer a request line without bound (its "0", unlimited). Too many query parameters (over
``DATA_UPLOAD_MAX_NUMBER_FIELDS``, 1,000) are a JSON 400 from
``articles.api.errors.bad_request``.
"""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string

#: Longest request line served, in bytes: method, target and protocol
#: with their two spaces (RFC 9112, 3), as gunicorn counts it.
MAX_REQUEST_LINE = 4094
#: Most header fields a request may carry.
MAX_HEADER_FIELDS = 100
#: Longest header field served, in bytes: ``Name: value``.
MAX_HEADER_FIELD_SIZE = 8190

API_PREFIX = "/api/"


def request_line_length(request: HttpRequest) -> int:
    """The request line's length in bytes: ``GET /path?query HTTP/1.1``.

    The target is gunicorn's ``RAW_URI`` (as the client sent it) when
    present, else the percent-encoded path and query string
    (``request.get_full_path()``).
    """
    meta = request.META
    target = meta.get("RAW_URI") or request.get_full_path()
    protocol = meta.get("SERVER_PROTOCOL", "HTTP/1.1")
    return len(f"{request.method} {target} {protocol}".encode("latin-1", "replace"))


def _header_fields(request: HttpRequest) -> list[tuple[str, str]]:
    """The request's header fields as ``(name, value)``, from the WSGI
    environment (``HTTP_*`` plus ``CONTENT_TYPE`` and ``CONTENT_LENGTH``)."""
    return [
        (name, str(value))
        for name, value in request.META.items()
        if name.startswith("HTTP_") or name in ("CONTENT_TYPE", "CONTENT_LENGTH")
    ]


def limit_problem(request: HttpRequest) -> tuple[int, str] | None:
    """The first limit ``request`` goes over, as ``(status, message)``, or
    None when it is within all of them (module docstring)."""
    length = request_line_length(request)
    if length > MAX_REQUEST_LINE:
        return 414, (
            f"Request line too long: {length:,} bytes, and the limit is "
            f"{MAX_REQUEST_LINE:,}. Send fewer or shorter query parameters."
        )
    fields = _header_fields(request)
    if len(fields) > MAX_HEADER_FIELDS:
        return 431, (
            f"Too many header fields: {len(fields):,}, and the limit is {MAX_HEADER_FIELDS:,}."
        )
    for name, value in fields:
        header = name.removeprefix("HTTP_").replace("_", "-").title()
        size = len(header) + 2 + len(value.encode("latin-1", "replace"))
        if size > MAX_HEADER_FIELD_SIZE:
            return 431, (
                f"Header field {header} too long: {size:,} bytes, and the limit is "
                f"{MAX_HEADER_FIELD_SIZE:,}."
            )
    return None


class RequestLimitsMiddleware:
    """Answer 414 or 431 when a request goes over a documented limit (module
    docstring): ``{"detail": "..."}`` under ``/api/``, a page elsewhere.
    Early in ``MIDDLEWARE`` (after security and CORS headers only), so no
    session, user or view reads an oversized request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        problem = limit_problem(request)
        if problem is None:
            return self.get_response(request)
        status, message = problem
        if request.path.startswith(API_PREFIX):
            return JsonResponse({"detail": message}, status=status)
        return HttpResponse(
            render_to_string(
                "articles/request_too_large.html",
                {"message": message, "status": status},
            ),
            status=status,
        )


def body_limit_problem(request: HttpRequest) -> tuple[int, str] | None:
    """``(413, message)`` when the request's declared body
    (``Content-Length``) is larger than ``settings.MAX_REQUEST_BODY_BYTES``
    (a document at ``DOCUMENT_MAX_BYTES`` plus the form's other fields,
    ``DATA_UPLOAD_MAX_MEMORY_SIZE``); None otherwise, or when the header
    is missing or unreadable (Django then reads no body at all)."""
    from django.conf import settings
    from django.template.defaultfilters import filesizeformat

    limit = getattr(settings, "MAX_REQUEST_BODY_BYTES", None)
    try:
        length = int(request.headers.get("content-length") or 0)
    except ValueError:
        return None
    if not limit or length <= limit:
        return None
    document = getattr(settings, "DOCUMENT_MAX_BYTES", limit)
    return 413, (
        f"The request is {filesizeformat(length)} ({length:,} bytes), over the limit of "
        f"{filesizeformat(limit)} ({limit:,} bytes). A document may be at most "
        f"{filesizeformat(document)}: nothing was saved; go back and attach a smaller file."
    ).replace("\xa0", " ")


class RequestBodyLimitMiddleware:
    """Answer ``413 Content Too Large`` to a request whose body is larger
    than ``settings.MAX_REQUEST_BODY_BYTES`` (:func:`body_limit_problem`),
    before anything reads it: the admin's form would otherwise stream the
    whole upload to a temporary file only for the form to refuse it.
    ``{"detail": "..."}`` under ``/api/``, a page naming the limit elsewhere
    (never Django's bare 400 for ``RequestDataTooBig``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        problem = body_limit_problem(request)
        if problem is None:
            return self.get_response(request)
        status, message = problem
        if request.path.startswith(API_PREFIX):
            response = JsonResponse({"detail": message}, status=status)
        else:
            response = HttpResponse(
                render_to_string(
                    "articles/request_too_large.html", {"message": message, "status": status}
                ),
                status=status,
            )
        # No "Connection: close" here: WSGI forbids hop-by-hop headers
        # (PEP 3333); the server closes a connection whose body was not read.
        return response
