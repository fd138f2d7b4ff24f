"""The API's own filter backend: strict ``?ordering=``.

The FilterSets themselves live in the core (:mod:`articles.filters`), shared
with the public pages and the selectors; they are re-exported here for the
viewsets.
"""

from rest_framework.exceptions import ValidationError
from rest_framework.filters import OrderingFilter

from ..filters import (
    CityFilterSet,
    ClaimFilterSet,
    InquiryFilterSet,
    ResponseFilterSet,
)

__all__ = [
    "CityFilterSet",
    "ClaimFilterSet",
    "InquiryFilterSet",
    "ResponseFilterSet",
    "StrictOrderingFilter",
]


class StrictOrderingFilter(OrderingFilter):
    """DRF's ``?ordering=`` that rejects unknown fields instead of ignoring them.

    ``?ordering=bogus`` is a 400 ``{"ordering": ["Unknown ordering field(s):
    bogus. ..."]}``, in line with the strict filters above. Every ordering
    ends with ``pk`` as a tie-breaker so that pages never overlap.
    """

    def remove_invalid_fields(self, queryset, fields, view, request):
        """Return ``fields`` unchanged when all are valid.

        Raises:
            rest_framework.exceptions.ValidationError: keyed by the
                ordering parameter, naming the unknown field(s).
        """
        valid = {
            name for name, _label in self.get_valid_fields(queryset, view, {"request": request})
        }
        fields = [term for term in fields if term]
        unknown = [term for term in fields if term.removeprefix("-") not in valid]
        if unknown:
            raise ValidationError(
                {
                    self.ordering_param: [
                        f"Unknown ordering field(s): {', '.join(unknown)}. "
                        f"Choose from: {', '.join(sorted(valid))} (prefix - for descending)."
                    ]
                }
            )
        return list(fields)

    def get_ordering(self, request, queryset, view):
        """The requested or default ordering, with ``pk`` appended when missing."""
        ordering = super().get_ordering(request, queryset, view)
        if ordering and not any(term.removeprefix("-") in ("pk", "id") for term in ordering):
            ordering = [*ordering, "pk"]
        return ordering

    def get_template_context(self, request, queryset, view):
        """For the browsable API's form: an invalid ordering shows the default."""
        try:
            return super().get_template_context(request, queryset, view)
        except ValidationError:
            return {
                "request": request,
                "current": None,
                "param": self.ordering_param,
                "options": [],
            }
