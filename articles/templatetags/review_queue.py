"""The review queue on the admin's home page (the issue "Publishing
workflow, roles, corrections and no lost edits", item 3: "the admin shows
what waits for review, who it is assigned to")."""

from django import template
from django.db.models import Count, Q
from django.urls import reverse

from ..choices import Publication
from ..models import Claim, Inquiry

register = template.Library()


@register.inclusion_tag("admin/articles/includes/review_queue.html", takes_context=True)
def review_queue(context) -> dict:
    """For each of claims and inquiries the user may see: how many wait
    for review, how many of those are assigned to the user, and how many
    drafts were sent back to the user; each count links to the list it
    counts. One query per model.

    Returns:
        ``{"rows": [{"label", "in_review", "mine", "sent_back", "urls": {...}}]}``.
    """
    request = context["request"]
    user = request.user
    rows = []
    for model in (Claim, Inquiry):
        opts = model._meta
        if not user.has_perm(f"{opts.app_label}.view_{opts.model_name}"):
            continue
        counts = model.objects.aggregate(
            in_review=Count("pk", filter=Q(publication=Publication.IN_REVIEW)),
            mine=Count("pk", filter=Q(publication=Publication.IN_REVIEW, assigned_to=user)),
            sent_back=Count("pk", filter=Q(publication=Publication.DRAFT, assigned_to=user)),
        )
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        rows.append(
            {
                "label": str(opts.verbose_name_plural).capitalize(),
                **counts,
                "urls": {
                    "in_review": f"{url}?publication__exact={Publication.IN_REVIEW}",
                    "mine": f"{url}?publication__exact={Publication.IN_REVIEW}&assigned=me",
                    "sent_back": f"{url}?publication__exact={Publication.DRAFT}&assigned=me",
                },
            }
        )
    return {"rows": rows}
