"""The editors' desk on the admin's home page (the issue "The editors'
desk", item 3): six figures, each a link to the list it counts."""

from django import template
from django.urls import reverse

from .. import selectors
from ..choices import Publication
from ..clock import request_now

register = template.Library()


@register.inclusion_tag("admin/articles/includes/desk.html", takes_context=True)
def editors_desk(context) -> dict:
    """The figures of :func:`articles.selectors.desk_counts` for the
    signed-in user at the request's instant, each with the address of the
    filtered admin list it counts (three queries at most).

    Returns:
        ``{"figures": [{"key", "count", "label", "url", "parts"}], "at": aware datetime}``;
        a figure the user may not see (None) is left out.
    """
    request = context["request"]
    at = request_now(request)
    counts = selectors.desk_counts(user=request.user, at=at)
    responses = reverse("admin:articles_response_changelist")
    figures = [
        ("overdue", counts.overdue, "overdue", f"{responses}?deadline=overdue"),
        ("needs_check", counts.needs_check, "need a check", f"{responses}?deadline=needs_check"),
        (
            "due_soon",
            counts.due_soon,
            f"due within {selectors.DESK_DUE_DAYS} days",
            f"{responses}?desk=due_soon",
        ),
        (
            "answered",
            counts.answered,
            f"answered in the last {selectors.DESK_ANSWERED_DAYS} days",
            f"{responses}?desk=answered",
        ),
    ]
    rows = [
        {"key": key, "count": count, "label": label, "url": url, "parts": []}
        for key, count, label, url in figures
        if count is not None
    ]
    if counts.in_review is not None:
        parts = []
        for noun, count, name in (
            ("claims", counts.review_claims, "claim"),
            ("inquiries", counts.review_inquiries, "inquiry"),
        ):
            if count is not None:
                url = reverse(f"admin:articles_{name}_changelist")
                parts.append(
                    {
                        "label": noun,
                        "count": count,
                        "url": f"{url}?publication__exact={Publication.IN_REVIEW}",
                    }
                )
        rows.append(
            {
                "key": "in_review",
                "count": counts.in_review,
                "label": "waiting for review",
                "url": parts[0]["url"] if len(parts) == 1 else "#review-queue",
                "parts": parts,
            }
        )
    if counts.mine is not None:
        rows.append(
            {
                "key": "mine",
                "count": counts.mine,
                "label": "assigned to me (open)",
                "url": f"{responses}?desk=mine",
                "parts": [],
            }
        )
    return {"figures": rows, "at": at}
