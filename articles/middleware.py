"""Request guards that turn bad input into a clear 400 before any view runs,
and the cache rule that keeps an editor's view of drafts out of shared caches."""

import json
from urllib.parse import parse_qsl, urlencode

from django.http import HttpResponse, QueryDict
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control, patch_vary_headers

from .visibility import can_view_unpublished


class RejectNulBytesMiddleware:
    """Answer 400 when a query-string parameter (name or value) holds a NUL
    byte (U+0000).

    PostgreSQL text cannot store NUL, so such a value would otherwise reach
    the database and fail with a 500. The body names the parameter: JSON
    ``{"<param>": ["Null characters are not allowed."]}`` under ``/api/``,
    the site's bad-request page elsewhere.
    """

    MESSAGE = "Null characters are not allowed."

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        for key, values in request.GET.lists():
            if "\x00" in key or any("\x00" in value for value in values):
                name = key.replace("\x00", "\\x00")
                if request.path.startswith("/api/"):
                    return HttpResponse(
                        json.dumps({name: [self.MESSAGE]}, separators=(",", ":")),
                        status=400,
                        content_type="application/json",
                    )
                return HttpResponse(
                    render_to_string(
                        "articles/bad_request.html",
                        {"errors": [(name, [self.MESSAGE])], "status": 400, "request": request},
                    ),
                    status=400,
                )
        return self.get_response(request)


class PrivateForEditorsMiddleware:
    """Mark every response to a user who may see unpublished records
    (:func:`articles.visibility.can_view_unpublished`) ``Cache-Control:
    private, no-cache``, and every response ``Vary: Cookie, Authorization``.

    Editors browsing the public site or the API see drafts, bannered; a
    shared cache (a reverse proxy, a CDN, Django's cache middleware) must
    never store that view and serve it to readers. ``private`` forbids
    shared caches to store it; ``no-cache`` makes the editor's own browser
    revalidate (a draft just published or retracted shows its new state);
    ``Vary`` keeps a cache from answering a signed-in request with an
    anonymous page or the other way round.

    Placed after ``AuthenticationMiddleware``: ``request.user`` is the
    session's user, or the API's token user (DRF sets it on the request).
    Asks no query for anonymous users and superusers; for other users the
    view has usually asked already (Django caches permissions on the user).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie", "Authorization"))
        if can_view_unpublished(getattr(request, "user", None)):
            patch_cache_control(response, private=True, no_cache=True)
        return response


#: Link-tracking parameters that social sites, ad networks and newsletters
#: add to links (``utm_*`` is Google Analytics' campaign tags; ``fbclid``
#: Facebook's, unique to every click). No page reads them.
TRACKING_PARAMETERS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "twclid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "_ga",
    }
)


def is_tracking_parameter(name: str) -> bool:
    """Whether ``name`` is a link-tracking parameter (:data:`TRACKING_PARAMETERS`
    or any ``utm_...``)."""
    return name in TRACKING_PARAMETERS or name.startswith("utm_")


class DropTrackingParametersMiddleware:
    """Remove link-tracking parameters from the query string of every
    request outside ``/api/`` and ``/admin/`` before anything reads it.

    The pages ignore them already (:mod:`articles.filters`), but each
    distinct value made a distinct page: a story shared on Facebook, whose
    every click carries its own ``fbclid``, was rendered from the database
    at every click instead of coming from the page cache
    (:mod:`articles.page_cache`), and its pagination links carried the
    tag along. The API keeps its rule that an unknown parameter is a 400.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        if query and not request.path.startswith(("/api/", "/admin/")):
            pairs = parse_qsl(query, keep_blank_values=True)
            kept = [(name, value) for name, value in pairs if not is_tracking_parameter(name)]
            if len(kept) != len(pairs):
                request.META["QUERY_STRING"] = urlencode(kept)
                request.GET = QueryDict(request.META["QUERY_STRING"], encoding=request.encoding)
        return self.get_response(request)
