"""``/api/v1/changes/``: the changes feed (issue 8, item 7), so a partner can
mirror the tracker without re-reading everything.

``GET /api/v1/changes/?since=<cursor>&page_size=<n>`` answers::

    {
      "results": [
        {"id": 41, "at": "2026-11-29T21:40:03.120000Z", "action": "published",
         "kind": "claim", "record_id": 7, "slug": "davis-...",
         "url": "https://.../api/v1/claims/davis-.../"},
        ...
      ],
      "next": "https://.../api/v1/changes/?since=41",
      "more": false
    }

- ``since`` is the cursor: the ``id`` of the last entry read (0 or absent:
  from the start). Ids only grow and commit in order
  (:mod:`articles.changes`), so polling ``next`` never skips an entry.
  Anything but a whole number of at most 18 digits is a 400 naming ``since``.
- ``page_size``: 1 to 100 entries (default 50); anything else is a 400
  naming it, as on the other lists.
- ``next`` is where to continue (the same cursor when nothing is new);
  ``more`` says whether entries are already waiting there.
- ``action``: created, updated, published, retracted, corrected, deleted
  (:class:`articles.choices.ChangeAction`); ``kind`` and ``record_id``
  identify the record (its slug at the time when it has one), ``url`` its
  API address (by slug or id), to fetch its current state.
- Readers see only entries of records they may see now, and for claims,
  inquiries and what depends on them (responses, citations, corrections)
  only from their ``published`` entry on (``articles.selectors.change_list``).

One query per page, whatever its size (pinned in tests/api/test_changes.py).
Conditional GET, cache headers and throttling as for every list.
"""

from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny
from rest_framework.response import Response as ApiResponse

from .. import selectors
from ..choices import ChangeKind
from ..models import Change
from .caching import ConditionalGetMixin

#: Page sizes: default and cap.
PAGE_SIZE, MAX_PAGE_SIZE = 50, 100
#: Query parameters the feed reads; any other is a 400 naming it.
PARAMETERS = frozenset({"since", "page_size", "format"})
#: Route names and lookups of each kind's detail (articles/api/urls.py).
DETAIL_ROUTES = {
    ChangeKind.CITY: ("api:city-detail", "slug"),
    ChangeKind.ORGANIZATION: ("api:organization-detail", "slug"),
    ChangeKind.PERSON: ("api:person-detail", "slug"),
    ChangeKind.SOURCE: ("api:source-detail", "pk"),
    ChangeKind.CLAIM: ("api:claim-detail", "slug"),
    ChangeKind.INQUIRY: ("api:inquiry-detail", "slug"),
    ChangeKind.RESPONSE: ("api:response-detail", "pk"),
}


def _whole_number(request, name: str, default: int, *, maximum: int | None = None) -> int:
    """Query parameter ``name`` as a whole number (ASCII digits, at most 18
    of them), ``default`` when absent or empty.

    Raises:
        ValidationError: ``{name: ["..."]}`` for anything else.
    """
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 18):
        expected = (
            f"a whole number from 1 to {maximum}" if maximum else "the id of the last entry read"
        )
        raise ValidationError({name: [f"“{raw[:40]}” is not {expected}."]})
    return int(raw)


class ChangeSerializer(serializers.ModelSerializer):
    """One entry of the feed (module docstring)."""

    url = serializers.SerializerMethodField()
    slug = serializers.CharField(
        read_only=True,
        allow_null=True,
        help_text="The record's slug; null for records addressed by id (sources, responses, ...).",
    )

    class Meta:
        model = Change
        fields = ["id", "at", "action", "kind", "record_id", "slug", "url"]

    def to_representation(self, instance):
        """The entry, with ``slug`` null rather than empty (as in the
        reference objects of every other resource)."""
        data = super().to_representation(instance)
        data["slug"] = data["slug"] or None
        return data

    def get_url(self, obj: Change) -> str:
        """The record's API address (it may answer 404 once deleted)."""
        route, lookup = DETAIL_ROUTES[obj.kind]
        value = obj.slug if lookup == "slug" and obj.slug else obj.record_id
        if lookup == "slug" and not obj.slug:
            return ""
        path = reverse(route, kwargs={lookup: value})
        return self.context["request"].build_absolute_uri(path)


class ChangeFeedView(ConditionalGetMixin, GenericAPIView):
    """The changes feed: every create, update, publication, retraction,
    correction and deletion, oldest first, after the ``since`` cursor."""

    serializer_class = ChangeSerializer
    permission_classes = [AllowAny]
    pagination_class = None
    filter_backends = []

    def get_queryset(self):
        return selectors.change_list(user=self.request.user)

    @extend_schema(
        operation_id="changes_list",
        description=(
            "Every create, update, publication, retraction, correction and deletion "
            "after the cursor `since`, oldest first. Keep the last entry's `id` (or "
            "follow `next`) and poll: ids commit in order, so none is skipped. "
            "Readers see only records they may see now, and a claim's or inquiry's "
            "story from its `published` entry on."
        ),
        parameters=[
            OpenApiParameter(
                "since",
                {"type": "integer", "minimum": 0, "maximum": 10**18 - 1},
                description="Id of the last entry read; 0 or absent: from the start.",
            ),
            OpenApiParameter(
                "page_size",
                {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
                description=f"Entries per page, 1 to {MAX_PAGE_SIZE} (default {PAGE_SIZE}).",
            ),
        ],
        responses=inline_serializer(
            "ChangePage",
            fields={
                "results": ChangeSerializer(many=True),
                "next": serializers.URLField(help_text="Where to continue (same cursor if empty)."),
                "more": serializers.BooleanField(help_text="Entries already wait at next."),
            },
        ),
    )
    def get(self, request, *args, **kwargs):
        """A page of entries after ``since`` (module docstring)."""
        unknown = sorted(set(request.query_params) - PARAMETERS)
        if unknown:
            raise ValidationError(
                {
                    name: ["Unknown parameter; this endpoint reads since and page_size."]
                    for name in unknown
                }
            )
        since = _whole_number(request, "since", 0)
        size = _whole_number(request, "page_size", PAGE_SIZE, maximum=MAX_PAGE_SIZE)
        if not 1 <= size <= MAX_PAGE_SIZE:
            raise ValidationError(
                {"page_size": [f"Enter a whole number from 1 to {MAX_PAGE_SIZE}."]}
            )
        entries = list(selectors.change_list(user=request.user, since=since)[: size + 1])
        more = len(entries) > size
        entries = entries[:size]
        last = entries[-1].id if entries else since
        next_url = request.build_absolute_uri(f"{reverse('api:change-list')}?since={last}")
        if size != PAGE_SIZE:
            next_url += f"&page_size={size}"
        data = {
            "results": self.get_serializer(entries, many=True).data,
            "next": next_url,
            "more": more,
        }
        return ApiResponse(data)
