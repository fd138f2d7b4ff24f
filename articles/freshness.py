"""The data generation: one number, in the shared cache, that every write moves.

Issue "Scale and production", item 2: "An editor's change is visible to
readers on every app server at the very next request: invalidation on
write, not only a timeout." Everything cached from the database (anonymous
pages and API answers, list counts, per-inquiry tallies) is keyed on
:func:`current`; a committed write calls :func:`bump`, so every app server
that shares the cache (Redis in production, ``CACHE_URL``) misses at its
next request and reads the database again. Nothing is deleted: old entries
are simply never asked for again and expire on their own timeout.

**Order.** A reader takes the generation *before* it reads the database; a
writer bumps *after* its transaction commits (``transaction.on_commit``),
and until then reads around the cache (:func:`writes_pending`). Whatever
interleaving, an answer stored under generation *g* was read after *g*
began, or is stored under a number no one asks for any more.

**What counts as a write.** ``post_save``, ``post_delete`` and
``m2m_changed`` of every model of the ``articles`` app (historical records
included, which is harmless): the services, the admin through them, the
API, the seed and the importers all save through the ORM. A
``QuerySet.update()``, a raw SQL write or ``manage.py restore`` must call
:func:`bump` itself (``restore`` does).

**A cache that forgot.** Redis restarted, or the key evicted: the next
read starts a new generation from the clock in nanoseconds, larger than
any number handed out before, so an old entry can never come back.
"""

from __future__ import annotations

import contextlib
import hashlib
import time

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

KEY = "tracker:generation"


def _fresh() -> int:
    """A generation larger than any handed out before: the clock in ns."""
    return time.time_ns()


def current() -> int:
    """The current data generation (an int). One cache round trip; never
    raises for a missing key (starts a new generation). A cache that
    cannot be reached raises what the backend raises (callers that serve
    pages treat that as "do not cache")."""
    value = cache.get(KEY)
    if value is None:
        value = _fresh()
        # add(): if another server started one at the same moment, use theirs.
        if not cache.add(KEY, value, timeout=None):
            value = cache.get(KEY, value)
    return int(value)


def bump() -> int:
    """Start a new generation now (not waiting for a transaction): every
    cached answer keyed on the old one is no longer used. Returns the new
    number. Called after commit by the signal receivers below; call it
    yourself after writes that send no signal."""
    try:
        return cache.incr(KEY)
    except ValueError:  # the key was gone: start from the clock
        value = _fresh()
        cache.set(KEY, value, timeout=None)
        return value


def bump_on_commit(**kwargs) -> None:
    """Signal receiver: :func:`bump` once the current transaction commits
    (at once outside one, where the write is already committed). Several
    writes in one transaction bump once: the bump is queued only if it is
    not already waiting on this connection (a rolled-back savepoint or
    transaction drops it with the rest). Until then the writing connection
    reads around the cache (:func:`writes_pending`)."""
    using = kwargs.get("using")
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        bump()
    elif not any(entry[1] is bump for entry in connection.run_on_commit):
        transaction.on_commit(bump, using=using)


def connect() -> None:
    """Connect the receivers for every model of the ``articles`` app
    (called from ``ArticlesConfig.ready``)."""
    for model in apps.get_app_config("articles").get_models():
        uid = f"freshness:{model._meta.label}"
        post_save.connect(bump_on_commit, sender=model, dispatch_uid=uid + ":save")
        post_delete.connect(bump_on_commit, sender=model, dispatch_uid=uid + ":delete")
    m2m_changed.connect(bump_on_commit, dispatch_uid="freshness:m2m")


def writes_pending(using: str | None = None) -> bool:
    """Whether this connection has written in a transaction not yet
    committed (an after-commit :func:`bump` is waiting on it).

    Such a connection sees rows nobody else sees yet: it must neither read
    the shared cache (stale for it) nor fill it (other servers would be
    given uncommitted rows, and a rollback sends no bump to retire them).
    Callers then read the database directly. Every test inside Django's
    per-test transaction is such a connection once it has written.
    """
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        return False
    return any(entry[1] is bump for entry in connection.run_on_commit)


def read_around(using: str | None = None) -> bool:
    """Whether values derived from the database must be read from it, not
    from the cache: this connection has uncommitted writes
    (:func:`writes_pending`), or the cache is not shared by every process
    that writes (``settings.DERIVED_CACHE`` off, the default without
    ``CACHE_URL``: with the local-memory cache each gunicorn worker has its
    own generation, and a write in one would not retire another's counts).
    """
    if not getattr(settings, "DERIVED_CACHE", True):
        return True
    return writes_pending(using)


def cached(name: str, compute, *, timeout: int = 3600):
    """``compute()``'s value, kept in the default cache under the current
    generation, so the next committed write makes it be computed again.

    Args:
        name: what the value is and every input it depends on (e.g.
            ``"states:open:public"``); plain text, at most ~200 characters.
        compute: a function of no arguments returning something picklable.
        timeout: seconds the entry may live (a bound on memory, not on
            staleness: staleness is ended by the next write).

    A cache that cannot be reached is not an error here: the value is
    computed and returned uncached; so is a value asked for on a connection
    with uncommitted writes, or without a shared cache (:func:`read_around`).
    """
    if read_around():
        return compute()
    try:
        key = f"{KEY}:{current()}:{name}"
        value = cache.get(key)
    except Exception:  # noqa: BLE001 (a cache outage must not take pages down)
        return compute()
    if value is None:
        value = compute()
        with contextlib.suppress(Exception):  # an outage: serve it uncached
            cache.set(key, value, timeout=timeout)
    return value


def clock_key(at=None) -> str:
    """What the clock contributes to a cached page: a short digest of
    today's date in the newsroom's zone and in every zone a deadline may be
    kept in (:data:`articles.deadlines.DEADLINE_TIME_ZONES`, which a
    database constraint enforces).

    Every time-dependent word the tracker prints is a function of those
    dates: a deadline ends when its due day ends in its own zone
    (:mod:`articles.deadlines`), days overdue and days to respond are
    counted in days, and "today" on the pages is the newsroom's. So a
    cached page stays exact until one of those days turns (a few times a
    night, as midnight crosses the zones) instead of being rendered again
    every minute: a minute-keyed cache made every page miss at once on the
    minute, which a load test saw as 2-second p99s.

    Args:
        at: an aware datetime (default now, :func:`articles.clock.now`).

    No query and no cache read.
    """
    from . import clock, deadlines

    at = at or clock.now()
    zones = [clock.newsroom_zone()] + [
        deadlines.zone(name) for name in sorted(deadlines.DEADLINE_TIME_ZONE_NAMES)
    ]
    # Zone by zone, in a fixed order: which zone is on which day.
    text = ",".join(at.astimezone(zone).date().isoformat() for zone in zones)
    return hashlib.sha256(text.encode()).hexdigest()[:12]
