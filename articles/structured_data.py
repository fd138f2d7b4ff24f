"""schema.org structured data, built in one place (DESIGN.md, "Claim
rating"): the claim page's JSON-LD, and later feeds and the API, reuse
:func:`claim_review`. Follows https://schema.org/ClaimReview and Google's
fact-check markup guidance.

Only a published, rated claim has a ClaimReview (:func:`has_claim_review`).
A retracted claim's page stays, but the newsroom no longer stands by the
review: schema.org has no "retracted" rating, and a review left in the
markup would go on being shown by search engines as the newsroom's verdict,
so the page carries none. Drafts and claims in review are not public.

Every string in the markup is text, not markup: a rating explanation
(Markdown on the page) becomes the plain text a reader sees there
(:func:`articles.markdown.markdown_to_text`), and every string loses the
characters XML and HTML forbid (:func:`articles.formats.printable`, the
rule feeds and CSV downloads follow too).
"""

import datetime

from .choices import Publication
from .clock import newsroom_zone
from .formats import printable
from .markdown import markdown_to_text

#: The publisher named as the author of ClaimReview markup.
SITE_NAME = "City response tracker"


def has_claim_review(claim) -> bool:
    """Whether ``claim`` gets ClaimReview markup: it is rated and published
    (not a draft, not in review, not retracted)."""
    return claim.rating_id is not None and claim.publication == Publication.PUBLISHED


def _instant(value: datetime.datetime) -> str:
    """An aware instant as ISO 8601 in the newsroom's zone, to the second:
    ``2026-11-29T09:54:12-05:00``."""
    return value.astimezone(newsroom_zone()).isoformat(timespec="seconds")


def review_rating_of(rating) -> dict:
    """The ClaimReview ``reviewRating`` for one step of a scale.

    Args:
        rating: a :class:`~articles.models.Rating`; its scale's steps are
            read (one query, unless prefetched).

    Returns:
        ``{"@type": "Rating", "alternateName": label, "ratingValue": v,
        "bestRating": hi, "worstRating": lo}``, where ``hi`` and ``lo`` are
        the highest and lowest values on the rating's scale. The label only
        (``{"@type": "Rating", "alternateName": label}``) when the step has
        no value (e.g. "Unverifiable") or when the scale's valued steps
        span no range (``hi == lo``, e.g. a scale with one valued step):
        a number out of a range of one tells a reader or a search engine
        nothing, and ``bestRating == worstRating`` is not a scale (the
        issue "Readers' side", "Structured data").
    """
    review_rating: dict = {"@type": "Rating", "alternateName": rating.label}
    if rating.value is None:
        return review_rating
    values = [r.value for r in rating.scale.ratings.all() if r.value is not None]
    best, worst = max(values), min(values)
    if best == worst:
        return review_rating
    review_rating.update(ratingValue=rating.value, bestRating=best, worstRating=worst)
    return review_rating


def claim_review(claim, *, url: str) -> dict:
    """Build the schema.org ClaimReview for a rated claim as a dict, ready
    for ``json.dumps`` (pages, feeds and the API all use this one builder).

    Args:
        claim: a rated :class:`~articles.models.Claim`, ideally from
            ``Claim.objects.with_related().with_corrections()`` (claimant,
            rating and scale joined, citations and corrections prefetched);
            the scale's steps cost one query.
        url: the absolute URL of the claim's public page.

    Returns:
        ``ratingValue`` is the rating's value, ``bestRating``/``worstRating``
        the highest and lowest values on its scale and ``alternateName`` its
        label (schema.org/ClaimReview, DESIGN.md "Claim rating"); a step
        without a value (e.g. "Unverifiable"), or on a scale whose highest
        and lowest values are equal, carries only the label
        (:func:`review_rating_of`).
        ``datePublished`` is when the claim was first published
        (``published_at``; left out when unknown) and ``dateModified`` the
        latest correction's ``issued_at`` (left out without corrections),
        both ISO 8601 instants in the newsroom's zone, to the second.
        ``reviewBody`` is the rating explanation as plain text (its Markdown
        rendered, then reduced to text); every string is free of the
        characters XML and HTML forbid (``"Control\\x01chars"`` ->
        ``"Controlchars"``, as on the page).

    Raises:
        ValueError: the claim is unrated (an unrated claim has no review).
    """
    if claim.rating_id is None:
        raise ValueError("An unrated claim has no ClaimReview.")
    rating = claim.rating
    review_rating = review_rating_of(rating)
    if claim.claimant_id:
        author: dict = {"@type": "Person", "name": claim.claimant.name}
        if claim.claimant.title:
            author["jobTitle"] = claim.claimant.title
    else:
        author = {"@type": "Organization", "name": claim.claimant_organization.name}
    item: dict = {"@type": "Claim", "author": author}
    if claim.stated_on:
        item["datePublished"] = claim.stated_on.isoformat()
    appearances = [
        {"@type": "CreativeWork", "url": c.source.url, "headline": c.source.title}
        for c in claim.citations.all()
        if c.source.url
    ]
    if appearances:
        item["appearance"] = appearances
    review = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": url,
        "claimReviewed": claim.text,
        "author": {"@type": "Organization", "name": SITE_NAME},
        "itemReviewed": item,
        "reviewRating": review_rating,
    }
    if claim.published_at is not None:
        review["datePublished"] = _instant(claim.published_at)
    issued = [c.issued_at for c in claim.corrections.all()]
    if issued:
        review["dateModified"] = _instant(max(issued))
    if claim.rating_explanation:
        body = markdown_to_text(claim.rating_explanation)
        if body:
            review["reviewBody"] = body
    return _printable_strings(review)


def _printable_strings(value):
    """``value`` with :func:`~articles.formats.printable` applied to every
    string in it, through dicts and lists (keys are ours, left alone)."""
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, dict):
        return {key: _printable_strings(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_printable_strings(item) for item in value]
    return value
