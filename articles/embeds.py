"""Embeds: an inquiry's status table for an iframe in a news story
(``/embed/inquiries/<slug>/``), and the oEmbed answer that describes it
(``/oembed/``; https://oembed.com, section 2).

Framing: the site refuses to be framed (``X-Frame-Options: DENY`` and CSP
``frame-ancestors 'none'``, factcheck/settings.py); only the embed allows
it, from ``settings.EMBED_ALLOWED_ORIGINS`` (default ``*``, any site). The
embed's own policy also forbids everything it does not use: no image, no
form; its one inline stylesheet and its one inline script are allowed by
their SHA-256 hashes (:data:`EMBED_CSS_HASH`, :data:`EMBED_JS_HASH`), so the
page is cacheable (no per-request nonce). The script only tells the host
page the embed's height (:data:`HEIGHT_MESSAGE`); the table reads the same
without it.

The embed and oEmbed are the anonymous reader's view whoever asks: they end
up inside other sites' pages and in shared caches, so a draft is a 404 even
for a signed-in editor.
"""

import base64
import hashlib
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.csp import CSP
from django.utils.html import format_html

#: The embed's stylesheet, inlined in its page.
EMBED_CSS = (
    Path(__file__).resolve().parent.parent / "templates" / "articles" / "embed" / "embed.css"
).read_text(encoding="utf-8")
#: CSP source allowing exactly :data:`EMBED_CSS` in a ``<style>`` element.
EMBED_CSS_HASH = (
    "'sha256-" + base64.b64encode(hashlib.sha256(EMBED_CSS.encode("utf-8")).digest()).decode() + "'"
)

#: The embed's script, inlined in its page: it posts
#: ``{"type": "tracker-embed-height", "height": <CSS pixels>}`` to the parent
#: window on load and on resize (the document's ``scrollHeight``).
EMBED_JS = (
    Path(__file__).resolve().parent.parent / "templates" / "articles" / "embed" / "embed.js"
).read_text(encoding="utf-8")
#: CSP source allowing exactly :data:`EMBED_JS` in a ``<script>`` element.
EMBED_JS_HASH = (
    "'sha256-" + base64.b64encode(hashlib.sha256(EMBED_JS.encode("utf-8")).digest()).decode() + "'"
)
#: The ``type`` of the message the embed posts to its parent with its height.
HEIGHT_MESSAGE = "tracker-embed-height"
#: What a host page may add once to size every embed exactly (the oEmbed
#: height is an estimate; this follows the rendered document, e.g. after a
#: resize). It checks that the message comes from one of its own iframes.
RESIZE_SNIPPET = """<script>
window.addEventListener("message", function (event) {
  var data = event.data;
  if (!data || data.type !== "tracker-embed-height") return;
  document.querySelectorAll("iframe").forEach(function (frame) {
    if (frame.contentWindow === event.source) frame.height = Math.ceil(data.height);
  });
});
</script>"""

