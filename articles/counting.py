"""List counts that do not scan the table on every request.

Issue "Scale and production", item 1: at 100,000 responses the paginator's
``COUNT(*)`` alone costs about 90 ms a request on PostgreSQL. A list's count
only changes when the data does, so :func:`cached_count` keeps it in the
default cache (Redis in production) under the data generation
(:mod:`articles.freshness`: every committed write moves it, on every app
server) and the query's own SQL and parameters: the same list with the
same filters is counted once per generation.

Deadline filters are judged at the request's instant, but their SQL
carries only the calendar date in each deadline zone
(:func:`articles.deadlines.local_dates_by_zone`), never the instant, so
the key changes when a day changes somewhere, not every request.

:class:`CachedCountPaginator` is Django's ``Paginator`` with this count,
for the pages and (as ``django_paginator_class``) the API.
"""

from __future__ import annotations

import contextlib
import hashlib

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

from . import freshness

#: Seconds a count is kept at most (a write moves the generation first).
TIMEOUT = 3600
_PREFIX = "tracker:count"


#: Kept here for callers of this module; the rule lives in :mod:`articles.freshness`.
writes_pending = freshness.writes_pending


def count_key(queryset: QuerySet, generation: int) -> str:
    """The cache key of ``queryset``'s count: the generation, the database
    alias, and a SHA-256 of the SQL with its parameters (the ordering does
    not change a count, so it is dropped first).

    Raises:
        django.core.exceptions.EmptyResultSet: never; an empty ``IN ()``
            compiles to a key of its own.
    """
    query = queryset.query.clone()
    query.clear_ordering(force=True)
    try:
        sql, params = query.sql_with_params()
    except Exception:  # noqa: BLE001 - EmptyResultSet and the like: a key of its own
        sql, params = "EMPTY:" + str(query.where), ()
    digest = hashlib.sha256(repr((queryset.db, sql, tuple(params))).encode()).hexdigest()
    return f"{_PREFIX}:{generation}:{digest}"


def cached_count(queryset: QuerySet) -> int:
    """``queryset.count()``, from the cache when this generation has counted
    the same query before.

    Args:
        queryset: any QuerySet (the rows a list pages through).

    Returns:
        The number of rows (an int). The generation is read before the
        database (:mod:`articles.freshness`, "Order"). A cache that cannot
        be reached, or a connection with uncommitted writes
        or no shared cache (:func:`articles.freshness.read_around`), is read around: the count then comes from
        the database.
    """
    if freshness.read_around(queryset.db):
        return queryset.count()
    try:
        key = count_key(queryset, freshness.current())
        value = cache.get(key)
    except Exception:  # noqa: BLE001 - a cache outage must not fail a page
        return queryset.count()
    if value is not None:
        return int(value)
    value = queryset.count()
    with contextlib.suppress(Exception):  # not caching is safe
        cache.set(key, value, timeout=TIMEOUT)
    return value


class CachedCountPaginator(Paginator):
    """Django's ``Paginator`` whose ``count`` comes from :func:`cached_count`
    when ``object_list`` is a QuerySet (a list is counted with ``len``)."""

    @cached_property
    def count(self) -> int:
        """The total number of rows, across all pages."""
        if isinstance(self.object_list, QuerySet):
            return cached_count(self.object_list)
        return len(self.object_list)
