"""Editors' writes through the API (issue "The API data desks build on",
item 5; DESIGN.md, "API" and "Editorial workflow").

What a client sends
-------------------
- ``POST`` a new record, ``PUT`` (every required field) or ``PATCH`` (some
  fields) a change, as a JSON object (``Content-Type: application/json``;
  no form bodies, so the browsable API never renders a form or a dropdown
  of related rows). A write returns the record's read representation, as
  ``GET`` does, with its ``ETag``; a create answers 201 with ``Location``.
- Related records are named by slug (``"city": "stockton"``, ``"inquiry"``,
  ``"claim"``, ``"claimant"``, ``"respondent"``, ``"organization"``,
  ``"requester"``, ``"publisher"``; ``"rating": "mostly-true"`` or
  ``"<scale>/<rating>"``) or by id (``"source"``, ``"sources": [1, 2]``,
  ``"status_source"``, ``"response"``).
- ``reason`` (text, optional unless a rule needs it): why, recorded in the
  history with the acting user (the same ``reason`` the admin asks for).
  A body field rather than a header, because it is free text in any
  language and headers are ISO-8859-1.
- ``correction`` (``{"kind": "correction" | "update", "text": "..."}``):
  the note readers see, required when a change touches the facts of a
  published record (:data:`articles.services.CORRECTED_FIELDS`).
- Claims and inquiries move through the workflow with ``"publication"``:
  ``"in_review"`` (send to review), ``"draft"`` (send back; ``reason`` is
  the comment), ``"published"``, ``"retracted"`` (with
  ``"retraction_note"``, which readers see). Each move is
  :mod:`articles.workflow`'s, with its permission.

What it gets back
-----------------
- 400, keyed by field: a field the resource does not have (a typo, or a
  read-only field such as ``id``, ``url``, ``version`` or ``is_past_due``:
  the message says which), a body that is not a JSON object, invalid
  JSON, a body over ``settings.API_MAX_BODY_BYTES`` (1 MiB by default), and
  every rule a service checks (the same messages as the admin).
- 401 without valid credentials (``WWW-Authenticate: Token realm="api"``),
  403 for a known user without the permission (a reporter rating,
  publishing or correcting; a session write without its CSRF token).
- 428 for an update without ``If-Match``; 412 when its version is stale,
  with what changed meanwhile; 409 for a status or publication move the
  tables do not allow, with the moves that are (``allowed``).
- 405 for ``DELETE``, except a citation of a draft claim
  (:func:`articles.services.citation_delete`): nothing readers can see is
  deleted, and corrections stand once published (no ``PUT``/``PATCH``).

Every write goes through :mod:`articles.services` and
:mod:`articles.workflow`, the functions the admin calls: same permissions,
validation, history (acting user and reason) and version check. One write
is one transaction: a refused write leaves nothing behind.
"""

import contextlib
import io
import re
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ObjectDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models, transaction
from django.urls import reverse
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import build_basic_type
from drf_spectacular.types import OpenApiTypes
from rest_framework import exceptions, serializers, status
from rest_framework.parsers import JSONParser
from rest_framework.response import Response as DrfResponse

from .. import services, transitions, workflow
from ..choices import CorrectionKind, Publication
from ..locking import StaleVersionError
from ..models import (
    Citation,
    City,
    Claim,
    Correction,
    Inquiry,
    Organization,
    Person,
    Rating,
    Response,
    Source,
)
from . import serializers as read
from .etags import resource_etag, tag_version

#: The largest id a related id may be (PostgreSQL's ``bigint``).
MAX_ID = 2**63 - 1
#: The longest slug a reference may be (``auto_slug_field``'s max_length).
MAX_SLUG = 100
#: Form fields the browsable API may add; never "unknown".
_IGNORED_KEYS = frozenset({"csrfmiddlewaretoken"})


# --- the body ----------------------------------------------------------------


