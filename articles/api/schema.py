"""The OpenAPI schema tells the truth (issue 8, "A schema that tells the truth").

drf-spectacular reads the viewsets and serializers; what it cannot know
from them, this module says, in one place, so the viewsets stay thin:

- **Path ids are integers.** A ``lookup_value_regex`` of digits
  (``articles.api.views.PK_REGEX``, at most 18 of them) is documented as an
  integer from 1 to 10¹⁸−1, not a string with a pattern.
- **Slugs may hold non-ASCII letters.** The site's slugs are Django's
  Unicode ``slugify`` (``articles.models.base.make_slug``: "東京 HI" →
  ``東京-hi``), matched by ``[-\\w]+`` with Python's Unicode ``\\w``
  (``articles.converters.UnicodeSlugConverter``). In the schema's
  ECMA-262 patterns ``\\w`` is ASCII only, so the pattern is written as
  what it excludes: whitespace and every ASCII character but letters,
  digits, ``-`` and ``_`` (:data:`SLUG_PATTERN`), the same in Python,
  JavaScript and Rust regular expressions. A slug the pattern allows but
  no record has is a 404.
- **Nullable method fields are nullable.** A ``SerializerMethodField``
  whose method is annotated ``-> X | None`` is marked ``nullable`` even
  when ``@extend_schema_field`` gives only its type (an inquiry's
  ``deadline`` without ``due_on``).
- **URLs that may be empty may be empty.** A URL field whose serializer
  field allows blank, or whose model field is ``blank=True`` (a source's
  ``source_url`` and ``archive_url``), is ``format: uri`` *or* ``""``.
- **Pages are bounded.** ``page`` is an integer of at least 1,
  ``page_size`` one from 1 to the paginator's ``max_page_size`` (100), as
  :class:`articles.api.pagination.CappedPageNumberPagination` enforces.
- **Every error is documented with its JSON body** where it can happen
  (:func:`error_responses`): 400, 401, 404 and 429 on every operation,
  304 on reads, 403 and 409 on writes, 412 and 428 on updates.
- **Anonymous reads are declared:** reads list the empty security
  requirement ``{}`` beside the token and the session (DESIGN.md, "API":
  read-only for anonymous users, writes need an editor's token or session).

Wired in ``settings.REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"]``.
"""

import re
import typing
from types import NoneType, UnionType
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework import permissions, serializers
from rest_framework.filters import OrderingFilter

#: Methods that never write (RFC 9110, section 9.2.1).
SAFE_METHODS = frozenset(permissions.SAFE_METHODS)
#: Methods that change an existing record and so need ``If-Match``.
UPDATE_METHODS = frozenset({"PUT", "PATCH", "DELETE"})

#: The largest id a path may carry: 18 digits (``views.PK_REGEX``).
MAX_PATH_ID = 10**18 - 1

#: A slug as the site makes and the URL converters match it, in a pattern
#: every regular-expression dialect reads alike: no whitespace, and of
#: ASCII only letters, digits, ``-`` and ``_``; any other letter allowed.
SLUG_PATTERN = r"^[^\s\x00-\x2c\x2e\x2f\x3a-\x40\x5b-\x5e\x60\x7b-\x7f]+$"

#: ``lookup_value_regex`` values (see ``articles.api.views``) and what they
#: are in the schema.
_DIGITS = re.compile(r"^\^?\[0-9\]\{1,18\}\$?$|^\^?\\d\{1,18\}\$?$")
_WORD_SLUG = re.compile(r"^\^?\[-\\w\]\+\$?$")


def _component(schema: AutoSchema, name: str, body: dict[str, Any]) -> dict[str, str]:
    """Register ``body`` as ``#/components/schemas/<name>`` once; its ``$ref``."""
    component = ResolvedComponent(
        name=name, type=ResolvedComponent.SCHEMA, object=name, schema=body
    )
    schema.registry.register_on_missing(component)
    return component.ref


#: ``{"detail": "..."}``: the body of 401, 403 and 429
#: (DRF's exceptions through ``articles.api.exceptions.exception_handler``).
ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "An error: `detail` says what went wrong and what to do.",
    "properties": {
        "detail": {
            "oneOf": [
                {"type": "string"},
                {"type": "array", "items": {"type": "string"}},
            ],
            "description": "The message (a list when there are several).",
        }
    },
    "required": ["detail"],
    "example": {"detail": "Authentication credentials were not provided."},
}

