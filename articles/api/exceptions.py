"""API error bodies: always JSON, keyed by the parameter at fault or ``detail``.

- A bad filter value: ``400 {"status": ["Select a valid choice. ..."]}``
  (DjangoFilterBackend, keyed by the FilterSet's field names).
- A bad page: ``404 {"page": ["Invalid page."]}`` (the paginator).
- A bad ordering: ``400 {"ordering": ["Unknown ordering field(s): ..."]}``.
- An unknown query parameter: ``400 {"stauts": ["Unknown parameter.
  Known: ..."]}`` (:func:`articles.api.filters.reject_unknown_parameters`);
  a search over the caps: ``400 {"search": ["Search for at most ..."]}``.
- Errors are JSON even when CSV was asked for (``TrackerViewSet.handle_exception``).
- A Django ``ValidationError`` from a selector or service (e.g.
  ``response_list(filters=...)``) becomes a 400 keyed by its fields, or
  ``{"detail": [...]}`` when it has none, instead of a 500.
- Anything DRF turns into a list (``ValidationError("...")``) is wrapped as
  ``{"detail": [...]}``; 401/403/404/405 keep DRF's ``{"detail": "..."}``.

NUL bytes in the query string never reach a view:
``articles.middleware.RejectNulBytesMiddleware`` answers first, in the
same shape.
"""

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler


def _django_validation_detail(exc: DjangoValidationError) -> dict[str, list[str]]:
    """``{"field": ["message", ...]}`` for a Django ValidationError; the
    non-field errors (and errors without fields) go under ``detail``."""
    if hasattr(exc, "error_dict"):
        detail = {
            ("detail" if field == NON_FIELD_ERRORS else field): messages
            for field, messages in exc.message_dict.items()
        }
    else:
        detail = {"detail": list(exc.messages)}
    return detail


def _unknown_format(context) -> exceptions.NotFound | None:
    """A 404 naming ``format`` when ``?format=`` asks for no renderer the
    view has (DRF's content negotiation raises a bare Http404 for it)."""
    request, view = context.get("request"), context.get("view")
    wanted = request.query_params.get("format") if request is not None else None
    if not wanted or view is None:
        return None
    formats = [renderer.format for renderer in view.renderer_classes]
    if wanted in formats:
        return None
    return exceptions.NotFound(
        {"format": [f"Unknown format “{wanted}”; use one of: {', '.join(formats)}."]}
    )


def exception_handler(exc, context):
    """DRF's ``EXCEPTION_HANDLER`` (settings.REST_FRAMEWORK).

    Args:
        exc: the exception a view raised.
        context: DRF's handler context (``view``, ``request``, ...).

    Returns:
        A DRF ``Response`` whose data is always a JSON object, or None for
        exceptions that are not client errors (Django then answers 500).
    """
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(_django_validation_detail(exc))
    elif isinstance(exc, Http404 | exceptions.NotFound):
        exc = _unknown_format(context) or exc
    response = drf_exception_handler(exc, context)
    if response is not None and not isinstance(response.data, dict):
        response.data = {"detail": response.data}
    return response
