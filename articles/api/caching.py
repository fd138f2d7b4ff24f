"""Conditional GET and cache headers for every API resource and list
(issue 8, item 6: "Conditional GET (``ETag``/``Last-Modified``, 304 on an
unchanged resource or list), ``Cache-Control`` fitting public data").

Applied once, on the base viewset (:class:`ConditionalGetMixin` is a base
of ``articles.api.views.TrackerViewSet``), to GET and HEAD answers of 200
only; writes and their ``If-Match`` are another concern.

**ETag.** The formats of :mod:`articles.api.etags`: a resource's strong
``"<version>.<digest>"`` (its row's optimistic-lock ``version``) and a
list's weak ``W/"<digest>"`` of the body without ``evaluated_at``. The
digest is of the body the client gets, so a change in a derived deadline
state, a related record's name or a new correction changes the tag even
though the row's ``version`` did not move. The JSON representation hashes
the data alone (the tag a write's answer carries is the same); any other
representation (``format=csv``, the browsable API) hashes the data with
the format's name, so two representations never share a tag.

**If-None-Match** (RFC 9110, 13.1.2): weak comparison, ``*`` matches any
current representation; a match answers ``304 Not Modified`` with no body
and the same ``ETag``, ``Cache-Control`` and ``Vary`` as the 200 would have.

**No Last-Modified, deliberately.** A resource's ``updated_at`` moves
only when its own row is saved, but its body also carries what the row
does not store: deadline states judged at the request's instant (a
response turns past due at midnight in its inquiry's zone with no save),
related records' names, corrections, an inquiry's counts by status. A
client revalidating with ``If-Modified-Since`` alone would get a 304 for
a body that changed (RFC 9110 13.1.3 obliges a server sending
``Last-Modified`` to answer that way), so neither resources nor lists
send one: the ``ETag`` is the validator, and it is exact.

**Cache-Control.** Anonymous readers all get the same public data, so a
200 to an anonymous GET is ``public, max-age=API_CACHE_MAX_AGE`` (seconds,
default 60, from the environment): browsers, a reverse proxy or a CDN may
reuse it for a minute, then revalidate with the ``ETag`` and usually get
a 304. A signed-in user's answer (session or token; editors see drafts)
is ``private, no-cache``: never stored by a shared cache, revalidated by
the user's own browser at every use (``no-store`` would forbid even that
revalidation, costing the 304). ``Vary: Accept, Authorization, Cookie``
keeps a cache from serving one representation or one user's answer for
another (``articles.middleware.PrivateForEditorsMiddleware`` adds
``private, no-cache`` for editors on every page and endpoint as well).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpResponseNotModified
from django.utils.cache import patch_cache_control, patch_vary_headers

from .etags import VOLATILE_KEYS, list_etag, resource_etag

#: Methods whose answers carry validators and may be answered with a 304.
SAFE_METHODS = ("GET", "HEAD")
#: Headers a 304 repeats from the 200 it stands for (RFC 9110, 15.4.5).
NOT_MODIFIED_HEADERS = ("ETag", "Cache-Control", "Vary", "Content-Location", "Expires")
#: ``max-age`` of anonymous answers when ``settings.API_CACHE_MAX_AGE`` is unset.
DEFAULT_MAX_AGE = 60


def _opaque(tag: str) -> str:
    """The opaque part of an entity tag, for weak comparison: ``W/"x"`` → ``"x"``."""
    tag = tag.strip()
    return tag[2:] if tag.startswith("W/") else tag


def parse_if_none_match(header: str) -> list[str] | None:
    """The tags of an ``If-None-Match`` value, or None for ``*``.

    Args:
        header: the raw header value, e.g. ``'W/"ab12", "3.cd34"'``.

    Returns:
        ``None`` for ``*`` (any representation), else the list of tags as
        sent (weak prefix kept); unparseable pieces are dropped, so a
        malformed header matches nothing and the full 200 is sent.
    """
    if header.strip() == "*":
        return None
    tags, rest = [], header
    while rest:
        rest = rest.lstrip(" ,\t")
        if not rest:
            break
        weak = rest.startswith("W/")
        body = rest[2:] if weak else rest
        if not body.startswith('"'):
            break  # not an entity tag: stop reading, keep what was read
        end = body.find('"', 1)
        if end == -1:
            break
        tags.append(("W/" if weak else "") + body[: end + 1])
        rest = body[end + 1 :]
    return tags


def if_none_match_matches(header: str, etag: str) -> bool:
    """Whether ``If-None-Match: header`` matches the current ``etag``, by
    the weak comparison RFC 9110 (13.1.2) prescribes for it: ``W/"x"`` and
    ``"x"`` match, ``*`` matches any current representation."""
    tags = parse_if_none_match(header)
    if tags is None:
        return True
    return _opaque(etag) in {_opaque(tag) for tag in tags}


def _digest_data(data: Any, fmt: str | None) -> Any:
    """What the tag hashes: the data for JSON, the format and the data
    (volatile keys dropped) for any other representation."""
    if fmt in (None, "json"):
        return data
    if isinstance(data, dict):
        data = {key: value for key, value in data.items() if key not in VOLATILE_KEYS}
    return {"format": fmt, "data": data}


def api_max_age() -> int:
    """Seconds an anonymous answer may be reused: ``settings.API_CACHE_MAX_AGE``."""
    return int(getattr(settings, "API_CACHE_MAX_AGE", DEFAULT_MAX_AGE))


def patch_api_cache_headers(request, response) -> None:
    """``Cache-Control`` and ``Vary`` for a 200 to a GET or HEAD (module
    docstring): public for anonymous users, private otherwise."""
    patch_vary_headers(response, ("Accept", "Authorization", "Cookie"))
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        patch_cache_control(response, private=True, no_cache=True)
    else:
        patch_cache_control(response, public=True, max_age=api_max_age())


class ConditionalGetMixin:
    """DRF view mixin: ``ETag``, ``Cache-Control`` and ``Vary`` on each
    200 to a GET or HEAD, and a 304 when ``If-None-Match`` matches.

    A detail's tag needs its row's ``version``: :meth:`get_object` keeps
    it. An ``ETag`` the view set itself (a write's answer) is left alone.
    """

    _etag_version: int | None = None

    def get_object(self):
        """The view's object, its ``version`` kept for the resource tag."""
        obj = super().get_object()
        self._etag_version = getattr(obj, "version", None)
        return obj

    def entity_tag(self, request, data: Any) -> str:
        """The tag of this answer's body: a resource's strong tag when the
        view fetched one object with a ``version``, else a list's weak tag.

        Args:
            request: the DRF request (its negotiated format is hashed too
                unless it is JSON).
            data: the answer's serializer data.
        """
        renderer = getattr(request, "accepted_renderer", None)
        digest_data = _digest_data(data, getattr(renderer, "format", None))
        if self._etag_version is not None:
            return resource_etag(self._etag_version, digest_data)
        return list_etag(digest_data)

    def finalize_response(self, request, response, *args, **kwargs):
        """DRF's finalize, then validators and cache headers on a 200 GET
        or HEAD; a matching ``If-None-Match`` turns it into a bodiless 304."""
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method not in SAFE_METHODS or response.status_code != 200:
            return response
        if getattr(response, "data", None) is None:
            return response
        if not response.has_header("ETag"):
            response["ETag"] = self.entity_tag(request, response.data)
        patch_api_cache_headers(request, response)
        condition = request.headers.get("If-None-Match")
        if condition is not None and if_none_match_matches(condition, response["ETag"]):
            not_modified = HttpResponseNotModified()
            for name in NOT_MODIFIED_HEADERS:
                if response.has_header(name):
                    not_modified[name] = response[name]
            return not_modified
        return response
