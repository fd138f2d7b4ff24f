"""QuerySets that say what a query means (STYLE.md).

Filtering methods here have no side effects; ``with_related()`` methods hold
every ``select_related``/``prefetch_related`` a page or API list needs, so
views never write their own chains.
"""

import datetime

from django.db import models
from django.db.models import Count, Q

from .choices import CLOSED_STATUSES, OPEN_STATUSES, Publication
from .deadlines import local_dates_by_zone, resolve_now

PUBLISHED = Publication.PUBLISHED


def overdue_deadline_q(at: datetime.datetime | None = None, *, prefix: str = "") -> Q:
    """Return a Q matching inquiries whose deadline has passed at ``at``.

    Args:
        at: aware datetime; defaults to now.
        prefix: lookup path to the Inquiry, e.g. ``"inquiry__"`` from a
            Response or ``"responses__"``-side callers pass ``""``.

    The rule (DESIGN.md): a deadline ``due_on`` in zone Z has passed once
    Z's local date is later than ``due_on``. Inquiries without ``due_on``
    never match.
    """
    at = resolve_now(at)
    q = Q(pk__in=[])
    for local_date, zones in local_dates_by_zone(at).items():
        q |= Q(**{f"{prefix}due_timezone__in": zones, f"{prefix}due_on__lt": local_date})
    return q


def overdue_response_q(at: datetime.datetime | None = None, *, prefix: str = "") -> Q:
    """Return a Q matching responses that are overdue at ``at``.

    Args:
        at: aware datetime; defaults to now.
        prefix: lookup path to the Response (``""`` on Response itself,
            ``"responses__"`` from an Inquiry or City).

    Overdue = status pending or acknowledged, and the inquiry's deadline has
    passed (see :func:`overdue_deadline_q`).
    """
    return Q(**{f"{prefix}status__in": OPEN_STATUSES}) & overdue_deadline_q(
        at, prefix=f"{prefix}inquiry__"
    )


class CityQuerySet(models.QuerySet):
    """Queries on cities."""

    def with_related(self):
        """Nothing to join: a city has no foreign keys."""
        return self


class OrganizationQuerySet(models.QuerySet):
    """Queries on organizations."""

    def with_related(self):
        """Join the organization's city."""
        return self.select_related("city")


class PersonQuerySet(models.QuerySet):
    """Queries on people."""

    def with_related(self):
        """Join the person's organization and its city."""
        return self.select_related("organization__city")


class SourceQuerySet(models.QuerySet):
    """Queries on sources."""

    def with_related(self):
        """Join the publisher."""
        return self.select_related("publisher")


class ClaimQuerySet(models.QuerySet):
    """Queries on claims."""

    def published(self):
        """Claims readers may see (editorial status published)."""
        return self.filter(publication=PUBLISHED)

    def with_related(self):
        """Join claimant, city and rating; prefetch citations with sources."""
        return self.select_related(
            "claimant__organization",
            "claimant_organization",
            "city",
            "rating__scale",
        ).prefetch_related("citations__source__publisher")


class InquiryQuerySet(models.QuerySet):
    """Queries on inquiries."""

    def published(self):
        """Inquiries readers may see."""
        return self.filter(publication=PUBLISHED)

    def with_related(self):
        """Join the requester."""
        return self.select_related("requester")

    def with_counts(self, at: datetime.datetime | None = None):
        """Annotate response counts: total, received, declined, pending,
        acknowledged, open (pending + acknowledged) and overdue at ``at``
        (aware datetime, default now)."""
        return self.annotate(
            response_count=Count("responses", distinct=True),
            received_count=Count("responses", filter=Q(responses__status="received")),
            declined_count=Count("responses", filter=Q(responses__status="declined")),
            pending_count=Count("responses", filter=Q(responses__status="pending")),
            acknowledged_count=Count("responses", filter=Q(responses__status="acknowledged")),
            open_count=Count("responses", filter=Q(responses__status__in=OPEN_STATUSES)),
            overdue_count=Count(
                "responses",
                filter=Q(responses__status__in=OPEN_STATUSES) & overdue_deadline_q(at),
            ),
        )


class ResponseQuerySet(models.QuerySet):
    """Queries on responses."""

    def published(self):
        """Responses to published inquiries."""
        return self.filter(inquiry__publication=PUBLISHED)

    def open(self):
        """Still awaited: pending or acknowledged."""
        return self.filter(status__in=OPEN_STATUSES)

    def closed(self):
        """Answered: received or declined."""
        return self.filter(status__in=CLOSED_STATUSES)

    def overdue(self, at: datetime.datetime | None = None):
        """Open responses whose inquiry's deadline ended before ``at``.

        Args:
            at: aware datetime; defaults to now. Naive datetimes raise
                ValueError.
        """
        return self.filter(overdue_response_q(at))

    def not_overdue(self, at: datetime.datetime | None = None):
        """The complement of :meth:`overdue`."""
        return self.exclude(overdue_response_q(at))

    def with_related(self):
        """Join inquiry (and requester), city, respondent and organization."""
        return self.select_related(
            "inquiry__requester",
            "city",
            "respondent__organization",
            "organization",
            "status_source__publisher",
        )