#: The provider named in oEmbed answers.
PROVIDER_NAME = "City response tracker"
#: Default and largest width of the iframe, in CSS pixels.
DEFAULT_WIDTH = 640
#: The iframe's height by width (CSS pixels): ``(min_width, base, row)``,
#: widest first; the frame is ``base + row * cities`` high for widths from
#: ``min_width`` up to the next bracket. Below 640 px the embed shows one
#: compact block per city (embed.css: city and status badge on a line, the
#: deadline state and its "as of" detail below); at 640 px, the table.
#:
#: Measured in Chromium (Playwright, 2026) on the seed's Justice Department
#: inquiry (a 52-character title, four cities, every deadline state "Deadline
#: passed · no answer on record as of Aug. 3, 2017", the longest the embed
#: shows): document height, and rows, at each width:
#:
#: ======  ========  ===================  ==========================
#: width   document  rows (px)            frame (base + row x 4)
#: ======  ========  ===================  ==========================
#: 250     834       124, 99, 124, 99     400 + 125 x 4 = 900 (+8%)
#: 280     787       99, 99, 124, 99      900 (+14%)
#: 300     689       79, 79, 104, 79      360 + 95 x 4 = 740 (+7%)
#: 360     619       79 each              320 + 82 x 4 = 648 (+5%)
#: 400     581       79 each              280 + 82 x 4 = 608 (+5%)
#: 480     559       79 each              608 (+9%)
#: 600     536       79 each              608 (+13%)
#: 640     484       57 each              270 + 60 x 4 = 510 (+5%)
#: ======  ========  ===================  ==========================
#:
#: (Before the compact layout: 983 px at 360, 1,116 px at 300, in a 500 px
#: frame.) A long title, a city name that wraps its row ("San Bernardino,
#: CA" beside "Acknowledged" under 340 px) or a retraction notice can still
#: exceed the estimate; the frame then scrolls, and hosts that listen for
#: :data:`HEIGHT_MESSAGE` can size it exactly (:data:`RESIZE_SNIPPET`).
HEIGHT_BRACKETS: tuple[tuple[int, int, int], ...] = (
    (640, 270, 60),
    (400, 280, 82),
    (360, 320, 82),
    (300, 360, 95),
    (0, 400, 125),
)
#: Largest maxwidth/maxheight accepted, in CSS pixels.
MAX_DIMENSION = 10_000
#: Seconds a consumer may cache an oEmbed answer (oEmbed ``cache_age``).
CACHE_AGE = 3600


def embed_csp() -> dict:
    """The embed's Content-Security-Policy, for ``csp_override``: framing
    from ``settings.EMBED_ALLOWED_ORIGINS``, nothing loaded but its own
    inline style and height script (by their hashes)."""
    return {
        "default-src": [CSP.NONE],
        "style-src": [EMBED_CSS_HASH],
        "script-src": [EMBED_JS_HASH],
        "base-uri": [CSP.NONE],
        "form-action": [CSP.NONE],
        "frame-ancestors": list(settings.EMBED_ALLOWED_ORIGINS),
    }


@dataclass(frozen=True)
class FrameSize:
    """An iframe's size in CSS pixels."""

    width: int
    height: int


def frame_size(
    rows: int, *, maxwidth: int | None = None, maxheight: int | None = None
) -> FrameSize:
    """The iframe's size for a table of ``rows`` cities.

    Args:
        rows: how many cities the inquiry asked (0 or more).
        maxwidth, maxheight: the consumer's limits in CSS pixels, or None.

    Returns:
        :data:`DEFAULT_WIDTH` wide, cut to ``maxwidth``; as high as the
        embed renders at that width (:data:`HEIGHT_BRACKETS`: a base plus a
        row per city, measured in Chromium, a little above the rendered
        height), cut to ``maxheight`` (oEmbed: never larger; the embed
        scrolls inside a smaller frame). E.g. four cities: 640 x 510;
        ``maxwidth=360``: 360 x 648.
    """
    width = DEFAULT_WIDTH if maxwidth is None else min(DEFAULT_WIDTH, maxwidth)
    base, row = next((b, r) for w, b, r in HEIGHT_BRACKETS if width >= w)
    height = base + row * rows
    if maxheight is not None:
        height = min(height, maxheight)
    return FrameSize(width=width, height=height)


def parse_dimension(name: str, raw: str | None) -> int | None:
    """A ``maxwidth``/``maxheight`` parameter: None when absent or empty,
    else a whole number of pixels from 1 to :data:`MAX_DIMENSION`.

    Raises:
        ValueError: with a message naming ``name``, for anything else.
    """
    if raw is None or raw == "":
        return None
    if not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) <= MAX_DIMENSION:
        raise ValueError(
            f"Enter a whole number of pixels from 1 to {MAX_DIMENSION}, e.g. {name}=600."
        )
    return int(raw)


def iframe_html(*, src: str, title: str, size: FrameSize) -> str:
    """The ``<iframe>`` a story pastes (oEmbed ``html``), escaped.

    Args:
        src: the embed's absolute URL.
        title: the inquiry's title, for the frame's accessible name.
        size: from :func:`frame_size`.
    """
    return format_html(
        '<iframe src="{}" width="{}" height="{}" title="{}" loading="lazy" '
        'style="border:0;max-width:100%"></iframe>',
        src,
        size.width,
        size.height,
        f"{title}: status by city",
    )
