"""Reads shared by the public pages, the API, feeds and exports (STYLE.md).

One definition of each public list: "the public list of pending responses"
is :func:`responses_open`, whether a page, the API or a CSV asks for it.

Every function takes ``user`` (keyword, required: a user, ``AnonymousUser``,
or None for a reader) and starts from ``Model.objects.visible_to(user)``
(:mod:`articles.querysets`; DESIGN.md, "Public pages": one rule decides
what a user may see). Readers never see drafts, nor a city, person,
organization or source that only drafts refer to; editors holding
``articles.view_unpublished`` see everything. Related rows prefetched
beside a visible row go through the same rule.
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
    Organization,
    Person,
    RatingScale,
    Response,
    Source,
)


def inquiry_list(*, user, at: datetime.datetime | None = None) -> QuerySet[Inquiry]:
    """Inquiries ``user`` may see, with requester and response counts.

    Args:
        user: whose view (see the module docstring).
        at: aware datetime at which overdue is judged; default now.

    Each inquiry carries ``response_count``, ``received_count``,
    ``declined_count``, ``pending_count``, ``acknowledged_count``,
    ``open_count`` and ``overdue_count`` (every response of a visible
    inquiry is visible). One query.
    """
    return Inquiry.objects.visible_to(user).with_related().with_counts(at)


def inquiry_detail_queryset(*, user) -> QuerySet[Inquiry]:
    """Inquiries ``user`` may see, with requester, sources and each
    response's city, respondent and organization prefetched (for
    ``get_object_or_404``). The sources and responses of a visible inquiry
    are visible by the rule, so they are not filtered again."""
    return (
        Inquiry.objects.visible_to(user)
        .with_related()
        .prefetch_related(
            "sources__publisher",
            Prefetch(
                "responses",
                queryset=Response.objects.with_related().order_by("city__name", "city__state"),
            ),
        )
    )


def response_list(*, user, filters: Mapping | None = None) -> QuerySet[Response]:
    """Responses ``user`` may see, joined for display, optionally filtered.

    Args:
        user: whose view; also limits the ``city`` and ``inquiry`` filters
            to slugs the user may see (a hidden slug is an unknown value).
        filters: query parameters as :class:`~articles.filters.ResponseFilterSet`
            takes them (``status``, ``overdue``, ``city``, ``state``,
            ``inquiry``, date ranges), e.g. ``request.GET``; None = all.

    Raises:
        ValidationError: a filter value is invalid; ``error_dict`` is keyed
            by the parameter name.
    """
    queryset = Response.objects.visible_to(user).with_related()
    if filters:
        filterset = ResponseFilterSet(data=filters, queryset=queryset, user=user)
        if not filterset.is_valid():
            raise ValidationError(filterset.form.errors.as_data())
        queryset = filterset.qs
    return queryset


def responses_open(*, user, filters: Mapping | None = None) -> QuerySet[Response]:
    """The public list of pending responses: pending or acknowledged,
    earliest deadline first (no deadline last, on SQLite and PostgreSQL
    alike), then city. ``user``, ``filters`` and errors as :func:`response_list`."""
    return (
        response_list(user=user, filters=filters)
        .open()
        .order_by(
            F("inquiry__due_on").asc(nulls_last=True),
            "inquiry__title",
            "city__name",
            "city__state",
        )
    )


def responses_closed(*, user, filters: Mapping | None = None) -> QuerySet[Response]:
    """The public list of responses in: received or declined, newest first.
    ``user``, ``filters`` and errors as :func:`response_list`."""
    return (
        response_list(user=user, filters=filters)
        .closed()
        .order_by("-received_on", "city__name", "inquiry__title")
    )


def response_list_with_sources(*, user, filters: Mapping | None = None) -> QuerySet[Response]:
    """:func:`response_list` with each response's sources prefetched (one
    more query, whatever the number of rows), for the API and exports that
    list source links. Arguments and errors as :func:`response_list`."""
    return response_list(user=user, filters=filters).prefetch_related("sources")


def city_list(*, user) -> QuerySet[City]:
    """Cities ``user`` may see (readers: those a visible record refers to). One query."""
    return City.objects.visible_to(user).with_related()


def city_detail_queryset(*, user) -> QuerySet[City]:
    """Cities ``user`` may see, with the responses and claims about them
    that ``user`` may see prefetched (a visible city may also be named by
    drafts)."""
    return City.objects.visible_to(user).prefetch_related(
        Prefetch(
            "responses",
            queryset=Response.objects.visible_to(user).with_related().order_by("-inquiry__sent_on"),
        ),
        Prefetch("claims", queryset=Claim.objects.visible_to(user).with_related()),
    )


def organization_list(*, user) -> QuerySet[Organization]:
    """Organizations ``user`` may see, with their city. One query."""
    return Organization.objects.visible_to(user).with_related()


def person_list(*, user) -> QuerySet[Person]:
    """People ``user`` may see, with organization and its city. One query."""
    return Person.objects.visible_to(user).with_related()


def person_detail_queryset(*, user) -> QuerySet[Person]:
    """People ``user`` may see, with organization and the claims by them
    that ``user`` may see."""
    return (
        Person.objects.visible_to(user)
        .with_related()
        .prefetch_related(
            Prefetch("claims", queryset=Claim.objects.visible_to(user).with_related()),
        )
    )


def claim_list(*, user) -> QuerySet[Claim]:
    """Claims ``user`` may see, with claimant, city, rating and citations
    (the citations of a visible claim are visible by the rule)."""
    return Claim.objects.visible_to(user).with_related()


def source_list(*, user) -> QuerySet[Source]:
    """Sources ``user`` may see, with publisher. One query."""
    return Source.objects.visible_to(user).with_related()


def source_detail_queryset(*, user) -> QuerySet[Source]:
    """Sources ``user`` may see, with publisher, and prefetched:

    - ``citations``: those ``user`` may see, each with its claim, claimant,
      city and rating, oldest claim first (each citation's ``source`` is the
      page's source, set by the prefetch: ``Citation.passage`` asks nothing);
    - ``responses``: the responses listing the source that ``user`` may
      see, with inquiry, city and respondent.

    Three queries, whatever the number of citations and responses.
    """
    return (
        Source.objects.visible_to(user)
        .with_related()
        .prefetch_related(
            Prefetch(
                "citations",
                queryset=Citation.objects.visible_to(user)
                .select_related(
                    "claim__claimant",
                    "claim__claimant_organization",
                    "claim__city",
                    "claim__rating",
                )
                .order_by("claim__stated_on", "pk"),
            ),
            Prefetch(
                "responses",
                queryset=Response.objects.visible_to(user)
                .with_related()
                .order_by("inquiry__title", "city__name", "city__state"),
            ),
        )
    )


def rating_scales(*, user) -> QuerySet[RatingScale]:
    """Every rating scale ``user`` may see (every scale: the method is
    public) with its steps in order, for the methodology page."""
    return RatingScale.objects.visible_to(user).prefetch_related("ratings")
