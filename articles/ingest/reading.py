"""A story's bytes or text to the plain text the tracker stores and the
digest that keys it (issue "Wire-story ingestion", item 1 and "Bad input").

Reading is pure: nothing is written, nothing is fetched (an HTML page's
links, images and scripts are never followed). What is refused, each with
a sentence an editor can act on (:class:`StoryError`):

- nothing, or only white space: "The story is empty.";
- more than :func:`max_bytes` before decoding (refused before any work) or
  more than :func:`max_chars` characters of text after extraction;
- a binary file `filetype` recognises ("The file is a PNG image, not a
  story."), as :mod:`articles.documents` names them;
- bytes in an encoding that cannot be told reliably: UTF-8 (with or
  without a byte order mark) and UTF-16/32 with a byte order mark are read;
  anything else only when `charset-normalizer` finds coherent text
  (:data:`MIN_COHERENCE`), Windows-1252 first among its equals (Word's
  "plain text" on Windows);
- NUL bytes and other control characters (tab, line feed, form feed and
  carriage return aside): not text;
- HTML with no story text in it.

HTML is recognised by its content (``<html``, ``<!doctype``, ``<body``,
``<p>`` ...) or its declared type; its text is extracted with trafilatura
(comments, navigation and boilerplate left out), or with lxml's text
content when trafilatura finds no main text; scripts, styles and every tag
are dropped, and tag-like text left in (``&lt;script&gt;`` written out) is
removed too, so no markup is ever stored.
"""

from __future__ import annotations

import codecs
import hashlib
import re
import unicodedata
from dataclasses import dataclass

import filetype
from django.conf import settings

from ..documents import ALLOWED, FORBIDDEN_CONTROLS, REFUSED_LABELS, size_words

#: Default for ``settings.INGEST_MAX_CHARS``: the longest story text
#: accepted, in characters after extraction (the corpus's longest is
#: 12,504).
DEFAULT_MAX_CHARS = 100_000

#: Default for ``settings.INGEST_MAX_BYTES``: the largest input read at
#: all, in bytes before decoding (5 MiB: an HTML page of a 100,000-character
#: story with its markup fits; a huge upload is refused before any work).
DEFAULT_MAX_BYTES = 5 * 1024 * 1024

#: charset-normalizer's coherence (0 to 1: how much the decoded text reads
#: as a language) below which a guessed encoding is not trusted.
MIN_COHERENCE = 0.5
#: ... and its chaos (0 to 1: mess such as symbols amid letters) above which.
MAX_CHAOS = 0.1

ENCODING_MESSAGE = "The text's encoding could not be recognised; save it as UTF-8."

#: Byte order marks and their codecs, longest first (UTF-32 LE starts
#: like UTF-16 LE).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

#: What plain text never holds: controls (tab, line feed, form feed and
#: carriage return aside) and lone surrogates.
_NOT_TEXT = re.compile("[" + "".join(map(re.escape, sorted(FORBIDDEN_CONTROLS))) + "\ud800-\udfff]")

#: Markup at the start of a text that makes it HTML.
_HTML = re.compile(
    r"<(?:!doctype\s+html|html|head|body|meta|title|p|div|article|section|br|span|"
    r"h[1-6]|script|style|table|a\s)[\s>/]",
    re.IGNORECASE,
)
#: Anything that still reads as a tag once the text is extracted.
_TAG = re.compile(r"<\s*/?\s*[A-Za-z!?][^<>]{0,1000}>")
#: A script or style written out as text (``&lt;script&gt;...``): dropped whole.
_SCRIPT = re.compile(r"<\s*(script|style)\b[^>]*>.*?<\s*/\s*\1\s*>", re.IGNORECASE | re.DOTALL)
_XML_DECLARATION = re.compile(r"\A\s*<\?xml[^>]*\?>")
_BLOCKS = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "blockquote")
_DROPPED_ELEMENTS = ("script", "style", "noscript", "template", "iframe", "object", "svg")


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


