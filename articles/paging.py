"""Page numbers that cost the same on page 1 and page 1,000.

Issue "Scale and production", item 1: "page 1,000 of a list within 2× of
page 1"; "counts that do not scan the table (... cached and invalidated on
write)". A list ordered by a column of a joined table (the pending list:
the inquiry's deadline, then the city's name) cannot be read from an index:
PostgreSQL joins and sorts every matching row, and ``OFFSET 49,950`` sorts
and throws away fifty thousand of them.

:class:`SegmentedRows` splits such a list into *segments*, the runs of rows
that share the leading keys of its ordering (the responses of one
inquiry). One grouped query counts each segment, in list order, and that
tally is cached until the next write (:mod:`articles.freshness`). Then any
page is one query restricted to the few segments it overlaps, offset only
within the first of them: the cost of a page is bounded by the size of a
segment (an inquiry's places), not by its number or by the table. The
total, the page count and every page are exactly what ``Paginator`` over
the plain ordered queryset gives, provided the ordering is the segment
ordering followed by the order within a segment (the selectors guarantee
it; tests compare both).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from django.db.models import Count, Q, QuerySet

from . import freshness


class SegmentedRows:
    """A sliceable, countable stand-in for an ordered queryset, for
    :class:`django.core.paginator.Paginator`.

    Args:
        queryset: the list, filtered and ordered by ``segment_order`` then
            by an order within a segment that ends with a unique column.
        keys: the fields (lookups) a segment is grouped by, e.g.
            ``("inquiry__due_on", "inquiry__title", "inquiry_id")``.
        segment_order: the ordering of the grouped query: the leading terms
            of the queryset's own ordering, over ``keys`` (expressions such
            as ``F("inquiry__due_on").asc(nulls_last=True)`` allowed).
        identity: the keys that identify a segment (a subset of ``keys``,
            e.g. ``("inquiry_id",)``), used to restrict a page's query.
        name: what the list is, for the cache key (with the SQL).

    Slicing returns a list of model instances; ``count()`` an int. Neither
    raises for an index past the end (an empty list).
    """

    def __init__(
        self,
        queryset: QuerySet,
        *,
        keys: Sequence[str],
        segment_order: Sequence,
        identity: Sequence[str],
        name: str,
    ) -> None:
        self.queryset = queryset
        self.keys = tuple(keys)
        self.segment_order = tuple(segment_order)
        self.identity = tuple(identity)
        self.name = name
        self._segments: list[tuple[tuple, int]] | None = None

    def _grouped(self) -> QuerySet:
        return (
            self.queryset.order_by()
            .prefetch_related(None)
            .values_list(*self.keys)
            .annotate(_segment_rows=Count("pk"))
            .order_by(*self.segment_order)
        )

    def segments(self) -> list[tuple[tuple, int]]:
        """``[(identity values, row count), ...]`` in list order: one grouped
        query, cached under the data generation and the query's SQL."""
        if self._segments is None:
            grouped = self._grouped()
            sql, params = grouped.query.sql_with_params()
            digest = hashlib.sha256(repr((sql, params)).encode()).hexdigest()[:32]
            positions = [self.keys.index(key) for key in self.identity]

            def compute() -> list[tuple[tuple, int]]:
                return [(tuple(row[i] for i in positions), row[-1]) for row in grouped.iterator()]

            self._segments = freshness.cached(f"segments:{self.name}:{digest}", compute)
        return self._segments

    def count(self) -> int:
        """The number of rows in the list (from the cached tally)."""
        return sum(rows for _, rows in self.segments())

    def __len__(self) -> int:
        return self.count()

    def _segment_q(self, values: tuple) -> Q:
        condition = Q()
        for key, value in zip(self.identity, values, strict=True):
            condition &= Q(**{f"{key}__isnull": True}) if value is None else Q(**{key: value})
        return condition

    def __getitem__(self, index):
        if not isinstance(index, slice) or index.step not in (None, 1):
            raise TypeError("SegmentedRows takes a slice with no step, e.g. rows[0:50].")
        start = index.start or 0
        stop = index.stop if index.stop is not None else self.count()
        if start < 0 or stop < 0:
            raise ValueError("SegmentedRows takes no negative index.")
        if stop <= start:
            return []
        before = 0  # rows in the segments before the first one kept
        first_start = None
        overlapping = Q()
        seen = 0
        for values, rows in self.segments():
            if seen + rows > start and seen < stop:
                if first_start is None:
                    first_start = seen
                overlapping |= self._segment_q(values)
            seen += rows
            if seen >= stop:
                break
        if first_start is None:
            return []
        before = first_start
        return list(self.queryset.filter(overlapping)[start - before : stop - before])
