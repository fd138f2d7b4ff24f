"""Entity tags for the API: one format for conditional GET and for ``If-Match``.

A resource's tag is strong and has two parts, ``"<version>.<digest>"``:

- ``version`` is the row's optimistic-lock version
  (:class:`articles.models.base.TimeStampedModel`, :mod:`articles.locking`),
  the part an update's ``If-Match`` is checked against: a different
  version means someone saved the record meanwhile (412);
- ``digest`` is the first 16 hex digits of the SHA-256 of the body as
  JSON, so ``If-None-Match`` gives a 304 only when the representation is
  the same byte for byte in meaning: derived deadline states, a related
  record's name, a new correction all change it.

A list's tag is weak, ``W/"<digest>"`` of the body without ``evaluated_at``
(the instant the states were judged changes at every request; what the
desk reads does not).

RFC 9110, section 8.8.3 (ETag) and 13.1 (preconditions).
"""

import hashlib
import json
import re
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder

#: Keys left out of a list body's digest: they change at every request.
VOLATILE_KEYS = frozenset({"evaluated_at"})

_RESOURCE_TAG = re.compile(r'^(?:W/)?"(\d{1,10})\.[0-9a-f]{16}"$')


def body_digest(data: Any) -> str:
    """The first 16 hex digits of the SHA-256 of ``data`` as canonical JSON
    (sorted keys, no spaces; dates and decimals as DRF renders them).

    Args:
        data: a serializer's ``data`` (dicts, lists, strings, numbers, None,
            dates); a top-level dict's :data:`VOLATILE_KEYS` are ignored.
    """
    if isinstance(data, dict):
        data = {key: value for key, value in data.items() if key not in VOLATILE_KEYS}
    encoded = json.dumps(data, cls=DjangoJSONEncoder, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(encoded.encode()).hexdigest()[:16]


def resource_etag(version: int, data: Any) -> str:
    """The strong tag of one resource, quotes included: ``'"3.9f2c…"'``.

    Args:
        version: the stored row's ``version`` (a positive integer).
        data: the resource's serialized body.
    """
    return f'"{int(version)}.{body_digest(data)}"'


def list_etag(data: Any) -> str:
    """The weak tag of a list body, quotes included: ``'W/"9f2c…"'``."""
    return f'W/"{body_digest(data)}"'


def tag_version(tag: str) -> int | None:
    """The version part of one resource tag (``'"3.9f2c…"'`` → 3), or None
    when ``tag`` is not a tag this API issued (a hand-made ``"3"`` included).

    Args:
        tag: one entity tag as sent in ``If-Match``, quotes included.
    """
    match = _RESOURCE_TAG.match(tag.strip())
    return int(match.group(1)) if match else None
