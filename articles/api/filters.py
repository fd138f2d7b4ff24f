"""The API's own filter backends: ordering by public names, capped search,
and the check that every query parameter is one the endpoint knows.

The FilterSets themselves live in the core (:mod:`articles.filters`), shared
with the public pages and the selectors; they are re-exported here for the
viewsets.
"""

from collections.abc import Iterable

from django.db.models import F
from django.db.models.expressions import BaseExpression
from rest_framework.exceptions import ValidationError
from rest_framework.filters import OrderingFilter, SearchFilter
from rest_framework.settings import api_settings

from .. import search as site_search
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
    "PublicOrderingFilter",
    "ResponseFilterSet",
    "StrictSearchFilter",
    "known_parameters",
    "reject_unknown_parameters",
]

#: The pagination's parameters a paginator may declare, by attribute.
PAGINATION_PARAMETER_ATTRIBUTES = (
    "page_query_param",
    "page_size_query_param",
    "cursor_query_param",
    "limit_query_param",
    "offset_query_param",
)


class PublicOrderingFilter(OrderingFilter):
    """``?ordering=`` by public names, each mapped to database fields.

    A viewset declares ``ordering_fields`` as a dict ``{public name:
    (field or expression, ...)}`` and ``ordering`` (the default) as a list
    of public names. ``?ordering=city,-received_on`` sorts by the fields of
    ``city`` ascending, then those of ``received_on`` descending. NULLs sort
    last in both directions on every database. Every ordering ends with the
    primary key (ascending) unless ``id`` is already in it, so no two rows
    tie and walking every page returns each row exactly once.

    An unknown name (``?ordering=bogus``, ``--as_of``, a model field not
    offered) is a 400 ``{"ordering": ["Unknown ordering field(s): bogus.
    Choose from: ..."]}``.
    """

    def get_valid_fields(self, queryset, view, context=None):
        """``[(public name, public name), ...]`` from ``view.ordering_fields``."""
        return [(name, name) for name in getattr(view, "ordering_fields", {}) or {}]

    def remove_invalid_fields(self, queryset, fields, view, request):
        """Return ``fields`` (public terms) unchanged when all are valid.

        Raises:
            rest_framework.exceptions.ValidationError: keyed by the
                ordering parameter, naming the unknown field(s).
        """
        valid = {name for name, _label in self.get_valid_fields(queryset, view)}
        fields = [term for term in fields if term]
        unknown = [term for term in fields if term.removeprefix("-") not in valid]
        if unknown:
            raise ValidationError(
                {
                    self.ordering_param: [
                        f"Unknown ordering field(s): {', '.join(unknown)}. "
                        f"Choose from: {', '.join(valid_names(view))} (prefix - for descending)."
                    ]
                }
            )
        return list(fields)

    def get_ordering(self, request, queryset, view):
        """The requested public terms, else the view's default (``ordering``)."""
        params = request.query_params.get(self.ordering_param)
        if params:
            return self.remove_invalid_fields(
                queryset, [p.strip() for p in params.split(",")], view, request
            )
        return self.get_default_ordering(view)

    def filter_queryset(self, request, queryset, view):
        """``queryset`` ordered by :func:`order_by_terms` of the public terms."""
        terms = self.get_ordering(request, queryset, view)
        if not terms:
            return queryset
        return queryset.order_by(*order_by_terms(terms, view.ordering_fields, model=queryset.model))

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

    def get_schema_operation_parameters(self, view):
        """The ``ordering`` parameter for the OpenAPI schema: a comma-separated
        list whose items are the public names, each also with ``-``."""
        names = valid_names(view)
        default = ",".join(getattr(view, "ordering", None) or [])
        return [
            {
                "name": self.ordering_param,
                "required": False,
                "in": "query",
                "description": (
                    "Sort by these fields, comma-separated; prefix - for descending. "
                    "NULLs last; ties broken by id, so pages never overlap. "
                    f"Default: {default}."
                ),
                "style": "form",
                "explode": False,
                "schema": {
                    "type": "array",
                    "items": {"type": "string", "enum": [*names, *(f"-{n}" for n in names)]},
                },
            }
        ]


def valid_names(view) -> list[str]:
    """The public ordering names of ``view``, in declaration order."""
    return list(getattr(view, "ordering_fields", {}) or {})


