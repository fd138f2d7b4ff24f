"""A story's bytes or text to the plain text the tracker stores and the
digest that keys it (issue "Wire-story ingestion", item 1 and "Bad input").

STUB: the reading helper fills this in (names and signatures are fixed).
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass

from django.conf import settings

#: Default for ``settings.INGEST_MAX_CHARS``: the longest story text
#: accepted, in characters after extraction (the corpus's longest is
#: 12,504).
DEFAULT_MAX_CHARS = 100_000


class StoryError(ValueError):
    """The input is not a story we can read; ``str(error)`` says why in
    words for an editor ("The file is a PNG image, not a story.")."""


@dataclass(frozen=True, slots=True)
class StoryText:
    """What was read: ``text`` normalised (:func:`normalise`), ``title``
    from the HTML ``<title>``/headline or "" for plain text."""

    text: str
    title: str = ""


def max_chars() -> int:
    """The size limit in characters (``settings.INGEST_MAX_CHARS``)."""
    return int(getattr(settings, "INGEST_MAX_CHARS", DEFAULT_MAX_CHARS))


def normalise(text: str) -> str:
    """Unicode NFC, line breaks as ``\\n``, no trailing spaces on lines,
    no blank lines at either end. Offsets of findings index this text."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip()


def text_digest(text: str) -> str:
    """SHA-256 (hex) of ``text`` with all runs of white space made one
    space: the same story with other line breaks or spacing has the same
    digest."""
    return hashlib.sha256(" ".join(normalise(text).split()).encode()).hexdigest()


def read_story(data: bytes | str, *, name: str = "", content_type: str = "") -> StoryText:
    """Read a story from bytes (a file, standard input, an upload) or text
    (a pasted story). HTML is recognised by its content and its text is
    extracted; scripts and markup are never kept.

    Raises:
        StoryError: empty, binary or an image, an unknown encoding, over
            :func:`max_chars`, or HTML with no story text in it.
    """
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise StoryError("The file is not UTF-8 text.") from exc
    text = normalise(data)
    if not text:
        raise StoryError("The story is empty.")
    return StoryText(text=text)
