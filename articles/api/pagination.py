"""API pagination with a hard cap on page size, and the instant each list
was judged at."""

import datetime

from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from .. import clock
from ..counting import CachedCountPaginator


def evaluated_at(request) -> str:
    """The request's single instant (:func:`articles.clock.request_now`) in
    ISO 8601, UTC, with a ``Z``: ``2026-11-29T21:30:00.123456Z``."""
    at = clock.request_now(request).astimezone(datetime.UTC)
    return at.isoformat().replace("+00:00", "Z")


class CappedPageNumberPagination(PageNumberPagination):
    """``?page=N&page_size=K``: 50 per page by default, never more than 100.

    A ``page_size`` that is not a whole number from 1 to 100 is a 400
    naming ``page_size`` (the schema's minimum and maximum: a desk asking
    for 1,000 learns the cap instead of silently getting 100). A page past
    the end, or a ``page`` that is not a positive integer, is a 404 whose
    JSON body names the ``page`` parameter: ``{"page": ["Invalid page."]}``.

    The body: ``count``, ``next``, ``previous``, ``evaluated_at`` (the
    instant, ISO 8601 UTC, at which every row's derived states, such as a
    response's ``is_overdue`` or ``days_outstanding``, and the filters on
    them were judged: one per request) and ``results``.
    """

    django_paginator_class = CachedCountPaginator
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 100

    def paginate_queryset(self, queryset, request, view=None):
        """As DRF's, but the 404 for a bad page is keyed by ``page``.

        Raises:
            rest_framework.exceptions.NotFound: ``{"page": ["Invalid page."]}``.
        """
        try:
            return super().paginate_queryset(queryset, request, view)
        except NotFound as exc:
            raise NotFound({self.page_query_param: [str(exc.detail)]}) from exc

    def get_page_size(self, request):
        """The requested page size, or the default when none is given.

        Raises:
            rest_framework.exceptions.ValidationError: ``page_size`` is
                given but is not a whole number from 1 to ``max_page_size``.
        """
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None or raw == "":
            return self.page_size
        if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= self.max_page_size:
            raise ValidationError(
                {
                    self.page_size_query_param: [
                        f"Enter a whole number from 1 to {self.max_page_size}."
                    ]
                }
            )
        return int(raw)

    def get_paginated_response(self, data):
        """DRF's body with ``evaluated_at`` before ``results``."""
        return Response(
            {
                "count": self.page.paginator.count,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "evaluated_at": evaluated_at(self.request),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        """DRF's schema with ``evaluated_at``."""
        result = super().get_paginated_response_schema(schema)
        properties = result["properties"]
        result["properties"] = {
            **{k: v for k, v in properties.items() if k != "results"},
            "evaluated_at": {
                "type": "string",
                "format": "date-time",
                "description": (
                    "The instant (UTC) at which the rows' derived states and the "
                    "filters on them were judged."
                ),
                "example": "2017-08-19T04:00:00Z",
            },
            "results": properties["results"],
        }
        result["required"] = [*result.get("required", []), "evaluated_at"]
        return result
