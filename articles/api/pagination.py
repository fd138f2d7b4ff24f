"""API pagination with a hard cap on page size, the instant each list was
judged at, counts cached per data generation, and a cursor for deep pages.

Two ways through a list (issue "Scale and production", item 1: "page 1,000
of a list within 2x of page 1"):

* ``?page=N`` (kept for data desks' scripts): an ``OFFSET``, so the
  database reads and drops every row before the page; page 1,000 of
  responses is slow at 100,000 rows.
* ``?cursor=`` (fast at any depth): a keyset. The cursor holds the sort
  values of the last row shown; the next page is the rows after them in
  the list's ordering (every ordering ends with the primary key, so no two
  rows tie), read with ``WHERE`` instead of ``OFFSET``. Every answer's
  ``Link: <...>; rel="next"`` header gives the cursor of the next page,
  ``?page=`` answers included, so a client can switch at any page.
"""

import base64
import binascii
import datetime
import hashlib
import json

from django.db.models import F, Q
from django.db.models.expressions import OrderBy
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from .. import clock
from ..counting import CachedCountPaginator


def evaluated_at(request) -> str:
    """The request's single instant (:func:`articles.clock.request_now`) in
    ISO 8601, UTC, with a ``Z``: ``2026-11-29T21:30:00.123456Z``."""
    at = clock.request_now(request).astimezone(datetime.UTC)
    return at.isoformat().replace("+00:00", "Z")


def _sort_keys(queryset) -> list[tuple[str, object, bool, bool]]:
    """``[(alias, expression, descending, nulls_last), ...]`` from the
    ordering of ``queryset`` (:func:`articles.api.filters.order_by_terms`
    gives ``OrderBy`` expressions; plain names such as ``"-id"`` are read
    as not null)."""
    keys = []
    for place, item in enumerate(queryset.query.order_by):
        if isinstance(item, str):
            descending = item.startswith("-")
            item = OrderBy(F(item.removeprefix("-")), descending=descending)
        if not isinstance(item, OrderBy):
            item = item.asc()
        keys.append((f"_cursor_{place}", item.expression, item.descending, bool(item.nulls_last)))
    return keys


def _encode_value(value):
    if isinstance(value, datetime.datetime):
        return {"t": value.isoformat()}
    if isinstance(value, datetime.date):
        return {"d": value.isoformat()}
    return value


def _decode_value(value):
    if isinstance(value, dict):
        if "t" in value:
            return datetime.datetime.fromisoformat(value["t"])
        return datetime.date.fromisoformat(value["d"])
    return value


def _after(keys, values) -> Q:
    """The rows after ``values`` in the order ``keys`` give: row > values
    lexicographically, NULLs last where the key says so."""
    condition = Q(pk__in=[])
    equal = Q()
    for (alias, _expression, descending, nulls_last), value in zip(keys, values, strict=True):
        if value is None:
            # Only NULLs tie with NULL, and nothing sorts after them.
            equal &= Q(**{f"{alias}__isnull": True})
            continue
        later = Q(**{f"{alias}__{'lt' if descending else 'gt'}": value})
        if nulls_last:
            later |= Q(**{f"{alias}__isnull": True})
        condition |= equal & later
        equal &= Q(**{alias: value})
    return condition


