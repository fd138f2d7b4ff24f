"""API representations (DESIGN.md, "API").

Serializers are read-only and flat: related objects appear as small
"reference" objects (slug, name, ``url``), never as deep trees. Every
resource carries ``url`` (its API address) and, where readers have a page
for it, ``html_url`` (the public page). The querysets the views hand in
(``articles.selectors``, ``.with_related()``) already join or prefetch
everything a serializer touches, so no serializer issues a query per row.

Context the views provide, besides DRF's ``request``:

- ``at``: the aware datetime at which overdue is judged, computed once per
  request so every row of a list is judged at the same instant.
"""

import datetime

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import Citation, City, Claim, Inquiry, Organization, Person, Rating, Response, Source


class HtmlUrlMixin:
    """Adds ``get_html_url``: the absolute URL of the object's public page."""

    @extend_schema_field(OpenApiTypes.URI)
    def get_html_url(self, obj) -> str:
        """``obj.get_absolute_url()`` made absolute with the request's host."""
        path = obj.get_absolute_url()
        request = self.context.get("request")  # type: ignore[attr-defined]
        return request.build_absolute_uri(path) if request is not None else path


# --- references: the small objects that stand for a related row -------------


class CityRefSerializer(serializers.ModelSerializer[City]):
    """A city as it appears inside another resource."""

    url = serializers.HyperlinkedIdentityField(view_name="api:city-detail", lookup_field="slug")

    class Meta:
        model = City
        fields = ("slug", "name", "state", "url")
        read_only_fields = fields


class OrganizationRefSerializer(serializers.ModelSerializer[Organization]):
    """An organization as it appears inside another resource."""

    url = serializers.HyperlinkedIdentityField(
        view_name="api:organization-detail", lookup_field="slug"
    )

    class Meta:
        model = Organization
        fields = ("slug", "name", "url")
        read_only_fields = fields


class PersonRefSerializer(serializers.ModelSerializer[Person]):
    """A person as they appear inside another resource."""

    url = serializers.HyperlinkedIdentityField(view_name="api:person-detail", lookup_field="slug")

    class Meta:
        model = Person
        fields = ("slug", "name", "title", "url")
        read_only_fields = fields


class InquiryRefSerializer(serializers.ModelSerializer[Inquiry]):
    """An inquiry as it appears inside a response."""

    url = serializers.HyperlinkedIdentityField(view_name="api:inquiry-detail", lookup_field="slug")

    class Meta:
        model = Inquiry
        fields = ("slug", "title", "url")
        read_only_fields = fields


class SourceRefSerializer(serializers.ModelSerializer[Source]):
    """A source as it appears inside another resource."""

    url = serializers.HyperlinkedIdentityField(view_name="api:source-detail")

    class Meta:
        model = Source
        fields = ("id", "title", "url")
        read_only_fields = fields


class RatingRefSerializer(serializers.ModelSerializer[Rating]):
    """A claim's rating: label, slug, value (null off the scale) and scale."""

    scale = serializers.CharField(source="scale.slug", read_only=True)

    class Meta:
        model = Rating
        fields = ("label", "slug", "value", "scale")
        read_only_fields = fields


# --- resources ----------------------------------------------------------------


class CitySerializer(HtmlUrlMixin, serializers.ModelSerializer[City]):
    """A tracked city. Coordinates are decimal degrees (WGS 84) or null."""

    url = serializers.HyperlinkedIdentityField(view_name="api:city-detail", lookup_field="slug")
    html_url = serializers.SerializerMethodField()
    latitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, coerce_to_string=False, allow_null=True, read_only=True
    )
    longitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, coerce_to_string=False, allow_null=True, read_only=True
    )

    class Meta:
        model = City
        fields = ("slug", "url", "html_url", "name", "state", "latitude", "longitude")
        read_only_fields = fields


class OrganizationSerializer(serializers.ModelSerializer[Organization]):
    """A body that asks, answers or publishes. No public page of its own."""

    url = serializers.HyperlinkedIdentityField(
        view_name="api:organization-detail", lookup_field="slug"
    )
    city = CityRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Organization
        fields = ("slug", "url", "name", "kind", "city")
        read_only_fields = fields


class PersonSerializer(HtmlUrlMixin, serializers.ModelSerializer[Person]):
    """Someone who speaks, with their organization (or null)."""

    url = serializers.HyperlinkedIdentityField(view_name="api:person-detail", lookup_field="slug")
    html_url = serializers.SerializerMethodField()
    organization = OrganizationRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Person
        fields = ("slug", "url", "html_url", "name", "title", "organization")
        read_only_fields = fields


class SourceSerializer(HtmlUrlMixin, serializers.ModelSerializer[Source]):
    """A piece of evidence. ``url`` is its API address; ``source_url`` is
    where it was published and ``archive_url`` a permanent copy.

    ``text`` (the full text) is given only when ``publishable`` is true (the
    newsroom's own reporting, public documents, press releases), and is
    null otherwise, for every user: a third-party article is cited, not
    reprinted (DESIGN.md, "Public pages"); its quoted passages are on the
    claims' citations. Editors read the full text in the admin.
    """

    url = serializers.HyperlinkedIdentityField(view_name="api:source-detail")
    html_url = serializers.SerializerMethodField()
    source_url = serializers.URLField(source="url", read_only=True)
    publisher = OrganizationRefSerializer(read_only=True, allow_null=True)
    text = serializers.SerializerMethodField(
        help_text="The full text, verbatim, when publishable is true; null otherwise."
    )

    class Meta:
        model = Source
        fields = (
            "id",
            "url",
            "html_url",
            "kind",
            "title",
            "publisher",
            "published_on",
            "source_url",
            "archive_url",
            "sha256",
            "publishable",
            "text",
        )
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_text(self, obj: Source) -> str | None:
        """The full text of a publishable source; None otherwise."""
        return obj.text if obj.publishable else None


