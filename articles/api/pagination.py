"""API pagination with a hard cap on page size."""

from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination


class CappedPageNumberPagination(PageNumberPagination):
    """``?page=N&page_size=K``: 50 per page by default, never more than 100.

    A ``page_size`` that is not a whole number from 1 to 100 is a 400
    naming ``page_size`` (the schema's minimum and maximum: a desk asking
    for 1,000 learns the cap instead of silently getting 100). A page past
    the end, or a ``page`` that is not a positive integer, is a 404 whose
    JSON body names the ``page`` parameter: ``{"page": ["Invalid page."]}``.
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
