"""Markdown that editors write, rendered safely for readers.

Free text an editor writes for readers (an inquiry's description and
questions, a response's summary, a correction, a retraction note, a rating
explanation, a citation's public note, a rating scale's or step's
description) is CommonMark, parsed by markdown-it-py and then cleaned by nh3
(the Ammonia sanitizer) against an explicit allow-list. Two locks, so that
neither alone has to be perfect:

1. markdown-it-py runs with ``html`` off: raw HTML in the source
   (``<script>``, ``<iframe>``, ``<img onerror=...>``) is escaped and shown
   as text, never passed through; its link validator already refuses
   ``javascript:``, ``vbscript:``, ``file:`` and ``data:`` link targets.
2. nh3 keeps only the tags and attributes in :data:`ALLOWED_TAGS` and
   :data:`ALLOWED_ATTRIBUTES`, only ``http``, ``https`` and ``mailto`` URLs,
   and gives every link ``rel="nofollow noopener"`` (the site's referrer
   policy, ``same-origin``, already keeps our addresses to ourselves).

Quoted words are never Markdown: a claim's text, a citation's quote and a
response's verbatim text are shown exactly as stored (escaped, line breaks
kept), so that an asterisk a city wrote stays an asterisk.

Choices for a newsroom's admin textarea: a single line break is kept as a
line break (``breaks``, as Django's ``linebreaks`` filter did before);
headings are not parsed (``# Heading`` stays text: a note must not insert
an ``<h1>`` into the page's outline); images are not parsed (no third-party
image loads on a reader's page); no tables. Bare URLs are not turned into
links (no ``linkify``): write ``<https://example.org>`` or ``[text](url)``.
"""

import html
import re

import nh3
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

from .formats import printable

#: Tags a rendered note may contain (everything else is removed, its text kept).
ALLOWED_TAGS: frozenset[str] = frozenset(
    {
        "p",
        "br",
        "strong",
        "em",
        "a",
        "ul",
        "ol",
        "li",
        "blockquote",
        "code",
        "pre",
        "hr",
    }
)

#: Attributes kept per tag. ``rel`` is set by nh3 (``link_rel``), not kept
#: from the source; ``start`` keeps "3." as the first item of a list.
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {
    "a": {"href", "title"},
    "ol": {"start"},
}

#: URL schemes a link may use; a relative URL (``/claims/...``) is kept.
ALLOWED_URL_SCHEMES: frozenset[str] = frozenset({"http", "https", "mailto"})

#: ``rel`` on every link: editors' links are not endorsements, and the
#: opened page gets no handle on ours.
LINK_REL = "nofollow noopener"

# Besides what :func:`articles.formats.printable` drops for every text the
# tracker writes (C0 controls but tab, LF and CR; lone surrogates; U+FFFE,
# U+FFFF), a note also loses DEL and the C1 controls: meaningless in a note.
_NOTE_CONTROLS = re.compile("[\x7f-\x9f]")


def _note_source(text) -> str:
    """A note's Markdown source with control characters dropped."""
    return _NOTE_CONTROLS.sub("", printable(str(text)))


_parser = MarkdownIt("commonmark", {"html": False, "breaks": True, "linkify": False}).disable(
    ["heading", "lheading", "image"]
)


def render_markdown(text: str | None) -> SafeString:
    """Render an editor's Markdown as sanitized HTML for a reader's page.

    Args:
        text: CommonMark source, as stored in the field (``None`` or ``""``
            gives an empty string). Control characters (NUL included) are
            dropped; raw HTML is shown as text.

    Returns:
        Safe HTML: paragraphs, line breaks, ``strong``/``em``, lists,
        block quotes, code and links (``http``, ``https``, ``mailto`` or
        relative; ``rel="nofollow noopener"``), nothing else.
        Never raises on any string.
    """
    if not text:
        return mark_safe("")  # noqa: S308 - empty string
    source = _note_source(text)
    return _sanitised(_parser.render(source), tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES)


#: Tags an inline note may contain: no paragraphs, lists or quotes.
INLINE_TAGS: frozenset[str] = frozenset({"br", "strong", "em", "a", "code"})


def render_markdown_inline(text: str | None) -> SafeString:
    """Render a short note's Markdown as inline HTML, for a note that sits
    inside a sentence or a table cell (a retraction note after "Retracted
    Nov. 29, 2026:", a citation's public note, a rating step's meaning, a
    response's summary in a table).

    Args:
        text: CommonMark source, or None. Block syntax (lists, quotes) is
            shown as text; line breaks are kept as ``<br>``.

    Returns:
        Safe HTML with only :data:`INLINE_TAGS`, cleaned like
        :func:`render_markdown`. Never raises on any string.
    """
    if not text:
        return mark_safe("")  # noqa: S308 - empty string
    source = _note_source(text)
    return _sanitised(
        _parser.renderInline(source), tags=INLINE_TAGS, attributes={"a": {"href", "title"}}
    )


def _sanitised(html: str, *, tags, attributes) -> SafeString:
    """``html`` (markdown-it's output) through nh3 with ``tags`` and
    ``attributes`` allowed, only :data:`ALLOWED_URL_SCHEMES` in links,
    links given :data:`LINK_REL`, comments dropped."""
    cleaned = nh3.clean(
        html,
        tags=set(tags),
        attributes=attributes,
        url_schemes=set(ALLOWED_URL_SCHEMES),
        link_rel=LINK_REL,
        strip_comments=True,
    )
    return mark_safe(cleaned.strip())  # noqa: S308 - sanitized by nh3 against the allow-list


# Where one block or line of rendered HTML ends and the next begins: a space
# in plain text, so that "<p>a</p><p>b</p>" reads "a b", not "ab".
_BLOCK_ENDS = re.compile(r"<(?:br|hr)\b[^>]*>|</(?:p|li|blockquote|pre)>", re.IGNORECASE)
_WHITESPACE = re.compile(r"\s+")


def markdown_to_text(text: str | None) -> str:
    """An editor's Markdown as the plain text a reader sees on the page, for
    places that take text, not HTML (ClaimReview's ``reviewBody`` in
    JSON-LD, meta descriptions).

    The source is rendered and sanitised exactly as :func:`render_markdown`
    does, then tags are removed (a block's or line's end becomes a space),
    entities unescaped and whitespace collapsed to single spaces:
    ``"**Bold reason** <script>x</script> [y](https://example.org)"`` ->
    ``"Bold reason <script>x</script> y"`` (raw HTML was text on the page,
    so it is text here; a refused ``javascript:`` link stays its source).

    Args:
        text: CommonMark source, or None (gives ``""``).

    Returns:
        One line of text without the characters XML and HTML forbid
        (:func:`articles.formats.printable`). Never raises on any string.
    """
    rendered = render_markdown(text)
    if not rendered:
        return ""
    spaced = _BLOCK_ENDS.sub(" ", str(rendered))
    plain = html.unescape(strip_tags(spaced))
    return printable(_WHITESPACE.sub(" ", plain).strip())
