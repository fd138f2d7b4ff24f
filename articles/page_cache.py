"""The shared page cache: anonymous pages and API reads from the cache (Redis
in production), conditional GET without the database, invalidation on write.

Issue "Scale and production", item 2: "anonymous page views and API reads
served from the shared Redis cache [...]; conditional GET answers 304
without touching the database. An editor's change is visible to readers on
every app server at the very next request: invalidation on write, not only
a timeout."

**The key and the generation.** An entry is stored under
``page:<clock>:<digest>`` and holds the data generation
(:func:`articles.freshness.current`) read *before* the view read the
database; it answers only while that is still the current generation.
Every committed write moves the generation, so the next request on any
app server sharing the cache misses and renders afresh (nothing is
deleted; entries expire after :data:`DEFAULT_TIMEOUT`). The generation and
the entry are read together, one ``get_many`` (one Redis ``MGET``): a hit
costs one round trip to the cache and no query.

- *clock*: :func:`articles.freshness.clock_key`, which day it is in the
  newsroom's zone and in each deadline zone. Pages show deadline states
  (a response turns past due at midnight in its inquiry's zone with no
  write at all) and day counts, all functions of those days, so an answer
  is never reused after one of those days has turned, and is not rendered
  again every minute either (every page missing at once on the minute
  showed as 2-second p99s under load);
- *digest*: SHA-256 of the scheme, the host, the path with its query
  string and the ``Accept`` header (the API's ``Accept: text/csv``). A
  response that varies on any other header (``Vary`` beyond ``Accept``,
  ``Cookie``, ``Authorization``) is not stored.

**What is served from the cache.** GET and HEAD (HEAD from the GET's
entry, without the body) of anonymous readers: a request carrying the
session cookie, the messages cookie or an ``Authorization`` header goes
straight to the view, so editors always see live pages (drafts, banners).
Never ``/admin/``, ``/healthz``, ``/readyz`` (:data:`EXCLUDED_PREFIXES`),
nor the path prefixes in ``settings.PAGE_CACHE_EXCLUDE``.

**What is stored.** A GET's answer with status 200 or 404, not streamed,
that sets no cookie (a page that used the CSRF token sets one), did not
use a CSP nonce, is not ``Cache-Control: private`` or ``no-store``, and
was made for a user who is not signed in. Stored as a plain tuple
(generation, status, headers, body bytes): one pickle of bytes, not of a
response object.

**A copy in each process.** Each app process keeps the entries it served
(:class:`LocalCopies`, at most ``PAGE_CACHE_LOCAL_BYTES``, 64 MiB) with
their generation. While it has one, a hit reads only the generation from
the shared cache (a few bytes, still one round trip, still checked at every
request, so a write is seen at once) instead of the whole body again: a
2.5 MB inquiry page is not copied out of Redis at every request.

**Conditional GET.** Every stored answer has an ``ETag``: the API's own
(:mod:`articles.api.caching`, a digest of the data) or, for pages, a
strong tag of the body's SHA-256. ``If-None-Match`` matching the cached
answer's tag (weak comparison, RFC 9110 13.1.2) gets ``304`` at once,
from the same single cache read and no query. On a miss the request's
``If-None-Match`` is held back from the view, so the full answer is
rendered and stored, then compared here.

**Cache-Control for browsers.** A page without its own ``Cache-Control``
gets ``no-cache``: a browser or proxy may keep it but must revalidate at
every use, which costs a 304 from this cache; a ``max-age`` would let a
browser show a page from before an editor's change. Answers that choose
their own (the API's ``public, max-age=API_CACHE_MAX_AGE``, feeds, embeds)
keep it: that is their documented contract (README, "Caching").

**Off.** On by default only with a shared cache (``CACHE_URL``): the
local-memory fallback is one per process, and a write in one worker would
not move the others' generation. ``PAGE_CACHE=off`` in the environment
(``settings.PAGE_CACHE`` False) makes the middleware pass every request
through untouched: no cache, no page ``ETag`` (benchmarks of the uncached
pages; the test settings, where writes in rolled-back test transactions
never move the generation). A cache that cannot be reached is logged and the page is
rendered from the database, never a 500.

Placed before ``SessionMiddleware`` and everything that may query the
database (``PrivateForEditorsMiddleware``, authentication), after the
request guards and WhiteNoise (``factcheck/settings.py``).
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_cache_control

from . import clock, freshness
from .api.caching import NOT_MODIFIED_HEADERS, if_none_match_matches

logger = logging.getLogger(__name__)

#: Paths never answered from or stored in the cache.
EXCLUDED_PREFIXES = ("/admin/", "/healthz", "/readyz")
#: Statuses stored (a 404 for a missing slug is as cheap to serve as a page).
STORED_STATUSES = frozenset({200, 404})
#: ``Vary`` values a stored answer may name: the key holds ``Accept``, and
#: requests with a session cookie or ``Authorization`` never use the cache.
ALLOWED_VARY = frozenset({"accept", "cookie", "authorization"})
#: Seconds an entry lives; a write or a new day retires it sooner.
DEFAULT_TIMEOUT = 90
#: Seconds a render lock lives if its holder never releases it.
LOCK_SECONDS = 30
#: Suffix of a key's render lock.
LOCK_SUFFIX = ":lock"
#: Default of ``settings.PAGE_CACHE_WAIT_SECONDS``: the longest wait for
#: another request's render before rendering too.
DEFAULT_WAIT = 10.0
#: Default of ``settings.PAGE_CACHE_LOCAL_BYTES``: bodies kept per process.
DEFAULT_LOCAL_BYTES = 64 * 1024 * 1024
#: Seconds between two looks for another request's entry.
POLL_SECONDS = 0.05
#: Response header telling whether the cache answered: ``hit`` or ``miss``.
STATUS_HEADER = "X-Page-Cache"
_COMMA = re.compile(r"\s*,\s*")


def enabled() -> bool:
    """Whether the page cache is on (``settings.PAGE_CACHE``, default True)."""
    return bool(getattr(settings, "PAGE_CACHE", True))


def _clock() -> str:
    """The clock's part of the key (:func:`articles.freshness.clock_key`)."""
    return freshness.clock_key(clock.now())


