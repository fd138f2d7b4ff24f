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

A retracted claim or inquiry keeps its page (readers may open it), but
leaves every list, feed and count: list selectors apply ``.listed()`` (for
everyone, editors included); the ``*_detail_queryset`` selectors, and the
list selectors called with ``listed=False``, look a record up by its
address, retracted ones included.
"""

import datetime
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db.models import F, Prefetch, Q, QuerySet

from .deadlines import resolve_now
from .filters import ResponseFilterSet
from .models import (
    Citation,
    City,
    Claim,
    Correction,
    Inquiry,
    Organization,
    Person,
    RatingScale,
    Response,
    Source,
)


def inquiry_list(
    *,
    user,
    at: datetime.datetime | None = None,
    listed: bool = True,
    corrections: bool = False,
) -> QuerySet[Inquiry]:
    """Inquiries ``user`` may see, with requester and response counts.

    Args:
        user: whose view (see the module docstring).
        at: aware datetime at which deadline states are judged; default now.
        listed: True (default) for a list, feed or count: retracted
            inquiries are left out (their page stays); False to look one up
            by its address (the API's detail), retracted ones included.
        corrections: also prefetch each inquiry's own corrections, oldest
            first (one more query), for the API.

    Each inquiry carries ``response_count``, ``received_count``,
    ``declined_count``, ``pending_count``, ``acknowledged_count``,
    ``open_count``, ``past_due_count``, ``overdue_count`` and
    ``needs_check_count`` (every response of a visible inquiry is visible).
    One query (two with ``corrections``).
    """
    queryset = Inquiry.objects.visible_to(user)
    if listed:
        queryset = queryset.listed()
    queryset = queryset.with_related().with_counts(at)
    return queryset.with_corrections() if corrections else queryset


def inquiry_cards(*, user, at: datetime.datetime | None = None) -> QuerySet[Inquiry]:
    """:func:`inquiry_list` with each inquiry's sources and their publishers
    prefetched, for the home page's cards (an inquiry whose date the source
    does not give shows when and where it was reported). Two queries."""
    return inquiry_list(user=user, at=at).prefetch_related(
        Prefetch("sources", queryset=Source.objects.with_related())
    )


def inquiry_detail_queryset(*, user, at: datetime.datetime | None = None) -> QuerySet[Inquiry]:
    """Inquiries ``user`` may see, retracted ones included (their page
    stays), with requester, response counts (as :func:`inquiry_list`),
    sources and each response's city, respondent, organization and
    ``deadline_state`` prefetched (for ``get_object_or_404``). The sources
    and responses of a visible inquiry are visible by the rule, so they are
    not filtered again. Its corrections are :func:`inquiry_page_corrections`.

    Args:
        user: whose view.
        at: aware datetime at which deadline states and counts are judged;
            default now.
    """
    at = resolve_now(at)
    return (
        Inquiry.objects.visible_to(user)
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


def inquiry_page_corrections(*, user, inquiry: Inquiry) -> QuerySet[Correction]:
    """The corrections at the foot of an inquiry's page: the inquiry's own
    and its responses', oldest first, each response's with its city (the
    page says which city a correction concerns). One query.

    Args:
        user: whose view.
        inquiry: an inquiry (from :func:`inquiry_detail_queryset`); for
            one ``user`` may not see, the result is empty.
    """
    return (
        Correction.objects.visible_to(user)
        .filter(Q(inquiry=inquiry) | Q(response__inquiry=inquiry))
        .select_related("response__city")
        .order_by("issued_at", "pk")
    )


def response_list(
    *,
    user,
    filters: Mapping | None = None,
    at: datetime.datetime | None = None,
    listed: bool = True,
) -> QuerySet[Response]:
    """Responses ``user`` may see, joined for display, each with its
    ``deadline_state`` at ``at``, optionally filtered.

    Args:
        user: whose view; also limits the ``city`` and ``inquiry`` filters
            to slugs the user may see (a hidden slug is an unknown value).
        listed: True (default) for a list, feed or count: responses to a
            retracted inquiry are left out; False to look one up by its
            address (the API's detail).
        filters: query parameters as :class:`~articles.filters.ResponseFilterSet`
            takes them (``status``, ``is_past_due``, ``is_overdue``,
            ``needs_check``, ``city``, ``state``, ``inquiry``, date ranges),
            e.g. ``request.GET``; None = all.
        at: aware datetime at which the deadline filters and each row's
            ``deadline_state`` are judged; default now.

    Raises:
        ValidationError: a filter value is invalid; ``error_dict`` is keyed
            by the parameter name.
    """
    at = resolve_now(at)
    queryset = Response.objects.visible_to(user)
    if listed:
        queryset = queryset.listed()
    queryset = queryset.with_related().with_deadline_state(at)
    if filters:
        filterset = ResponseFilterSet(data=filters, queryset=queryset, user=user, at=at)
        if not filterset.is_valid():
            raise ValidationError(filterset.form.errors.as_data())
        queryset = filterset.qs
    return queryset


def responses_open(
    *, user, filters: Mapping | None = None, at: datetime.datetime | None = None
) -> QuerySet[Response]:
    """The public list of pending responses: pending or acknowledged,
    earliest deadline first (no deadline last, on SQLite and PostgreSQL
    alike), then city. ``user``, ``filters``, ``at`` and errors as
    :func:`response_list`."""
    return (
        response_list(user=user, filters=filters, at=at)
        .open()
        .order_by(
            F("inquiry__due_on").asc(nulls_last=True),
            "inquiry__title",
            "city__name",
            "city__state",
        )
    )


def responses_closed(
    *, user, filters: Mapping | None = None, at: datetime.datetime | None = None
) -> QuerySet[Response]:
    """The public list of responses in: received or declined, newest first,
    each with its ``deadline_state`` (on time or late). ``user``,
    ``filters``, ``at`` and errors as :func:`response_list`."""
    return (
        response_list(user=user, filters=filters, at=at)
        .closed()
        .order_by("-received_on", "city__name", "inquiry__title")
    )


def response_list_with_sources(
    *,
    user,
    filters: Mapping | None = None,
    at: datetime.datetime | None = None,
    listed: bool = True,
    corrections: bool = False,
) -> QuerySet[Response]:
    """:func:`response_list` with each response's sources prefetched (one
    more query, whatever the number of rows), for the API and exports that
    list source links; with ``corrections``, each response's corrections
    too, oldest first (one more). Other arguments and errors as
    :func:`response_list`."""
    queryset = response_list(user=user, filters=filters, at=at, listed=listed).prefetch_related(
        "sources"
    )
    return queryset.with_corrections() if corrections else queryset


def city_list(*, user) -> QuerySet[City]:
    """Cities ``user`` may see (readers: those a visible record refers to). One query."""
    return City.objects.visible_to(user).with_related()


def city_detail_queryset(*, user, at: datetime.datetime | None = None) -> QuerySet[City]:
    """Cities ``user`` may see, with the responses and claims about them
    that ``user`` may see prefetched (a visible city may also be named by
    drafts), each response with its ``deadline_state`` at ``at`` (aware;
    default now). The lists leave out retracted claims and the responses
    to retracted inquiries."""
    return City.objects.visible_to(user).prefetch_related(
        Prefetch(
            "responses",
            queryset=Response.objects.visible_to(user)
            .listed()
            .with_related()
            .with_deadline_state(resolve_now(at))
            .order_by("-inquiry__sent_on"),
        ),
        Prefetch("claims", queryset=Claim.objects.visible_to(user).listed().with_related()),
    )


def organization_list(*, user) -> QuerySet[Organization]:
    """Organizations ``user`` may see, with their city. One query."""
    return Organization.objects.visible_to(user).with_related()


def person_list(*, user) -> QuerySet[Person]:
    """People ``user`` may see, with organization and its city. One query."""
    return Person.objects.visible_to(user).with_related()


def person_detail_queryset(*, user) -> QuerySet[Person]:
    """People ``user`` may see, with organization and the claims by them
    that ``user`` may see, retracted ones left out."""
    return (
        Person.objects.visible_to(user)
        .with_related()
        .prefetch_related(
            Prefetch("claims", queryset=Claim.objects.visible_to(user).listed().with_related()),
        )
    )


def claim_list(*, user, listed: bool = True, corrections: bool = False) -> QuerySet[Claim]:
    """Claims ``user`` may see, with claimant, city, rating and citations
    (the citations of a visible claim are visible by the rule).

    Args:
        user: whose view.
        listed: True (default) for a list, feed or count: retracted claims
            are left out (their page stays); False to look one up by its
            address (the API's detail), retracted ones included.
        corrections: also prefetch each claim's corrections, oldest first
            (one more query), for the API.
    """
    queryset = Claim.objects.visible_to(user)
    if listed:
        queryset = queryset.listed()
    queryset = queryset.with_related()
    return queryset.with_corrections() if corrections else queryset


def claim_detail_queryset(*, user) -> QuerySet[Claim]:
    """Claims ``user`` may see, retracted ones included (their page stays
    with its retraction note), with claimant, city, rating, citations and
    corrections (oldest first) prefetched, for ``get_object_or_404``."""
    return claim_list(user=user, listed=False, corrections=True)


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

    Both lists leave out retracted claims and the responses to retracted
    inquiries.

    Three queries, whatever the number of citations and responses.
    """
    return (
        Source.objects.visible_to(user)
        .with_related()
        .prefetch_related(
            Prefetch(
                "citations",
                queryset=Citation.objects.visible_to(user)
                .listed()
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
                .listed()
                .with_related()
                .order_by("inquiry__title", "city__name", "city__state"),
            ),
        )
    )


def correction_list(*, user) -> QuerySet[Correction]:
    """Every correction ``user`` may see (readers: of a claim, inquiry or
    response they may see), newest first, each joined with the record it
    concerns (a claim with its claimant, a response with its inquiry and
    city), for ``/corrections/`` and the API. One query (plus a count when
    paginated).

    Corrections of a retracted record stay: the record's page stays, and
    a log of corrections does not lose entries.
    """
    return Correction.objects.visible_to(user).with_related().order_by("-issued_at", "-pk")


def rating_scales(*, user) -> QuerySet[RatingScale]:
    """Every rating scale ``user`` may see (every scale: the method is
    public) with its steps in order, for the methodology page."""
    return RatingScale.objects.visible_to(user).prefetch_related("ratings")


def search_matches(*, user, terms: tuple[str, ...]) -> QuerySet:
    """Search entries matching every word of ``terms`` whose record ``user``
    may see, retracted claims and inquiries (and their quotes) left out, in
    no order: for the counts per kind (:func:`articles.search.kind_counts`).

    Args:
        user: whose view (see the module docstring): an entry is kept only
            when its record passes that record's ``visible_to(user)``.
        terms: non-empty words from :func:`articles.search.parse_query`.
    """
    from . import search
    from .models import SearchEntry

    return search.matching(SearchEntry.objects.visible_to(user).listed(), terms)


def search_results(
    *, user, terms: tuple[str, ...], kind: str | None = None, matches: QuerySet | None = None
) -> QuerySet:
    """:func:`search_matches`, of one ``kind`` (a ``SearchEntry.Kind``
    value; None for all), best first, each entry carrying its highlighted
    title and snippet (``title_html``, ``snippet_html``) and its address
    (``get_absolute_url()``). One query (plus a count when paginated).

    Args:
        matches: the :func:`search_matches` QuerySet for the same ``user``
            and ``terms``, when the caller already built it (the page also
            counts it by kind): the visibility conditions are long to build.
    """
    from . import search

    if matches is None:
        matches = search_matches(user=user, terms=terms)
    if kind:
        matches = search.of_kind(matches, kind)
    return search.ranked(matches, terms)
