"""API representations (DESIGN.md, "API").

Serializers are read-only and flat: related objects appear as small
"reference" objects (slug, name, ``url``), never as deep trees. Every
resource carries ``url`` (its API address) and, where readers have a page
for it, ``html_url`` (the public page). The querysets the views hand in
(``articles.selectors``, ``.with_related()``) already join or prefetch
everything a serializer touches, so no serializer issues a query per row.

Context the views provide, besides DRF's ``request``:

- ``at``: the aware datetime at which deadline states (past due, overdue,
  needs a check) are judged, computed once per request so every row of a
  list is judged at the same instant.
"""

import datetime
from typing import ClassVar
from urllib.parse import quote

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..choices import PAST_DUE_STATES, DeadlineState, Publication
from ..links import absolute_url
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


class HtmlUrlMixin:
    """Adds ``get_html_url``: the absolute URL of the object's public page
    (:func:`articles.links.absolute_url`: ``SITE_URL``, else the request's host)."""

    @extend_schema_field(OpenApiTypes.URI)
    def get_html_url(self, obj) -> str:
        """``obj.get_absolute_url()`` made absolute."""
        path = obj.get_absolute_url()
        request = self.context.get("request")  # type: ignore[attr-defined]
        return absolute_url(request, path) if request is not None else path


# --- references: the small objects that stand for a related row -------------

#: Placeholders reversed once per request to make each URL pattern a
#: template (``/api/v1/cities/<slug>/``), filled per row without reversing.
_SLUG_PLACEHOLDER = "zz-ref-slug-zz"
_PK_PLACEHOLDER = "987654321987654321"


def _url_template(context: dict, view_name: str, kwarg: str, *, api: bool) -> tuple[str, str]:
    """``(before, after)`` around the lookup value in ``view_name``'s
    absolute URL, cached in the serializer ``context`` (one per request).
    API addresses take the request's host (as DRF's hyperlinks do); public
    pages take :func:`articles.links.absolute_url` (``SITE_URL``, else the
    request's host)."""
    cache = context.setdefault("_ref_url_templates", {})
    key = (view_name, kwarg, api)
    if key not in cache:
        placeholder = _PK_PLACEHOLDER if kwarg == "pk" else _SLUG_PLACEHOLDER
        path = reverse(view_name, kwargs={kwarg: placeholder})
        request = context.get("request")
        if request is None:
            full = path
        elif api:
            full = request.build_absolute_uri(path)
        else:
            full = absolute_url(request, path)
        before, _, after = full.partition(placeholder)
        cache[key] = (before, after)
    return cache[key]


def _fill(template: tuple[str, str], value) -> str:
    """The URL for one lookup value (a slug is percent-encoded as
    ``reverse`` would: non-ASCII slugs become ``%C3%B1``...)."""
    return f"{template[0]}{quote(str(value), safe='')}{template[1]}"


class IdentityUrlField(serializers.HyperlinkedIdentityField):
    """DRF's ``HyperlinkedIdentityField`` (same output, same schema) that
    reverses its URL once per request instead of once per row."""

    def to_representation(self, value):
        """The absolute API URL of ``value``."""
        kwarg = "pk" if self.lookup_field == "pk" else self.lookup_url_kwarg
        template = _url_template(self.context, self.view_name, kwarg, api=True)
        return _fill(template, getattr(value, self.lookup_field))