class ObjectJSONParser(JSONParser):
    """JSON bodies only, of at most ``settings.API_MAX_BODY_BYTES`` bytes,
    holding one JSON object.

    Raises:
        rest_framework.exceptions.ParseError: 400 naming the problem: too
            large (by ``Content-Length`` or by what arrives), not JSON
            (DRF's message, with the position), nested too deeply, or not an
            object (``[...]``, a string, a number).
    """

    def parse(self, stream, media_type=None, parser_context=None):
        """The body as a dict."""
        limit = settings.API_MAX_BODY_BYTES
        request = (parser_context or {}).get("request")
        declared = request.headers.get("content-length") if request is not None else None
        too_large = exceptions.ParseError(
            f"The body is too large: a write may be at most {limit:,} bytes."
        )
        with contextlib.suppress(TypeError, ValueError):
            if declared is not None and int(declared) > limit:
                raise too_large
        raw = stream.read(limit + 1) if stream is not None else b""
        if len(raw) > limit:
            raise too_large
        if not raw.strip():
            raise exceptions.ParseError("The body is empty: send a JSON object.")
        try:
            data = super().parse(io.BytesIO(raw), media_type, parser_context)
        except RecursionError as exc:
            raise exceptions.ParseError("JSON parse error - nested too deeply.") from exc
        if not isinstance(data, dict):
            kind = {list: "an array", str: "a string", bool: "true or false"}.get(
                type(data), "a number" if isinstance(data, int | float) else "null"
            )
            raise exceptions.ParseError(
                f'The body must be a JSON object ({{"field": value, ...}}), not {kind}.'
            )
        return data


# --- references to related rows -----------------------------------------------


class RefField(serializers.RelatedField):
    """A related row named by slug (a string) or id (an integer), among the
    rows the acting user may see (``visible_to``). Rendered in the browsable
    API as a plain input, never a dropdown.

    Args:
        model: the related model.
        by: ``"slug"`` or ``"id"``: what the client sends.
    """

    default_error_messages: ClassVar = {
        "unknown": "No {noun} “{value}”.",
        "type": "Name the {noun} by its {by}: {example}.",
    }

    def __init__(self, *, model: type[models.Model], by: str = "slug", **kwargs):
        self.model = model
        self.by = by
        kwargs.setdefault("style", {"base_template": "input.html"})
        if kwargs.get("read_only"):
            super().__init__(**kwargs)
        else:
            super().__init__(queryset=model._default_manager.none(), **kwargs)

    def get_queryset(self):
        """The rows the request's user may see."""
        request = self.context.get("request")
        manager = self.model._default_manager
        queryset = manager.all()
        if hasattr(queryset, "visible_to"):
            queryset = queryset.visible_to(getattr(request, "user", None))
        return queryset

    def _noun(self) -> str:
        return str(self.model._meta.verbose_name)

    def to_internal_value(self, data):
        """The row, or a 400 naming what was sent."""
        noun = self._noun()
        if self.by == "id":
            if isinstance(data, bool) or not isinstance(data, int) or not 1 <= data <= MAX_ID:
                self.fail("type", noun=noun, by="id", example="a whole number such as 12")
            lookup = {"pk": data}
        else:
            if not isinstance(data, str) or not data or len(data) > MAX_SLUG or "\x00" in data:
                self.fail("type", noun=noun, by="slug", example="a text such as “stockton”")
            lookup = self._slug_lookup(data)
        try:
            return self.get_queryset().get(**lookup)
        except (ObjectDoesNotExist, self.model.MultipleObjectsReturned):
            self.fail("unknown", noun=noun, value=str(data)[:MAX_SLUG])

    def _slug_lookup(self, value: str) -> dict[str, Any]:
        return {"slug": value}

    def to_representation(self, value):
        return value.pk if self.by == "id" else value.slug


class RatingRefField(RefField):
    """A rating named ``"<rating slug>"`` (when one scale has that slug) or
    ``"<scale slug>/<rating slug>"``."""

    def __init__(self, **kwargs):
        super().__init__(model=Rating, **kwargs)

    def _slug_lookup(self, value: str) -> dict[str, Any]:
        scale, _, slug = value.rpartition("/")
        return {"scale__slug": scale, "slug": slug} if scale else {"slug": slug}

    def to_representation(self, value):
        return f"{value.scale.slug}/{value.slug}"


class RefFieldSchema(OpenApiSerializerFieldExtension):
    """In the OpenAPI schema a :class:`RefField` is a string (a slug) or an
    integer (an id)."""

    target_class = RefField
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        if self.target.by == "id":
            return {**build_basic_type(OpenApiTypes.INT), "minimum": 1, "maximum": MAX_ID}
        return {**build_basic_type(OpenApiTypes.STR), "maxLength": MAX_SLUG}