def max_bytes() -> int:
    """The size limit of the raw input in bytes, before decoding or
    extraction (``settings.INGEST_MAX_BYTES``)."""
    return int(getattr(settings, "INGEST_MAX_BYTES", DEFAULT_MAX_BYTES))


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
    (a pasted story). HTML is recognised by its content (or ``name`` ending
    ``.html``/``.htm``, or ``content_type`` ``text/html``) and its text is
    extracted; scripts and markup are never kept. The module docstring
    lists what is refused.

    Args:
        data: the raw bytes, or text already decoded.
        name: the file's name, if any (only its extension is used).
        content_type: the declared media type, if any (``text/html``).

    Raises:
        StoryError: empty, binary or an image, an unknown encoding, control
            characters, over :func:`max_bytes` or :func:`max_chars`, or HTML
            with no story text in it.
    """
    size = len(data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data)
    if size > max_bytes():
        what = "text" if isinstance(data, str) else "file"
        raise StoryError(
            f"The {what} is {size_words(size)}; the limit is {size_words(max_bytes())} "
            "(INGEST_MAX_BYTES)."
        )
    if isinstance(data, bytes):
        data = _decode(data)
    if not data.strip():
        raise StoryError("The story is empty.")
    _refuse_controls(data)
    title = ""
    if _is_html(data, name, content_type):
        data, title = _html_text(data)
    return StoryText(text=checked_text(data), title=title)


def checked_text(text: str) -> str:
    """``text`` normalised (:func:`normalise`), refused when empty or over
    :func:`max_chars`: the check every story passes, read from a file here
    or handed to :func:`articles.ingest.services.story_import` directly.

    Raises:
        StoryError: empty, or longer than ``settings.INGEST_MAX_CHARS``.
    """
    text = normalise(text or "")
    if not text:
        raise StoryError("The story is empty.")
    if len(text) > max_chars():
        raise StoryError(
            f"The story is {len(text):,} characters long; the limit is {max_chars():,} "
            "characters (INGEST_MAX_CHARS)."
        )
    return text


def _decode(data: bytes) -> str:
    """Bytes to text (module docstring); a binary file is named."""
    if not data.strip():
        raise StoryError("The story is empty.")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec)
            except UnicodeDecodeError as exc:
                raise StoryError(ENCODING_MESSAGE) from exc
    kind = filetype.guess_mime(data[:8192])
    if kind:
        label = ALLOWED[kind].label if kind in ALLOWED else REFUSED_LABELS.get(kind)
        raise StoryError(f"The file is {label or f'a file of type {kind}'}, not a story.")
    if b"\x00" in data:
        raise StoryError("The file holds NUL bytes: it is a binary file, not a story.")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return _guess(data)


def _guess(data: bytes) -> str:
    """Text in a legacy encoding, when charset-normalizer reads it as
    coherent text; Windows-1252 when it is one of the plausible readings."""
    import charset_normalizer  # noqa: PLC0415 (only for the rare non-UTF-8 file)

    plausible = [
        match
        for match in charset_normalizer.from_bytes(data)
        if match.coherence >= MIN_COHERENCE and match.chaos <= MAX_CHAOS
    ]
    if not plausible:
        raise StoryError(ENCODING_MESSAGE)
    for match in plausible:
        if "cp1252" in match.could_be_from_charset:
            try:
                return data.decode("cp1252")
            except UnicodeDecodeError:
                break
    return str(plausible[0])


def _refuse_controls(text: str) -> None:
    """Control characters other than tab, line feed, form feed and
    carriage return (:mod:`articles.documents`), and lone surrogates (no
    character at all), mean the input is not text."""
    if found := _NOT_TEXT.search(text):
        raise StoryError(
            f"The text holds a control character (U+{ord(found.group()):04X}) at character "
            f"{found.start() + 1:,}: it is not a plain-text story."
        )


def _is_html(text: str, name: str, content_type: str) -> bool:
    if content_type.split(";")[0].strip().lower() in ("text/html", "application/xhtml+xml"):
        return True
    if name.lower().endswith((".html", ".htm", ".xhtml")):
        return True
    return bool(_HTML.search(text[:4096]))


def _html_text(html: str) -> tuple[str, str]:
    """The main text and the title of an HTML page: the headline is not
    kept at the top of the text (the story starts with its dateline).
    Raises :class:`StoryError` when it holds no text."""
    import lxml.html  # noqa: PLC0415
    import trafilatura  # noqa: PLC0415 (about 0.3 s to import; HTML is rare)

    html = _XML_DECLARATION.sub("", html)  # lxml refuses text that declares an encoding
    try:
        tree = lxml.html.document_fromstring(html)
    except (ValueError, lxml.etree.ParserError) as exc:
        raise StoryError("The HTML holds no story text.") from exc
    for element in tree.xpath("|".join(f"//{tag}" for tag in _DROPPED_ELEMENTS)):
        element.drop_tree()
    text = trafilatura.extract(
        html,
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_links=False,
        favor_precision=True,
        output_format="txt",
        with_metadata=False,
    )
    if not text or not text.strip():
        for block in tree.xpath("|".join(f"//{tag}" for tag in _BLOCKS)):
            block.tail = "\n" + (block.tail or "")  # one paragraph a line
        body = tree.find("body")
        text = (body if body is not None else tree).text_content()
    headings = _headings(tree)
    lines = _TAG.sub("", _SCRIPT.sub("", text or "")).strip().split("\n")
    while lines and " ".join(lines[0].split()) in headings:
        lines.pop(0)
    text = "\n".join(lines)
    if not text.strip():
        raise StoryError("The HTML holds no story text.")
    return text, headings[0] if headings else ""


def _headings(tree) -> list[str]:
    """The page's titles, best first: ``og:title``, ``<title>``, each
    ``<h1>``; white space collapsed, tags removed, empty ones left out."""
    found = (
        tree.xpath("//meta[@property='og:title']/@content")
        + ["".join(tree.xpath("//title//text()"))]
        + [h1.text_content() for h1 in tree.xpath("//h1")]
    )
    titles = (" ".join(_TAG.sub("", candidate).split()) for candidate in found)
    return [title for title in titles if title]
