"""API pagination with a hard cap on page size."""

from rest_framework.exceptions import NotFound
from rest_framework.pagination import PageNumberPagination


class CappedPageNumberPagination(PageNumberPagination):
    """``?page=N&page_size=K``: 50 per page by default, never more than 100.

    A ``page_size`` above the cap is served at the cap; a page past the
    end, or a ``page`` that is not a positive integer, is a 404 whose JSON
    body names the ``page`` parameter: ``{"page": ["Invalid page."]}``.
    """

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
