"""Read-only API viewsets under ``/api/v1/`` (DESIGN.md, "API").

Thin by design (STYLE.md): ``get_queryset()`` returns a selector's
queryset for ``request.user`` (the one visibility rule, ``visible_to(user)``:
a record the user may not see is a 404 like one that does not exist, and
the FilterSets' slug filters treat its slug as unknown), filtering is the
shared django-filter FilterSet, and the serializers are flat. Each list costs a
fixed number of queries whatever the number of rows (pinned in
``tests/api/test_query_counts.py``).

Deadline states are judged at one instant per request
(:func:`articles.clock.request_now`), fixed in :meth:`TrackerViewSet.initial`:
the ``is_past_due``/``is_overdue``/``needs_check`` filters, the inquiries'
counts and every response's fields of the same names agree.
"""

import functools

from django.db.models import Case, IntegerField, Value, When
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import viewsets
from rest_framework.renderers import JSONRenderer
from rest_framework.settings import api_settings

from .. import clock, deadlines, selectors, tallies
from ..choices import ResponseStatus
from . import serializers, writes
from .caching import ConditionalGetMixin
from .filters import (
    CityFilterSet,
    ClaimFilterSet,
    InquiryFilterSet,
    PublicOrderingFilter,
    ResponseFilterSet,
    StrictSearchFilter,
    reject_unknown_parameters,
)
from .params import reject_repeated_parameters
from .renderers import CSVRenderer

#: ``lookup_value_regex`` for slugs: the same characters as the public
#: pages' ``uslug`` converter (``articles.converters``), non-ASCII included.
SLUG_REGEX = r"[-\w]+"
#: ``lookup_value_regex`` for integer keys: at most 18 digits, so anything
#: that does not fit a 64-bit integer is a 404 from the URL resolver rather
#: than an overflow in the database.
PK_REGEX = r"[0-9]{1,18}"


#: Responses by status in the order of the workflow (pending, acknowledged,
#: received, declined), for ``?ordering=status``.
STATUS_ORDER = Case(
    *(When(status=value, then=Value(place)) for place, value in enumerate(ResponseStatus.values)),
    output_field=IntegerField(),
)


class TrackerViewSet(ConditionalGetMixin, viewsets.ReadOnlyModelViewSet):
    """Base for every resource: strict parameters and filters, capped search,
    ordering by public names, JSON/browsable/CSV renderings, and the
    request's single ``tracker_now`` instant.

    ``ordering_fields`` maps each public ordering name to database fields
    (see :class:`~articles.api.filters.PublicOrderingFilter`); ``ordering``
    is the default, in public names. Any query parameter outside
    :func:`~articles.api.filters.known_parameters` is a 400 naming it.
    """

    filter_backends = [DjangoFilterBackend, StrictSearchFilter, PublicOrderingFilter]
    renderer_classes = [*api_settings.DEFAULT_RENDERER_CLASSES, CSVRenderer]
    ordering_fields: dict[str, tuple] = {"id": ("id",)}

    def __init_subclass__(cls, **kwargs):
        """Make each resource's ``get_queryset`` build its selector's
        queryset once per request: DRF calls it twice (the model permission
        check reads ``.model`` from it, then the list or detail), and
        building a selector's visibility and deadline expressions is a
        noticeable part of a list's cost. Each call returns a fresh clone."""
        super().__init_subclass__(**kwargs)
        build = cls.__dict__.get("get_queryset")
        if build is None:
            return

        @functools.wraps(build)
        def get_queryset(self):
            built = self.__dict__.get("_tracker_queryset")
            if built is None:
                built = self.__dict__["_tracker_queryset"] = build(self)
            return built.all()

        cls.get_queryset = get_queryset

    def initial(self, request, *args, **kwargs):
        """Fix the instant at which this request judges deadline states,
        then refuse unknown query parameters (after authentication and
        content negotiation, so the 400 is rendered as asked), and a
        one-value parameter given twice (:mod:`.params`)."""
        clock.request_now(request)
        super().initial(request, *args, **kwargs)
        reject_unknown_parameters(request, self)
        reject_repeated_parameters(request, self)

    def finalize_response(self, request, response, *args, **kwargs):
        """A write's answer is JSON even when ``format=csv`` or ``Accept:
        text/csv`` was sent: CSV is a rendering of lists and records for
        reading, and the record a write returns is read as JSON."""
        if request.method not in ("GET", "HEAD", "OPTIONS") and isinstance(
            getattr(request, "accepted_renderer", None), CSVRenderer
        ):
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = JSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)

    def handle_exception(self, exc):
        """Errors are JSON whatever the client asked for (a CSV error body
        would be read as data)."""
        response = super().handle_exception(exc)
        if isinstance(getattr(self.request, "accepted_renderer", None), CSVRenderer):
            self.request.accepted_renderer = JSONRenderer()
            self.request.accepted_media_type = JSONRenderer.media_type
        return response

    def get_serializer_context(self):
        """DRF's context plus ``at``, the request's deadline instant."""
        context = super().get_serializer_context()
        context["at"] = clock.request_now(self.request)
        return context