class CorrectionNoteSerializer(serializers.Serializer):
    """The note that comes with a change to a published record's facts."""

    kind = serializers.ChoiceField(
        choices=[CorrectionKind.CORRECTION, CorrectionKind.UPDATE],
        help_text="correction (something was wrong) or update (something changed).",
    )
    text = serializers.CharField(max_length=5000, help_text="What readers read.")

    def to_internal_value(self, data):
        """Both ``kind`` and ``text``, even inside a PATCH (DRF's partial
        update would otherwise let the nested note go without them).

        Raises:
            rest_framework.exceptions.ValidationError: a missing, unknown or
                invalid key, keyed by it (``{"correction": {"kind": [...]}}``).
        """
        if isinstance(data, dict):
            _refuse_unknown(self, data)
            _refuse_wrong_types(self, data)
            missing = [name for name in ("kind", "text") if name not in data]
            if missing:
                raise serializers.ValidationError(
                    {name: ["This field is required."] for name in missing}
                )
        return super().to_internal_value(data)


def _refuse_wrong_types(serializer: serializers.Serializer, data: dict) -> None:
    """Raise a 400 naming each value of the wrong JSON type: a text field
    takes a JSON string, a true/false field ``true`` or ``false`` (DRF
    would read ``0`` as the text "0" and ``"yes"`` as true; the schema
    promises strings and booleans, and a desk's wrong column should be told).

    Raises:
        rest_framework.exceptions.ValidationError: ``{"name": [why]}``.
    """
    errors = {}
    for name, value in data.items():
        field = serializer.fields.get(name)
        if field is None or field.read_only or value is None:
            continue
        if isinstance(field, serializers.BooleanField) and not isinstance(value, bool):
            errors[name] = ["Send true or false (a JSON boolean)."]
        elif isinstance(field, serializers.CharField | serializers.ChoiceField) and not isinstance(
            value, str
        ):
            errors[name] = ["Send a JSON string."]
    if errors:
        raise serializers.ValidationError(errors)


def _refuse_unknown(serializer: serializers.Serializer, data: dict, read_only=()) -> None:
    """Raise a 400 naming each key of ``data`` the serializer does not take.

    Raises:
        rest_framework.exceptions.ValidationError: ``{"name": [why]}``.
    """
    writable = {name for name, field in serializer.fields.items() if not field.read_only}
    errors = {}
    for key in data:
        if key in writable or key in _IGNORED_KEYS:
            continue
        name = str(key)[:100]
        if key in read_only:
            errors[name] = [
                "This field is read-only: the tracker sets it. Leave it out of the body."
            ]
        else:
            errors[name] = [f"Unknown field. This resource takes: {', '.join(sorted(writable))}."]
    if errors:
        raise exceptions.ValidationError(errors)


# --- write serializers ----------------------------------------------------------


class WriteSerializer(serializers.ModelSerializer):
    """Base of the write serializers: strict keys, the service does the rest.

    Subclasses name the model's writable fields in ``Meta.fields`` (plus
    :attr:`renamed` for API names that differ from the model's) and
    :attr:`read_class`, the read serializer whose other fields are
    "read-only" rather than "unknown". Uniqueness and the cross-field rules
    are left to the service (``full_clean()``), so the messages are the
    admin's; ``Meta.validators`` is empty for that reason.

    ``save(acting_user=...)`` applies the validated values to a fresh copy
    of the stored row (or a new one) and hands it to :meth:`persist`.
    """

    read_class: ClassVar[type[serializers.Serializer]]
    #: ``{"api_name": "model_field"}``.
    renamed: ClassVar[dict[str, str]] = {}
    m2m_fields: ClassVar[tuple[str, ...]] = ()

    reason = serializers.CharField(
        write_only=True,
        required=False,
        allow_blank=True,
        max_length=1000,
        help_text="Why: recorded in the history with your name.",
    )

    def to_internal_value(self, data):
        if isinstance(data, dict):
            read_only = set(self.read_class().fields) | {"version", "id", "pk", "created_at"}
            _refuse_unknown(self, data, read_only=read_only)
            _refuse_wrong_types(self, data)
        return super().to_internal_value(data)

    def get_validators(self):
        return []

    def create(self, validated_data):  # pragma: no cover - save() is overridden
        raise NotImplementedError

    def update(self, instance, validated_data):  # pragma: no cover
        raise NotImplementedError

    def save(self, *, acting_user, based_on: int | None = None):
        """Apply and persist; returns the saved instance.

        Args:
            acting_user: ``request.user``, recorded in the history.
            based_on: for an update, the version ``If-Match`` named.

        Raises:
            django.core.exceptions.ValidationError, PermissionDenied,
            articles.locking.StaleVersionError: from the services.
        """
        data = dict(self.validated_data)
        reason = data.pop("reason", "") or ""
        extra = {name: data.pop(name) for name in self.extra_names() if name in data}
        m2m = {name: data.pop(name) for name in self.m2m_fields if name in data}
        if self.instance is None:
            instance = self.Meta.model()
        else:
            instance = type(self.instance)._default_manager.get(pk=self.instance.pk)
            if based_on is not None:
                instance.version = based_on
        changed = self.instance is None or _differs(instance, data, m2m, self.renamed)
        for name, value in data.items():
            setattr(instance, self.renamed.get(name, name), value)
        with transaction.atomic():
            self.instance = self.persist(
                instance,
                acting_user=acting_user,
                reason=reason,
                m2m=m2m or None,
                changed=changed,
                **extra,
            )
        return self.instance

    def extra_names(self) -> tuple[str, ...]:
        """Validated names :meth:`persist` takes as keywords."""
        return ("correction",)

    def persist(self, instance, *, acting_user, reason, m2m, changed, correction=None, **extra):
        """Save through :func:`articles.services.object_save`; a body that
        changes nothing stored writes nothing (no version, no history)."""
        if not changed and correction is None:
            return instance
        return services.object_save(
            instance=instance,
            acting_user=acting_user,
            reason=reason,
            m2m=m2m,
            correction=_note(correction),
        )


