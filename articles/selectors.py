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
import statistics
from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import (
    CharField,
    Count,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce

from . import filters as list_filters
from . import freshness
from .choices import OPEN_STATUSES, Publication, ResponseStatus
from .deadlines import resolve_now
from .filters import ClaimFilterSet, ListFilters, ResponseFilterSet
from .models import (
    Citation,
    City,
    Claim,
    Correction,
    Inquiry,
    Organization,
    Person,
    Rating,
    RatingScale,
    Response,
    Source,
)
from .paging import SegmentedRows
from .visibility import can_view_unpublished


def inquiry_list(
    *,
    user,
    at: datetime.datetime | None = None,
    listed: bool = True,
    corrections: bool = False,
    counts: bool = True,
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
        counts: False to leave the counts out of the query: the caller
            puts them on the rows it shows with :func:`articles.tallies.attach`
            (after pagination; cached per data generation), instead of a
            join over every response of every inquiry.

    Each inquiry carries ``response_count``, ``received_count``,
    ``declined_count``, ``pending_count``, ``acknowledged_count``,
    ``open_count``, ``past_due_count``, ``overdue_count`` and
    ``needs_check_count`` (every response of a visible inquiry is visible).
    One query (two with ``corrections``).
    """
    queryset = Inquiry.objects.visible_to(user)
    if listed:
        queryset = queryset.listed()
    queryset = queryset.with_related()
    if counts:
        queryset = queryset.with_counts(at)
    return queryset.with_corrections() if corrections else queryset


def inquiry_cards(
    *, user, at: datetime.datetime | None = None, counts: bool = True
) -> QuerySet[Inquiry]:
    """:func:`inquiry_list` with each inquiry's sources and their publishers
    prefetched, for the home page's cards (an inquiry whose date the source
    does not give shows when and where it was reported). Two queries.
    ``counts`` as :func:`inquiry_list`."""
    return inquiry_list(user=user, at=at, counts=counts).prefetch_related(
        Prefetch("sources", queryset=Source.objects.with_related())
    )


def inquiry_detail_queryset(*, user, at: datetime.datetime | None = None) -> QuerySet[Inquiry]:
    """Inquiries ``user`` may see, retracted ones included (their page
    stays), with requester, response counts (as :func:`inquiry_list`) and
    sources with their publishers prefetched (for ``get_object_or_404``;
    two queries, the publishers joined to the sources). The sources of a visible inquiry are visible by the rule,
    so they are not filtered again. Its per-city rows are
    :func:`inquiry_responses`, its corrections :func:`inquiry_page_corrections`.

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
        .prefetch_related(Prefetch("sources", queryset=Source.objects.with_related()))
    )


#: An inquiry asked more places than this is "large" on its page
#: (:func:`is_large_inquiry`): its table comes in pages of 50 under a
#: summary by state, and its timeline gives a line per day ("Aug. 10,
#: 2017: 35 cities answered") instead of one per city. The seed story's
#: inquiries (four cities) are small; twelve places make at most 26 events,
#: about as many as a timeline can show one by one.
LARGE_INQUIRY_PLACES = 12


def is_large_inquiry(inquiry: Inquiry) -> bool:
    """Whether ``inquiry`` (annotated with ``response_count`` by
    :func:`inquiry_detail_queryset`) asked more than
    :data:`LARGE_INQUIRY_PLACES` places. No query."""
    return inquiry.response_count > LARGE_INQUIRY_PLACES


def inquiry_responses(
    *, user, inquiry: Inquiry, at: datetime.datetime | None = None
) -> QuerySet[Response]:
    """An inquiry's per-city rows for its page: every response with its
    city, respondent, organization, status source and ``deadline_state``
    at ``at`` (aware; default now), A to Z by city name, then state, then
    city id (so that pages of the list never overlap). Slice it (a page
    of 50): one query whatever the number of places; the sort reads only
    this inquiry's rows, found by the ``(inquiry, city)`` unique index.

    Args:
        user: whose view (every response of an inquiry the user may see is
            visible; the rule is applied all the same).
        inquiry: an inquiry from :func:`inquiry_detail_queryset`.
    """
    return (
        Response.objects.visible_to(user)
        .filter(inquiry=inquiry)
        .with_related()
        .with_deadline_state(resolve_now(at))
        .order_by("city__name", "city__state", "city_id")
    )


@dataclass(frozen=True)
class DayCount:
    """How many of an inquiry's places did one thing on one day (a row of
    :func:`inquiry_timeline_days`).

    Attributes:
        kind: ``"acknowledged"``, ``"received"`` or ``"declined"``.
        on: the calendar date (``datetime.date``) stored on the responses
            (``acknowledged_on``, or ``received_on`` for the other two).
        as_reported: True when these responses' dates are only the day a
            source reported the event (``dates_as_reported``).
        count: how many responses (at least 1).
    """

    kind: str
    on: datetime.date
    as_reported: bool
    count: int


