"""Embeds: an inquiry's status table for an iframe in a news story
(``/embed/inquiries/<slug>/``), and the oEmbed answer that describes it
(``/oembed/``; https://oembed.com, section 2).

Framing: the site refuses to be framed (``X-Frame-Options: DENY`` and CSP
``frame-ancestors 'none'``, factcheck/settings.py); only the embed allows
it, from ``settings.EMBED_ALLOWED_ORIGINS`` (default ``*``, any site). The
embed's own policy also forbids everything it does not use: no script, no
image, no form; its one inline stylesheet is allowed by its SHA-256 hash
(:data:`EMBED_CSS_HASH`), so the page is cacheable (no per-request nonce).

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

#: The provider named in oEmbed answers.
PROVIDER_NAME = "City response tracker"
#: Default and largest width of the iframe, in CSS pixels.
DEFAULT_WIDTH = 640
#: Height of the iframe: the header and footer, plus a row per city (CSS pixels).
BASE_HEIGHT = 260
ROW_HEIGHT = 60
#: Largest maxwidth/maxheight accepted, in CSS pixels.
MAX_DIMENSION = 10_000
#: Seconds a consumer may cache an oEmbed answer (oEmbed ``cache_age``).
CACHE_AGE = 3600


def embed_csp() -> dict:
    """The embed's Content-Security-Policy, for ``csp_override``: framing
    from ``settings.EMBED_ALLOWED_ORIGINS``, nothing loaded but its own
    inline style."""
    return {
        "default-src": [CSP.NONE],
        "style-src": [EMBED_CSS_HASH],
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
    """The iframe's size for a table of ``rows`` cities: :data:`DEFAULT_WIDTH`
    wide, :data:`BASE_HEIGHT` plus :data:`ROW_HEIGHT` a row high, each cut to
    the consumer's ``maxwidth``/``maxheight`` (oEmbed: never larger; the
    embed scrolls inside a smaller frame)."""
    width = DEFAULT_WIDTH if maxwidth is None else min(DEFAULT_WIDTH, maxwidth)
    height = BASE_HEIGHT + ROW_HEIGHT * rows
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
