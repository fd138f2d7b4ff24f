"""QuerySets that say what a query means (STYLE.md).

Filtering methods here have no side effects; ``with_related()`` methods hold
every ``select_related``/``prefetch_related`` a page or API list needs, so
views never write their own chains.
"""

import datetime

from django.db import models
from django.db.models import Count, Q

from . import deadlines
from .choices import CLOSED_STATUSES, OPEN_STATUSES, Publication
from .deadlines import FROM_INQUIRY

PUBLISHED = Publication.PUBLISHED


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
        acknowledged, open (pending + acknowledged), and, at ``at`` (aware
        datetime, default now), ``past_due_count``, ``overdue_count`` and
        ``needs_check_count`` (the rules of :mod:`articles.deadlines`:
        past due = overdue + needs a check). Still one query.

        Raises:
            ValueError: ``at`` is naive.
        """
        at = deadlines.resolve_now(at)
        return self.annotate(
            response_count=Count("responses", distinct=True),
            received_count=Count("responses", filter=Q(responses__status="received")),
            declined_count=Count("responses", filter=Q(responses__status="declined")),
            pending_count=Count("responses", filter=Q(responses__status="pending")),
            acknowledged_count=Count("responses", filter=Q(responses__status="acknowledged")),
            open_count=Count("responses", filter=Q(responses__status__in=OPEN_STATUSES)),
            past_due_count=Count("responses", filter=deadlines.past_due_q(at, paths=FROM_INQUIRY)),
            overdue_count=Count("responses", filter=deadlines.overdue_q(at, paths=FROM_INQUIRY)),
            needs_check_count=Count(
                "responses", filter=deadlines.needs_check_q(at, paths=FROM_INQUIRY)
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

    # Deadline states (articles/deadlines.py): filtering only, judged at
    # ``at`` (an aware datetime; None = now; a naive one raises ValueError).

    def past_due(self, at: datetime.datetime | None = None):
        """Pending or acknowledged after the inquiry's due day ended."""
        return self.filter(deadlines.past_due_q(at))

    def not_past_due(self, at: datetime.datetime | None = None):
        """The complement of :meth:`past_due`."""
        return self.exclude(deadlines.past_due_q(at))

    def overdue(self, at: datetime.datetime | None = None):
        """Past due, and the status confirmed after the due day
        (``as_of`` later than ``due_on``)."""
        return self.filter(deadlines.overdue_q(at))

    def not_overdue(self, at: datetime.datetime | None = None):
        """The complement of :meth:`overdue`."""
        return self.exclude(deadlines.overdue_q(at))

    def needs_check(self, at: datetime.datetime | None = None):
        """Past due, but the status last confirmed on or before the due
        day: the list of responses editors should check."""
        return self.filter(deadlines.needs_check_q(at))

    def not_needs_check(self, at: datetime.datetime | None = None):
        """The complement of :meth:`needs_check`."""
        return self.exclude(deadlines.needs_check_q(at))

    def answered_late(self):
        """Received or declined after the due day."""
        return self.filter(deadlines.answered_late_q())

    def with_deadline_state(self, at: datetime.datetime | None = None):
        """Annotate ``deadline_state``, a :class:`~articles.choices.DeadlineState`
        value judged at ``at``, for pages that show every row at the
        request's one instant (agrees with ``Response.deadline_state_at``)."""
        return self.annotate(deadline_state=deadlines.deadline_state_case(at))

    def with_related(self):
        """Join inquiry (and requester), city, respondent and organization."""
        return self.select_related(
            "inquiry__requester",
            "city",
            "respondent__organization",
            "organization",
            "status_source__publisher",
        )
