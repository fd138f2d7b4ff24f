"""Template helpers for the public pages: dates as ``<time>``, deadlines in
their own zone, instants by their date in the newsroom's zone, the badge
beside an unpublished record, and schema.org ClaimReview JSON-LD.

Formatting only: no queries except :func:`claim_review_json_ld`, which reads
the claim's rating scale to find its best and worst values.
"""

import datetime
import functools
import json

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.template.defaultfilters import pluralize
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from .. import formats
from ..choices import Publication
from ..clock import newsroom_zone
from ..formats import ap_date, zone_words
from ..structured_data import claim_review, has_claim_review

register = template.Library()

_JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def _none() -> SafeString:
    """An em dash for readers, "none" for screen readers."""
    return mark_safe(  # noqa: S308 - constant markup
        '<span aria-hidden="true">—</span><span class="visually-hidden">none</span>'
    )


@register.simple_tag
def none() -> SafeString:
    """``{% none %}``: an empty cell's em dash, announced as "none"."""
    return _none()


@register.simple_tag(takes_context=True)
def page_url(context, number: int) -> str:
    """``?...&page=N``: the current query string with ``page`` replaced.

    Args:
        number: the 1-based page number.
    """
    params = context["request"].GET.copy()
    params["page"] = number
    return "?" + params.urlencode()


@register.filter
def as_time(value: datetime.date | None) -> SafeString:
    """Render a date as ``<time datetime="2017-08-03">Aug. 3, 2017</time>``.

    Args:
        value: a ``datetime.date`` (a datetime is shown by its date), or None.

    Returns:
        Safe HTML; an em dash (announced as "none") when ``value`` is None.
    """
    if value is None or value == "":
        return _none()
    if isinstance(value, datetime.datetime):
        value = value.date()
    return format_html('<time datetime="{}">{}</time>', value.isoformat(), ap_date(value))


@register.filter
def as_newsroom_date(value: datetime.datetime | None) -> SafeString:
    """Render an instant by its date in the newsroom's zone (AP style), as
    ``<time datetime="2026-11-29T09:54:12-05:00">Nov. 29, 2026</time>``:
    04:30 UTC on Nov. 30 is still Nov. 29 in New York.

    Args:
        value: an aware datetime (e.g. a correction's ``issued_at``, a
            retraction's ``retracted_at``), or None.

    Returns:
        Safe HTML; an em dash (announced as "none") when ``value`` is None.

    Raises:
        ValueError: ``value`` is naive (the zone it is in is unknown).
    """
    if value is None or value == "":
        return _none()
    if timezone.is_naive(value):
        raise ValueError("as_newsroom_date needs an aware datetime.")
    local = value.astimezone(newsroom_zone()).replace(microsecond=0)
    return format_html('<time datetime="{}">{}</time>', local.isoformat(), ap_date(local))


@register.simple_tag
def deadline(inquiry) -> SafeString:
    """Render an inquiry's deadline in the inquiry's own time zone.

    Args:
        inquiry: an :class:`~articles.models.Inquiry`.

    Returns:
        ``<time datetime="2017-08-18T23:59:59-04:00">Aug. 18, 2017, end of
        day, Eastern time</time>`` (the zone in words,
        :func:`articles.formats.zone_words`), or "No deadline" when ``due_on`` is
        blank. The ``datetime`` attribute is the last on-time second:
        "by Aug. 18" means until 23:59:59 on Aug. 18 in that zone
        (DESIGN.md, "Response status"; :mod:`articles.deadlines`).
    """
    end = inquiry.deadline
    if end is None:
        return format_html("{}", "No deadline")
    last_second = end - datetime.timedelta(seconds=1)
    return format_html(
        '<time datetime="{}">{}, end of day, {}</time>',
        last_second.isoformat(),
        ap_date(inquiry.due_on),
        zone_words(inquiry.due_timezone),
    )