class RefSerializer(serializers.Serializer):
    """A related record inside another resource. Every reference has the
    same keys, whatever it points at:

    - ``id``: its integer primary key;
    - ``slug``: its address name, or null for records addressed by ``id``
      (sources, responses);
    - ``name``: what readers call it (a city's or person's name, an
      inquiry's or source's title);
    - ``url``: its API address;
    - ``html_url``: its public page, or null where readers have none
      (organizations).

    Subclasses set ``api_view`` (and ``api_kwarg``: ``"slug"`` or ``"pk"``),
    ``html_view`` (None: no page) and override :meth:`name_of`. Rendering
    is hand-written (no per-field machinery, one URL template per request),
    since a list page renders several references per row.
    """

    id = serializers.IntegerField(read_only=True)
    slug = serializers.CharField(read_only=True, help_text="Its address name.")
    name = serializers.CharField(read_only=True)
    url = serializers.URLField(read_only=True, help_text="Its API address.")
    html_url = serializers.URLField(
        read_only=True, allow_null=True, help_text="Its public page; null where there is none."
    )

    api_view: ClassVar[str] = ""
    api_kwarg: ClassVar[str] = "slug"
    html_view: ClassVar[str | None] = None
    html_kwarg: ClassVar[str] = "slug"

    def name_of(self, obj) -> str:
        """The reference's ``name``."""
        return obj.name

    def slug_of(self, obj) -> str | None:
        """The reference's ``slug`` (None for records without one)."""
        return obj.slug

    def lookup(self, obj, kwarg: str):
        """The URL lookup value: ``obj.pk`` or ``obj.slug``."""
        return obj.pk if kwarg == "pk" else obj.slug

    def html_url_of(self, obj) -> str | None:
        """The absolute URL of the public page, or None."""
        if self.html_view is None:
            return None
        template = _url_template(self.context, self.html_view, self.html_kwarg, api=False)
        return _fill(template, self.lookup(obj, self.html_kwarg))

    def to_representation(self, instance) -> dict:
        """``{"id", "slug", "name", "url", "html_url"}`` for ``instance``."""
        template = _url_template(self.context, self.api_view, self.api_kwarg, api=True)
        return {
            "id": instance.pk,
            "slug": self.slug_of(instance),
            "name": self.name_of(instance),
            "url": _fill(template, self.lookup(instance, self.api_kwarg)),
            "html_url": self.html_url_of(instance),
        }


class CityRefSerializer(RefSerializer):
    """A city as it appears inside another resource (``name`` without the
    state; the state is in the slug and on the city's own resource)."""

    api_view = "api:city-detail"
    html_view = "articles:city_detail"


class OrganizationRefSerializer(RefSerializer):
    """An organization inside another resource. ``html_url`` is always
    null: organizations have no public page."""

    html_url = serializers.URLField(
        read_only=True, allow_null=True, help_text="Always null: organizations have no page."
    )
    api_view = "api:organization-detail"


class PersonRefSerializer(RefSerializer):
    """A person as they appear inside another resource."""

    api_view = "api:person-detail"
    html_view = "articles:person_detail"


class InquiryRefSerializer(RefSerializer):
    """An inquiry inside another resource; ``name`` is its title."""

    name = serializers.CharField(read_only=True, help_text="The inquiry's title.")
    api_view = "api:inquiry-detail"
    html_view = "articles:inquiry_detail"

    def name_of(self, obj) -> str:
        return obj.title


class ClaimRefSerializer(RefSerializer):
    """A claim inside another resource; ``name`` is its text."""

    name = serializers.CharField(read_only=True, help_text="The claim's text.")
    api_view = "api:claim-detail"
    html_view = "articles:claim_detail"

    def name_of(self, obj) -> str:
        return obj.text


class SourceRefSerializer(RefSerializer):
    """A source inside another resource: ``name`` is its title and
    ``slug`` always null (sources are addressed by ``id``)."""

    slug = serializers.CharField(
        read_only=True, allow_null=True, help_text="Always null: sources are addressed by id."
    )
    name = serializers.CharField(read_only=True, help_text="The source's title.")
    api_view = "api:source-detail"
    api_kwarg = "pk"
    html_view = "articles:source_detail"
    html_kwarg = "pk"

    def name_of(self, obj) -> str:
        return obj.title

    def slug_of(self, obj) -> None:
        return None


class ResponseRefSerializer(RefSerializer):
    """A response inside another resource: ``name`` is "city, state —
    inquiry title", ``slug`` always null (responses are addressed by
    ``id``), ``html_url`` its row on the inquiry's page."""

    slug = serializers.CharField(
        read_only=True, allow_null=True, help_text="Always null: responses are addressed by id."
    )
    name = serializers.CharField(read_only=True, help_text="“City, ST — inquiry title”.")
    api_view = "api:response-detail"
    api_kwarg = "pk"

    def name_of(self, obj) -> str:
        return str(obj)

    def slug_of(self, obj) -> None:
        return None

    def html_url_of(self, obj) -> str:
        template = _url_template(self.context, "articles:inquiry_detail", "slug", api=False)
        return f"{_fill(template, obj.inquiry.slug)}#response-{obj.city.slug}"


