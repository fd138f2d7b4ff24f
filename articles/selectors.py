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
        at: aware datetime at which overdue is judged; default now.

    Each inquiry carries ``response_count``, ``received_count``,
    ``declined_count``, ``pending_count``, ``acknowledged_count``,
    ``open_count`` and ``overdue_count``. One query.
    """
    return Inquiry.objects.published().with_related().with_counts(at)


def inquiry_cards(*, at: datetime.datetime | None = None) -> QuerySet[Inquiry]:
    """:func:`inquiry_list` with each inquiry's sources and their publishers
    prefetched, for the home page's cards (an inquiry whose date the source
    does not give shows when and where it was reported). Two queries."""
    return inquiry_list(at=at).prefetch_related(
        Prefetch("sources", queryset=Source.objects.with_related())
    )


def inquiry_detail_queryset() -> QuerySet[Inquiry]:
    """Published inquiries with requester, sources and each response's
    city, respondent and organization prefetched (for ``get_object_or_404``)."""
    return (
        Inquiry.objects.published()
        .with_related()
        .prefetch_related(
            "sources__publisher",
            Prefetch(
                "responses",
                queryset=Response.objects.with_related().order_by("city__name", "city__state"),
            ),
        )
    )


def response_list(*, filters: Mapping | None = None, user=None) -> QuerySet[Response]:
    """Published responses, joined for display, optionally filtered.

    Args:
        filters: query parameters as :class:`~articles.api.filters.ResponseFilterSet`
            takes them (``status``, ``overdue``, ``city``, ``state``,
            ``inquiry``, date ranges), e.g. ``request.GET``; None = all.
        user: reserved for editors' views of drafts; unused for now.

    Raises:
        ValidationError: a filter value is invalid; ``error_dict`` is keyed
            by the parameter name.
    """
    queryset = Response.objects.published().with_related()
    if filters:
        filterset = ResponseFilterSet(data=filters, queryset=queryset)
        if not filterset.is_valid():
            raise ValidationError(filterset.form.errors.as_data())
        queryset = filterset.qs
    return queryset


def responses_open(*, filters: Mapping | None = None) -> QuerySet[Response]:
    """The public list of pending responses: pending or acknowledged,
    earliest deadline first (no deadline last, on SQLite and PostgreSQL
    alike), then city. ``filters`` and errors as :func:`response_list`."""
    return (
        response_list(filters=filters)
        .open()
        .order_by(
            F("inquiry__due_on").asc(nulls_last=True),
            "inquiry__title",
            "city__name",
            "city__state",
        )
    )


def responses_closed(*, filters: Mapping | None = None) -> QuerySet[Response]:
    """The public list of responses in: received or declined, newest first.
    ``filters`` and errors as :func:`response_list`."""
    return (
        response_list(filters=filters)
        .closed()
        .order_by("-received_on", "city__name", "inquiry__title")
    )


def city_detail_queryset() -> QuerySet[City]:
    """Cities with their published responses (and inquiries) prefetched."""
    return City.objects.prefetch_related(
        Prefetch(
            "responses",
            queryset=Response.objects.published().with_related().order_by("-inquiry__sent_on"),
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


def response_list_with_sources(*, filters: Mapping | None = None, user=None) -> QuerySet[Response]:
    """:func:`response_list` with each response's sources prefetched (one
    more query, whatever the number of rows), for the API and exports that
    list source links. Arguments and errors as :func:`response_list`."""
    return response_list(filters=filters, user=user).prefetch_related("sources")
