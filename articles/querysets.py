"""QuerySets that say what a query means (STYLE.md).

Filtering methods here have no side effects; ``with_related()`` methods hold
every ``select_related``/``prefetch_related`` a page or API list needs, so
views never write their own chains.

Every QuerySet has ``visible_to(user)``: the one answer to "what may this
user see" (DESIGN.md, "Public pages"; MuckRock's ``get_viewable(user)``).
A user who may see unpublished records (:func:`articles.visibility.can_view_unpublished`)
sees everything. Readers see:

- published claims and published inquiries;
- responses to published inquiries, citations of published claims;
- people, sources, organizations and cities only when a record readers see
  refers to them: a person who made a published claim or answered for a
  city in a visible response; a source cited by a published claim or listed
  by a published inquiry or visible response; an organization that made a
  published claim, asked a published inquiry, answered in a visible
  response, or is the organization of a visible person or the publisher of
  a visible source; a city a published claim is about, that a visible
  response comes from, or that a visible organization serves. (A page shows
  a person's organization and its city, so those are visible with them: no
  link on a visible page leads to a 404.)

Each rule is ``Exists`` subqueries in the list's own query: one query per
list, whatever the number of rows.
"""

import datetime

from django.apps import apps
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q

from . import deadlines
from .choices import CLOSED_STATUSES, OPEN_STATUSES, READER_VISIBLE, Publication
from .deadlines import FROM_INQUIRY
from .visibility import can_view_unpublished

#: Pages readers may open: published and retracted (see READER_VISIBLE).
PUBLIC = READER_VISIBLE
RETRACTED = Publication.RETRACTED


def _model(name: str) -> type[models.Model]:
    """An ``articles`` model by name (the models import this module, so
    it cannot import them)."""
    return apps.get_model("articles", name)


def _visible_responses():
    """Responses readers see: those to published (or retracted) inquiries."""
    return _model("Response").objects.filter(inquiry__publication__in=PUBLIC)


def _corrections_prefetch() -> models.Prefetch:
    """``Prefetch("corrections")`` in the order a page's foot lists them:
    oldest first. A record readers may see shows all its corrections (a
    correction has no state of its own), so they are not filtered again."""
    return models.Prefetch(
        "corrections", queryset=_model("Correction").objects.order_by("issued_at", "pk")
    )


def public_person_q() -> Q:
    """Matches people a reader may see: the claimant of a published claim
    or the respondent of a response to a published inquiry."""
    return Exists(
        _model("Claim").objects.filter(publication__in=PUBLIC, claimant=OuterRef("pk"))
    ) | Exists(_visible_responses().filter(respondent=OuterRef("pk")))


def public_source_q() -> Q:
    """Matches sources a reader may see: cited by a published claim, listed
    by a published inquiry or by a response to one, or reporting the status
    of a response to a published inquiry (``Response.status_source``)."""
    inquiry_sources = _model("Inquiry").sources.through
    response_sources = _model("Response").sources.through
    return (
        Exists(
            _model("Citation").objects.filter(claim__publication__in=PUBLIC, source=OuterRef("pk"))
        )
        | Exists(
            inquiry_sources.objects.filter(inquiry__publication__in=PUBLIC, source=OuterRef("pk"))
        )
        | Exists(
            response_sources.objects.filter(
                response__inquiry__publication__in=PUBLIC, source=OuterRef("pk")
            )
        )
        | Exists(_visible_responses().filter(status_source=OuterRef("pk")))
    )


def public_organization_q() -> Q:
    """Matches organizations a reader may see: the claimant of a published
    claim, the requester of a published inquiry, the body answering in a
    visible response, the organization of a visible person, the publisher
    of a visible source."""
    return (
        Exists(
            _model("Claim").objects.filter(
                publication__in=PUBLIC, claimant_organization=OuterRef("pk")
            )
        )
        | Exists(_model("Inquiry").objects.filter(publication__in=PUBLIC, requester=OuterRef("pk")))
        | Exists(_visible_responses().filter(organization=OuterRef("pk")))
        | Exists(_model("Person").objects.filter(public_person_q(), organization=OuterRef("pk")))
        | Exists(_model("Source").objects.filter(public_source_q(), publisher=OuterRef("pk")))
    )


def public_city_q() -> Q:
    """Matches cities a reader may see: what a published claim is about,
    where a visible response comes from, what a visible organization serves."""
    return (
        Exists(_model("Claim").objects.filter(publication__in=PUBLIC, city=OuterRef("pk")))
        | Exists(_visible_responses().filter(city=OuterRef("pk")))
        | Exists(
            _model("Organization").objects.filter(public_organization_q(), city=OuterRef("pk"))
        )
    )