class RatingRefSerializer(serializers.ModelSerializer[Rating]):
    """A claim's rating: label, slug, value (null off the scale) and scale."""

    scale = serializers.CharField(source="scale.slug", read_only=True)

    class Meta:
        model = Rating
        fields = ("label", "slug", "value", "scale")
        read_only_fields = fields


class CorrectionSerializer(serializers.ModelSerializer[Correction]):
    """A correction, update or clarification as it appears inside the
    record it concerns (the note at the foot of the record's page)."""

    class Meta:
        model = Correction
        fields = ("kind", "text", "issued_at")
        read_only_fields = fields


class PublicationFieldsMixin(serializers.Serializer):
    """The editorial state of a claim or an inquiry, and its corrections.

    Readers see ``published`` records and, by their address, ``retracted``
    ones (with ``retracted_at`` and ``retraction_note``); retracted records
    are left out of lists. Editors also see ``draft`` and ``in_review``.
    Needs a queryset with corrections prefetched (``with_corrections()``).
    """

    publication = serializers.ChoiceField(
        choices=Publication.choices,
        read_only=True,
        help_text=(
            "published; retracted (reachable by its address, left out of lists); "
            "draft or in_review (editors only)."
        ),
    )
    published_at = serializers.DateTimeField(
        read_only=True, allow_null=True, help_text="When it was first published; null if unknown."
    )
    retracted_at = serializers.DateTimeField(
        read_only=True, allow_null=True, help_text="When it was retracted; null unless retracted."
    )
    retraction_note = serializers.CharField(
        read_only=True, help_text="Why it was retracted; empty unless retracted."
    )
    corrections = CorrectionSerializer(
        many=True,
        read_only=True,
        help_text="Corrections, updates and clarifications, oldest first.",
    )


# --- resources ----------------------------------------------------------------


class CitySerializer(HtmlUrlMixin, serializers.ModelSerializer[City]):
    """A tracked place: a city, town, county, state or other (``kind``).
    Coordinates are decimal degrees (WGS 84) or null; ``gazetteer_id`` the
    gazetteer entry it was picked from (``geonames:<id>``, ``fips:<5
    digits>``, ``usps:<code>``), "" for a place entered by hand."""

    url = IdentityUrlField(view_name="api:city-detail", lookup_field="slug")
    html_url = serializers.SerializerMethodField()
    latitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, coerce_to_string=False, allow_null=True, read_only=True
    )
    longitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, coerce_to_string=False, allow_null=True, read_only=True
    )

    class Meta:
        model = City
        fields = (
            "id",
            "slug",
            "url",
            "html_url",
            "name",
            "state",
            "latitude",
            "longitude",
            "kind",
            "gazetteer_id",
        )
        read_only_fields = fields


class OrganizationSerializer(serializers.ModelSerializer[Organization]):
    """A body that asks, answers or publishes. No public page of its own."""

    url = IdentityUrlField(view_name="api:organization-detail", lookup_field="slug")
    city = CityRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Organization
        fields = ("id", "slug", "url", "name", "kind", "city")
        read_only_fields = fields


class PersonSerializer(HtmlUrlMixin, serializers.ModelSerializer[Person]):
    """Someone who speaks, with their organization (or null)."""

    url = IdentityUrlField(view_name="api:person-detail", lookup_field="slug")
    html_url = serializers.SerializerMethodField()
    organization = OrganizationRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Person
        fields = ("id", "slug", "url", "html_url", "name", "title", "organization")
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

    url = IdentityUrlField(view_name="api:source-detail")
    html_url = serializers.SerializerMethodField()
    source_url = serializers.URLField(source="url", read_only=True)
    publisher = OrganizationRefSerializer(read_only=True, allow_null=True)
    text = serializers.SerializerMethodField(
        help_text="The full text, verbatim, when publishable is true; null otherwise."
    )
    file_url = serializers.SerializerMethodField(
        help_text="Where to download the attached document (PDF, image or plain text) "
        "when publishable is true; null otherwise, or when there is none."
    )
    file_type = serializers.CharField(
        read_only=True,
        help_text="The document's media type, read from its content; empty without one.",
    )
    file_size = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="The document's size in bytes; null without one."
    )
    sha256 = serializers.CharField(
        read_only=True,
        help_text="SHA-256 of the document, 64 lowercase hex digits, so a copy can be "
        "checked (`sha256sum file`); empty without one.",
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
            "file_url",
            "file_type",
            "file_size",
            "publishable",
            "text",
        )
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_text(self, obj: Source) -> str | None:
        """The full text of a publishable source; None otherwise."""
        return obj.text if obj.publishable else None

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_file_url(self, obj: Source) -> str | None:
        """The absolute address of ``/sources/<id>/file`` (the document,
        through the source's visibility rule) when the source is
        publishable; None otherwise, for every user, like ``text``: a copy
        of a third-party article is held for the record, not republished
        (:func:`articles.documents.served_to`)."""
        if not obj.file or not obj.publishable:
            return None
        path = reverse("articles:source_file", kwargs={"pk": obj.pk})
        request = self.context.get("request")
        return absolute_url(request, path) if request is not None else path