class CitationSerializer(serializers.ModelSerializer[Citation]):
    """The source backing a claim, the exact words quoted from it, and the
    note readers see (``public_note``; the editors' internal note is never
    part of the API)."""

    source = SourceRefSerializer(read_only=True)

    class Meta:
        model = Citation
        fields = ("source", "quote", "public_note")
        read_only_fields = fields


class ClaimSerializer(HtmlUrlMixin, serializers.ModelSerializer[Claim]):
    """A claim (readers: a published one): who said it, about which city,
    its rating (null = unrated) and the citations that back it."""

    url = serializers.HyperlinkedIdentityField(view_name="api:claim-detail", lookup_field="slug")
    html_url = serializers.SerializerMethodField()
    claimant = PersonRefSerializer(read_only=True, allow_null=True)
    claimant_organization = OrganizationRefSerializer(read_only=True, allow_null=True)
    city = CityRefSerializer(read_only=True, allow_null=True)
    rating = RatingRefSerializer(read_only=True, allow_null=True)
    citations = CitationSerializer(many=True, read_only=True)

    class Meta:
        model = Claim
        fields = (
            "slug",
            "url",
            "html_url",
            "text",
            "wording",
            "claimant",
            "claimant_organization",
            "city",
            "stated_on",
            "rating",
            "rating_explanation",
            "citations",
        )
        read_only_fields = fields


class InquiryCountsSerializer(serializers.Serializer):
    """Responses to an inquiry by status, plus how many are overdue (judged
    at the request's instant). Read from ``InquiryQuerySet.with_counts()``."""

    total = serializers.IntegerField(source="response_count", read_only=True)
    pending = serializers.IntegerField(source="pending_count", read_only=True)
    acknowledged = serializers.IntegerField(source="acknowledged_count", read_only=True)
    received = serializers.IntegerField(source="received_count", read_only=True)
    declined = serializers.IntegerField(source="declined_count", read_only=True)
    overdue = serializers.IntegerField(source="overdue_count", read_only=True)


class InquirySerializer(HtmlUrlMixin, serializers.ModelSerializer[Inquiry]):
    """Questions put to several cities.

    ``deadline`` is the instant the deadline ends (ISO 8601 with the offset
    of ``due_timezone``): "due Aug. 18, 2017" in America/New_York ends at
    ``2017-08-19T00:00:00-04:00``. Null when there is no ``due_on``.
    Needs a queryset annotated by ``with_counts()``.
    """

    url = serializers.HyperlinkedIdentityField(view_name="api:inquiry-detail", lookup_field="slug")
    html_url = serializers.SerializerMethodField()
    requester = OrganizationRefSerializer(read_only=True)
    deadline = serializers.SerializerMethodField(
        help_text="When the deadline ends (ISO 8601): 00:00 after due_on in due_timezone; null without due_on."
    )
    counts = InquiryCountsSerializer(source="*", read_only=True)

    class Meta:
        model = Inquiry
        fields = (
            "slug",
            "url",
            "html_url",
            "title",
            "kind",
            "requester",
            "sent_on",
            "due_on",
            "due_timezone",
            "deadline",
            "questions",
            "counts",
        )
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_deadline(self, obj: Inquiry) -> str | None:
        """``Inquiry.deadline`` in ISO 8601, in the deadline's own zone."""
        end = obj.deadline
        return end.isoformat() if end is not None else None


class ResponseSerializer(HtmlUrlMixin, serializers.ModelSerializer[Response]):
    """One city's answer to one inquiry.

    ``is_overdue`` is derived (DESIGN.md, "Response status"): pending or
    acknowledged after the inquiry's deadline, judged at the ``at`` instant
    in the serializer context (one per request); now when absent.
    """

    url = serializers.HyperlinkedIdentityField(view_name="api:response-detail")
    html_url = serializers.SerializerMethodField()
    inquiry = InquiryRefSerializer(read_only=True)
    city = CityRefSerializer(read_only=True)
    is_overdue = serializers.SerializerMethodField(
        help_text="Pending or acknowledged after the inquiry's deadline, judged at the time of the request."
    )
    respondent = PersonRefSerializer(read_only=True, allow_null=True)
    organization = serializers.CharField(
        source="organization.name",
        read_only=True,
        allow_null=True,
        help_text="Name of the body answering for the city, or null.",
    )
    sources = SourceRefSerializer(many=True, read_only=True)

    class Meta:
        model = Response
        fields = (
            "id",
            "url",
            "html_url",
            "inquiry",
            "city",
            "status",
            "is_overdue",
            "acknowledged_on",
            "received_on",
            "as_of",
            "respondent",
            "organization",
            "summary",
            "text",
            "sources",
        )
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_is_overdue(self, obj: Response) -> bool:
        """``Response.is_overdue_at`` at the request's single instant."""
        at: datetime.datetime | None = self.context.get("at")
        return obj.is_overdue_at(at)
