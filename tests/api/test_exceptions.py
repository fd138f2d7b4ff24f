"""``articles.api.exceptions.exception_handler``: every error body is a
JSON object keyed by the parameter or ``detail``."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions

from articles.api.exceptions import exception_handler


def test_django_validation_error_with_fields_is_400_keyed_by_field():
    exc = DjangoValidationError(
        {"received_on": ["Received on precedes the inquiry's sent on date."]}
    )
    response = exception_handler(exc, {})
    assert response.status_code == 400
    assert response.data == {"received_on": ["Received on precedes the inquiry's sent on date."]}


def test_django_validation_error_without_fields_is_400_under_detail():
    response = exception_handler(DjangoValidationError("Seed not loaded."), {})
    assert response.status_code == 400
    assert response.data == {"detail": ["Seed not loaded."]}


def test_django_non_field_errors_go_under_detail():
    exc = DjangoValidationError({"__all__": ["This city already has a response to this inquiry."]})
    response = exception_handler(exc, {})
    assert response.data == {"detail": ["This city already has a response to this inquiry."]}


def test_drf_validation_error_list_is_wrapped_under_detail():
    response = exception_handler(exceptions.ValidationError("Bad."), {})
    assert response.status_code == 400
    assert response.data == {"detail": ["Bad."]}


def test_not_found_keeps_detail():
    response = exception_handler(exceptions.NotFound(), {})
    assert response.status_code == 404
    assert response.data == {"detail": "Not found."}


def test_server_errors_are_left_to_django():
    assert exception_handler(RuntimeError("boom"), {}) is None
