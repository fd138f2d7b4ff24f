"""The project's URLs plus ``/__bench__/values/``: the same 50 responses as
the first page of ``/api/v1/responses/`` (a reader's: responses to
published inquiries, in the API's default order), read with ``.values()``
and written with ``JsonResponse``: the least Django needs for that page."""

from django.http import JsonResponse
from django.urls import path

from articles.models import Response
from factcheck.urls import urlpatterns as project_patterns

#: The API's default ordering: newest first.
ORDER = ("-pk",)
FIELDS = (
    "id",
    "inquiry__slug",
    "inquiry__title",
    "city__slug",
    "city__name",
    "status",
    "acknowledged_on",
    "received_on",
    "as_of",
    "summary",
    "text",
)


def values_json(request):
    """50 rows through ``.values()`` and ``JsonResponse``: one query."""
    rows = list(
        Response.objects.filter(inquiry__publication="published")
        .order_by(*ORDER)
        .values(*FIELDS)[:50]
    )
    return JsonResponse({"results": rows})


urlpatterns = [path("__bench__/values/", values_json), *project_patterns]
