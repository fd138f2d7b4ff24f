"""The project's URLs plus ``/__bare__/html/`` and ``/__bare__/json/``:
Django's ceiling (no database, no template) in the same server, through the
same middleware (``PAGE_CACHE_EXCLUDE`` keeps them out of the page cache)."""

from django.http import HttpResponse, JsonResponse
from django.urls import path

from factcheck.urls import urlpatterns as project_patterns


def bare_html(request):
    """A constant page: what a request costs with no work in the view."""
    return HttpResponse("<!doctype html><title>bare</title><p>bare</p>")


def bare_json(request):
    """A constant JSON answer."""
    return JsonResponse({"results": []})


urlpatterns = [
    path("__bare__/html/", bare_html),
    path("__bare__/json/", bare_json),
    *project_patterns,
]
