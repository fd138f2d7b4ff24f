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

from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import viewsets
from rest_framework.filters import SearchFilter

from .. import clock, selectors
from . import serializers
from .filters import (
    CityFilterSet,
    ClaimFilterSet,
    InquiryFilterSet,
    ResponseFilterSet,
    StrictOrderingFilter,
)
from .params import reject_repeated_parameters

#: ``lookup_value_regex`` for slugs: the same characters as the public
#: pages' ``uslug`` converter (``articles.converters``), non-ASCII included.
SLUG_REGEX = r"[-\w]+"
#: ``lookup_value_regex`` for integer keys: at most 18 digits, so anything
#: that does not fit a 64-bit integer is a 404 from the URL resolver rather
#: than an overflow in the database.
PK_REGEX = r"[0-9]{1,18}"


class TrackerViewSet(viewsets.ReadOnlyModelViewSet):
    """Base for every resource: strict filters, search, strict ordering,
    and the request's single ``tracker_now`` instant."""

    filter_backends = [DjangoFilterBackend, SearchFilter, StrictOrderingFilter]

    def initial(self, request, *args, **kwargs):
        """Fix the instant at which this request judges deadline states;
        refuse a one-value parameter given twice (:mod:`.params`)."""
        clock.request_now(request)
        super().initial(request, *args, **kwargs)
        reject_repeated_parameters(request, self)

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
    ordering_fields = ["name", "state", "slug"]
    ordering = ["name", "state"]

    def get_queryset(self):
        return selectors.city_list(user=self.request.user)


class OrganizationViewSet(TrackerViewSet):
    """Police departments, agencies, city governments, newsrooms."""

    serializer_class = serializers.OrganizationSerializer
    lookup_field = "slug"
    lookup_value_regex = SLUG_REGEX
    search_fields = ["name"]
    ordering_fields = ["name", "kind", "slug"]
    ordering = ["name"]

    def get_queryset(self):
        return selectors.organization_list(user=self.request.user)


class PersonViewSet(TrackerViewSet):
    """People who speak: officials, spokespeople."""

    serializer_class = serializers.PersonSerializer
    lookup_field = "slug"
    lookup_value_regex = SLUG_REGEX
    search_fields = ["name", "title", "organization__name"]
    ordering_fields = ["name", "slug"]
    ordering = ["name"]

    def get_queryset(self):
        return selectors.person_list(user=self.request.user)


class SourceViewSet(TrackerViewSet):
    """Evidence: articles, statements, letters, documents. ``text`` is
    null unless the source is publishable (cited, not reprinted)."""

    serializer_class = serializers.SourceSerializer
    lookup_value_regex = PK_REGEX
    search_fields = ["title", "publisher__name"]
    ordering_fields = ["published_on", "title", "id"]
    ordering = ["-published_on", "title"]

    def get_queryset(self):
        return selectors.source_list(user=self.request.user)


class ClaimViewSet(TrackerViewSet):
    """Claims (readers: published ones) with their ratings, citations and
    corrections. A retracted claim is left out of the list; its address
    still answers, with ``publication: "retracted"``."""

    serializer_class = serializers.ClaimSerializer
    filterset_class = ClaimFilterSet
    lookup_field = "slug"
    lookup_value_regex = SLUG_REGEX
    search_fields = ["text", "claimant__name", "claimant_organization__name", "city__name"]
    ordering_fields = ["stated_on", "slug"]
    ordering = ["-stated_on", "slug"]

    def get_queryset(self):
        return selectors.claim_list(
            user=self.request.user, listed=self.action == "list", corrections=True
        )


class InquiryViewSet(TrackerViewSet):
    """Inquiries (readers: published ones) with response counts by status and
    their corrections. Filter by ``kind`` and ``sent_after``/``sent_before``;
    search by title. A retracted inquiry is left out of the list; its
    address still answers, with ``publication: "retracted"``."""

    serializer_class = serializers.InquirySerializer
    filterset_class = InquiryFilterSet
    lookup_field = "slug"
    lookup_value_regex = SLUG_REGEX
    search_fields = ["title", "requester__name"]
    ordering_fields = ["sent_on", "due_on", "title", "slug"]
    ordering = ["-sent_on", "title"]

    def get_queryset(self):
        return selectors.inquiry_list(
            user=self.request.user,
            at=clock.request_now(self.request),
            listed=self.action == "list",
            corrections=True,
        )


class ResponseViewSet(TrackerViewSet):
    """Responses (readers: to published inquiries). Filters: ``status`` (one or
    several), ``is_past_due``, ``is_overdue``, ``needs_check`` (true/false;
    ``overdue`` is an alias of ``is_overdue``), ``city``, ``state``,
    ``inquiry``, ``received_after``/``received_before``,
    ``as_of_after``/``as_of_before``; search by city name or inquiry title.
    Responses to a retracted inquiry are left out of the list; their
    addresses still answer."""

    serializer_class = serializers.ResponseSerializer
    filterset_class = ResponseFilterSet
    lookup_value_regex = PK_REGEX
    search_fields = ["city__name", "inquiry__title"]
    ordering_fields = [
        "as_of",
        "received_on",
        "acknowledged_on",
        "status",
        "city__name",
        "city__state",
        "inquiry__sent_on",
        "inquiry__due_on",
        "inquiry__title",
        "id",
    ]
    ordering = ["-inquiry__sent_on", "inquiry__title", "city__name", "city__state"]

    def get_queryset(self):
        return selectors.response_list_with_sources(
            user=self.request.user,
            at=clock.request_now(self.request),
            listed=self.action == "list",
            corrections=True,
        )


class CorrectionViewSet(TrackerViewSet):
    """Corrections, updates and clarifications (readers: of the records they
    may see), newest first, each naming the record it concerns. Search by
    text; order by ``issued_at`` or ``id``."""

    serializer_class = serializers.CorrectionEntrySerializer
    lookup_value_regex = PK_REGEX
    search_fields = ["text"]
    ordering_fields = ["issued_at", "id"]
    ordering = ["-issued_at", "-id"]

    def get_queryset(self):
        return selectors.correction_list(user=self.request.user)


@csrf_exempt
def not_found(request, *args, **kwargs):
    """JSON 404 for any path under ``/api/v1/`` that no route matches
    (including a primary key too long for ``PK_REGEX``), whatever the method."""
    return JsonResponse({"detail": "Not found."}, status=404)