def _differs(instance: models.Model, data: dict, m2m: dict, renamed: dict) -> bool:
    """Whether the validated ``data`` and ``m2m`` differ from the stored
    ``instance`` (before they are applied)."""
    opts = instance._meta
    for name, value in data.items():
        field = opts.get_field(renamed.get(name, name))
        stored = getattr(instance, field.attname)
        if isinstance(field, models.ForeignKey):
            value = value.pk if value is not None else None
        if stored != value:
            return True
    for name, values in m2m.items():
        stored = set(getattr(instance, name).values_list("pk", flat=True))
        if stored != {v.pk for v in values}:
            return True
    return False


def _note(correction: dict | None) -> services.CorrectionNote | None:
    return services.CorrectionNote(**correction) if correction else None


def _date(**kwargs) -> serializers.DateField:
    """A calendar date, ``YYYY-MM-DD`` only."""
    return serializers.DateField(input_formats=["%Y-%m-%d"], **kwargs)


class SourceWriteSerializer(WriteSerializer):
    """A source: kind, title, publisher (organization slug), ``source_url``
    (where it was published), ``published_on``, ``archive_url``, full
    ``text`` and whether it is ``publishable``. Files are attached in the
    admin."""

    read_class = read.SourceSerializer
    renamed: ClassVar = {"source_url": "url"}
    publisher = RefField(model=Organization, required=False, allow_null=True)
    source_url = serializers.URLField(max_length=500, required=False, allow_blank=True)
    published_on = _date(required=False, allow_null=True)

    class Meta:
        model = Source
        fields = (
            "kind",
            "title",
            "publisher",
            "source_url",
            "published_on",
            "archive_url",
            "text",
            "publishable",
            "reason",
        )


class PublicationMoveMixin(serializers.Serializer):
    """``publication`` and ``retraction_note`` of a claim or an inquiry: a
    change of ``publication`` is a workflow move, made after the field
    changes in the same transaction."""

    publication = serializers.ChoiceField(
        choices=Publication.choices,
        required=False,
        help_text="Move through the workflow: in_review, draft (send back), published, retracted.",
    )
    retraction_note = serializers.CharField(
        required=False,
        max_length=5000,
        help_text="With publication=retracted: why, in words readers see.",
    )
    correction = CorrectionNoteSerializer(required=False, write_only=True)

    def extra_names(self) -> tuple[str, ...]:
        return ("correction", "publication", "retraction_note")

    def persist(
        self,
        instance,
        *,
        acting_user,
        reason,
        m2m,
        changed,
        correction=None,
        publication=None,
        retraction_note=None,
    ):
        """Save the fields (if any changed), then make the move (if any)."""
        if retraction_note is not None and publication != Publication.RETRACTED:
            raise DjangoValidationError(
                {"retraction_note": "Send retraction_note only with publication “retracted”."}
            )
        saved = super().persist(
            instance,
            acting_user=acting_user,
            reason=reason,
            m2m=m2m,
            changed=changed,
            correction=correction,
        )
        if publication is None or publication == _stored_publication(saved):
            return saved
        return publication_move(
            saved,
            target=publication,
            acting_user=acting_user,
            reason=reason,
            note=retraction_note or "",
        )