def request_is_cacheable(request: HttpRequest) -> bool:
    """Whether ``request`` may be answered from the cache: GET or HEAD, no
    session or messages cookie, no ``Authorization``, not an excluded path
    (:data:`EXCLUDED_PREFIXES`, ``settings.PAGE_CACHE_EXCLUDE``).
    Reads only the request (no query, no cache call)."""
    if request.method not in ("GET", "HEAD"):
        return False
    if request.path.startswith(EXCLUDED_PREFIXES + tuple(settings.PAGE_CACHE_EXCLUDE)):
        return False
    if "authorization" in request.headers:
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies:
        return False
    return getattr(settings, "MESSAGES_COOKIE_NAME", "messages") not in cookies


def page_key(request: HttpRequest, day: str) -> str | None:
    """The cache key of ``request``'s answer (module docstring), or None
    when the request's host is not allowed (the view answers 400 itself).

    Args:
        request: an anonymous GET or HEAD.
        day: :func:`articles.freshness.clock_key` at the request's instant.
    """
    try:
        host = request.get_host()
    except Exception:  # noqa: BLE001 - DisallowedHost and friends: not cached
        return None
    parts = (
        request.scheme,
        host,
        request.get_full_path(),
        request.headers.get("accept", ""),
    )
    digest = hashlib.sha256("\n".join(parts).encode("utf-8", "surrogateescape")).hexdigest()
    return f"page:{day}:{digest[:32]}"


def _cache_control(response: HttpResponse) -> set[str]:
    """The directive names of ``response``'s ``Cache-Control``, lower case."""
    header = response.get("Cache-Control", "")
    return {part.split("=", 1)[0].strip().lower() for part in _COMMA.split(header) if part}


def response_is_storable(request: HttpRequest, response: HttpResponse) -> bool:
    """Whether ``response`` to the anonymous GET ``request`` may be stored
    (module docstring, "What is stored")."""
    if request.method != "GET" or response.status_code not in STORED_STATUSES:
        return False
    if response.streaming or response.cookies:
        return False
    if {"private", "no-store"} & _cache_control(response):
        return False
    vary = {v.strip().lower() for v in _COMMA.split(response.get("Vary", "")) if v.strip()}
    if not vary <= ALLOWED_VARY:
        return False
    if getattr(request, "_csp_nonce", None):  # a generated nonce is per response
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