class CityViewSet(TrackerViewSet):
    """Tracked cities. Filter by ``state``; search by name."""

    serializer_class = serializers.CitySerializer
    filterset_class = CityFilterSet
    lookup_field = "slug"
    lookup_value_regex = SLUG_REGEX
    search_fields = ["name", "slug"]
    ordering_fields = {
        "name": ("name", "state"),
        "state": ("state", "name"),
        "slug": ("slug",),
        "id": ("id",),
    }
    ordering = ["name"]

    def get_queryset(self):
        return selectors.city_list(user=self.request.user)


class OrganizationViewSet(TrackerViewSet):
    """Police departments, agencies, city governments, newsrooms."""

    serializer_class = serializers.OrganizationSerializer
    lookup_field = "slug"
    lookup_value_regex = SLUG_REGEX
    search_fields = ["name"]
    ordering_fields = {
        "name": ("name",),
        "kind": ("kind", "name"),
        "slug": ("slug",),
        "id": ("id",),
    }
    ordering = ["name"]

    def get_queryset(self):
        return selectors.organization_list(user=self.request.user)


class PersonViewSet(TrackerViewSet):
    """People who speak: officials, spokespeople."""

    serializer_class = serializers.PersonSerializer
    lookup_field = "slug"
    lookup_value_regex = SLUG_REGEX
    search_fields = ["name", "title", "organization__name"]
    ordering_fields = {"name": ("name",), "slug": ("slug",), "id": ("id",)}
    ordering = ["name"]

    def get_queryset(self):
        return selectors.person_list(user=self.request.user)


class SourceViewSet(writes.WriteMixin, TrackerViewSet):
    """Evidence: articles, statements, letters, documents. ``text`` is
    null unless the source is publishable (cited, not reprinted)."""

    serializer_class = serializers.SourceSerializer
    write_serializer_class = writes.SourceWriteSerializer
    lookup_value_regex = PK_REGEX
    search_fields = ["title", "publisher__name"]
    ordering_fields = {"published_on": ("published_on",), "title": ("title",), "id": ("id",)}
    ordering = ["-published_on", "title"]

    def get_queryset(self):
        return selectors.source_list(user=self.request.user)


