"""``{% load markdown_tags %}`` then ``{{ inquiry.description|markdown }}``:
an editor's Markdown, rendered and sanitized (:mod:`articles.markdown`).

Use it for free text an editor writes for readers, never for quoted words
(a claim's text, a citation's quote, a response's verbatim text), which are
shown exactly as stored with ``linebreaksbr``.
"""

from django import template
from django.utils.safestring import SafeString

from ..markdown import render_markdown, render_markdown_inline

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(value: str | None) -> SafeString:
    """Render ``value`` (CommonMark source, or None) as safe HTML:
    paragraphs, emphasis, lists, links; raw HTML is shown as text."""
    return render_markdown(value)


@register.filter(name="markdown_inline")
def markdown_inline_filter(value: str | None) -> SafeString:
    """Render ``value`` as inline safe HTML (emphasis, links, line breaks;
    no paragraphs), for a note inside a sentence or a table cell."""
    return render_markdown_inline(value)