class VisibleToQuerySet(models.QuerySet):
    """Base for the tracker's QuerySets: :meth:`visible_to` applies
    :meth:`public_q` unless the user may see unpublished records."""

    def public_q(self) -> Q:
        """The condition a row meets when readers may see it."""
        raise NotImplementedError

    def visible_to(self, user):
        """The rows ``user`` may see (module docstring; DESIGN.md, "Public
        pages"). Every selector, page, viewset, feed and export starts here.

        Args:
            user: a user, ``AnonymousUser`` or None (None = a reader).

        Returns:
            This QuerySet unchanged for a user who may see unpublished
            records (:func:`articles.visibility.can_view_unpublished`);
            otherwise filtered to what readers see, in the same query.
        """
        if can_view_unpublished(user):
            return self.all()
        return self.filter(self.public_q())


class CityQuerySet(VisibleToQuerySet):
    """Queries on cities."""

    def public_q(self) -> Q:
        """See :func:`public_city_q`."""
        return public_city_q()

    def with_related(self):
        """Nothing to join: a city has no foreign keys."""
        return self


class OrganizationQuerySet(VisibleToQuerySet):
    """Queries on organizations."""

    def public_q(self) -> Q:
        """See :func:`public_organization_q`."""
        return public_organization_q()

    def with_related(self):
        """Join the organization's city."""
        return self.select_related("city")


class PersonQuerySet(VisibleToQuerySet):
    """Queries on people."""

    def public_q(self) -> Q:
        """See :func:`public_person_q`."""
        return public_person_q()

    def with_related(self):
        """Join the person's organization and its city."""
        return self.select_related("organization__city")


class SourceQuerySet(VisibleToQuerySet):
    """Queries on sources."""

    def public_q(self) -> Q:
        """See :func:`public_source_q`."""
        return public_source_q()

    def with_related(self):
        """Join the publisher."""
        return self.select_related("publisher")


class RatingScaleQuerySet(VisibleToQuerySet):
    """Queries on rating scales."""

    def public_q(self) -> Q:
        """Every scale: scales are the newsroom's published method, not
        records with a draft state (DESIGN.md, "Claim rating": the
        methodology page lists them)."""
        return Q()


class RatingQuerySet(VisibleToQuerySet):
    """Queries on the steps of rating scales."""

    def public_q(self) -> Q:
        """Every step, as :meth:`RatingScaleQuerySet.public_q`."""
        return Q()


class ClaimQuerySet(VisibleToQuerySet):
    """Queries on claims."""

    def public_q(self) -> Q:
        """Published claims, and retracted ones (their page stays)."""
        return Q(publication__in=PUBLIC)

    def published(self):
        """Published claims (not retracted)."""
        return self.filter(publication=Publication.PUBLISHED)

    def listed(self):
        """Claims that appear in lists, feeds and counts: all but the
        retracted (whose page stays, reachable by its address)."""
        return self.exclude(publication=RETRACTED)

    def in_review(self):
        """Claims waiting for an editor's review."""
        return self.filter(publication=Publication.IN_REVIEW)

    def with_related(self):
        """Join claimant, city and rating; prefetch citations with sources."""
        return self.select_related(
            "claimant__organization",
            "claimant_organization",
            "city",
            "rating__scale",
        ).prefetch_related("citations__source__publisher")

    def with_corrections(self):
        """Prefetch each claim's corrections, oldest first (one query)."""
        return self.prefetch_related(_corrections_prefetch())


class CitationQuerySet(VisibleToQuerySet):
    """Queries on citations."""

    def public_q(self) -> Q:
        """Citations of published (or retracted) claims."""
        return Q(claim__publication__in=PUBLIC)

    def listed(self):
        """Citations that appear in lists (a source's passages): all but
        those of a retracted claim."""
        return self.exclude(claim__publication=RETRACTED)


class InquiryQuerySet(VisibleToQuerySet):
    """Queries on inquiries."""

    def public_q(self) -> Q:
        """Published inquiries, and retracted ones (their page stays)."""
        return Q(publication__in=PUBLIC)

    def published(self):
        """Published inquiries (not retracted)."""
        return self.filter(publication=Publication.PUBLISHED)

    def listed(self):
        """Inquiries that appear in lists, feeds and counts: all but the
        retracted."""
        return self.exclude(publication=RETRACTED)

    def in_review(self):
        """Inquiries waiting for an editor's review."""
        return self.filter(publication=Publication.IN_REVIEW)

    def with_related(self):
        """Join the requester."""
        return self.select_related("requester")

    def with_corrections(self):
        """Prefetch each inquiry's own corrections, oldest first (one
        query; its responses' corrections are on the responses)."""
        return self.prefetch_related(_corrections_prefetch())

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