class ClaimViewSet(writes.WriteMixin, TrackerViewSet):
    """Claims (readers: published ones) with their ratings, citations and
    corrections. A retracted claim is left out of the list; its address
    still answers, with ``publication: "retracted"``.

    ``?search=`` matches every word in the claim's text, a citation's
    quote, the claimant's (person or organization) name, or its city's
    name. ``?ordering=``: ``stated_on``, ``city`` (name, then state),
    ``claimant`` (person's name), ``slug``, ``id``; default
    ``-stated_on,slug``; NULLs last, ties broken by id."""

    serializer_class = serializers.ClaimSerializer
    write_serializer_class = writes.ClaimWriteSerializer
    filterset_class = ClaimFilterSet
    lookup_field = "slug"
    lookup_value_regex = SLUG_REGEX
    search_fields = [
        "text",
        "citations__quote",
        "claimant__name",
        "claimant_organization__name",
        "city__name",
    ]
    ordering_fields = {
        "stated_on": ("stated_on",),
        "city": ("city__name", "city__state"),
        "claimant": ("claimant__name",),
        "slug": ("slug",),
        "id": ("id",),
    }
    ordering = ["-stated_on", "slug"]

    def get_queryset(self):
        return selectors.claim_list(
            user=self.request.user, listed=self.action == "list", corrections=True
        )


class InquiryViewSet(writes.WriteMixin, TrackerViewSet):
    """Inquiries (readers: published ones) with response counts by status and
    their corrections. Filter by ``kind`` and ``sent_after``/``sent_before``;
    search by title. A retracted inquiry is left out of the list; its
    address still answers, with ``publication: "retracted"``."""

    serializer_class = serializers.InquirySerializer
    write_serializer_class = writes.InquiryWriteSerializer
    filterset_class = InquiryFilterSet
    lookup_field = "slug"
    lookup_value_regex = SLUG_REGEX
    search_fields = ["title", "requester__name"]
    ordering_fields = {
        "sent_on": ("sent_on",),
        "due_on": ("due_on",),
        "deadline": deadlines.deadline_order(inquiry=""),
        "title": ("title",),
        "slug": ("slug",),
        "id": ("id",),
    }
    ordering = ["-sent_on", "title"]

    def get_queryset(self):
        """Inquiries without counts: they are put on the rows shown
        (:meth:`paginate_queryset`, :meth:`get_object`) from
        :mod:`articles.tallies`, cached per data generation, instead of a
        join over every response of every inquiry."""
        return selectors.inquiry_list(
            user=self.request.user,
            at=clock.request_now(self.request),
            listed=self.action == "list",
            corrections=True,
            counts=False,
        )

    def paginate_queryset(self, queryset):
        """The page's inquiries, each with its counts (:func:`tallies.attach`)."""
        page = super().paginate_queryset(queryset)
        if page is None:
            return None
        return tallies.attach(page, clock.request_now(self.request))

    def get_object(self):
        """One inquiry, with its counts (:func:`tallies.attach`)."""
        inquiry = super().get_object()
        tallies.attach([inquiry], clock.request_now(self.request))
        return inquiry

    def _read_instance(self, pk):
        """The saved inquiry as ``GET`` reads it, with its counts."""
        inquiry = super()._read_instance(pk)
        tallies.attach([inquiry], clock.request_now(self.request))
        return inquiry