@register.simple_tag
def newsroom_zone_words() -> str:
    """``{% newsroom_zone_words %}``: the newsroom's zone in words, e.g.
    "Eastern time" for ``NEWSROOM_TIME_ZONE = "America/New_York"``
    (:func:`articles.formats.zone_words`)."""
    return zone_words(newsroom_zone().key)


@register.simple_tag(takes_context=True)
def claim_review_json_ld(context, claim) -> SafeString:
    """Emit schema.org ClaimReview JSON-LD for a published, rated claim
    (DESIGN.md, "Claim rating"); nothing for an unrated, unpublished or
    retracted one (:func:`articles.structured_data.has_claim_review`).

    ``ratingValue`` is the rating's value, ``bestRating``/``worstRating``
    the highest and lowest values on its scale, ``alternateName`` its label;
    a step without a value (e.g. "Unverifiable") carries only the label.
    Costs one query (the scale's steps). ``<``, ``>`` and ``&`` are escaped
    so quoted text cannot close the script element.
    """
    if not has_claim_review(claim):
        return mark_safe("")  # noqa: S308 - empty string
    request = context.get("request")
    path = claim.get_absolute_url()
    url = request.build_absolute_uri(path) if request is not None else path
    data = json.dumps(claim_review(claim, url=url), ensure_ascii=False, indent=2)
    return mark_safe(  # noqa: S308 - JSON with <, >, & escaped
        '<script type="application/ld+json">' + data.translate(_JSON_SCRIPT_ESCAPES) + "</script>"
    )


#: What an editor's list says beside a record readers cannot see.
_UNPUBLISHED_TAGS = {
    Publication.DRAFT: "Draft — not public",
    Publication.IN_REVIEW: "In review — not public",
}


@register.simple_tag
def unpublished_tag(record) -> SafeString:
    """The badge an editor sees in a list beside a record readers cannot
    see: ``<strong class="tag tag--draft">Draft — not public</strong>`` or
    "In review — not public"; an empty string for a published or retracted
    record (readers never get a draft: only editors meet the badge).

    Args:
        record: a claim or an inquiry (anything with ``publication``).
    """
    label = _UNPUBLISHED_TAGS.get(record.publication)
    if label is None:
        return mark_safe("")  # noqa: S308 - empty string
    modifier = "in-review" if record.publication == Publication.IN_REVIEW else "draft"
    return format_html('<strong class="tag tag--draft tag--{}">{}</strong>', modifier, label)


# --- dates the source vouches for (issue: "Nothing the source does not say") ----


def _reported(source, *, capital: bool) -> SafeString:
    """``reported <time>Aug. 3, 2017</time> by Reuters`` for a source with a
    publication date; an em dash when the source has none."""
    if source is None or source.published_on is None:
        return _none()
    word = "Reported" if capital else "reported"
    if source.publisher_id:
        return format_html("{} {} by {}", word, as_time(source.published_on), source.publisher.name)
    return format_html("{} {}", word, as_time(source.published_on))


def _first_dated(sources):
    """The first source with a publication date, or None."""
    return next((s for s in sources if s.published_on is not None), None)


@register.simple_tag
def claim_date(claim, capital: bool = True) -> SafeString:
    """When a claim was made, as far as the source says.

    Args:
        claim: a :class:`~articles.models.Claim` with citations and their
            sources' publishers prefetched (``Claim.objects.with_related()``).
        capital: start with a capital ("Reported …") at the head of a cell.

    Returns:
        The date it was said (``stated_on``) when the source gives one;
        otherwise when and where it was reported ("reported Aug. 3, 2017 by
        Reuters", from the first dated source citing it); an em dash when
        neither is known. Never "not stated" beside a date shown elsewhere.
    """
    if claim.stated_on:
        return as_time(claim.stated_on)
    return _reported(_first_dated(c.source for c in claim.citations.all()), capital=capital)