#: The body of a 400, 404, 409, 412 or 428: an object keyed by the
#: parameter, header or field at fault (``{"If-Match": [...]}``), each with
#: its messages; ``detail`` when no single one is.
PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": (
        "Keyed by the query parameter, header, path part or body field at fault, each with "
        'its messages (`{"status": ["Select a valid choice. …"]}`, '
        '`{"page": ["Invalid page."]}`); `detail` when the request as a whole is at '
        'fault (`{"detail": "Not found."}`). A field of a nested object has an object '
        "of its own fields."
    ),
    "minProperties": 1,
    "additionalProperties": {
        "oneOf": [
            {"type": "string"},
            {"type": "array", "items": {}},
            {"type": "object"},
        ]
    },
    "example": {"page_size": ["Enter a whole number from 1 to 100."]},
}


def error_responses(schema: AutoSchema, method: str) -> dict[str, dict[str, Any]]:
    """The error answers an operation can give, each with its JSON body.

    Args:
        schema: the AutoSchema of the operation (for its component registry).
        method: the HTTP method, upper case.

    Returns:
        ``{"400": {...}, ...}``: OpenAPI response objects keyed by status.
    """
    error = {"application/json": {"schema": _component(schema, "Error", ERROR_SCHEMA)}}
    problem = {"application/json": {"schema": _component(schema, "Problem", PROBLEM_SCHEMA)}}
    responses: dict[str, dict[str, Any]] = {
        "400": {
            "description": (
                "A bad parameter or body: an unknown filter value or query parameter, a "
                "date not in YYYY-MM-DD, a NUL byte, a `page_size` outside 1–100, too many "
                "parameters. The body names each parameter at fault."
            ),
            "content": problem,
        },
        "401": {
            "description": (
                "An `Authorization` header that is not a valid token (reads need none), or a "
                "write without credentials."
            ),
            "content": error,
        },
        "404": {
            "description": (
                "No such record, or one you may not see; or a `page` past the end "
                '(`{"page": ["Invalid page."]}`); or an unknown `format`.'
            ),
            "content": problem,
        },
        "429": {
            "description": "Too many requests: wait and try again.",
            "content": error,
        },
    }
    if method in SAFE_METHODS:
        responses["304"] = {
            "description": "Not modified: the `If-None-Match` tag is still current. No body."
        }
    else:
        responses["403"] = {
            "description": "Signed in, but without permission for this write.",
            "content": error,
        }
        responses["409"] = {
            "description": (
                "The change breaks a rule of the workflow (e.g. a status move the "
                "transition table does not allow)."
            ),
            "content": problem,
        }
    if method in UPDATE_METHODS:
        responses["412"] = {
            "description": (
                "`If-Match` names an older version: someone saved the record meanwhile. "
                "Read it again and re-apply your change."
            ),
            "content": problem,
        }
        responses["428"] = {
            "description": "`If-Match` is missing: send the `ETag` of the version you edited.",
            "content": problem,
        }
    return responses


def _returns_none(method: Any) -> bool:
    """Whether ``method``'s return annotation admits None (``-> str | None``)."""
    try:
        hint = typing.get_type_hints(method).get("return")
    except Exception:  # noqa: BLE001 - an unresolvable hint says nothing
        return False
    if hint is None or hint is NoneType:
        return False
    origin = typing.get_origin(hint)
    return origin in (typing.Union, UnionType) and NoneType in typing.get_args(hint)


def _source_path(field: serializers.Field) -> list[Any] | None:
    """The model fields a serializer field's ``source`` walks through, in
    order (``inquiry.sent_on`` on a response: the ``inquiry`` foreign key,
    then the inquiry's ``sent_on``), or None when the source is not a path
    of model fields (method fields, ``*``, serializers without a model)."""
    parent = getattr(field, "parent", None)
    model = getattr(getattr(parent, "Meta", None), "model", None)
    source = getattr(field, "source", "") or ""
    if model is None or not source or source == "*":
        return None
    path = []
    for name in source.split("."):
        if model is None:
            return None
        try:
            model_field = model._meta.get_field(name)
        except FieldDoesNotExist:
            return None
        path.append(model_field)
        model = model_field.related_model
    return path


def _model_field(field: serializers.Field) -> Any:
    """The model field a serializer field reads, following a dotted source
    through relations, or None (see :func:`_source_path`)."""
    path = _source_path(field)
    return path[-1] if path else None


