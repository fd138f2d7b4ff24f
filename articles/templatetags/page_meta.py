"""The ``<head>`` tags every public page carries: ``<title>``, meta
description, canonical URL, Open Graph and Twitter card (issue 7: "`<title>`,
meta description, canonical URL and Open Graph tags on every page").

``templates/base.html`` captures the two blocks each page fills,
``{% block title %}`` and ``{% block description %}`` (plus
``{% block og_type %}``, "website" unless a page says "article", and
``{% block robots %}``, "noindex" on error pages), then renders them all
with ``{% page_meta %}``. A page template never writes a meta tag itself::

    {% block title %}Pending responses{% endblock %}
    {% block description %}Cities that have not answered yet ...{% endblock %}

The canonical URL is ``settings.SITE_URL`` (``https://tracker.example.org``,
from the ``SITE_URL`` environment variable) plus the request's path and only
the query parameters that define the page: ``page`` (when it is a whole
number above 1) by default, or those a view names in the context variable
``canonical_params`` (e.g. ``("q", "page")`` on a search page). Filters,
campaign tags and the like are left out. Without ``SITE_URL`` the request's
own scheme and host are used.
"""

import html

from django import template
from django.http import QueryDict
from django.template.loader import render_to_string
from django.utils.html import strip_tags
from django.utils.safestring import SafeString

from ..links import absolute_url

register = template.Library()

#: The site's name: after each page title and in og:site_name.
SITE_NAME = "City response tracker"

#: A description longer than this is cut at a word, with an ellipsis (search
#: engines show about 155-160 characters).
DESCRIPTION_MAX_CHARS = 200

#: Query parameters kept in the canonical URL unless a view says otherwise.
DEFAULT_CANONICAL_PARAMS: tuple[str, ...] = ("page",)


def plain_text(markup: str) -> str:
    """Rendered template output as one line of plain text: tags removed,
    entities decoded (``&amp;`` -> ``&``), runs of whitespace made one space.

    Args:
        markup: HTML, e.g. a captured block (``Aug. 18, 2017, <time>...</time>``).
    """
    return " ".join(html.unescape(strip_tags(str(markup))).split())


def shorten(text: str, limit: int = DESCRIPTION_MAX_CHARS) -> str:
    """``text`` if it has at most ``limit`` characters, else cut at the last
    space before the limit, with "…" (at most ``limit`` characters in all)."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:·-–—") + "…"


class CaptureNode(template.Node):
    """Renders its contents into a context variable instead of the page."""

    child_nodelists = ("nodelist",)  # so {% block %} inside it still inherits

    def __init__(self, nodelist: template.NodeList, name: str):
        self.nodelist = nodelist
        self.name = name

    def render(self, context) -> str:
        context[self.name] = plain_text(self.nodelist.render(context))
        return ""


@register.tag
def capture(parser, token) -> CaptureNode:
    """``{% capture as name %}...{% endcapture %}``: render the contents
    (blocks allowed) as plain text (:func:`plain_text`) into ``name`` for
    the rest of the template; output nothing where it stands.

    Raises:
        TemplateSyntaxError: not written ``{% capture as name %}``.
    """
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("Write {% capture as name %}...{% endcapture %}.")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[2])


def canonical_url(request, params: tuple[str, ...] = DEFAULT_CANONICAL_PARAMS) -> str:
    """The absolute URL a page is known by.

    Args:
        request: the current ``HttpRequest``.
        params: names of the query parameters that define the page, kept in
            this order when present and non-empty; ``page`` only when it is
            a whole number above 1 (``?page=1`` is the page without it).

    Returns:
        ``settings.SITE_URL`` (no trailing slash) + path + kept parameters,
        e.g. ``https://tracker.example.org/claims/?page=2``; with no
        ``SITE_URL``, the request's own scheme and host.
    """
    kept = QueryDict(mutable=True)
    for name in params:
        value = request.GET.get(name, "")
        if name == "page" and not (value.isascii() and value.isdigit() and int(value) > 1):
            continue
        if value:
            kept[name] = value
    return absolute_url(request, request.path + (f"?{kept.urlencode()}" if kept else ""))


@register.simple_tag(takes_context=True)
def page_meta(context) -> SafeString:
    """Render the page's ``<title>``, description, canonical link, Open
    Graph and Twitter card tags (``templates/articles/components/page_meta.html``).

    Reads from the context: ``page_title`` and ``page_description`` (plain
    text captured from the blocks of the same names), ``page_og_type``
    ("website" or "article"), ``page_robots`` ("" or "noindex"),
    ``request`` and, optionally, ``canonical_params``. On a noindex page
    (404, 400) no canonical URL is given: the address names nothing.
    """
    request = context.get("request")
    title = context.get("page_title") or SITE_NAME
    description = shorten(context.get("page_description") or "")
    robots = context.get("page_robots", "")
    url = ""
    if request is not None and "noindex" not in robots:
        url = canonical_url(
            request, tuple(context.get("canonical_params", DEFAULT_CANONICAL_PARAMS))
        )
    return render_to_string(
        "articles/components/page_meta.html",
        {
            "full_title": title if title == SITE_NAME else f"{title} · {SITE_NAME}",
            "title": title,
            "description": description,
            "url": url,
            "og_type": context.get("page_og_type") or "website",
            "robots": robots,
            "site_name": SITE_NAME,
        },
    )