def may_be_null(model, path: str) -> bool:
    """Whether ``path`` (``"city__name"``) can read NULL from ``model``'s
    rows: a nullable field, or a nullable relation on the way to it."""
    for name in path.split("__"):
        if name == "pk":
            return False
        field = model._meta.get_field(name)
        if field.null:
            return True
        model = field.related_model if field.is_relation else model
    return False


def order_by_terms(terms: Iterable[str], mapping: dict[str, tuple], *, model) -> list:
    """``order_by`` arguments for public ``terms`` (``"-city"``...).

    Args:
        terms: public names, each optionally prefixed ``-``; all in ``mapping``.
        mapping: public name -> tuple of field names or expressions.
        model: the queried model, to tell which fields may be NULL.

    Returns:
        Ordering expressions, then ``pk`` unless ``id`` was named. NULLs
        sort last both ways (``NULLS LAST``) where a field may be NULL and
        for expressions; fields that are never NULL are sorted plainly, so
        PostgreSQL can read ``-id`` straight from the primary key's index.
    """
    result = []
    named_id = False
    for term in terms:
        descending = term.startswith("-")
        name = term.removeprefix("-")
        named_id = named_id or name == "id"
        for part in mapping[name]:
            expression = F(part) if isinstance(part, str) else part
            if not isinstance(expression, BaseExpression | F):
                raise TypeError(f"Ordering part {part!r} is neither a field nor an expression.")
            nulls_last = True if not isinstance(part, str) else may_be_null(model, part) or None
            result.append(
                expression.desc(nulls_last=nulls_last)
                if descending
                else expression.asc(nulls_last=nulls_last)
            )
    if not named_id:
        result.append(F("pk").asc())
    return result


class StrictSearchFilter(SearchFilter):
    """DRF's ``?search=`` (every word must match one of the view's
    ``search_fields``, case-insensitively), with the site search's caps
    (:func:`articles.search.parse_query`): more than
    :data:`articles.search.MAX_QUERY_CHARS` characters or
    :data:`articles.search.MAX_TERMS` distinct words is a 400 naming
    ``search``."""

    def get_search_terms(self, request):
        """The words to match.

        Raises:
            rest_framework.exceptions.ValidationError: ``{"search": [...]}``
                when the search is over a cap.
        """
        raw = request.query_params.get(self.search_param, "")
        try:
            site_search.parse_query(raw)
        except site_search.SearchQueryError as exc:
            raise ValidationError({self.search_param: [str(exc)]}) from exc
        return super().get_search_terms(request)


def known_parameters(view) -> list[str]:
    """The query parameters ``view`` takes: its FilterSet's, ``search``
    (with ``search_fields``), ``ordering`` (with ``ordering_fields``), its
    paginator's (``page``, ``page_size``; ``cursor`` for a cursor
    paginator), ``format`` (the renderer: json, csv or api), and any the
    view lists in ``extra_query_parameters`` (a view with parameters of
    its own, e.g. a changes feed's ``since``)."""
    names: list[str] = []
    filterset_class = getattr(view, "filterset_class", None)
    if filterset_class is not None:
        names += list(filterset_class.base_filters)
    if getattr(view, "search_fields", None):
        names.append(StrictSearchFilter.search_param)
    if getattr(view, "ordering_fields", None):
        names.append(PublicOrderingFilter.ordering_param)
    names += list(getattr(view, "extra_query_parameters", ()))
    paginator = getattr(view, "paginator", None)
    for attribute in PAGINATION_PARAMETER_ATTRIBUTES:
        name = getattr(paginator, attribute, None)
        if name and name not in names:
            names.append(name)
    names.append(api_settings.URL_FORMAT_OVERRIDE or "format")
    return names


def reject_unknown_parameters(request, view) -> None:
    """Refuse a query parameter ``view`` does not take: ``?stauts=pending``
    must not silently return every row.

    Raises:
        rest_framework.exceptions.ValidationError: ``{"stauts": ["Unknown
            parameter. Known: status, ..."]}``, one key per unknown name.
    """
    known = known_parameters(view)
    unknown = [name for name in request.query_params if name not in known]
    if unknown:
        message = f"Unknown parameter. Known: {', '.join(known)}."
        raise ValidationError({name: [message] for name in unknown})
