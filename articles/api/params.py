"""Query parameters given once (issue 8, "Strict and honest").

A parameter that takes one value (``page``, ``page_size``, ``ordering``,
``search``, ``format``, a date, a true/false filter, ``wording``) given
twice, ``?page=1&page=2``, would be read as its last value, silently
dropping the first: a 400 naming it instead, as for any other bad value.
Filters that take several values (a FilterSet's multiple-choice filters:
``status``, ``state``, ``city``, ``inquiry``, ...) may be repeated or
comma-separated, as documented in the schema (``style: form``,
``explode: true``).
"""

from django_filters import MultipleChoiceFilter
from django_filters.filters import ModelMultipleChoiceFilter
from rest_framework.exceptions import ValidationError


def repeatable_parameters(view) -> frozenset[str]:
    """The names of ``view``'s FilterSet filters that take several values."""
    filterset_class = getattr(view, "filterset_class", None)
    if filterset_class is None:
        return frozenset()
    return frozenset(
        name
        for name, filter_ in filterset_class.base_filters.items()
        if isinstance(filter_, MultipleChoiceFilter | ModelMultipleChoiceFilter)
    )


def reject_repeated_parameters(request, view) -> None:
    """Refuse a one-value query parameter given more than once.

    Args:
        request: the DRF request (its ``query_params``).
        view: the viewset, for its FilterSet (:func:`repeatable_parameters`).

    Raises:
        rest_framework.exceptions.ValidationError: ``{"page": ["Give page
            once; it takes one value."]}``, one key per repeated name.
    """
    repeatable = repeatable_parameters(view)
    repeated = [
        name
        for name in request.query_params
        if name not in repeatable and len(request.query_params.getlist(name)) > 1
    ]
    if repeated:
        raise ValidationError(
            {name: [f"Give {name} once; it takes one value."] for name in repeated}
        )