@register.simple_tag
def response_date(response, field: str, capital: bool = True) -> SafeString:
    """A response's ``acknowledged_on`` or ``received_on`` as readers may read it.

    Args:
        response: a :class:`~articles.models.Response` joined with
            ``status_source__publisher`` (``Response.objects.with_related()``).
        field: ``"acknowledged_on"`` or ``"received_on"``.
        capital: start with a capital at the head of a cell.

    Returns:
        An em dash when the date is blank; "reported Aug. 3, 2017 by Reuters"
        when the dates are the report's (``dates_as_reported``: the source
        gives no date of its own); otherwise the date itself.
    """
    value = getattr(response, field)
    if value is None:
        return _none()
    if response.dates_as_reported and response.status_source_id:
        return _reported(response.status_source, capital=capital)
    return as_time(value)


@register.simple_tag
def inquiry_date(inquiry, capital: bool = True) -> SafeString:
    """The day an inquiry was sent, announced, requested or filed, or, when
    the source does not say, when and where it was reported (first dated
    source among ``inquiry.sources``, prefetched with publishers)."""
    if inquiry.sent_on:
        return as_time(inquiry.sent_on)
    return _reported(_first_dated(inquiry.sources.all()), capital=capital)


@register.filter
def possessive(name: str) -> str:
    """:func:`articles.formats.possessive` as a filter: "Kevin Davis’"."""
    return formats.possessive(name)


# Row-level badges in Python (issue "Scale and production": a 50-row list
# rendered four nested includes a row, a fifth of the page's time). Same
# HTML as components/status_badge.html and components/deadline_state.html,
# which stay for the pages that show one response.

_STATUS_ICONS = {"received": "✓", "declined": "✕", "acknowledged": "◐"}


@functools.lru_cache(maxsize=64)
def _status_badge_html(status: str, label: str) -> SafeString:
    return format_html(
        '<span class="badge badge--{}"><span class="badge__icon" aria-hidden="true">{}</span> {}</span>',
        status,
        _STATUS_ICONS.get(status, "○"),
        label,
    )


@register.simple_tag
def status_badge(response) -> SafeString:
    """``{% status_badge response %}``: a response's status as a word with a
    symbol (colour only reinforces it), as ``components/status_badge.html``
    renders it.

    Args:
        response: a :class:`~articles.models.Response`.
    """
    return _status_badge_html(response.status, str(response.get_status_display()))


_PAST_DUE_BADGES = {
    "overdue": mark_safe(  # noqa: S308 - a constant
        '<strong class="badge badge--overdue"><span class="badge__icon" aria-hidden="true">!</span> Overdue</strong>'
    ),
    "needs_check": mark_safe(  # noqa: S308 - a constant
        '<span class="badge badge--needs-check"><span class="badge__icon" aria-hidden="true">?</span> Deadline passed</span>'
    ),
}
_STATE_WORDS = {"not_yet_due": "Not yet due"}


@register.simple_tag
def deadline_state(response) -> SafeString:
    """``{% deadline_state response %}``: a response against its inquiry's
    deadline in words (:mod:`articles.deadlines`; the methodology page
    explains them), as ``components/deadline_state.html`` renders it.

    Args:
        response: a :class:`~articles.models.Response` annotated with
            ``deadline_state`` at the request's instant
            (``ResponseQuerySet.with_deadline_state``, through a selector).
    """
    state = response.deadline_state
    if state in _PAST_DUE_BADGES:
        words = "still no answer" if state == "overdue" else "no answer on record"
        return format_html(
            '{} <span class="deadline-note"><span class="deadline-sep">· </span>{} as of {}</span>',
            _PAST_DUE_BADGES[state],
            words,
            as_time(response.as_of),
        )
    verb = "Declined" if response.status == "declined" else "Answered"
    if state == "answered_late":
        days = response.days_late
        return format_html("{} {} day{} after the deadline", verb, intcomma(days), pluralize(days))
    if state == "answered_on_time":
        return format_html("{} by the deadline", verb)
    return format_html("{}", _STATE_WORDS.get(state, "No deadline"))