class ResponseQuerySet(VisibleToQuerySet):
    """Queries on responses."""

    def public_q(self) -> Q:
        """Responses to published or retracted inquiries (a response has no
        state of its own: DESIGN.md, "Readers never see drafts")."""
        return Q(inquiry__publication__in=PUBLIC)

    def published(self):
        """Responses to published inquiries (not retracted)."""
        return self.filter(inquiry__publication=Publication.PUBLISHED)

    def listed(self):
        """Responses that appear in lists, feeds and counts: all but those
        of a retracted inquiry."""
        return self.exclude(inquiry__publication=RETRACTED)

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

    def with_refs(self):
        """What the API's references need, in few joins: join the inquiry
        and the city (every row has both); prefetch the respondent, the
        answering organization and the status source (one query each, only
        when some row has one), without their own relations.

        Replaces :meth:`with_related` (``select_related(None)`` first): on
        PostgreSQL at 100,000 responses, planning the nine-table join of
        :meth:`with_related` took 70-100 ms a request against under 2 ms
        for this one; its execution took under 1 ms either way
        (``EXPLAIN ANALYZE``, issue "Scale and production")."""
        return (
            self.select_related(None)
            .select_related("inquiry", "city")
            .prefetch_related("respondent", "organization", "status_source")
        )

    def with_related(self):
        """Join inquiry (and requester), city, respondent and organization."""
        return self.select_related(
            "inquiry__requester",
            "city",
            "respondent__organization",
            "organization",
            "status_source__publisher",
        )

    def with_corrections(self):
        """Prefetch each response's corrections, oldest first (one query)."""
        return self.prefetch_related(_corrections_prefetch())

    # The editors' desk (issue "The editors' desk", item 3).

    def due_within(self, days: int, at: datetime.datetime | None = None):
        """Open, not yet past due at ``at`` (aware; None = now), and due at
        most ``days`` calendar days ahead in the deadline's zone
        (:func:`articles.deadlines.due_within_q`)."""
        return self.filter(deadlines.due_within_q(days, at))

    def answered_since(self, day: datetime.date):
        """Received or declined on ``day`` (a calendar date in the
        newsroom's zone) or later."""
        return self.filter(status__in=CLOSED_STATUSES, received_on__gte=day)


class CorrectionQuerySet(VisibleToQuerySet):
    """Queries on corrections."""

    def public_q(self) -> Q:
        """Corrections of a claim, inquiry or response readers may see."""
        return (
            Q(claim__publication__in=PUBLIC)
            | Q(inquiry__publication__in=PUBLIC)
            | Q(response__inquiry__publication__in=PUBLIC)
        )

    def with_related(self):
        """Join the record each concerns: a claim with its claimant (person
        or organization), an inquiry, a response with its inquiry and city."""
        return self.select_related(
            "claim__claimant",
            "claim__claimant_organization",
            "inquiry",
            "response__inquiry",
            "response__city",
        )


class ReviewCommentQuerySet(VisibleToQuerySet):
    """Queries on internal review comments."""

    def public_q(self) -> Q:
        """None: readers never see an internal comment."""
        return Q(pk__in=[])


#: The model behind each kind of search entry (``SearchEntry.Kind``; a
#: quote is a citation).
SEARCH_KIND_MODELS: dict[str, str] = {
    "claim": "Claim",
    "quote": "Citation",
    "source": "Source",
    "person": "Person",
    "city": "City",
    "inquiry": "Inquiry",
}


class SearchEntryQuerySet(VisibleToQuerySet):
    """Queries on the search index (:mod:`articles.search`). An entry is
    visible exactly when its record is: the record's own ``visible_to``,
    asked in an ``Exists`` subquery per kind, so the index stores no
    publication state that could fall out of step."""

    def public_q(self) -> Q:
        """Entries whose record a reader may see (each model's ``public_q``)."""
        q = Q(pk__in=[])
        for kind, name in SEARCH_KIND_MODELS.items():
            records = _model(name).objects.visible_to(None)
            q |= Q(kind=kind) & Exists(records.filter(pk=OuterRef("object_id")))
        return q

    def listed(self):
        """Entries that appear in results: all but those of a retracted claim
        or inquiry and the quotes of a retracted claim (their pages stay,
        reachable by address, as in every other list)."""
        return self.exclude(
            (
                Q(kind="claim")
                & Exists(
                    _model("Claim").objects.filter(publication=RETRACTED, pk=OuterRef("object_id"))
                )
            )
            | (
                Q(kind="inquiry")
                & Exists(
                    _model("Inquiry").objects.filter(
                        publication=RETRACTED, pk=OuterRef("object_id")
                    )
                )
            )
            | (
                Q(kind="quote")
                & Exists(
                    _model("Citation").objects.filter(
                        claim__publication=RETRACTED, pk=OuterRef("object_id")
                    )
                )
            )
        )
