"""Django's error views, answering JSON under the API (issue "The API data
desks build on": "every error body ... is JSON").

Errors Django raises before a view runs never reach DRF's exception
handler (:mod:`articles.api.exceptions`): too many query parameters
(``DATA_UPLOAD_MAX_NUMBER_FIELDS``, Django's ``TooManyFieldsSent``), an
unreadable request, an unknown address under ``/api/``. Django answers
them through the root URLconf's ``handler400``/``403``/``404``/``500``,
which would be HTML pages. These handlers answer a request whose path is
under ``/api/`` with ``{"detail": "..."}`` (the API's shape) and leave
every other path to Django's own views (the site's 404 and 500 templates).
"""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views import defaults

#: Where the API lives (factcheck/urls.py).
API_PREFIX = "/api/"


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def _json(detail: str, *, status: int) -> JsonResponse:
    return JsonResponse(
        {"detail": detail}, status=status, json_dumps_params={"ensure_ascii": False}
    )


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """``handler400``: a request Django refused before any view (Django
    raises ``SuspiciousOperation`` or ``BadRequest``).

    Args:
        request: the request refused.
        exception: why; ``TooManyFieldsSent`` names the limit;
            ``RequestDataTooBig`` (form fields other than files over
            ``DATA_UPLOAD_MAX_MEMORY_SIZE``) is a 413 naming the limit,
            page or JSON (:func:`request_data_too_big`).
    """
    if isinstance(exception, RequestDataTooBig):
        return request_data_too_big(request)
    if not _is_api(request):
        return defaults.bad_request(request, exception)
    if isinstance(exception, TooManyFieldsSent):
        limit = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
        return _json(f"Too many parameters: a request may carry at most {limit:,}.", status=400)
    return _json("Bad request: the request could not be read.", status=400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """``handler403``: JSON under the API, Django's page elsewhere."""
    if not _is_api(request):
        return defaults.permission_denied(request, exception)
    return _json("You do not have permission to perform this action.", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """``handler404``: an address under ``/api/`` that names no endpoint is
    JSON (``{"detail": "Not found: /api/v1/nope/ is no endpoint; the list
    is at /api/v1/."}``); elsewhere the site's 404 page."""
    if not _is_api(request):
        return defaults.page_not_found(request, exception)
    return _json(f"Not found: {request.path} is no endpoint; the list is at /api/v1/.", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """``handler500``: JSON under the API (never a traceback), the site's
    500 page elsewhere."""
    if not _is_api(request):
        return defaults.server_error(request)
    return _json("Server error: the tracker could not answer. Please try again.", status=500)


def request_data_too_big(request: HttpRequest) -> HttpResponse:
    """413 for a form whose fields other than files exceed
    ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (Django's ``RequestDataTooBig``, raised
    when the body is read): JSON under ``/api/``, the site's "request too
    large" page elsewhere, naming the limit (issue 9, item 6: "never a 500",
    and no bare "Bad Request")."""
    from django.template.defaultfilters import filesizeformat
    from django.template.loader import render_to_string

    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    message = (
        f"The form's fields other than files hold more than "
        f"{filesizeformat(limit)} ({limit:,} bytes), the limit: nothing was saved. "
        "Shorten the longest text and send it again."
    ).replace("\xa0", " ")
    if _is_api(request):
        return _json(message, status=413)
    return HttpResponse(
        render_to_string("articles/request_too_large.html", {"message": message, "status": 413}),
        status=413,
    )