def inquiry_timeline_days(*, user, inquiry: Inquiry) -> list[DayCount]:
    """An inquiry's acknowledgements, answers and refusals counted by day
    (and by whether the date is only the day they were reported), for the
    timeline of a large inquiry (:func:`articles.timeline.inquiry_timeline_by_day`).
    Cached until the next write; else one grouped query (a ``UNION ALL`` of the acknowledgements by day and
    the answers by day and status), whatever the number of places: its
    rows grow with the number of days, not of places.

    Args:
        user: whose view (see :func:`inquiry_responses`).
        inquiry: an inquiry from :func:`inquiry_detail_queryset`.

    Returns:
        :class:`DayCount` rows, by date, then kind.
    """
    base = Response.objects.visible_to(user).filter(inquiry=inquiry).order_by()
    acknowledged = (
        base.filter(acknowledged_on__isnull=False)
        .annotate(kind=Value("acknowledged", output_field=CharField()), on=F("acknowledged_on"))
        .values("kind", "on", "dates_as_reported")
        .annotate(count=Count("pk"))
    )
    closed = (
        base.filter(received_on__isnull=False)
        .annotate(kind=F("status"), on=F("received_on"))
        .values("kind", "on", "dates_as_reported")
        .annotate(count=Count("pk"))
    )
    # The union's own order (else the model's Meta.ordering, which names
    # no column of this result).
    union = acknowledged.union(closed, all=True).order_by("on", "kind", "dates_as_reported")

    def days() -> list[DayCount]:
        return [
            DayCount(
                kind=row["kind"],
                on=row["on"],
                as_reported=row["dates_as_reported"],
                count=row["count"],
            )
            for row in union
        ]

    # The same for every reader until the next write (articles/freshness.py):
    # the responses of an inquiry one may see are all visible.
    return freshness.cached(f"inquiry-days:{inquiry.pk}", days)


@dataclass(frozen=True)
class StateCount:
    """An inquiry's places in one state (a row of :func:`inquiry_state_counts`).

    Attributes:
        state: USPS code, e.g. ``"CA"``.
        places: how many of the inquiry's places are in the state.
        received: how many answered; ``declined``: refused;
        awaited: pending or acknowledged.
    """

    state: str
    places: int
    received: int
    declined: int
    awaited: int


def inquiry_state_counts(*, user, inquiry: Inquiry) -> list[StateCount]:
    """An inquiry's places counted by state and status, A to Z by state,
    for the summary atop a large inquiry's page. Cached until the next
    write; else one grouped query.

    Args:
        user: whose view (see :func:`inquiry_responses`).
        inquiry: an inquiry from :func:`inquiry_detail_queryset`.
    """
    rows = (
        Response.objects.visible_to(user)
        .filter(inquiry=inquiry)
        .values("city__state")
        .annotate(
            places=Count("pk"),
            received=Count("pk", filter=Q(status=ResponseStatus.RECEIVED)),
            declined=Count("pk", filter=Q(status=ResponseStatus.DECLINED)),
            awaited=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
        )
        .order_by("city__state")
    )

    def states() -> list[StateCount]:
        return [
            StateCount(
                state=row["city__state"],
                places=row["places"],
                received=row["received"],
                declined=row["declined"],
                awaited=row["awaited"],
            )
            for row in rows
        ]

    # Kept until the next write, as inquiry_timeline_days.
    return freshness.cached(f"inquiry-states:{inquiry.pk}", states)


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
    deadline_state: bool = True,
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
        deadline_state: False to leave the ``deadline_state`` annotation
            out (the API works it out per row in Python; the ``Case`` cost
            building and compiling on every request).

    Raises:
        ValidationError: a filter value is invalid; ``error_dict`` is keyed
            by the parameter name.
    """
    at = resolve_now(at)
    queryset = Response.objects.visible_to(user)
    if listed:
        queryset = queryset.listed()
    queryset = queryset.with_related()
    if deadline_state:
        queryset = queryset.with_deadline_state(at)
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
    alike; inquiries with the same deadline by title), then city A to Z. ``user``, ``filters``, ``at`` and errors as
    :func:`response_list`."""
    return (
        response_list(user=user, filters=filters, at=at)
        .open()
        .order_by(*OPEN_SEGMENT_ORDER, "city__name", "city__state", "pk")
    )


def responses_closed(
    *, user, filters: Mapping | None = None, at: datetime.datetime | None = None
) -> QuerySet[Response]:
    """The public list of responses in: received or declined, newest first
    (one day's answers by inquiry, then city A to Z), each with its ``deadline_state`` (on time or late). ``user``,
    ``filters``, ``at`` and errors as :func:`response_list`."""
    return (
        response_list(user=user, filters=filters, at=at)
        .closed()
        .order_by(*CLOSED_SEGMENT_ORDER, "city__name", "city__state", "pk")
    )


#: The pending list's order up to its segments (:mod:`articles.paging`):
#: the inquiries by deadline (none last), title and id; then each
#: inquiry's places A to Z.
OPEN_SEGMENT_ORDER = (F("inquiry__due_on").asc(nulls_last=True), "inquiry__title", "inquiry_id")
#: The received list's: newest answer first, then by inquiry; then places A to Z.
CLOSED_SEGMENT_ORDER = (F("received_on").desc(nulls_last=True), "inquiry__title", "inquiry_id")


