"""The contact log in the API: ``/api/v1/contacts/`` (the issue "The
editors' desk", item 4). Internal: staff only, for reading as for
writing.

- ``GET /api/v1/contacts/`` lists the contacts about the responses the
  user may see, newest first; ``?response=<id>`` narrows it to one
  response, ``?search=`` finds words in the name and the note.
  ``GET /api/v1/contacts/<id>/`` reads one.
- ``POST /api/v1/contacts/`` logs one, as a JSON object, through
  :func:`articles.services.contact_log` (the admin's function): the
  ``response`` by id, ``contacted_on`` (YYYY-MM-DD, the newsroom's date),
  ``direction``, ``method``, and optionally ``contact_name``, ``note``,
  ``confirms_status`` (moves the response's "last checked" date forward)
  and ``reason``. A document is attached in the admin (JSON carries no
  files).
- Anonymous: 401; signed in but not staff with ``articles.view_response``
  (``articles.change_response`` to log): 403. Bad input: 400 naming the
  field. A contact is never changed or deleted (405).
"""

from typing import Any, ClassVar

from django import forms
from django_filters import rest_framework as filters
from rest_framework import mixins, permissions, serializers, status
from rest_framework.response import Response as DrfResponse

from .. import selectors, services
from ..models import Contact, Response
from .schema import TrackerAutoSchema
from .views import PK_REGEX, TrackerViewSet
from .writes import MAX_ID, ObjectJSONParser, RefField, _refuse_unknown, _refuse_wrong_types


class StaffOnly(permissions.BasePermission):
    """Staff who may view responses read the log; those who may change
    responses (:data:`articles.services.CONTACT_LOG_PERM`) also log
    contacts. Anonymous users get a 401 (DRF, from the authenticator's
    ``WWW-Authenticate``), others a 403."""

    message = "The contact log is internal: only staff who may view responses read it."

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated):
            return False
        if not (user.is_active and user.is_staff and user.has_perm("articles.view_response")):
            return False
        may_log = user.has_perm(services.CONTACT_LOG_PERM)
        if request.method not in permissions.SAFE_METHODS and not may_log:
            self.message = (
                "Logging a contact needs the permission to change responses "
                f"(“{services.CONTACT_LOG_PERM}”)."
            )
            return False
        return True


class ContactSerializer(serializers.ModelSerializer[Contact]):
    """One contact as staff read it (notes included: staff only)."""

    response = serializers.IntegerField(source="response_id", read_only=True)
    logged_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    document = serializers.SerializerMethodField()

    class Meta:
        model = Contact
        fields = (
            "id",
            "response",
            "contacted_on",
            "direction",
            "method",
            "contact_name",
            "note",
            "confirms_status",
            "document",
            "document_sha256",
            "logged_by",
            "created_at",
        )
        read_only_fields = fields

    def get_document(self, obj: Contact) -> str | None:
        """The document's address (the storage's), or None without one."""
        return obj.document.url if obj.document else None


class ContactWriteSerializer(serializers.Serializer):
    """The body of ``POST /api/v1/contacts/``; every rule beyond the
    types is :func:`articles.services.contact_log`'s."""

    read_class: ClassVar = ContactSerializer

    response = RefField(model=Response, by="id", help_text="The response's id.")
    contacted_on = serializers.DateField(help_text="The day of the contact (YYYY-MM-DD).")
    direction = serializers.ChoiceField(choices=Contact.Direction.choices)
    method = serializers.ChoiceField(choices=Contact.Method.choices)
    contact_name = serializers.CharField(
        required=False, allow_blank=True, max_length=200, help_text="The person at the place."
    )
    note = serializers.CharField(
        required=False, allow_blank=True, max_length=20000, help_text="Internal."
    )
    confirms_status = serializers.BooleanField(required=False, default=False)
    reason = serializers.CharField(
        required=False, allow_blank=True, max_length=1000, help_text="Why (for the history)."
    )

    def to_internal_value(self, data):
        if isinstance(data, dict):
            read_only = set(ContactSerializer.Meta.fields) - set(self.fields)
            _refuse_unknown(self, data, read_only=read_only)
            _refuse_wrong_types(self, data)
        return super().to_internal_value(data)


class IdFilter(filters.Filter):
    """A record's id: a whole number from 1 to 2⁶³−1 (anything else is a
    400 naming the parameter, never an overflow in the database)."""

    field_class = forms.IntegerField


class ContactFilterSet(filters.FilterSet):
    """``?response=<id>``."""

    response = IdFilter(field_name="response", min_value=1, max_value=MAX_ID)

    class Meta:
        model = Contact
        fields: ClassVar[list[str]] = []


class ContactSchema(TrackerAutoSchema):
    """Reads need credentials too, so a 403 can answer a read."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        responses.setdefault(
            "403",
            {
                "description": "Signed in, but not staff who may view responses.",
                "content": responses["401"]["content"],
            },
        )
        return responses


class ContactViewSet(mixins.CreateModelMixin, TrackerViewSet):
    """The contact log (staff only), newest first; ``?response=<id>``."""

    serializer_class = ContactSerializer
    #: The body of POST; the schema documents its answer as ``read_class``.
    write_serializer_class = ContactWriteSerializer
    permission_classes: ClassVar = [StaffOnly]
    parser_classes: ClassVar = [ObjectJSONParser]
    filterset_class = ContactFilterSet
    lookup_value_regex = PK_REGEX
    search_fields: ClassVar = ["contact_name", "note"]
    ordering_fields: ClassVar[dict[str, tuple]] = {
        "contacted_on": ("contacted_on", "id"),
        "id": ("id",),
    }
    ordering: ClassVar = ["-contacted_on", "-id"]
    schema = ContactSchema()

    def get_queryset(self):
        return selectors.contact_list(user=self.request.user)

    def get_serializer_class(self):
        if self.request is not None and self.request.method == "POST":
            return self.write_serializer_class
        return self.serializer_class

    def create(self, request, *args, **kwargs):
        """Log a contact through ``services.contact_log``: 201 with the
        contact as ``GET`` reads it."""
        serializer = ContactWriteSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        data: dict[str, Any] = dict(serializer.validated_data)
        saved = services.contact_log(
            response=data.pop("response"),
            acting_user=request.user,
            reason=data.pop("reason", "") or "",
            **data,
        )
        body = ContactSerializer(saved, context=self.get_serializer_context()).data
        location = request.build_absolute_uri(f"{request.path}{saved.pk}/")
        return DrfResponse(body, status=status.HTTP_201_CREATED, headers={"Location": location})