class CitationSerializer(serializers.ModelSerializer[Citation]):
    """The source backing a claim, the exact words quoted from it, and the
    note readers see (``public_note``; the editors' internal note is never
    part of the API). ``id`` and ``url`` address it on ``/api/v1/citations/``."""

    url = IdentityUrlField(view_name="api:citation-detail")
    source = SourceRefSerializer(read_only=True)

    class Meta:
        model = Citation
        fields = ("id", "url", "source", "quote", "public_note")
        read_only_fields = fields


class ClaimSerializer(HtmlUrlMixin, PublicationFieldsMixin, serializers.ModelSerializer[Claim]):
    """A claim (readers: a published one, or a retracted one by its
    address): who said it, about which city, its rating (null = unrated),
    the citations that back it, its publication state and its corrections."""

    url = IdentityUrlField(view_name="api:claim-detail", lookup_field="slug")
    html_url = serializers.SerializerMethodField()
    claimant = PersonRefSerializer(read_only=True, allow_null=True)
    claimant_organization = OrganizationRefSerializer(read_only=True, allow_null=True)
    city = CityRefSerializer(read_only=True, allow_null=True)
    rating = RatingRefSerializer(read_only=True, allow_null=True)
    citations = CitationSerializer(many=True, read_only=True)

    class Meta:
        model = Claim
        fields = (
            "id",
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
            "publication",
            "published_at",
            "retracted_at",
            "retraction_note",
            "corrections",
        )
        read_only_fields = fields


class InquiryCountsSerializer(serializers.Serializer):
    """Responses to an inquiry by status, plus how many are past due, overdue
    and need a check, judged at the request's instant (DESIGN.md, "Response
    status and deadlines": past_due = overdue + needs_check). Read from
    ``InquiryQuerySet.with_counts()``."""

    total = serializers.IntegerField(source="response_count", read_only=True)
    pending = serializers.IntegerField(source="pending_count", read_only=True)
    acknowledged = serializers.IntegerField(source="acknowledged_count", read_only=True)
    received = serializers.IntegerField(source="received_count", read_only=True)
    declined = serializers.IntegerField(source="declined_count", read_only=True)
    past_due = serializers.IntegerField(
        source="past_due_count",
        read_only=True,
        help_text="Pending or acknowledged after the end of the due day.",
    )
    overdue = serializers.IntegerField(
        source="overdue_count",
        read_only=True,
        help_text="Past due, and the status confirmed after the due day.",
    )
    needs_check = serializers.IntegerField(
        source="needs_check_count",
        read_only=True,
        help_text="Past due, but the status last confirmed on or before the due day.",
    )


class InquirySerializer(HtmlUrlMixin, PublicationFieldsMixin, serializers.ModelSerializer[Inquiry]):
    """Questions put to several cities (readers: published ones, or a
    retracted one by its address), with its publication state and its own
    corrections (its responses' are on the responses).

    ``deadline`` is the instant the deadline ends (ISO 8601 with the offset
    of ``due_timezone``): "due Aug. 18, 2017" in America/New_York ends at
    ``2017-08-19T00:00:00-04:00``. Null when there is no ``due_on``.
    Needs a queryset annotated by ``with_counts()``.
    """

    url = IdentityUrlField(view_name="api:inquiry-detail", lookup_field="slug")
    html_url = serializers.SerializerMethodField()
    requester = OrganizationRefSerializer(read_only=True)
    deadline = serializers.SerializerMethodField(
        help_text="When the deadline ends (ISO 8601): 00:00 after due_on in due_timezone; null without due_on."
    )
    counts = InquiryCountsSerializer(source="*", read_only=True)

    class Meta:
        model = Inquiry
        fields = (
            "id",
            "slug",
            "url",
            "html_url",
            "title",
            "kind",
            "requester",
            "opening_event",
            "sent_on",
            "due_on",
            "due_timezone",
            "deadline",
            "questions",
            "counts",
            "publication",
            "published_at",
            "retracted_at",
            "retraction_note",
            "corrections",
        )
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_deadline(self, obj: Inquiry) -> str | None:
        """``Inquiry.deadline`` in ISO 8601, in the deadline's own zone."""
        end = obj.deadline
        return end.isoformat() if end is not None else None