def _stored_publication(record) -> str:
    return (
        type(record)
        ._default_manager.filter(pk=record.pk)
        .values_list("publication", flat=True)
        .first()
    )


#: The workflow function that reaches each state.
_MOVE_TO = {
    Publication.IN_REVIEW: "submit",
    Publication.DRAFT: "send_back",
    Publication.PUBLISHED: "publish",
    Publication.RETRACTED: "retract",
}


def publication_move(record, *, target: str, acting_user, reason: str, note: str):
    """Move a claim or an inquiry to ``target`` through :mod:`articles.workflow`.

    Args:
        record: a saved claim or inquiry (its ``version`` current).
        target: a :class:`~articles.choices.Publication` value.
        reason: the history's reason; a send-back's comment.
        note: a retraction's note (readers see it).

    Raises:
        PermissionDenied: the move's permission (Editors publish, send back
            and retract).
        ValidationError: ``publication`` with code ``move_not_allowed``
            (the API's 409); a send-back without a reason (key ``reason``);
            a retraction without a note (key ``retraction_note``).
    """
    move = _MOVE_TO[target]
    try:
        if move == "submit":
            return workflow.submit(record=record, acting_user=acting_user, comment=reason)
        if move == "send_back":
            return workflow.send_back(record=record, acting_user=acting_user, comment=reason)
        if move == "publish":
            return workflow.publish(record=record, acting_user=acting_user, reason=reason)
        return workflow.retract(record=record, acting_user=acting_user, note=note)
    except DjangoValidationError as exc:
        if hasattr(exc, "error_dict") and not isinstance(exc, StaleVersionError):
            renamed = {"comment": "reason", "note": "retraction_note"}
            raise DjangoValidationError(
                {renamed.get(k, k): v for k, v in exc.error_dict.items()}
            ) from exc
        raise


def publication_moves_from(state: str) -> list[str]:
    """The ``publication`` values a record in ``state`` may move to."""
    return [target for target, move in _MOVE_TO.items() if state in workflow.MOVES_FROM[move]]


class ClaimWriteSerializer(PublicationMoveMixin, WriteSerializer):
    """A claim: its ``text`` and ``wording``, who said it (``claimant``, a
    person's slug, or ``claimant_organization``), the ``city`` it concerns,
    ``stated_on``, ``rating`` (editors), ``rating_explanation``,
    ``not_rated`` (editors: publish unrated), and ``slug`` (blank: made
    from the text; a published claim keeps its slug)."""

    read_class = read.ClaimSerializer
    claimant = RefField(model=Person, required=False, allow_null=True)
    claimant_organization = RefField(model=Organization, required=False, allow_null=True)
    city = RefField(model=City, required=False, allow_null=True)
    rating = RatingRefField(required=False, allow_null=True)
    stated_on = _date(required=False, allow_null=True)

    class Meta:
        model = Claim
        fields = (
            "slug",
            "text",
            "wording",
            "claimant",
            "claimant_organization",
            "city",
            "stated_on",
            "rating",
            "rating_explanation",
            "not_rated",
            "publication",
            "retraction_note",
            "reason",
            "correction",
        )
        extra_kwargs: ClassVar = {"slug": {"required": False, "allow_blank": True}}


class InquiryWriteSerializer(PublicationMoveMixin, WriteSerializer):
    """An inquiry: ``title``, ``kind``, ``requester`` (organization slug),
    ``opening_event``, ``sent_on``, ``due_on`` (last day, inclusive),
    ``due_timezone``, ``questions``, ``description``, ``sources`` (ids) and
    ``slug``."""

    read_class = read.InquirySerializer
    m2m_fields = ("sources",)
    requester = RefField(model=Organization)
    sources = RefField(model=Source, by="id", many=True, required=False)
    sent_on = _date(required=False, allow_null=True)
    due_on = _date(required=False, allow_null=True)

    class Meta:
        model = Inquiry
        fields = (
            "slug",
            "title",
            "kind",
            "requester",
            "opening_event",
            "sent_on",
            "due_on",
            "due_timezone",
            "questions",
            "description",
            "sources",
            "publication",
            "retraction_note",
            "reason",
            "correction",
        )
        extra_kwargs: ClassVar = {"slug": {"required": False, "allow_blank": True}}