class ResponseViewSet(writes.WriteMixin, TrackerViewSet):
    """Responses (readers: to published inquiries). Filters: ``status`` (one or
    several), ``is_past_due``, ``is_overdue``, ``needs_check`` (true/false;
    ``overdue`` is an alias of ``is_overdue``), ``city``, ``state``,
    ``inquiry``, ``received_after``/``received_before``,
    ``as_of_after``/``as_of_before`` (``YYYY-MM-DD``). Responses to a
    retracted inquiry are left out of the list; their addresses still answer.

    ``?search=`` matches every word in the response's text or summary, the
    city's name, the inquiry's title, the respondent's or the answering
    organization's name.

    ``?ordering=`` (public names; ``-`` for descending; NULLs last; ties
    broken by id): ``city`` (name, then state), ``state`` (then city name),
    ``inquiry`` (title), ``received_on``, ``acknowledged_on``, ``as_of``,
    ``deadline`` (the instant the due day ends: ``due_on``, then the zone),
    ``due_on``, ``sent_on`` (the inquiry's), ``status`` (workflow order:
    pending, acknowledged, received, declined), ``id``. Default: ``-id``
    (newest first; the index answers it without sorting every row)."""

    serializer_class = serializers.ResponseSerializer
    write_serializer_class = writes.ResponseWriteSerializer
    filterset_class = ResponseFilterSet
    lookup_value_regex = PK_REGEX
    search_fields = [
        "text",
        "summary",
        "city__name",
        "inquiry__title",
        "respondent__name",
        "organization__name",
    ]
    ordering_fields = {
        "city": ("city__name", "city__state"),
        "state": ("city__state", "city__name"),
        "inquiry": ("inquiry__title",),
        "received_on": ("received_on",),
        "acknowledged_on": ("acknowledged_on",),
        "as_of": ("as_of",),
        "deadline": deadlines.deadline_order(inquiry="inquiry__"),
        "due_on": ("inquiry__due_on",),
        "sent_on": ("inquiry__sent_on",),
        "status": (STATUS_ORDER,),
        "id": ("id",),
    }
    #: Newest first, by id: the primary key's index gives the first page
    #: without sorting every row (at 100,000 responses, sorting by the
    #: inquiry's date, title and city costs a second a request on PostgreSQL;
    #: bench/api_ratio.py). ``?ordering=-sent_on,inquiry,city`` gives the
    #: pages' order.
    ordering = ["-id"]

    def get_queryset(self):
        return selectors.response_list_with_sources(
            user=self.request.user,
            at=clock.request_now(self.request),
            listed=self.action == "list",
            corrections=True,
        )


class CorrectionViewSet(writes.CreateMixin, TrackerViewSet):
    """Corrections, updates and clarifications (readers: of the records they
    may see), newest first, each naming the record it concerns. Search by
    text; order by ``issued_at`` or ``id``."""

    serializer_class = serializers.CorrectionEntrySerializer
    write_serializer_class = writes.CorrectionWriteSerializer
    lookup_value_regex = PK_REGEX
    search_fields = ["text"]
    ordering_fields = {"issued_at": ("issued_at",), "id": ("id",)}
    ordering = ["-issued_at", "-id"]

    def get_queryset(self):
        return selectors.correction_list(user=self.request.user)


class CitationViewSet(writes.WriteMixin, writes.CitationDeleteMixin, TrackerViewSet):
    """Citations (readers: of published claims): the claim, the source, the
    exact quote and the public note. Editors and reporters create and
    change them; ``DELETE`` only of a draft claim's citation."""

    serializer_class = writes.CitationEntrySerializer
    write_serializer_class = writes.CitationWriteSerializer
    lookup_value_regex = PK_REGEX
    search_fields = ["quote"]
    ordering_fields = {"id": ("id",)}
    ordering = ["id"]

    def get_queryset(self):
        return selectors.citation_list(user=self.request.user, listed=self.action == "list")


class JsonErrorsMixin:
    """Error answers in JSON whatever rendering was asked for: the schema
    view would render a 429 as YAML, the docs page as its HTML template."""

    def handle_exception(self, exc):
        """DRF's error response, rendered as JSON."""
        response = super().handle_exception(exc)
        self.request.accepted_renderer = JSONRenderer()
        self.request.accepted_media_type = JSONRenderer.media_type
        return response


class SchemaView(JsonErrorsMixin, SpectacularAPIView):
    """``/api/v1/schema/``: the OpenAPI document (YAML, or JSON with
    ``?format=json``); its errors (a 429) in JSON."""


class DocsView(JsonErrorsMixin, SpectacularSwaggerSplitView):
    """``/api/v1/docs/``: Swagger UI from drf-spectacular-sidecar's files;
    its errors (a 429) in JSON."""


@csrf_exempt
def not_found(request, *args, **kwargs):
    """JSON 404 for any path under ``/api/v1/`` that no route matches
    (including a primary key too long for ``PK_REGEX``), whatever the method."""
    return JsonResponse({"detail": "Not found."}, status=404)