def response_list_rows(queryset: QuerySet[Response], *, closed: bool) -> SegmentedRows:
    """The rows of :func:`responses_open` (``closed=False``) or
    :func:`responses_closed` (``closed=True``), ``queryset`` as they return
    it (filtered), for a paginator: a page costs the same at any depth and
    the total comes from a tally cached until the next write
    (:class:`articles.paging.SegmentedRows`; segments are inquiries, or an
    inquiry's answers of one day)."""
    # The nine-table join of with_related() cost more to plan than to run
    # (70-100 ms against under 1 ms at 100,000 responses); the table needs
    # the inquiry and city joined, and the few respondents and organizations
    # (prefetched, a query each only when some row on the page has one).
    queryset = queryset.with_refs()
    if closed:
        return SegmentedRows(
            queryset,
            keys=("received_on", "inquiry__title", "inquiry_id"),
            segment_order=CLOSED_SEGMENT_ORDER,
            identity=("received_on", "inquiry_id"),
            name="responses-closed",
        )
    return SegmentedRows(
        queryset,
        keys=("inquiry__due_on", "inquiry__title", "inquiry_id"),
        segment_order=OPEN_SEGMENT_ORDER,
        identity=("inquiry_id",),
        name="responses-open",
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
    too, oldest first (one more). Related rows as the API's references need
    them (:meth:`~articles.querysets.ResponseQuerySet.with_refs`: inquiry
    and city joined; respondent, organization and status source prefetched,
    one query each when any row has one), without the ``deadline_state``
    annotation (the API's serializer derives it per row at the same
    instant). Other arguments and errors as :func:`response_list`."""
    queryset = (
        response_list(user=user, filters=filters, at=at, listed=listed, deadline_state=False)
        .with_refs()
        .prefetch_related("sources")
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


def claim_list(
    *,
    user,
    listed: bool = True,
    corrections: bool = False,
    filters: Mapping | None = None,
) -> QuerySet[Claim]:
    """Claims ``user`` may see, with claimant, city, rating and citations
    (the citations of a visible claim are visible by the rule), optionally
    filtered.

    Args:
        user: whose view; also limits the slug filters (``rating``,
            ``city``, ``claimant``) to what the user may see.
        listed: True (default) for a list, feed or count: retracted claims
            are left out (their page stays); False to look one up by its
            address (the API's detail), retracted ones included.
        corrections: also prefetch each claim's corrections, oldest first
            (one more query), for the API.
        filters: query parameters as :class:`~articles.filters.ClaimFilterSet`
            takes them (``rating``, ``rated``, ``city``, ``state``,
            ``claimant``, ``wording``, ``stated_after``, ``stated_before``),
            e.g. from :func:`articles.filters.page_parameters`; None = all.

    Raises:
        ValidationError: a filter value is invalid; ``error_dict`` is keyed
            by the parameter name.
    """
    queryset = Claim.objects.visible_to(user)
    if listed:
        queryset = queryset.listed()
    queryset = queryset.with_related()
    if corrections:
        queryset = queryset.with_corrections()
    return _claims_filtered(queryset, filters, user=user)


def _claims_filtered(
    queryset: QuerySet[Claim], filters: Mapping | None, *, user
) -> QuerySet[Claim]:
    """``queryset`` narrowed by :class:`~articles.filters.ClaimFilterSet`
    with ``filters`` (None or empty: unchanged), its choices limited to what
    ``user`` may see (None: a reader).

    Raises:
        ValidationError: a filter value is invalid; ``error_dict`` is keyed
            by the parameter name.
    """
    if not filters:
        return queryset
    filterset = ClaimFilterSet(data=filters, queryset=queryset, user=user)
    if not filterset.is_valid():
        raise ValidationError(filterset.form.errors.as_data())
    return filterset.qs


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


# --- Readers' side: indexes and figures (issue "Readers' side", "Pages") -------


def _count_of(queryset: QuerySet, field: str) -> Coalesce:
    """A subquery counting the rows of ``queryset`` whose ``field`` is the
    outer row, 0 when none: a per-row count inside the list's own query,
    built on a queryset that already applies ``visible_to(user).listed()``."""
    counted = (
        queryset.filter(**{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(n=Count("pk", distinct=True))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def inquiry_index(
    *, user, at: datetime.datetime | None = None, counts: bool = True
) -> QuerySet[Inquiry]:
    """``/inquiries/``: :func:`inquiry_cards` (listed inquiries with
    requester, response counts judged at ``at`` and sources), newest first.

    Newest first means by the date a reader sees beside the inquiry: the
    day it was sent, announced, requested or filed (``sent_on``); when the
    source does not say, the date the source reported it (the newest dated
    source, as the ``inquiry_date`` tag shows it); inquiries with neither
    last. Ties by title. Each inquiry carries ``listed_on`` (a date or
    None), the date it is sorted by.

    Args:
        user: whose view.
        at: aware datetime at which the deadline counts are judged; default now.
        counts: as :func:`inquiry_list` (False: attach them to the page's
            rows with :func:`articles.tallies.attach`).

    Two queries (plus the paginator's count).
    """
    reported_on = (
        Source.objects.filter(inquiries=OuterRef("pk"), published_on__isnull=False)
        .order_by("-published_on", "title")
        .values("published_on")[:1]
    )
    return (
        inquiry_cards(user=user, at=at, counts=counts)
        .annotate(listed_on=Coalesce("sent_on", Subquery(reported_on)))
        .order_by(F("listed_on").desc(nulls_last=True), "title", "pk")
    )


def city_index(*, user) -> QuerySet[City]:
    """``/cities/``: cities ``user`` may see, A to Z by name, then by state
    (a reader looks a city up by its name; "Portland, ME" before
    "Portland, OR"). Each carries ``inquiry_count`` (the inquiries it was
    asked in that ``user`` may see, retracted ones left out) and
    ``received_count`` (how many of those it answered: status received),
    the parts of its share answered (:func:`share_words`). One query (plus
    the paginator's count)."""
    responses = Response.objects.visible_to(user).listed()
    return (
        city_list(user=user)
        .annotate(
            inquiry_count=_count_of(responses, "city"),
            received_count=_count_of(responses.filter(status=ResponseStatus.RECEIVED), "city"),
        )
        .order_by("name", "state", "pk")
    )


def person_index(*, user) -> QuerySet[Person]:
    """``/people/``: people ``user`` may see, A to Z by name, with
    organization and its city, each carrying ``claim_count``: their claims
    ``user`` may see, retracted ones left out (readers: published claims).
    One query (plus the paginator's count)."""
    claims = Claim.objects.visible_to(user).listed()
    return (
        person_list(user=user)
        .annotate(claim_count=_count_of(claims, "claimant"))
        .order_by("name", "pk")
    )


def source_index(*, user) -> QuerySet[Source]:
    """``/sources/``: sources ``user`` may see, with publisher, newest
    first by publication date (undated last, on SQLite and PostgreSQL
    alike), then by title; each carries ``claim_count``: the claims citing
    it that ``user`` may see, retracted ones left out, each claim counted
    once however many passages it quotes. One query (plus the paginator's
    count)."""
    claims = Claim.objects.visible_to(user).listed()
    counted = (
        claims.filter(citations__source=OuterRef("pk"))
        .order_by()
        .values("citations__source")
        .annotate(n=Count("pk", distinct=True))
        .values("n")
    )
    return (
        source_list(user=user)
        .annotate(claim_count=Coalesce(Subquery(counted, output_field=IntegerField()), 0))
        .order_by(F("published_on").desc(nulls_last=True), "title", "pk")
    )


def share_words(part: int, whole: int) -> str:
    """A share in words, "2 of 4 (50%)": the percentage rounded half up
    to a whole number (1 of 8 is 13%, 1 of 3 is 33%).

    Args:
        part: how many (e.g. responses received), 0 or more.
        whole: out of how many (e.g. responses), 0 or more.

    Returns:
        ``"2 of 4 (50%)"``; ``"none asked yet"`` when ``whole`` is 0 (no
        share of nothing is shown as 0%).
    """
    if whole == 0:
        return "none asked yet"
    percent = (200 * part + whole) // (2 * whole)
    return f"{part} of {whole} ({percent}%)"


def with_shares(cities) -> list[City]:
    """The cities of :func:`city_index` (a page of them), each given
    ``share``: :func:`share_words` of ``received_count`` out of
    ``inquiry_count`` ("1 of 2 (50%)"). No query beyond the list's own."""
    cities = list(cities)
    for city in cities:
        city.share = share_words(city.received_count, city.inquiry_count)
    return cities


@dataclass(frozen=True)
class CityFigures:
    """A city's figures, as :func:`city_figures` computes them.

    Attributes:
        responses: the responses counted (those the user may see, to
            inquiries not retracted).
        received: how many of them are answered (status received).
        share: :func:`share_words` of ``received`` out of ``responses``.
        days: whole calendar days from the inquiry's date to the answer's,
            one per answer where both dates are known, ascending.
        median_days: the median of ``days`` (the mean of the two middle
            values for an even count, so possibly ``x.5``), or None.
        late: answers received after the inquiry's due day.
        undated: answers whose date is only the day a source reported them
            (``dates_as_reported``): left out of ``days`` and ``late``,
            since the answer may have come earlier.
    """

    responses: int
    received: int
    share: str
    days: tuple[int, ...]
    median_days: float | None
    late: int
    undated: int


def city_figures(*, city: City) -> CityFigures:
    """The figures on a city's page (issue "Readers' side"; methodology
    page, "City figures"), from the responses already loaded by
    :func:`city_detail_queryset` (``city.responses.all()``, prefetched with
    each response's inquiry): no query of its own, whatever the number of
    responses.

    Rules:

    - **share answered**: responses received out of the responses the user
      may see (a refusal, status declined, is not an answer; still-awaited
      responses count in the whole);
    - **median days to answer**: for each received answer, whole calendar
      days from the inquiry's date (``sent_on``: sent, announced, requested
      or filed) to ``received_on``; answers whose inquiry has no date, or
      whose date is the report's (``dates_as_reported``), are left out;
    - **answers after the deadline**: received answers with ``received_on``
      later than the inquiry's ``due_on`` (DESIGN.md, "late"), answers
      with a report's date left out.

    Args:
        city: a city from :func:`city_detail_queryset`.
    """
    responses = list(city.responses.all())
    received = [r for r in responses if r.status == ResponseStatus.RECEIVED]
    dated = [r for r in received if not r.dates_as_reported]
    days = sorted(
        (r.received_on - r.inquiry.sent_on).days for r in dated if r.inquiry.sent_on is not None
    )
    late = sum(
        1 for r in dated if r.inquiry.due_on is not None and r.received_on > r.inquiry.due_on
    )
    return CityFigures(
        responses=len(responses),
        received=len(received),
        share=share_words(len(received), len(responses)),
        days=tuple(days),
        median_days=statistics.median(days) if days else None,
        late=late,
        undated=len(received) - len(dated),
    )


# --- feeds, exports and embeds (issue 7, "Readers' side") ------------------------

#: How many items a feed carries: the newest 50 (a feed is a window on what
#: is new, not an archive; the pages and the CSV downloads hold the rest).
FEED_LENGTH = 50


def feed_city(*, slug: str) -> City:
    """The city a per-city feed follows, as a reader may see it (feeds are
    public: see :func:`feed_responses`). One query.

    Raises:
        City.DoesNotExist: no city a reader may see has this slug (for
            readers: none, or one that only drafts refer to).
    """
    return City.objects.visible_to(None).get(slug=slug)


def feed_inquiry(*, slug: str, retracted: bool = False) -> Inquiry:
    """The inquiry a per-inquiry feed follows: published and listed (a
    retracted inquiry keeps its page but leaves feeds). One query.

    Args:
        slug: the inquiry's slug.
        retracted: also a retracted inquiry (the corrections feed, which
            tells its subscribers of the retraction).

    Raises:
        Inquiry.DoesNotExist: no published inquiry has this slug.
    """
    queryset = Inquiry.objects.visible_to(None)
    return (queryset if retracted else queryset.listed()).get(slug=slug)


def feed_responses(
    *, city: City | None = None, inquiry: Inquiry | None = None, limit: int = FEED_LENGTH
) -> list[Response]:
    """The responses-received feed: received and declined responses to
    published inquiries, newest ``received_on`` first, at most ``limit``,
    each joined with inquiry, requester, city, respondent, organization and
    status source. One query.

    Always the anonymous reader's view, whoever asks: a feed is public and
    cacheable (a feed reader or a shared cache may hand it to anyone), so it
    never includes drafts, even for a signed-in editor.

    Args:
        city: only this city's responses (None = every city).
        inquiry: only the responses to this inquiry (None = every inquiry).
        limit: how many items, newest first.
    """
    queryset = Response.objects.visible_to(None).listed().closed().with_related()
    if city is not None:
        queryset = queryset.filter(city=city)
    if inquiry is not None:
        queryset = queryset.filter(inquiry=inquiry)
    return list(queryset.order_by("-received_on", "-pk")[:limit])


def feed_claims(*, city: City | None = None, limit: int = FEED_LENGTH) -> list[Claim]:
    """The claims-published feed: published claims (not retracted), newest
    ``published_at`` first, at most ``limit``, with claimant (person or
    organization), city and rating with its scale joined. One query. The
    anonymous reader's view, whoever asks (see :func:`feed_responses`).

    Args:
        city: only the claims about this city (None = all).
        limit: how many items.
    """
    queryset = (
        Claim.objects.visible_to(None)
        .listed()
        .select_related("claimant__organization", "claimant_organization", "city", "rating__scale")
    )
    if city is not None:
        queryset = queryset.filter(city=city)
    return list(queryset.order_by(F("published_at").desc(nulls_last=True), "-pk")[:limit])


def feed_corrections(
    *, city: City | None = None, inquiry: Inquiry | None = None, limit: int = FEED_LENGTH
) -> list[Correction]:
    """The corrections feed: corrections, updates and clarifications of
    records a reader may see, newest ``issued_at`` first, at most ``limit``,
    each joined with the record it concerns. One query. The anonymous
    reader's view, whoever asks (see :func:`feed_responses`).

    Args:
        city: only the notes about this city: of a claim about it or of its
            response to an inquiry (None = all).
        inquiry: only the notes at the foot of this inquiry's page: its
            own and its responses' (None = all).
        limit: how many items.
    """
    queryset = Correction.objects.visible_to(None).with_related()
    if city is not None:
        queryset = queryset.filter(Q(claim__city=city) | Q(response__city=city))
    if inquiry is not None:
        queryset = queryset.filter(Q(inquiry=inquiry) | Q(response__inquiry=inquiry))
    return list(queryset.order_by("-issued_at", "-pk")[:limit])


def inquiry_embed_queryset(*, at: datetime.datetime | None = None) -> QuerySet[Inquiry]:
    """Inquiries as the embed (``/embed/inquiries/<slug>/``) and oEmbed show
    them: the anonymous reader's view whoever asks (an embed is public and
    cached inside other sites' pages), retracted ones included (the embed
    then says so), with requester and response counts judged at ``at``
    (aware; default now). One query for ``get_object_or_404``; the rows
    are :func:`embed_responses`.
    """
    return Inquiry.objects.visible_to(None).with_related().with_counts(resolve_now(at))


#: The most places an embed lists (A to Z); a larger inquiry's embed says
#: how many more there are and links to its page. An iframe in a story is
#: no place for 2,000 rows (1 MB of HTML at 2,000 places).
EMBED_MAX_ROWS = 50


def embed_responses(*, inquiry: Inquiry, at: datetime.datetime | None = None) -> list[Response]:
    """The first :data:`EMBED_MAX_ROWS` responses of ``inquiry`` (one the
    embed may show, from :func:`inquiry_embed_queryset`) by city name and
    state, each with its city and ``deadline_state`` at ``at`` (aware;
    default now). One query, whatever the inquiry's size."""
    return list(
        Response.objects.filter(inquiry=inquiry)
        .select_related("city")
        .with_deadline_state(resolve_now(at))
        .order_by("city__name", "city__state", "pk")[:EMBED_MAX_ROWS]
    )


def claims_for_export(*, filters: Mapping | None = None) -> QuerySet[Claim]:
    """The claims CSV: published claims (retracted left out), newest first
    as on ``/claims/``, with claimant (and organization), city and rating
    with its scale joined and each claim's citations with their sources
    and publishers prefetched in one query. The anonymous reader's view,
    whoever downloads (a file travels without the draft banner a page
    shows editors).

    Args:
        filters: query parameters as :class:`~articles.filters.ClaimFilterSet`
            takes them (``rating``, ``rated``, ``city``, ``claimant``,
            ``wording``, ``stated_after``, ``stated_before``); None = all.

    Raises:
        ValidationError: a filter value is invalid; ``error_dict`` is keyed
            by the parameter name.
    """
    queryset = (
        Claim.objects.visible_to(None)
        .listed()
        .select_related("claimant__organization", "claimant_organization", "city", "rating__scale")
        .prefetch_related(
            Prefetch(
                "citations",
                queryset=Citation.objects.select_related("source__publisher").order_by("pk"),
            )
        )
    )
    return _claims_filtered(queryset, filters, user=None)


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


# --- retractions in the corrections log and feeds (issue 7, newcomer's findings) ---


@dataclass(frozen=True)
class Retraction:
    """A retracted claim or inquiry as the corrections log and the
    corrections feeds list it: "Retracted Nov. 29, 2026: <the record> —
    <note>", linking to the record's page, which stays.

    Attributes:
        record: the retracted :class:`~articles.models.Claim` (claimant,
            its organization and city joined) or
            :class:`~articles.models.Inquiry` (requester joined).
        retracted_at: when it was retracted (aware).
        note: the retraction note, the newsroom's Markdown, as readers see
            it on the record's page.
    """

    record: Claim | Inquiry
    retracted_at: datetime.datetime
    note: str

    @property
    def is_claim(self) -> bool:
        """Whether the retracted record is a claim (else an inquiry)."""
        return isinstance(self.record, Claim)

    def get_absolute_url(self) -> str:
        """The record's page, which still stands with the notice on it."""
        return self.record.get_absolute_url()


def retraction_list(
    *,
    user,
    city: City | None = None,
    inquiry: Inquiry | None = None,
    limit: int | None = None,
) -> list[Retraction]:
    """Retracted claims and inquiries ``user`` may see, newest
    ``retracted_at`` first (a retraction is a correction readers must hear
    of: the record leaves lists, feeds and search, so without this entry a
    subscriber would never learn why). Drafts and records in review never
    appear, for anyone: only ``publication=retracted``. Two queries (one
    for claims, one for inquiries), whatever the number of retractions.

    Args:
        user: a user, ``AnonymousUser`` or None (None = a reader).
        city: only the claims about this city and the inquiries with a
            response from it (None = all).
        inquiry: only this inquiry's own retraction (no claim belongs to an
            inquiry); None = all.
        limit: at most this many, newest first (None = all); each query is
            cut to it too.

    Returns:
        :class:`Retraction` entries, newest first (ties: claims before
        inquiries, then newest primary key).
    """
    claims = Claim.objects.visible_to(user).filter(publication=Publication.RETRACTED)
    inquiries = Inquiry.objects.visible_to(user).filter(publication=Publication.RETRACTED)
    if city is not None:
        claims = claims.filter(city=city)
        inquiries = inquiries.filter(pk__in=Response.objects.filter(city=city).values("inquiry"))
    if inquiry is not None:
        claims = claims.none()
        inquiries = inquiries.filter(pk=inquiry.pk)
    claims = claims.select_related(
        "claimant__organization", "claimant_organization", "city"
    ).order_by("-retracted_at", "-pk")
    inquiries = inquiries.select_related("requester").order_by("-retracted_at", "-pk")
    if limit is not None:
        claims, inquiries = claims[:limit], inquiries[:limit]
    entries = [Retraction(c, c.retracted_at, c.retraction_note) for c in claims]
    entries += [Retraction(i, i.retracted_at, i.retraction_note) for i in inquiries]
    entries.sort(key=lambda e: e.retracted_at, reverse=True)  # stable: ties keep the order above
    return entries if limit is None else entries[:limit]


def feed_corrections_and_retractions(
    *, city: City | None = None, inquiry: Inquiry | None = None, limit: int = FEED_LENGTH
) -> list[Correction | Retraction]:
    """The corrections feed's items: the newest ``limit`` corrections
    (:func:`feed_corrections`) and the newest ``limit`` retractions
    (:func:`retraction_list`, as a reader sees them) merged by date
    (``issued_at``, ``retracted_at``), newest first, cut to ``limit``.
    Three queries, whatever the numbers (two when ``inquiry`` is given:
    no claim belongs to an inquiry). The anonymous reader's view, whoever
    asks (see :func:`feed_responses`).

    Args:
        city: notes and retractions about this city (see the two selectors).
        inquiry: notes at the foot of this inquiry's page and its own
            retraction.
        limit: how many items.
    """
    corrections = feed_corrections(city=city, inquiry=inquiry, limit=limit)
    retractions = retraction_list(user=None, city=city, inquiry=inquiry, limit=limit)
    items: list[Correction | Retraction] = [*corrections, *retractions]
    items.sort(
        key=lambda item: item.retracted_at if isinstance(item, Retraction) else item.issued_at,
        reverse=True,
    )
    return items[:limit]


# --- Filter forms of the list pages (issue 7 fixes: filters a reader can use) ----------


def _slug_names(queryset: QuerySet, slugs: list[str], name) -> dict[str, str]:
    """``{slug: name(obj)}`` for the given slugs among ``queryset`` (one
    query; none when ``slugs`` is empty)."""
    if not slugs:
        return {}
    return {obj.slug: name(obj) for obj in queryset.filter(slug__in=slugs)}


def response_list_filters(*, user, params: Mapping, closed: bool) -> ListFilters:
    """The filter form and the filters-in-words summary of
    ``/responses/pending/`` (``closed=False``) or ``/responses/received/``
    (``closed=True``), for ``user``'s view.

    Options come from what ``user`` may see on that list: the states of the
    cities with a response on it, and every listed inquiry (latest sent
    first, one with no sent date last on SQLite and PostgreSQL alike, then
    by title). Two queries (one once the states are cached),
    whatever the number of rows; one more when ``params`` has ``city`` (the
    cities' names for the summary).

    Args:
        user: whose view (see the module docstring).
        params: the filters as :func:`articles.filters.page_parameters`
            returns them, already accepted by the FilterSet.
        closed: which list.
    """
    view = "all" if can_view_unpublished(user) else "public"

    def list_states() -> list[str]:
        responses = Response.objects.visible_to(user).listed()
        responses = responses.closed() if closed else responses.open()
        return sorted(set(responses.order_by().values_list("city__state", flat=True).distinct()))

    # The states scan every listed response (a quarter of a second at
    # 100,000 on PostgreSQL): kept until the next write (articles/freshness.py).
    states = freshness.cached(
        f"response-list-states:{'closed' if closed else 'open'}:{view}", list_states
    )
    inquiries = list(
        Inquiry.objects.visible_to(user)
        .listed()
        .order_by(F("sent_on").desc(nulls_last=True), "title")
        .values_list("slug", "title")
    )
    city_slugs = list_filters.filter_values(params, "city")
    cities = (
        _slug_names(City.objects.visible_to(user), city_slugs, lambda city: city.label)
        if city_slugs
        else {}
    )
    return ListFilters.build(
        params,
        list_filters.response_filter_fields(
            params, closed=closed, states=states, inquiries=inquiries
        ),
        names={"inquiry": dict(inquiries), "city": cities},
    )


def claim_list_filters(*, user, params: Mapping) -> ListFilters:
    """The filter form and the filters-in-words summary of ``/claims/``
    for ``user``'s view: the ratings given to listed claims ``user`` may
    see (by scale, then step) and the states of those claims' cities. Two
    queries, whatever the number of rows; one more each when ``params`` has
    ``city`` or ``claimant`` (their names for the summary).

    Args:
        user: whose view.
        params: the filters as :func:`articles.filters.page_parameters`
            returns them, already accepted by the FilterSet.
    """
    claims = Claim.objects.visible_to(user).listed()
    ratings: dict[str, str] = {}
    for slug, label in (
        Rating.objects.filter(pk__in=claims.values("rating"))
        .order_by("scale__name", "order", "slug")
        .values_list("slug", "label")
    ):
        ratings.setdefault(slug, label)
    states = sorted(
        set(claims.exclude(city=None).order_by().values_list("city__state", flat=True).distinct())
    )
    cities = _slug_names(
        City.objects.visible_to(user),
        list_filters.filter_values(params, "city"),
        lambda city: city.label,
    )
    claimants = _slug_names(
        Person.objects.visible_to(user), list_filters.filter_values(params, "claimant"), str
    )
    return ListFilters.build(
        params,
        list_filters.claim_filter_fields(params, ratings=ratings.items(), states=states),
        names={"rating": ratings, "city": cities, "claimant": claimants},
    )


def change_list(*, user, since: int = 0):
    """The changes feed (``/api/v1/changes/``): :class:`~articles.models.Change`
    entries after ``since``, oldest first, those ``user`` may know of.

    A user who may see unpublished records gets every entry. A reader gets:

    - for a claim or an inquiry, and what hangs on it (a response to the
      inquiry, a citation or correction of either), the entries from the
      record's first ``published`` entry on, while the claim or inquiry is
      one they may see now (``visible_to``): a draft's entries, and so its
      existence, never show; what happened before publication is
      summarised by the ``published`` entry (a mirror then reads the record,
      and an inquiry's responses with ``?inquiry=``). A response is visible
      exactly when its inquiry is (``articles.querysets``), so its entries
      follow the inquiry's, its deletion included;
    - for a city, organization, person or source, the entries of records
      they may see now (``visible_to``). Such a record becomes visible when
      a published record first refers to it, so its earlier entries then sit
      below cursors a mirror may have passed: the mirror learns of it from
      the publishing record's body, where each related record has its ``url``.

    One query, whatever the page: the rules are subqueries (``Exists``).
    At 100,000 responses on PostgreSQL a reader's page costs about what a
    page of ``/api/v1/cities/`` does, the same visibility rule's price.

    Args:
        user: a user, ``AnonymousUser`` or None (a reader).
        since: the cursor, a :class:`Change` id (0: from the start).

    Returns:
        A QuerySet of :class:`Change` ordered by ``id``.
    """
    from django.db.models import Exists

    from .changes import MODEL_KINDS, REVIEWABLE_KINDS
    from .choices import ChangeAction
    from .models import Change

    entries = Change.objects.filter(id__gt=since).order_by("id")
    if can_view_unpublished(user):
        return entries
    # Claims and inquiries, and what hangs on them: the governing record is
    # visible now, and the entry is its first publication or later.
    governed = Q()
    for model, kind in MODEL_KINDS.items():
        if kind in REVIEWABLE_KINDS:
            governing = model.objects.visible_to(user).filter(pk=OuterRef("governed_id"))
            governed |= Q(governed_kind=kind) & Exists(governing)
    publication = (
        Change.objects.filter(
            kind=OuterRef("governed_kind"),
            record_id=OuterRef("governed_id"),
            action=ChangeAction.PUBLISHED,
        )
        .order_by("id")
        .values("id")[:1]
    )
    governed &= Q(id__gte=Subquery(publication))
    # Places, people, organizations and sources: the record is visible now.
    ungoverned = Q()
    for model, kind in MODEL_KINDS.items():
        if kind not in REVIEWABLE_KINDS and kind != "response":
            record = model.objects.visible_to(user).filter(pk=OuterRef("record_id"))
            ungoverned |= Q(kind=kind) & Exists(record)
    return entries.filter(governed | (Q(governed_kind="") & ungoverned))


def citation_list(*, user, listed: bool = False) -> QuerySet[Citation]:
    """Citations ``user`` may see (readers: of published and retracted
    claims), with their claim and source joined, oldest first. For the
    API's ``/api/v1/citations/``.

    Args:
        user: the request's user (``visible_to``).
        listed: True for a list: a retracted claim's citations are left out
            (its page, and so each citation's address, stays).
    """
    queryset = Citation.objects.visible_to(user)
    if listed:
        queryset = queryset.listed()
    return queryset.select_related("claim", "source").order_by("pk")


# --- the editors' desk (issue "The editors' desk", items 3 and 4) ---------------

#: Days ahead (in the deadline's zone) that count as "due soon" on the desk.
DESK_DUE_DAYS = 7
#: Calendar days (today in the newsroom's zone included) that count as
#: "answered lately" on the desk.
DESK_ANSWERED_DAYS = 7


@dataclass(frozen=True)
class DeskCounts:
    """The six figures of the admin's home page (the issue "The editors'
    desk", item 3). A count is None when the user may not see that kind of
    record at all (no ``view_response``, ``view_claim`` or ``view_inquiry``).

    - ``overdue``, ``needs_check``: open responses in those deadline states
      (:mod:`articles.deadlines`);
    - ``due_soon``: open, not past due, due within :data:`DESK_DUE_DAYS`;
    - ``answered``: received or declined within :data:`DESK_ANSWERED_DAYS`
      (today included, in the newsroom's zone);
    - ``mine``: open responses assigned to the user;
    - ``review_claims``, ``review_inquiries``: claims and inquiries waiting
      for review (``in_review``); ``in_review`` is their sum.
    """

    overdue: int | None
    needs_check: int | None
    due_soon: int | None
    answered: int | None
    mine: int | None
    review_claims: int | None
    review_inquiries: int | None

    @property
    def in_review(self) -> int | None:
        """Claims and inquiries waiting for review together (None when the
        user may see neither)."""
        parts = [n for n in (self.review_claims, self.review_inquiries) if n is not None]
        return sum(parts) if parts else None


def desk_counts(*, user, at: datetime.datetime) -> DeskCounts:
    """The editors' desk figures for ``user`` at ``at``.

    Args:
        user: the signed-in user; counts are of what they may see
            (``visible_to(user)``, and the model's view permission).
        at: the aware instant the deadlines are judged at (a page passes
            :func:`articles.clock.request_now`); "today" for "answered in
            the last 7 days" is the newsroom's date at ``at``.

    Returns:
        :class:`DeskCounts`. Three queries at most, whatever the number of
        rows: one with conditional aggregates over the responses (the
        deadline rules are :mod:`articles.deadlines`' Q objects, as the
        ``ResponseQuerySet`` methods use them), one count of claims and one
        of inquiries in review; a kind the user may not view costs none.

    Raises:
        ValueError: ``at`` is naive.
    """
    from . import deadlines
    from .choices import CLOSED_STATUSES, OPEN_STATUSES
    from .clock import newsroom_today

    at = deadlines.resolve_now(at)
    response_counts: dict[str, int | None] = dict.fromkeys(
        ("overdue", "needs_check", "due_soon", "answered", "mine")
    )
    if user is not None and user.has_perm("articles.view_response"):
        since = newsroom_today(at) - datetime.timedelta(days=DESK_ANSWERED_DAYS - 1)
        mine = Q(status__in=OPEN_STATUSES, assigned_to=user.pk)  # a signed-in user
        response_counts = Response.objects.visible_to(user).aggregate(
            overdue=Count("pk", filter=deadlines.overdue_q(at)),
            needs_check=Count("pk", filter=deadlines.needs_check_q(at)),
            due_soon=Count("pk", filter=deadlines.due_within_q(DESK_DUE_DAYS, at)),
            answered=Count("pk", filter=Q(status__in=CLOSED_STATUSES, received_on__gte=since)),
            mine=Count("pk", filter=mine),
        )
    review = {}
    for name, model in (("review_claims", Claim), ("review_inquiries", Inquiry)):
        perm = f"articles.view_{model._meta.model_name}"
        allowed = user is not None and user.has_perm(perm)
        review[name] = model.objects.visible_to(user).in_review().count() if allowed else None
    return DeskCounts(**response_counts, **review)


def contact_list(*, user) -> QuerySet:
    """The contact log as ``user`` may read it: contacts about the
    responses they may see (``visible_to``), newest first, with the
    response's city and inquiry and who logged it joined. Internal: only
    staff who may view responses read it; anyone else gets none.

    Args:
        user: the request's user.
    """
    from .models import Contact

    if not (
        user is not None
        and getattr(user, "is_active", False)
        and getattr(user, "is_staff", False)
        and user.has_perm("articles.view_response")
    ):
        return Contact.objects.none()
    visible = Response.objects.visible_to(user).values("pk")
    return (
        Contact.objects.filter(response__in=visible)
        .select_related("response__city", "response__inquiry", "logged_by")
        .order_by("-contacted_on", "-id")
    )


# --- Wire-story ingestion (issue "Wire-story ingestion", item 3) --------------


def open_responses(name: str = "", state: str = ""):
    """The open (pending or acknowledged) responses, with their inquiry and
    city, by city then inquiry title; of the place named ``name`` (case
    ignored) when given, in ``state`` (a USPS code) when given."""
    place = {"city__name__iexact": name} if name else {}
    if state:
        place["city__state"] = state
    return (
        Response.objects.filter(status__in=OPEN_STATUSES, **place)
        .select_related("inquiry", "city")
        .order_by("city__name", "inquiry__title")
    )


def signal_responses(suggestion):
    """The responses a response signal (a ``Suggestion`` of kind signal)
    may concern, for the editor to pick: the open responses of the city it
    names, or every open response when it names none or none of its city
    is open."""
    place = (suggestion.data or {}).get("place")
    if place:
        named = open_responses(place[0], place[1] if len(place) > 1 else "")
        if named.exists():
            return named
    return open_responses()


def suggestion_counts(source) -> tuple[int, int]:
    """``(all, waiting)``: the suggestions of ``source`` and those still
    pending (one query)."""
    from .models import Suggestion  # noqa: PLC0415 (this section stands alone for merges)

    row = Suggestion.objects.filter(source=source).aggregate(
        total=Count("pk"), waiting=Count("pk", filter=Q(status=Suggestion.Status.PENDING))
    )
    return row["total"], row["waiting"]