def _not_modified(headers: dict[str, str]) -> HttpResponseNotModified:
    """A bodiless 304 repeating the 200's validators and cache headers."""
    response = HttpResponseNotModified()
    for name in NOT_MODIFIED_HEADERS:
        if name in headers:
            response[name] = headers[name]
    return response


def _condition_met(request: HttpRequest, status: int, etag: str | None) -> bool:
    """Whether ``request``'s ``If-None-Match`` matches ``etag`` of a 200."""
    condition = request.headers.get("if-none-match")
    return (
        status == 200
        and condition is not None
        and etag is not None
        and if_none_match_matches(condition, etag)
    )


def _answer(request: HttpRequest, entry: tuple) -> HttpResponse:
    """The response for ``request`` from a stored ``(generation, status,
    headers, body)``: a 304 when ``If-None-Match`` matches, else the
    answer (bodiless for HEAD, ``Content-Length`` kept)."""
    _generation, status, headers, body = entry
    if _condition_met(request, status, headers.get("ETag")):
        response = _not_modified(headers)
    else:
        response = HttpResponse(
            b"" if request.method == "HEAD" else body, status=status, headers=headers
        )
    response[STATUS_HEADER] = "hit"
    return response


class LocalCopies:
    """The entries this process served, by key, in the order they were put
    (oldest first); at most ``settings.PAGE_CACHE_LOCAL_BYTES`` of bodies
    (default :data:`DEFAULT_LOCAL_BYTES`; 0 keeps none). Entries of an
    earlier day (clock key) are dropped whenever one is put. Thread-safe: puts take
    a lock; a get is one dictionary lookup."""

    def __init__(self) -> None:
        self._entries: dict[str, tuple] = {}
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: str) -> tuple | None:
        """The entry kept under ``key``, or None."""
        return self._entries.get(key)

    def put(self, key: str, entry: tuple) -> None:
        """Keep ``entry`` (``(generation, status, headers, body)``) under ``key``."""
        limit = int(getattr(settings, "PAGE_CACHE_LOCAL_BYTES", DEFAULT_LOCAL_BYTES))
        size = len(entry[3])
        if size > limit:
            return
        day = key.split(":", 2)[1]
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self._bytes -= len(old[3])
            for other in [k for k in self._entries if k.split(":", 2)[1] != day]:
                self._bytes -= len(self._entries.pop(other)[3])
            while self._entries and self._bytes + size > limit:
                oldest = next(iter(self._entries))
                self._bytes -= len(self._entries.pop(oldest)[3])
            self._entries[key] = entry
            self._bytes += size

    def clear(self) -> None:
        """Forget every entry."""
        with self._lock:
            self._entries.clear()
            self._bytes = 0


#: This process's copies (module docstring, "A copy in each process").
LOCAL = LocalCopies()


def _lock_key(key: str, generation: int) -> str:
    """The render lock of ``key`` for one data generation."""
    return f"{key}{LOCK_SUFFIX}:{generation}"


def _wait_seconds() -> float:
    """Longest a request waits for another one rendering the same page
    (``settings.PAGE_CACHE_WAIT_SECONDS``, default :data:`DEFAULT_WAIT`)."""
    return float(getattr(settings, "PAGE_CACHE_WAIT_SECONDS", DEFAULT_WAIT))