class ResponseWriteSerializer(WriteSerializer):
    """A response: ``inquiry`` and ``city`` (slugs), ``status`` (moves as
    :mod:`articles.transitions` allows), ``acknowledged_on``,
    ``received_on``, ``as_of``, ``organization`` and ``respondent`` (slugs),
    ``status_source`` and ``sources`` (ids), ``dates_as_reported``,
    ``summary`` and ``text``. Saved by :func:`articles.services.response_update`."""

    read_class = read.ResponseSerializer
    m2m_fields = ("sources",)
    inquiry = RefField(model=Inquiry)
    city = RefField(model=City)
    organization = RefField(model=Organization, required=False, allow_null=True)
    respondent = RefField(model=Person, required=False, allow_null=True)
    status_source = RefField(model=Source, by="id", required=False, allow_null=True)
    sources = RefField(model=Source, by="id", many=True, required=False)
    acknowledged_on = _date(required=False, allow_null=True)
    received_on = _date(required=False, allow_null=True)
    as_of = _date(required=False)
    correction = CorrectionNoteSerializer(required=False, write_only=True)

    class Meta:
        model = Response
        fields = (
            "inquiry",
            "city",
            "status",
            "acknowledged_on",
            "received_on",
            "as_of",
            "organization",
            "respondent",
            "status_source",
            "dates_as_reported",
            "summary",
            "text",
            "sources",
            "reason",
            "correction",
        )

    def persist(self, instance, *, acting_user, reason, m2m, changed, correction=None, **extra):
        """Save through :func:`articles.services.response_update`."""
        if not changed and correction is None:
            return instance
        return services.response_update(
            response=instance,
            acting_user=acting_user,
            reason=reason,
            m2m=m2m,
            correction=_note(correction),
        )


class CitationWriteSerializer(WriteSerializer):
    """A citation: the ``claim`` (slug) it backs, the ``source`` (id), the
    exact ``quote`` (checked against the source's text) and the
    ``public_note`` readers see."""

    read_class = None  # set below: CitationEntrySerializer
    claim = RefField(model=Claim)
    source = RefField(model=Source, by="id")
    correction = CorrectionNoteSerializer(required=False, write_only=True)

    class Meta:
        model = Citation
        fields = ("claim", "source", "quote", "public_note", "reason", "correction")


class CorrectionWriteSerializer(WriteSerializer):
    """A correction, update or clarification of a public record: ``kind``,
    ``text`` and exactly one of ``claim`` (slug), ``inquiry`` (slug) or
    ``response`` (id). Published by :func:`articles.workflow.correction_add`
    (editors); it stands once published."""

    read_class = read.CorrectionEntrySerializer
    claim = RefField(model=Claim, required=False)
    inquiry = RefField(model=Inquiry, required=False)
    response = RefField(model=Response, by="id", required=False)

    class Meta:
        model = Correction
        fields = ("kind", "text", "claim", "inquiry", "response")

    def validate(self, attrs):
        records = [attrs[name] for name in ("claim", "inquiry", "response") if name in attrs]
        if len(records) != 1:
            raise exceptions.ValidationError(
                {"detail": ["Name exactly one record: claim, inquiry or response."]}
            )
        return attrs

    def persist(self, instance, *, acting_user, reason, m2m, changed, correction=None, **extra):
        """Publish through :func:`articles.workflow.correction_add`."""
        return workflow.correction_add(
            record=instance.claim or instance.inquiry or instance.response,
            kind=instance.kind,
            text=instance.text,
            acting_user=acting_user,
        )


class CitationEntrySerializer(serializers.ModelSerializer[Citation]):
    """A citation on ``/api/v1/citations/``: the claim it backs, the
    source, the exact quote and the note readers see (the editors'
    internal note is never part of the API)."""

    url = read.IdentityUrlField(view_name="api:citation-detail")
    claim = read.ClaimRefSerializer(read_only=True)
    source = read.SourceRefSerializer(read_only=True)

    class Meta:
        model = Citation
        fields = ("id", "url", "claim", "source", "quote", "public_note")
        read_only_fields = fields


CitationWriteSerializer.read_class = CitationEntrySerializer


# --- preconditions -------------------------------------------------------------


class _BodyException(exceptions.APIException):
    """An APIException whose body is kept as given (numbers stay numbers;
    DRF would turn every value into a string)."""

    def __init__(self, body: dict[str, Any]):
        super().__init__()
        self.detail = body


class PreconditionRequired(exceptions.APIException):
    """428: an update without ``If-Match``."""

    status_code = 428
    default_detail = "Precondition required."
    default_code = "precondition_required"