class CappedPageNumberPagination(PageNumberPagination):
    """``?page=N&page_size=K``: 50 per page by default, never more than 100.

    A ``page_size`` that is not a whole number from 1 to 100 is a 400
    naming ``page_size`` (the schema's minimum and maximum: a desk asking
    for 1,000 learns the cap instead of silently getting 100). A page past
    the end, or a ``page`` that is not a positive integer, is a 404 whose
    JSON body names the ``page`` parameter: ``{"page": ["Invalid page."]}``.

    The body: ``count``, ``next``, ``previous``, ``evaluated_at`` (the
    instant, ISO 8601 UTC, at which every row's derived states, such as a
    response's ``is_overdue`` or ``days_outstanding``, and the filters on
    them were judged: one per request) and ``results``. ``count`` is cached
    per data generation (:mod:`articles.counting`).

    ``?cursor=`` (module docstring) pages by keyset, fast at any depth:
    ``next`` (and the ``Link`` header) carry the following page's cursor,
    ``previous`` is null. A cursor is tied to its list's ordering; one
    that cannot be read, or was made for another ordering, is a 400 naming
    ``cursor``; ``cursor`` with ``page`` is a 400 too.
    """

    django_paginator_class = CachedCountPaginator
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 100
    cursor_query_param = "cursor"
    cursor_query_description = (
        "Keyset cursor from the Link header or `next` of a previous answer: fast at any "
        "depth (?page= reads and skips every earlier row). Tied to the ordering."
    )
    page_query_description = (
        "A page number (1-based). Slow deep in a long list: use the cursor in the "
        "Link header (`cursor`) to walk far."
    )

    def paginate_queryset(self, queryset, request, view=None):
        """As DRF's, but the 404 for a bad page is keyed by ``page``; with
        ``?cursor=``, the page after the cursor (keyset).

        Raises:
            rest_framework.exceptions.NotFound: ``{"page": ["Invalid page."]}``.
            rest_framework.exceptions.ValidationError: a bad ``cursor``, or
                ``cursor`` with ``page``.
        """
        self.request = request
        cursor = request.query_params.get(self.cursor_query_param)
        page = request.query_params.get(self.page_query_param, "")
        # An empty value counts as not given (the API's rule for every
        # parameter), except that ``?cursor=`` alone asks for the first page
        # in cursor mode.
        self.cursor_mode = cursor is not None and (cursor != "" or page == "")
        self.sort_keys = _sort_keys(queryset)
        self.signature = hashlib.sha256(
            repr([(str(e), d, n) for _a, e, d, n in self.sort_keys]).encode()
        ).hexdigest()[:12]
        keyed = queryset.annotate(**{alias: expr for alias, expr, _d, _n in self.sort_keys})
        self.next_values = None
        if self.cursor_mode:
            if page != "":
                raise ValidationError({self.cursor_query_param: ["Give cursor or page, not both."]})
            page_size = self.get_page_size(request)
            values = self._read_cursor(request.query_params[self.cursor_query_param])
            if values is not None:
                keyed = keyed.filter(_after(self.sort_keys, values))
            self.cursor_count = CachedCountPaginator(queryset, page_size).count
            rows = list(keyed[: page_size + 1])
            if len(rows) > page_size:
                rows = rows[:page_size]
                self.next_values = self._values_of(rows[-1])
            self.cursor_rows = rows
            return rows
        try:
            rows = super().paginate_queryset(keyed, request, view)
        except NotFound as exc:
            raise NotFound({self.page_query_param: [str(exc.detail)]}) from exc
        if rows and self.page.has_next():
            self.next_values = self._values_of(rows[-1])
        return rows

    def _values_of(self, row) -> list:
        return [getattr(row, alias) for alias, _e, _d, _n in self.sort_keys]

    def _make_cursor(self, values) -> str:
        body = json.dumps(
            {"o": self.signature, "v": [_encode_value(v) for v in values]},
            separators=(",", ":"),
        )
        return base64.urlsafe_b64encode(body.encode()).decode().rstrip("=")

    def _read_cursor(self, raw: str) -> list | None:
        """The sort values in ``raw`` (None: an empty cursor, the first page).

        Raises:
            rest_framework.exceptions.ValidationError: ``{"cursor": [...]}``.
        """
        if raw == "":
            return None
        try:
            body = json.loads(base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)))
            values = [_decode_value(v) for v in body["v"]]
            if body["o"] != self.signature or len(values) != len(self.sort_keys):
                raise ValueError("another ordering")
        except (ValueError, KeyError, TypeError, binascii.Error, AttributeError):
            raise ValidationError(
                {
                    self.cursor_query_param: [
                        "Invalid cursor: use the one in the Link header or `next` of an "
                        "answer with the same ordering, or an empty cursor for the first page."
                    ]
                }
            ) from None
        return values

    def get_cursor_link(self) -> str | None:
        """The next page's address with ``?cursor=`` (keyset), or None on
        the last page."""
        if self.next_values is None:
            return None
        url = remove_query_param(self.request.build_absolute_uri(), self.page_query_param)
        return replace_query_param(
            url, self.cursor_query_param, self._make_cursor(self.next_values)
        )

    def get_next_link(self):
        """``?page=N+1``, or in cursor mode the next cursor."""
        if self.cursor_mode:
            return self.get_cursor_link()
        return super().get_next_link()

    def get_previous_link(self):
        """``?page=N-1``; null in cursor mode (cursors go forward)."""
        if self.cursor_mode:
            return None
        return super().get_previous_link()

    def get_page_size(self, request):
        """The requested page size, or the default when none is given.

        Raises:
            rest_framework.exceptions.ValidationError: ``page_size`` is
                given but is not a whole number from 1 to ``max_page_size``.
        """
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None or raw == "":
            return self.page_size
        if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= self.max_page_size:
            raise ValidationError(
                {
                    self.page_size_query_param: [
                        f"Enter a whole number from 1 to {self.max_page_size}."
                    ]
                }
            )
        return int(raw)

    def get_paginated_response(self, data):
        """DRF's body with ``evaluated_at`` before ``results``; the next
        page's cursor in a ``Link: <...>; rel="next"`` header."""
        count = self.cursor_count if self.cursor_mode else self.page.paginator.count
        headers = {}
        cursor_link = self.get_cursor_link()
        if cursor_link is not None:
            headers["Link"] = f'<{cursor_link}>; rel="next"'
        return Response(
            {
                "count": count,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "evaluated_at": evaluated_at(self.request),
                "results": data,
            },
            headers=headers,
        )

    def get_schema_operation_parameters(self, view):
        """DRF's ``page`` and ``page_size``, and ``cursor``."""
        return [
            *super().get_schema_operation_parameters(view),
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": self.cursor_query_description,
                "schema": {"type": "string"},
            },
        ]

    def get_paginated_response_schema(self, schema):
        """DRF's schema with ``evaluated_at``."""
        result = super().get_paginated_response_schema(schema)
        properties = result["properties"]
        result["properties"] = {
            **{k: v for k, v in properties.items() if k != "results"},
            "evaluated_at": {
                "type": "string",
                "format": "date-time",
                "description": (
                    "The instant (UTC) at which the rows' derived states and the "
                    "filters on them were judged."
                ),
                "example": "2017-08-19T04:00:00Z",
            },
            "results": properties["results"],
        }
        result["required"] = [*result.get("required", []), "evaluated_at"]
        return result