class PageCacheMiddleware:
    """Answer anonymous GET and HEAD from the shared cache; store what the
    view renders; answer ``If-None-Match`` with a 304 (module docstring).

    **One render per miss.** When a key misses (a write, a new day),
    the first request takes a lock in the cache (``<key>:lock:<generation>``, an
    ``add``, so one app server wins) and renders; the others poll for its
    entry every :data:`POLL_SECONDS` instead of all rendering the same
    page at once (a 2.5 MB inquiry page takes seconds under load). A
    waiter renders itself when the lock is released without an entry (an
    answer that may not be stored) or after ``PAGE_CACHE_WAIT_SECONDS``;
    a lock left by a dead worker expires after :data:`LOCK_SECONDS`.

    Shared by all threads of a process: nothing per request is kept on
    ``self``.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        """The cached answer when there is one, else the view's, stored."""
        if not enabled() or not request_is_cacheable(request):
            return self.get_response(request)
        try:
            key = page_key(request, _clock())
            if key is None:
                return self.get_response(request)
            local = LOCAL.get(key)
            if local is not None:  # only the generation from the shared cache
                generation = cache.get(freshness.KEY)
                entry = None
            else:  # the generation and the entry in one round trip
                found = cache.get_many([freshness.KEY, key])
                generation, entry = found.get(freshness.KEY), found.get(key)
            if generation is None:  # the cache forgot it: start a new one
                generation = freshness.current()
            if local is not None and local[0] == generation:
                return _answer(request, local)
            if local is not None:  # a write since: perhaps another server rendered it
                entry = cache.get(key)
            held = False
            if entry is None or entry[0] != generation:
                entry, held = self._lock_or_wait(key, generation)
            if entry is not None:
                LOCAL.put(key, entry)
        except Exception:  # noqa: BLE001 - a cache that is down: serve from the database
            logger.warning("page cache unavailable; serving uncached", exc_info=True)
            return self.get_response(request)
        if entry is not None:
            return _answer(request, entry)
        try:
            return self._render(request, key, generation)
        finally:
            if held:
                try:
                    cache.delete(_lock_key(key, generation))
                except Exception:  # noqa: BLE001 - the lock expires on its own
                    logger.warning("page cache unavailable; lock left to expire", exc_info=True)

    def _lock_or_wait(self, key: str, generation: int) -> tuple[tuple | None, bool]:
        """``(entry, False)`` when another request stored ``key`` for this
        generation (or a later one) meanwhile; ``(None, True)`` once this
        request holds the render lock; ``(None, False)`` after waiting
        ``PAGE_CACHE_WAIT_SECONDS`` in vain."""
        lock = _lock_key(key, generation)
        deadline = time.monotonic() + _wait_seconds()
        while not cache.add(lock, 1, LOCK_SECONDS):
            if time.monotonic() >= deadline:
                return None, False
            time.sleep(POLL_SECONDS)
            found = cache.get_many([key, lock])
            entry = found.get(key)
            if entry is not None and entry[0] >= generation:
                return entry, False
            # Neither entry nor lock: the holder stored nothing; take the lock.
        return None, True

    def _render(self, request: HttpRequest, key: str, generation: int) -> HttpResponse:
        """The view's full answer (no 304 from the view), stored when it
        may be, then the request's condition answered here."""
        condition = request.META.pop("HTTP_IF_NONE_MATCH", None)
        request.__dict__.pop("headers", None)  # a cached copy of META (cached_property)
        response = self.get_response(request)
        if condition is not None:
            request.META["HTTP_IF_NONE_MATCH"] = condition
            request.__dict__.pop("headers", None)
        if not response_is_storable(request, response):
            if _condition_met(request, response.status_code, response.get("ETag")):
                return _not_modified(dict(response.items()))
            return response
        return self._store(request, response, key, generation)

    def _store(
        self, request: HttpRequest, response: HttpResponse, key: str, generation: int
    ) -> HttpResponse:
        """Give ``response`` its ``ETag`` and ``Cache-Control`` if it has
        none, store it under ``key`` with the ``generation`` read before the
        view ran, and answer ``request`` from it."""
        body = response.content
        if not response.has_header("ETag"):
            response["ETag"] = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
        if not response.has_header("Cache-Control"):
            patch_cache_control(response, no_cache=True)
        entry = (generation, response.status_code, dict(response.items()), body)
        timeout = int(getattr(settings, "PAGE_CACHE_SECONDS", DEFAULT_TIMEOUT))
        LOCAL.put(key, entry)
        try:
            cache.set(key, entry, timeout)
        except Exception:  # noqa: BLE001 - the page is good; only the next reader pays
            logger.warning("page cache unavailable; not stored", exc_info=True)
        if _condition_met(request, response.status_code, response["ETag"]):
            response = _not_modified(entry[2])
        response[STATUS_HEADER] = "miss"
        return response