class PreconditionFailed(_BodyException):
    """412: ``If-Match`` names no current version."""

    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "Precondition failed."
    default_code = "precondition_failed"


class Conflict(_BodyException):
    """409: a move the transition tables refuse."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = "Conflict."
    default_code = "conflict"


_ENTITY_TAG = re.compile(r'\s*((?:W/)?"[\x21\x23-\x7e\x80-\xff]*")\s*(?:,|$)')


def parse_if_match(value: str) -> list[str] | None:
    """The entity tags of an ``If-Match`` value, or None for ``*``
    (RFC 9110, section 13.1.1: ``If-Match = "*" / #entity-tag``).

    Raises:
        rest_framework.exceptions.ValidationError: 400 ``{"If-Match": [...]}``
            when the value is neither ``*`` nor a list of quoted tags.
    """
    if value.strip() == "*":
        return None
    tags, position = [], 0
    while position < len(value):
        match = _ENTITY_TAG.match(value, position)
        if match is None or match.end() == position:
            break
        tags.append(match.group(1))
        position = match.end()
    if not tags or position < len(value):
        raise exceptions.ValidationError(
            {
                "If-Match": [
                    "Send * or the ETag of the version you edited, quotes included, e.g. "
                    'If-Match: "3.9f2c4e1a0b7d5c36".'
                ]
            }
        )
    return tags


def _change_list(error: StaleVersionError) -> list[dict[str, Any]]:
    return [
        {
            "version": change.version,
            "who": change.who,
            "at": change.at.isoformat(),
            "reason": change.reason,
            "changes": [
                {"field": c.field, "label": c.label, "old": c.old, "new": c.new}
                for c in change.changes
            ],
        }
        for change in error.meanwhile
    ]


def stale_response(error: StaleVersionError) -> PreconditionFailed:
    """The 412 for a stale version: the admin's message, the versions and
    each change meanwhile (who, when, why, field by field)."""
    return PreconditionFailed(
        {
            "If-Match": [" ".join(error.messages)],
            "your_version": error.based_on,
            "current_version": error.stored,
            "changed_meanwhile": _change_list(error),
        }
    )


def _move_refused(exc: DjangoValidationError) -> str | None:
    """``"status"`` or ``"publication"`` when ``exc`` is a refused move."""
    for key in ("status", "publication"):
        errors = getattr(exc, "error_dict", {}).get(key, [])
        if any(getattr(e, "code", None) == "move_not_allowed" for e in errors):
            return key
    return None


# --- the viewset mixin ------------------------------------------------------------


class WriteBase:
    """What the write mixins share, for a :class:`articles.api.views.TrackerViewSet`:
    the JSON-object parser, the write serializer for bodies
    (``write_serializer_class``), the ``ETag`` of ``GET`` on one record and
    of every write (:func:`articles.api.etags.resource_etag`), the
    ``If-Match`` check and the translation of the services' refusals.
    """

    write_serializer_class: ClassVar[type[WriteSerializer]]
    parser_classes: ClassVar = [ObjectJSONParser]

    def get_serializer_class(self):
        """The write serializer for the body of POST, PUT and PATCH (and the
        browsable API's raw form); the read one for everything else."""
        if self.request is not None and self.request.method in ("POST", "PUT", "PATCH"):
            return self.write_serializer_class
        return super().get_serializer_class()

    def _read_instance(self, pk):
        """The saved record as ``GET`` reads it (the selector's annotations)."""
        return self.get_queryset().get(pk=pk)

    def _represent(self, instance, *, status_code=200, headers=None):
        fresh = self._read_instance(instance.pk)
        serializer_class = super().get_serializer_class()
        data = serializer_class(fresh, context=self.get_serializer_context()).data
        headers = {"ETag": resource_etag(fresh.version, data), **(headers or {})}
        return DrfResponse(data, status=status_code, headers=headers)

    def retrieve(self, request, *args, **kwargs):
        """One record, with its ``ETag``."""
        instance = self.get_object()
        data = self.get_serializer(instance).data
        return DrfResponse(data, headers={"ETag": resource_etag(instance.version, data)})

    @contextlib.contextmanager
    def _service_errors(self, instance=None):
        """Translate the services' refusals: stale → 412, a refused move →
        409 with the allowed moves; the rest as :mod:`articles.api.exceptions`
        maps them (400 keyed by field, 403)."""
        try:
            yield
        except StaleVersionError as exc:
            raise stale_response(exc) from exc
        except DjangoValidationError as exc:
            key = _move_refused(exc)
            if key is None:
                raise
            body = {k: list(v) for k, v in exc.message_dict.items() if k != NON_FIELD_ERRORS}
            stored = (
                type(instance)
                ._default_manager.filter(pk=instance.pk)
                .values_list(key, flat=True)
                .first()
                if instance is not None
                else None
            )
            if key == "status":
                allowed = [m.target.value for m in transitions.moves_from(stored)] if stored else []
            else:
                allowed = publication_moves_from(stored) if stored else []
            raise Conflict({**body, "allowed": allowed}) from exc

    def _based_on(self, request, instance) -> int:
        """The version ``If-Match`` names (RFC 9110, 13.1.1; strong
        comparison, so a weak tag never matches).

        Raises:
            PreconditionRequired: no ``If-Match`` (428).
            PreconditionFailed: no tag names the current version (412).
            rest_framework.exceptions.ValidationError: a malformed value (400).
        """
        value = request.headers.get("if-match")
        if value is None:
            raise PreconditionRequired(
                {
                    "If-Match": [
                        "An update needs If-Match with the ETag of the version you edited "
                        "(GET the record first), so that nobody's change is overwritten "
                        "unseen; * to overwrite whatever is stored."
                    ]
                }
            )
        tags = parse_if_match(value)
        if tags is None:
            return instance.version
        versions = [tag_version(tag) for tag in tags if not tag.startswith("W/")]
        if instance.version in versions:
            return instance.version
        known = [v for v in versions if v is not None]
        if known:
            try:
                raise StaleVersionError(instance, max(known), instance.version)
            except StaleVersionError as exc:
                raise stale_response(exc) from exc
        raise PreconditionFailed(
            {
                "If-Match": [
                    "No tag in If-Match is a current ETag of this record (a weak W/ tag never "
                    "matches; send the ETag from GET as it is)."
                ],
                "current_version": instance.version,
            }
        )


class CreateMixin(WriteBase):
    """``POST`` on the list."""

    def create(self, request, *args, **kwargs):
        """POST: 201 with the record as ``GET`` shows it, ``Location`` and ``ETag``."""
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with self._service_errors():
            saved = serializer.save(acting_user=request.user)
        location = reverse(
            f"api:{self.basename}-detail",
            kwargs={self.lookup_field: getattr(saved, self.lookup_field)},
        )
        return self._represent(
            saved,
            status_code=status.HTTP_201_CREATED,
            headers={"Location": request.build_absolute_uri(location)},
        )


class UpdateMixin(WriteBase):
    """``PUT`` and ``PATCH`` on one record, with ``If-Match``."""

    def update(self, request, *args, partial=False, **kwargs):
        """PUT (``partial=False``) or PATCH: needs ``If-Match``."""
        instance = self.get_object()
        based_on = self._based_on(request, instance)
        serializer = self.get_serializer(instance, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        with self._service_errors(instance):
            saved = serializer.save(acting_user=request.user, based_on=based_on)
        return self._represent(saved)

    def partial_update(self, request, *args, **kwargs):
        """PATCH."""
        return self.update(request, *args, partial=True, **kwargs)


class WriteMixin(CreateMixin, UpdateMixin):
    """Create and update."""


class DeleteReasonSerializer(serializers.Serializer):
    """The optional body of a ``DELETE``: ``{"reason": "..."}``."""

    reason = serializers.CharField(required=False, allow_blank=True, max_length=1000)

    def to_internal_value(self, data):
        if isinstance(data, dict):
            _refuse_unknown(self, data)
        return super().to_internal_value(data)


class CitationDeleteMixin(WriteBase):
    """``DELETE`` of a citation: only of a draft claim, with ``If-Match``
    and an optional JSON body ``{"reason": "..."}`` for the history
    (:func:`articles.services.citation_delete`); 204."""

    def destroy(self, request, *args, **kwargs):
        """204, or 400 (a citation readers see), 403, 412, 428."""
        instance = self.get_object()
        self._based_on(request, instance)
        body = DeleteReasonSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        citation = Citation.objects.get(pk=instance.pk)
        citation.version = instance.version
        with self._service_errors():
            services.citation_delete(
                citation=citation,
                acting_user=request.user,
                reason=body.validated_data.get("reason", ""),
            )
        return DrfResponse(status=status.HTTP_204_NO_CONTENT)