class ResponseSerializer(HtmlUrlMixin, serializers.ModelSerializer[Response]):
    """One city's answer to one inquiry, with its inquiry's deadline.

    The deadline fields are derived (DESIGN.md, "Response status and
    deadlines"; :mod:`articles.deadlines`), judged at the ``at`` instant in
    the serializer context (one per request, the list's ``evaluated_at``;
    now when absent): ``deadline_state`` (one of no_deadline, not_yet_due,
    needs_check, overdue, answered_on_time, answered_late), ``is_past_due``
    (pending or acknowledged after the end of the due day in the inquiry's
    zone), ``is_overdue`` (past due, and the status confirmed after the due
    day), ``needs_check`` (past due, but last confirmed on or before the due
    day), ``days_outstanding`` (open and past due: calendar days since the
    due day, in its zone), ``days_to_respond`` (answered: calendar days from
    the inquiry's ``sent_on`` to ``received_on``) and ``days_late``
    (answered after the due day: calendar days from ``due_on`` to
    ``received_on``). ``corrections`` are the notes about this response,
    oldest first (shown on its inquiry's page).
    """

    url = IdentityUrlField(view_name="api:response-detail")
    html_url = serializers.SerializerMethodField()
    inquiry = InquiryRefSerializer(read_only=True)
    city = CityRefSerializer(read_only=True)
    sent_on = serializers.DateField(
        source="inquiry.sent_on", read_only=True, help_text="When the inquiry was sent."
    )
    due_on = serializers.DateField(
        source="inquiry.due_on",
        read_only=True,
        allow_null=True,
        help_text="The inquiry's last on-time day (inclusive); null: no deadline.",
    )
    due_timezone = serializers.CharField(
        source="inquiry.due_timezone",
        read_only=True,
        help_text="The IANA zone in which the due day ends, e.g. America/New_York.",
    )
    deadline = serializers.SerializerMethodField(
        help_text=(
            "When the deadline ends (ISO 8601 with the offset of due_timezone): 00:00 after "
            "due_on there, e.g. 2017-08-19T00:00:00-04:00 for Aug. 18, 2017 in New York; "
            "null without due_on."
        )
    )
    deadline_state = serializers.SerializerMethodField(
        help_text=(
            "no_deadline, not_yet_due, needs_check, overdue, answered_on_time or "
            "answered_late, judged at the list's evaluated_at."
        )
    )
    is_past_due = serializers.SerializerMethodField(
        help_text="Pending or acknowledged after the end of the due day in the inquiry's time zone, judged at the time of the request."
    )
    is_overdue = serializers.SerializerMethodField(
        help_text="Past due, and the status was confirmed after the due day (as_of later than due_on): checked, still no answer."
    )
    needs_check = serializers.SerializerMethodField(
        help_text="Past due, but the status was last confirmed on or before the due day: nobody has checked since."
    )
    days_outstanding = serializers.SerializerMethodField(
        help_text=(
            "For a pending or acknowledged response past due: calendar days from due_on to "
            "the date in due_timezone at evaluated_at (1 on the day after the due day). "
            "Null otherwise (answered, not yet due, no deadline)."
        )
    )
    days_to_respond = serializers.SerializerMethodField(
        help_text=(
            "For a received or declined response: calendar days from the inquiry's sent_on "
            "to received_on. Null while open."
        )
    )
    days_late = serializers.SerializerMethodField(
        help_text="For an answer (received or declined) after the due day: calendar days from due_on to received_on. Null otherwise."
    )
    respondent = PersonRefSerializer(read_only=True, allow_null=True)
    organization = OrganizationRefSerializer(
        read_only=True,
        allow_null=True,
        help_text="The body answering for the city, or null.",
    )
    sources = SourceRefSerializer(many=True, read_only=True)
    status_source = SourceRefSerializer(
        read_only=True,
        allow_null=True,
        help_text="The source that reports this status, or null.",
    )
    corrections = CorrectionSerializer(
        many=True,
        read_only=True,
        help_text="Corrections, updates and clarifications, oldest first.",
    )

    class Meta:
        model = Response
        fields = (
            "id",
            "url",
            "html_url",
            "inquiry",
            "city",
            "status",
            "sent_on",
            "due_on",
            "due_timezone",
            "deadline",
            "deadline_state",
            "is_past_due",
            "is_overdue",
            "needs_check",
            "days_outstanding",
            "days_to_respond",
            "days_late",
            "acknowledged_on",
            "received_on",
            "as_of",
            "dates_as_reported",
            "status_source",
            "respondent",
            "organization",
            "summary",
            "text",
            "sources",
            "corrections",
        )
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_html_url(self, obj: Response) -> str:
        """The response's row on its inquiry's page
        (``Response.get_absolute_url``, without reversing per row)."""
        template = _url_template(self.context, "articles:inquiry_detail", "slug", api=False)
        return f"{_fill(template, obj.inquiry.slug)}#response-{obj.city.slug}"

    def _at(self) -> datetime.datetime | None:
        """The request's instant (``at`` in the context), or None (now)."""
        return self.context.get("at")

    def _state(self, obj: Response) -> str:
        """``Response.deadline_state_at`` at the request's single instant,
        worked out once per row (no query: the inquiry is joined)."""
        state = obj.__dict__.get("_api_deadline_state")
        if state is None:
            state = obj.__dict__["_api_deadline_state"] = obj.deadline_state_at(self._at())
        return state

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_deadline(self, obj: Response) -> str | None:
        """``Inquiry.deadline`` in ISO 8601, in the deadline's own zone."""
        end = obj.inquiry.deadline
        return end.isoformat() if end is not None else None

    @extend_schema_field(serializers.ChoiceField(choices=DeadlineState.choices))
    def get_deadline_state(self, obj: Response) -> str:
        """The :class:`~articles.choices.DeadlineState` value."""
        return str(self._state(obj))

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_is_past_due(self, obj: Response) -> bool:
        """Needs a check or overdue."""
        return self._state(obj) in PAST_DUE_STATES

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_is_overdue(self, obj: Response) -> bool:
        """Overdue: confirmed after the due day, still no answer."""
        return self._state(obj) == DeadlineState.OVERDUE

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_needs_check(self, obj: Response) -> bool:
        """Past due, last confirmed on or before the due day."""
        return self._state(obj) == DeadlineState.NEEDS_CHECK

    @extend_schema_field({"type": "integer", "minimum": 1, "nullable": True})
    def get_days_outstanding(self, obj: Response) -> int | None:
        """``Response.days_outstanding_at`` the request's instant."""
        return obj.days_outstanding_at(self._at())

    @extend_schema_field({"type": "integer", "minimum": 0, "nullable": True})
    def get_days_to_respond(self, obj: Response) -> int | None:
        """``Response.days_to_respond``."""
        return obj.days_to_respond

    @extend_schema_field({"type": "integer", "minimum": 1, "nullable": True})
    def get_days_late(self, obj: Response) -> int | None:
        """``Response.days_late``."""
        return obj.days_late


class CorrectionEntrySerializer(serializers.ModelSerializer[Correction]):
    """A correction, update or clarification on ``/api/v1/corrections/``:
    what it says, when it was issued, and the record it concerns (exactly
    one of ``claim``, ``inquiry`` and ``response`` is set, as a reference
    object; the others are null). ``html_url`` is the note at the foot of the public page
    (a response's is on its inquiry's page)."""

    url = IdentityUrlField(view_name="api:correction-detail")
    html_url = serializers.SerializerMethodField()
    claim = ClaimRefSerializer(read_only=True, allow_null=True)
    inquiry = InquiryRefSerializer(read_only=True, allow_null=True)
    response = ResponseRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Correction
        fields = (
            "id",
            "url",
            "html_url",
            "kind",
            "text",
            "issued_at",
            "claim",
            "inquiry",
            "response",
        )
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_html_url(self, obj: Correction) -> str:
        """The corrected page's absolute URL, with ``#correction-<id>``."""
        path = f"{obj.get_absolute_url()}#correction-{obj.pk}"
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path
