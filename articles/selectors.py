"""Reads shared by the public pages, the API, feeds and exports (STYLE.md).

One definition of each public list: "the public list of pending responses"
is :func:`response_list` with ``status=open``, whether a page, the API or a
CSV asks for it. Readers never see drafts: every function here starts from
``.published()``.
"""

import datetime
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db.models import F, Prefetch, QuerySet

from .deadlines import resolve_now
from .filters import ResponseFilterSet
from .models import (
    Citation,
    City,
    Claim,
    Inquiry,
    Person,
    Publication,
    RatingScale,
    Response,
    Source,
)


def inquiry_list(*, at: datetime.datetime | None = None) -> QuerySet[Inquiry]:
    """Published inquiries with requester and response counts.

    Args:
        at: aware datetime at which deadline states are judged; default now.

    Each inquiry carries ``response_count``, ``received_count``,
    ``declined_count``, ``pending_count``, ``acknowledged_count``,
    ``open_count``, ``past_due_count``, ``overdue_count`` and
    ``needs_check_count``. One query.
    """
    return Inquiry.objects.published().with_related().with_counts(at)


def inquiry_cards(*, at: datetime.datetime | None = None) -> QuerySet[Inquiry]:
    """:func:`inquiry_list` with each inquiry's sources and their publishers
    prefetched, for the home page's cards (an inquiry whose date the source
    does not give shows when and where it was reported). Two queries."""
    return inquiry_list(at=at).prefetch_related(
        Prefetch("sources", queryset=Source.objects.with_related())
    )


def inquiry_detail_queryset(*, at: datetime.datetime | None = None) -> QuerySet[Inquiry]:
    """Published inquiries with requester, response counts (as
    :func:`inquiry_list`), sources and each response's city, respondent,
    organization and ``deadline_state`` prefetched (for ``get_object_or_404``).

    Args:
        at: aware datetime at which deadline states and counts are judged;
            default now.
    """
    at = resolve_now(at)
    return (
        Inquiry.objects.published()
        .with_related()
        .with_counts(at)
        .prefetch_related(
            "sources__publisher",
            Prefetch(
                "responses",
                queryset=Response.objects.with_related()
                .with_deadline_state(at)
                .order_by("city__name", "city__state"),
            ),
        )
    )


def response_list(
    *, filters: Mapping | None = None, user=None, at: datetime.datetime | None = None
) -> QuerySet[Response]:
    """Published responses, joined for display, each with its
    ``deadline_state`` at ``at``, optionally filtered.

    Args:
        filters: query parameters as :class:`~articles.filters.ResponseFilterSet`
            takes them (``status``, ``is_past_due``, ``is_overdue``,
            ``needs_check``, ``city``, ``state``, ``inquiry``, date ranges),
            e.g. ``request.GET``; None = all.
        user: reserved for editors' views of drafts; unused for now.
        at: aware datetime at which the deadline filters and each row's
            ``deadline_state`` are judged; default now.

    Raises:
        ValidationError: a filter value is invalid; ``error_dict`` is keyed
            by the parameter name.
    """
    at = resolve_now(at)
    queryset = Response.objects.published().with_related().with_deadline_state(at)
    if filters:
        filterset = ResponseFilterSet(data=filters, queryset=queryset, at=at)
        if not filterset.is_valid():
            raise ValidationError(filterset.form.errors.as_data())
        queryset = filterset.qs
    return queryset


def responses_open(
    *, filters: Mapping | None = None, at: datetime.datetime | None = None
) -> QuerySet[Response]:
    """The public list of pending responses: pending or acknowledged,
    earliest deadline first (no deadline last, on SQLite and PostgreSQL
    alike), then city. ``filters``, ``at`` and errors as :func:`response_list`."""
    return (
        response_list(filters=filters, at=at)
        .open()
        .order_by(
            F("inquiry__due_on").asc(nulls_last=True),
            "inquiry__title",
            "city__name",
            "city__state",
        )
    )


def responses_closed(
    *, filters: Mapping | None = None, at: datetime.datetime | None = None
) -> QuerySet[Response]:
    """The public list of responses in: received or declined, newest first,
    each with its ``deadline_state`` (on time or late). ``filters``, ``at``
    and errors as :func:`response_list`."""
    return (
        response_list(filters=filters, at=at)
        .closed()
        .order_by("-received_on", "city__name", "inquiry__title")
    )


def city_detail_queryset(*, at: datetime.datetime | None = None) -> QuerySet[City]:
    """Cities with their published responses (and inquiries) prefetched,
    each response with its ``deadline_state`` at ``at`` (aware; default now)."""
    return City.objects.prefetch_related(
        Prefetch(
            "responses",
            queryset=Response.objects.published()
            .with_related()
            .with_deadline_state(resolve_now(at))
            .order_by("-inquiry__sent_on"),
        ),
        Prefetch("claims", queryset=Claim.objects.published().with_related()),
    )


def claim_list() -> QuerySet[Claim]:
    """Published claims with claimant, city, rating and citations."""
    return Claim.objects.published().with_related()


def source_detail_queryset() -> QuerySet[Source]:
    """Sources with publisher, and the published claims citing them."""
    return Source.objects.with_related().prefetch_related(
        Prefetch(
            "citations",
            queryset=Citation.objects.filter(claim__publication=Publication.PUBLISHED)
            .select_related(
                "claim__claimant", "claim__claimant_organization", "claim__city", "claim__rating"
            )
            .order_by("claim__stated_on", "pk"),
        ),
    )


def person_detail_queryset() -> QuerySet[Person]:
    """People with organization and their published claims."""
    return Person.objects.with_related().prefetch_related(
        Prefetch("claims", queryset=Claim.objects.published().with_related()),
    )


def rating_scales() -> QuerySet[RatingScale]:
    """Every rating scale with its steps in order (for the methodology page)."""
    return RatingScale.objects.prefetch_related("ratings")


def response_list_with_sources(
    *, filters: Mapping | None = None, user=None, at: datetime.datetime | None = None
) -> QuerySet[Response]:
    """:func:`response_list` with each response's sources prefetched (one
    more query, whatever the number of rows), for the API and exports that
    list source links. Arguments and errors as :func:`response_list`."""
    return response_list(filters=filters, user=user, at=at).prefetch_related("sources")