def _may_be_null(field: serializers.Field) -> bool:
    """Whether a read-only field with a dotted source may read None: a
    nullable model field at its end, or a nullable relation on its way."""
    if "." not in (getattr(field, "source", "") or ""):
        return False
    return any(getattr(model_field, "null", False) for model_field in _source_path(field) or ())


def _blank_allowed(field: serializers.Field) -> bool:
    """Whether DRF accepts ``""`` for ``field``: its ``allow_blank``; a
    related field reads ``""`` as null (``RelatedField.run_validation``)."""
    if hasattr(field, "allow_blank"):
        return bool(field.allow_blank)
    return not isinstance(field, serializers.RelatedField | serializers.ManyRelatedField)


def _allow_empty(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema``, or ``""`` too, unless ``""`` already fits it.

    A scalar becomes ``anyOf: [schema, ""]``. An array stays an array (so
    clients still serialize it as ``style``/``explode`` say) whose items
    may also be ``""``: an empty item (``?status=``, ``?ordering=name,``)
    is ignored.
    """
    constraints = {"format", "enum", "pattern", "minLength"}
    if schema.get("type") == "array":
        items = schema.get("items", {})
        if "enum" in items and "" not in items["enum"]:
            items = {**items, "enum": [*items["enum"], ""]}
        elif constraints & set(items):
            items = {"anyOf": [items, {"type": "string", "maxLength": 0}]}
        return {**schema, "items": items}
    if schema.get("type") == "string" and not constraints & set(schema):
        return schema
    return {"anyOf": [schema, {"type": "string", "maxLength": 0}]}


def _make_nullable(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` that also admits null (OpenAPI 3.0 ``nullable``)."""
    if "$ref" in schema:
        ref = schema.pop("$ref")
        schema = {"allOf": [{"$ref": ref}], **schema}
    return {**schema, "nullable": True}


class TrackerAutoSchema(AutoSchema):
    """drf-spectacular's AutoSchema with the corrections listed in the
    module docstring. Views need nothing of their own for them."""

    def _resolve_path_parameters(self, variables):
        """Path ids as integers, slugs with a Unicode-aware pattern."""
        parameters = super()._resolve_path_parameters(variables)
        for parameter in parameters:
            pattern = parameter["schema"].get("pattern", "")
            if _DIGITS.match(pattern):
                parameter["schema"] = {"type": "integer", "minimum": 1, "maximum": MAX_PATH_ID}
            elif _WORD_SLUG.match(pattern):
                parameter["schema"] = {"type": "string", "pattern": SLUG_PATTERN}
                parameter.setdefault(
                    "description",
                    "The record's slug: lowercase letters (non-ASCII ones too), digits and "
                    "hyphens.",
                )
        return parameters

    def _get_parameters(self):
        """Every parameter, then: ``ordering`` as the list of fields it
        takes, and the empty value allowed wherever the server reads it as
        "not given" (every query parameter: ``?received_before=&page=``,
        as an HTML form sends them, filters nothing)."""
        parameters = super()._get_parameters()
        for parameter in parameters:
            if parameter["in"] != "query":
                continue
            if parameter["name"] == self._ordering_param() and "enum" not in parameter[
                "schema"
            ].get("items", {}):
                self._document_ordering(parameter)
            parameter["schema"] = _allow_empty(parameter["schema"])
        return parameters

    def _ordering_backend(self) -> OrderingFilter | None:
        for backend in self.get_filter_backends():
            if issubclass(backend, OrderingFilter):
                return backend()
        return None

    def _ordering_param(self) -> str | None:
        backend = self._ordering_backend()
        return backend.ordering_param if backend is not None else None

    def _document_ordering(self, parameter: dict[str, Any]) -> None:
        """``ordering`` as a comma-separated list of the view's ordering
        fields, each optionally prefixed ``-`` (descending); any other name
        is a 400. Only when the ordering backend does not document its own
        (DRF's ``OrderingFilter`` says "a string")."""
        backend = self._ordering_backend()
        try:
            names = [
                name
                for name, _label in backend.get_valid_fields(
                    None, self.view, {"request": getattr(self.view, "request", None)}
                )
            ]
        except Exception:  # noqa: BLE001 - fields only a queryset can tell
            return
        default = getattr(self.view, "ordering", None) or []
        parameter["schema"] = {
            "type": "array",
            "items": {"type": "string", "enum": [*names, *(f"-{name}" for name in names)]},
        }
        parameter["style"] = "form"
        parameter["explode"] = False
        parameter["description"] = (
            f"Comma-separated fields to order by, each prefixed `-` for descending: "
            f"{', '.join(f'`{name}`' for name in names)}. Default: "
            f"{', '.join(f'`{term}`' for term in default) or 'the stored order'}; ties are "
            "broken by id, so walking the pages returns every row once. Any other name is a 400."
        )

    def _get_pagination_parameters(self):
        """``page`` ≥ 1 and 1 ≤ ``page_size`` ≤ the paginator's cap."""
        parameters = super()._get_pagination_parameters()
        paginator = self._get_paginator()
        if paginator is None:
            return parameters
        page = getattr(paginator, "page_query_param", None)
        size = getattr(paginator, "page_size_query_param", None)
        cap = getattr(paginator, "max_page_size", None)
        for parameter in parameters:
            if parameter["name"] == page:
                parameter["schema"] = {"type": "integer", "minimum": 1}
                parameter["description"] = (
                    "A page number, from 1; a page past the end is a 404 naming `page`. "
                    "Slow deep in a long list (the database skips every earlier row): "
                    'to walk far, follow `cursor` (the `Link: rel="next"` header).'
                )
            elif parameter["name"] == size:
                parameter["schema"] = {"type": "integer", "minimum": 1}
                if cap:
                    parameter["schema"]["maximum"] = cap
                parameter["description"] = (
                    f"Rows per page, 1 to {cap} (default {paginator.page_size})."
                    if cap
                    else "Rows per page."
                )
        return parameters

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        """Method fields annotated ``-> X | None`` and dotted sources through
        nullable fields are nullable; a writable string that may not be
        blank has ``minLength: 1``."""
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if not isinstance(schema, dict):
            return schema
        method_may_be_none = isinstance(field, serializers.SerializerMethodField) and _returns_none(
            getattr(field.parent, field.method_name, None)
        )
        source_may_be_null = field.read_only and _may_be_null(field)
        if (method_may_be_none or source_may_be_null) and not schema.get("nullable"):
            schema = _make_nullable(schema)
        if (
            direction == "request"
            and not field.read_only
            and schema.get("type") == "string"
            and "minLength" not in schema
            and "enum" not in schema
            and not _blank_allowed(field)
            and not getattr(field, "allow_null", False)
        ):
            # DRF refuses "" ("This field may not be blank", and for a
            # related field "may not be null"): the schema says so.
            schema = {**schema, "minLength": 1}
        return schema

    def _insert_field_validators(self, field, schema):
        """drf-spectacular's validators, then ``""`` allowed beside
        ``format: uri`` for a URL field whose model field is ``blank=True``
        (read-only fields lose the serializer's ``allow_blank``), in the
        shape drf-spectacular gives an ``allow_blank`` field."""
        super()._insert_field_validators(field, schema)
        model_field = _model_field(field)
        if (
            isinstance(field, serializers.URLField)
            and schema.get("format") == "uri"
            and model_field is not None
            and model_field.blank
        ):
            outer = {"readOnly", "writeOnly", "nullable", "deprecated", "description", "title"}
            inner = {key: schema.pop(key) for key in list(schema) if key not in outer}
            schema["oneOf"] = [inner, {"type": "string", "maxLength": 0}]

    def get_response_serializers(self):
        """A write answers with the resource as ``GET`` reads it (the write
        serializer's ``read_class``), not with the body it was sent."""
        serializer = super().get_response_serializers()
        if self.method in ("POST", "PUT", "PATCH"):
            write_class = getattr(self.view, "write_serializer_class", None)
            read_class = getattr(write_class, "read_class", None)
            if read_class is not None:
                return read_class
        return serializer

    def _get_response_bodies(self, direction="response"):
        """The view's own answers plus every error it can give."""
        responses = super()._get_response_bodies(direction)
        for code, response in error_responses(self, self.method).items():
            responses.setdefault(code, response)
        return responses

    def get_auth(self):
        """The view's schemes, plus ``{}`` (no credentials) for reads when
        anonymous users may read (``DjangoModelPermissionsOrAnonReadOnly``)."""
        auths = super().get_auth()
        anonymous_reads = any(
            isinstance(permission, permissions.DjangoModelPermissionsOrAnonReadOnly)
            for permission in self.view.get_permissions()
        )
        if self.method in SAFE_METHODS and anonymous_reads and {} not in auths:
            auths.append({})
        return auths
