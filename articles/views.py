"""Public pages (DESIGN.md, "Public pages").

Thin views: each parses its input, calls one selector from
:mod:`articles.selectors` with ``request.user`` (the selectors apply the one
visibility rule, ``visible_to(user)``: readers never see drafts nor what
only drafts refer to; editors with ``articles.view_unpublished`` see drafts,
bannered "Draft — not public" or "In review — not public") and renders. A
retracted claim or inquiry keeps its page, under a retraction notice, but is
in no list or count. Bad input gets a 4xx page naming the parameter, never a
500; a record the user may not see is a 404, like one that does not exist.
Pages an editor sees are marked private for caches
(:class:`articles.middleware.PrivateForEditorsMiddleware`).
"""

import functools
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import Resolver404, resolve, reverse
from django.utils.cache import patch_cache_control
from django.utils.safestring import mark_safe
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csp import csp_override

from . import documents, embeds, exports, selectors, tallies, transitions
from .clock import request_now
from .counting import CachedCountPaginator
from .filters import ClaimFilterSet, ResponseFilterSet, page_parameters
from .links import absolute_url, site_hosts
from .passages import in_text_order
from .timeline import inquiry_timeline, inquiry_timeline_by_day

#: Rows per page on the response and claim lists.
PAGE_SIZE = 50


class BadParameter(Exception):
    """A query parameter has a value the page cannot use.

    Attributes:
        errors: ``{parameter name: [message, ...]}``.
        status: the HTTP status to answer with: 400, or 404 for a page
            number past the end (the address names nothing that exists).
    """

    def __init__(self, errors: dict[str, list[str]], *, status: int = 400):
        super().__init__(errors)
        self.errors = errors
        self.status = status


def _bad_request(request: HttpRequest, exc: BadParameter) -> HttpResponse:
    """Render the 4xx page listing each bad parameter and why, with a link
    to the same page less those parameters (the reader's other, valid
    filters kept)."""
    kept = request.GET.copy()
    for name in exc.errors:
        kept.pop(name, None)
    without = f"{request.path}?{kept.urlencode()}" if kept else request.path
    return render(
        request,
        "articles/bad_request.html",
        {"errors": sorted(exc.errors.items()), "status": exc.status, "without": without},
        status=exc.status,
    )


def _paginate(request: HttpRequest, queryset, *, count: int | None = None):
    """Return the requested page of ``queryset`` (``?page=N``, 1-based).
    ``count``, when the caller already knows how many rows the queryset
    holds (e.g. an annotated total), saves the paginator's ``COUNT`` query.

    Raises:
        BadParameter: ``page`` is not a whole number.
        BadParameter: with status 404, ``page`` is past the last page or
            below 1.
    """
    paginator = CachedCountPaginator(queryset, PAGE_SIZE)
    if count is not None:
        paginator.count = count  # a cached_property: set, it is not queried
    try:
        return paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        raise BadParameter({"page": ["Enter a whole number, e.g. page=2."]}) from None
    except EmptyPage:
        raise BadParameter(
            {"page": [f"There is no such page; pages run from 1 to {paginator.num_pages}."]},
            status=404,
        ) from None


#: The API address of each list, for the messages about API-only parameters.
RESPONSES_API = "/api/v1/responses/"
CLAIMS_API = "/api/v1/claims/"


def _filters(request: HttpRequest, filterset_class, *, api: str):
    """The filters of a list page or its CSV file, by the one rule in
    :mod:`articles.filters` (:func:`~articles.filters.page_parameters`):
    the FilterSet's parameters are applied (a bad value is a 400 from the
    selector), the API-only ``search``, ``ordering``, ``page_size``,
    ``format`` and ``fields`` are a 400 naming them and pointing to
    /search/ or the API (``api``), anything else (``page``, ``utm_source``,
    ``fbclid``) is ignored, and an empty value counts as not given.

    Raises:
        BadParameter: an API-only parameter was given.
    """
    try:
        return page_parameters(request.GET, filterset_class, api=api)
    except ValidationError as exc:
        raise BadParameter(exc.message_dict) from None


def _response_list_page(
    request: HttpRequest, selector, *, template_name: str, closed: bool
) -> HttpResponse:
    """Filter (with ``selector(user=request.user, filters=..., at=...)``,
    every row and filter judged at the request's one instant), paginate and
    render one of the response lists with its filter form and the filters
    in words (:func:`selectors.response_list_filters`); a bad or API-only
    parameter or page is a 4xx page naming it. Four queries, five with a
    ``city`` filter, whatever the number of rows."""
    try:
        params = _filters(request, ResponseFilterSet, api=RESPONSES_API)
        page = _paginate(
            request,
            selectors.response_list_rows(
                selector(user=request.user, filters=params, at=request_now(request)),
                closed=closed,
            ),
        )
    except ValidationError as exc:
        return _bad_request(request, BadParameter(exc.message_dict))
    except BadParameter as exc:
        return _bad_request(request, exc)
    return render(
        request,
        template_name,
        {
            "page_obj": page,
            "responses": page.object_list,
            "is_filtered": bool(params),
            "filters": selectors.response_list_filters(
                user=request.user, params=params, closed=closed
            ),
        },
    )


def home(request: HttpRequest) -> HttpResponse:
    """``/``: every inquiry the user may see with its deadline and response
    counts, overdue and needs a check judged at the request's instant
    (:func:`selectors.inquiry_cards` without counts, then
    :func:`tallies.attach`: two queries, and one grouped count of the
    inquiries' responses when the data changed since it was cached)."""
    at = request_now(request)
    inquiries = selectors.inquiry_cards(user=request.user, at=at, counts=False)
    return render(request, "articles/home.html", {"inquiries": tallies.attach(inquiries, at)})


def inquiry_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """``/inquiries/<slug>/``: one inquiry, its counts, its timeline and its
    per-city table, every deadline state judged at the request's instant,
    and at its foot the corrections of the inquiry and of its responses.
    A retracted inquiry's page stays, with its retraction note and date.

    The table is 50 places a page (``?page=N``, validated as on every
    list: a bad page is the 4xx page naming ``page``), A to Z by city
    (:func:`selectors.inquiry_responses`). A small inquiry (at most
    :data:`selectors.LARGE_INQUIRY_PLACES` places, the seed story's four)
    has a timeline with each city's answer, drawn from those rows
    (:func:`articles.timeline.inquiry_timeline`); four queries. A large one
    also gets a summary by state (:func:`selectors.inquiry_state_counts`)
    and a timeline counted by day
    (:func:`articles.timeline.inquiry_timeline_by_day` of
    :func:`selectors.inquiry_timeline_days`); six queries, however many
    places it asked.

    Raises:
        Http404: no inquiry the user may see has this slug.
    """
    at = request_now(request)
    inquiry = get_object_or_404(
        selectors.inquiry_detail_queryset(user=request.user, at=at), slug=slug
    )
    try:
        page = _paginate(
            request,
            selectors.inquiry_responses(user=request.user, inquiry=inquiry, at=at),
            count=inquiry.response_count,
        )
    except BadParameter as exc:
        return _bad_request(request, exc)
    large = selectors.is_large_inquiry(inquiry)
    if large:
        timeline = inquiry_timeline_by_day(
            inquiry, selectors.inquiry_timeline_days(user=request.user, inquiry=inquiry)
        )
        states = selectors.inquiry_state_counts(user=request.user, inquiry=inquiry)
    else:
        # Every row is on this one page: the timeline names each city.
        timeline, states = inquiry_timeline(inquiry, page.object_list), []
    return render(
        request,
        "articles/inquiry_detail.html",
        {
            "inquiry": inquiry,
            "page_obj": page,
            "responses": page.object_list,
            "large": large,
            "states": states,
            "timeline": timeline,
            "deadline_passed": inquiry.deadline_passed(at),
            "corrections": selectors.inquiry_page_corrections(user=request.user, inquiry=inquiry),
        },
    )


def responses_pending(request: HttpRequest) -> HttpResponse:
    """``/responses/pending/``: pending and acknowledged responses, each
    with its deadline state (:func:`selectors.responses_open`), filtered by
    the API's response filters (``status``, ``state``, ``inquiry``,
    ``city``, ``is_past_due``, ``is_overdue``, ``needs_check``, date
    ranges), with a form for the common ones; parameters as
    :func:`_filters` (``search`` or ``ordering`` is a 400 pointing to
    /search/ or the API; ``utm_source`` is ignored)."""
    return _response_list_page(
        request,
        selectors.responses_open,
        template_name="articles/responses_pending.html",
        closed=False,
    )


def responses_received(request: HttpRequest) -> HttpResponse:
    """``/responses/received/``: received and declined responses, newest
    first, late ones saying by how many days (:func:`selectors.responses_closed`),
    filtered like :func:`responses_pending` (the form offers the
    received-on date range instead of the deadline states)."""
    return _response_list_page(
        request,
        selectors.responses_closed,
        template_name="articles/responses_received.html",
        closed=True,
    )


def city_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """``/cities/<slug>/``: a city's figures (:func:`selectors.city_figures`,
    from the responses already loaded), its responses and the claims about it.

    Raises:
        Http404: no city the user may see has this slug (for readers: none,
            or one that only drafts refer to).
    """
    city = get_object_or_404(
        selectors.city_detail_queryset(user=request.user, at=request_now(request)), slug=slug
    )
    return render(
        request,
        "articles/city_detail.html",
        {
            "city": city,
            "responses": city.responses.all(),
            "claims": city.claims.all(),
            "figures": selectors.city_figures(city=city),
        },
    )


def claim_list(request: HttpRequest) -> HttpResponse:
    """``/claims/``: the claims the user may see, newest first, 50 a page
    (retracted claims left out), filtered with the claims CSV's and the
    API's :class:`~articles.filters.ClaimFilterSet` (``rating``, ``rated``,
    ``city``, ``state``, ``claimant``, ``wording``, ``stated_after``,
    ``stated_before``), with a form for the common ones and the filters in
    words (:func:`selectors.claim_list_filters`); parameters as
    :func:`_filters`. A bad value is the 400 page naming it. Seven queries,
    eight with a ``city`` or ``claimant`` filter, whatever the number of rows."""
    try:
        params = _filters(request, ClaimFilterSet, api=CLAIMS_API)
        page = _paginate(request, selectors.claim_list(user=request.user, filters=params))
    except ValidationError as exc:
        return _bad_request(request, BadParameter(exc.message_dict))
    except BadParameter as exc:
        return _bad_request(request, exc)
    return render(
        request,
        "articles/claim_list.html",
        {
            "page_obj": page,
            "claims": page.object_list,
            "is_filtered": bool(params),
            "filters": selectors.claim_list_filters(user=request.user, params=params),
        },
    )


def claim_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """``/claims/<slug>/``: a claim, its citations, its corrections at the
    foot and, when published and rated, ClaimReview JSON-LD. A retracted
    claim's page stays, with its retraction note and date (and no
    ClaimReview).

    Raises:
        Http404: no claim the user may see has this slug.
    """
    claim = get_object_or_404(selectors.claim_detail_queryset(user=request.user), slug=slug)
    return render(request, "articles/claim_detail.html", {"claim": claim})


def source_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """``/sources/<pk>/``: a source's details; each passage cited by a
    claim the user may see (in the order they appear in the source), in its
    sentence with the quote marked, the claim
    it backs and the public note; the responses that list the source; and
    the full text only when the source is publishable (DESIGN.md: third-party
    articles are cited, not reprinted).

    Raises:
        Http404: no source the user may see has this id (for readers: none,
            or one that only drafts refer to).
    """
    source = get_object_or_404(selectors.source_detail_queryset(user=request.user), pk=pk)
    return render(
        request,
        "articles/source_detail.html",
        {
            "source": source,
            "citations": in_text_order(source.text, source.citations.all()),
            "responses": source.responses.all(),
            "document": documents.shown(
                source.file,
                media_type=source.file_type,
                size=source.file_size,
                stem=f"source-{source.pk}",
                url=reverse("articles:source_file", kwargs={"pk": source.pk}),
            )
            if source.file
            else None,
            "document_served": documents.served_to(source, request.user),
        },
    )


def person_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """``/people/<slug>/``: a person's title, organization and published claims.

    Raises:
        Http404: no person the user may see has this slug (for readers:
            none, or one that only drafts refer to).
    """
    person = get_object_or_404(selectors.person_detail_queryset(user=request.user), slug=slug)
    return render(
        request, "articles/person_detail.html", {"person": person, "claims": person.claims.all()}
    )


def correction_list(request: HttpRequest) -> HttpResponse:
    """``/corrections/``: every retraction the user may see, newest first
    (:func:`selectors.retraction_list`, all of them, above the log on the
    first page), then
    every correction, update and clarification, newest first, 50 a page,
    each linking to the page it is at the foot of
    (:func:`selectors.correction_list`)."""
    try:
        page = _paginate(request, selectors.correction_list(user=request.user))
    except BadParameter as exc:
        return _bad_request(request, exc)
    return render(
        request,
        "articles/correction_list.html",
        {
            "page_obj": page,
            "corrections": page.object_list,
            "retractions": (
                selectors.retraction_list(user=request.user) if page.number == 1 else []
            ),
        },
    )


def methodology(request: HttpRequest) -> HttpResponse:
    """``/methodology/``: the response statuses and the moves between them
    (:func:`articles.transitions.table`), the deadline states (past due,
    overdue, needs a check, late) and every rating scale with its steps."""
    return render(
        request,
        "articles/methodology.html",
        {
            "scales": selectors.rating_scales(user=request.user),
            "status_moves": transitions.table(),
        },
    )


# --- Readers' side: indexes, sitemap, robots (issue "Readers' side", "Pages") ---


def _index_page(
    request: HttpRequest, queryset, *, template_name: str, name: str, rows=list
) -> HttpResponse:
    """Paginate ``queryset`` (50 a page, ``?page=N``) and render the page's
    rows, passed through ``rows`` (a selector helper taking and returning
    a list; default as they are), as ``name`` (and ``page_obj``); a bad
    ``page`` is a 4xx page naming it."""
    try:
        page = _paginate(request, queryset)
    except BadParameter as exc:
        return _bad_request(request, exc)
    return render(request, template_name, {"page_obj": page, name: rows(page.object_list)})


def inquiry_list(request: HttpRequest) -> HttpResponse:
    """``/inquiries/``: every inquiry the user may see (retracted ones left
    out), newest first (:func:`selectors.inquiry_index`), 50 a page, each
    with its deadline and its counts judged at the request's instant."""
    at = request_now(request)
    return _index_page(
        request,
        selectors.inquiry_index(user=request.user, at=at, counts=False),
        template_name="articles/inquiry_list.html",
        name="inquiries",
        rows=functools.partial(tallies.attach, at=at),
    )


def city_list(request: HttpRequest) -> HttpResponse:
    """``/cities/``: the cities the user may see, A to Z, each with its
    state, the inquiries it was asked in and its share answered
    (:func:`selectors.city_index`), 50 a page."""
    return _index_page(
        request,
        selectors.city_index(user=request.user),
        template_name="articles/city_list.html",
        name="cities",
        rows=selectors.with_shares,
    )


def person_list(request: HttpRequest) -> HttpResponse:
    """``/people/``: the people the user may see, A to Z, each with title,
    organization and number of claims (:func:`selectors.person_index`),
    50 a page."""
    return _index_page(
        request,
        selectors.person_index(user=request.user),
        template_name="articles/person_list.html",
        name="people",
    )


def source_list(request: HttpRequest) -> HttpResponse:
    """``/sources/``: the sources the user may see, newest first, each with
    publisher, date, kind and how many claims cite it
    (:func:`selectors.source_index`), 50 a page."""
    return _index_page(
        request,
        selectors.source_index(user=request.user),
        template_name="articles/source_list.html",
        name="sources",
    )


def robots_txt(request: HttpRequest) -> HttpResponse:
    """``/robots.txt`` (RFC 9309): crawlers may read every public page;
    not the admin (editors only) nor the API under ``/api/`` (the same
    records as JSON: the pages are what a search engine should show). The
    ``Sitemap:`` line is absolute, as the protocol requires."""
    sitemap = absolute_url(request, reverse("articles:sitemap"))
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /api/",
        "Allow: /",
        "",
        f"Sitemap: {sitemap}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


# --- CSV downloads (articles/exports.py) -------------------------------------------


def _base_url(request: HttpRequest) -> str:
    """Scheme and host of the public site: ``https://tracker.example.org``
    (:func:`articles.links.absolute_url`)."""
    return absolute_url(request, "/").rstrip("/")


def _response_csv(request: HttpRequest, selector, *, what: str) -> HttpResponse:
    """Stream one response list as CSV with the page's filters, judged at
    the request's instant, as the anonymous reader sees it; parameters as
    the page takes them (:func:`_filters`): a bad filter or an API-only
    parameter is the 400 page naming it (never an unfiltered file)."""
    at = request_now(request)
    try:
        params = _filters(request, ResponseFilterSet, api=RESPONSES_API)
        responses = selector(user=None, filters=params, at=at)
    except ValidationError as exc:
        return _bad_request(request, BadParameter(exc.message_dict))
    except BadParameter as exc:
        return _bad_request(request, exc)
    return exports.csv_response(
        exports.csv_lines(
            exports.RESPONSE_COLUMNS, exports.response_rows(responses, base_url=_base_url(request))
        ),
        filename=exports.export_filename(what, at, filtered=bool(params)),
    )


def responses_pending_csv(request: HttpRequest) -> HttpResponse:
    """``/responses/pending.csv``: :func:`responses_pending` as a CSV file
    (:mod:`articles.exports`), the same filters and order."""
    return _response_csv(request, selectors.responses_open, what="responses-pending")


def responses_received_csv(request: HttpRequest) -> HttpResponse:
    """``/responses/received.csv``: :func:`responses_received` as a CSV
    file, the same filters and order."""
    return _response_csv(request, selectors.responses_closed, what="responses-received")


def claims_csv(request: HttpRequest) -> HttpResponse:
    """``/claims.csv``: the published claims as a CSV file, newest first,
    filtered like ``/claims/`` and the API's claim list (``rating``,
    ``rated``, ``city``, ``state``, ``claimant``, ``wording``,
    ``stated_after``, ``stated_before``); parameters as the page takes them
    (:func:`_filters`): a bad filter or an API-only parameter is the 400
    page naming it."""
    at = request_now(request)
    try:
        filters = _filters(request, ClaimFilterSet, api=CLAIMS_API)
        claims = selectors.claims_for_export(filters=filters)
    except ValidationError as exc:
        return _bad_request(request, BadParameter(exc.message_dict))
    except BadParameter as exc:
        return _bad_request(request, exc)
    return exports.csv_response(
        exports.csv_lines(
            exports.CLAIM_COLUMNS, exports.claim_rows(claims, base_url=_base_url(request))
        ),
        filename=exports.export_filename("claims", at, filtered=bool(filters)),
    )


# --- embeds and oEmbed (articles/embeds.py) ------------------------------------------


@xframe_options_exempt
@csp_override(embeds.embed_csp())
def inquiry_embed(request: HttpRequest, slug: str) -> HttpResponse:
    """``/embed/inquiries/<slug>/``: an inquiry's per-city status table,
    self-contained for an iframe in a news story (its own small page and
    inline style, no site header), every deadline state judged at the
    request's instant, at most ``selectors.EMBED_MAX_ROWS`` places (A to Z)
    with a line saying how many more. Framed from ``settings.EMBED_ALLOWED_ORIGINS``: no
    ``X-Frame-Options`` and its own CSP (:func:`articles.embeds.embed_csp`).
    The anonymous reader's view, whoever asks. Two queries.

    Raises:
        Http404: no published (or retracted) inquiry has this slug.
    """
    at = request_now(request)
    inquiry = get_object_or_404(selectors.inquiry_embed_queryset(at=at), slug=slug)
    return render(
        request,
        "articles/embed/inquiry.html",
        {
            "inquiry": inquiry,
            "responses": selectors.embed_responses(inquiry=inquiry, at=at),
            "answered": inquiry.received_count + inquiry.declined_count,
            "page_url": absolute_url(request, inquiry.get_absolute_url()),
            "embed_css": mark_safe(embeds.EMBED_CSS),  # noqa: S308 - our own file, hashed in the CSP
            "embed_js": mark_safe(embeds.EMBED_JS),  # noqa: S308 - our own file, hashed in the CSP
        },
    )


def _oembed_error(status: int, name: str, message: str) -> HttpResponse:
    """A JSON error naming the parameter: ``{"maxwidth": ["..."]}``."""
    return JsonResponse({name: [message]}, status=status)


def oembed(request: HttpRequest) -> HttpResponse:
    """``/oembed/?url=<inquiry or embed URL>&format=json&maxwidth=&maxheight=``:
    the oEmbed answer (https://oembed.com, "rich" type, version 1.0) whose
    ``html`` is the ``<iframe>`` of :func:`inquiry_embed`.

    Answers (errors as JSON naming the parameter):
        400: ``url`` missing; ``maxwidth`` or ``maxheight`` not a whole
            number of pixels from 1 to 10,000.
        404: ``url`` is not an inquiry page or embed on this site, or the
            inquiry is not public (the anonymous reader's view, whoever asks).
        501: ``format`` other than ``json`` (the spec's answer for a format
            the provider does not support; XML is not offered).
    """
    fmt = request.GET.get("format", "json") or "json"
    if fmt != "json":
        return _oembed_error(501, "format", "Only format=json is supported.")
    raw_url = request.GET.get("url", "").strip()
    if not raw_url:
        return _oembed_error(
            400, "url", "Give the address of an inquiry page, e.g. url=https://…/inquiries/<slug>/."
        )
    try:
        maxwidth = embeds.parse_dimension("maxwidth", request.GET.get("maxwidth"))
    except ValueError as exc:
        return _oembed_error(400, "maxwidth", str(exc))
    try:
        maxheight = embeds.parse_dimension("maxheight", request.GET.get("maxheight"))
    except ValueError as exc:
        return _oembed_error(400, "maxheight", str(exc))
    slug = _inquiry_slug_from_url(request, raw_url)
    inquiry = None
    if slug is not None:
        inquiry = (
            selectors.inquiry_list(user=None, at=request_now(request), listed=False)
            .filter(slug=slug)
            .first()
        )
    if inquiry is None:
        return _oembed_error(404, "url", "This address is not a public inquiry on this site.")
    size = embeds.frame_size(
        min(inquiry.response_count, selectors.EMBED_MAX_ROWS),
        maxwidth=maxwidth,
        maxheight=maxheight,
    )
    src = absolute_url(request, reverse("articles:inquiry_embed", kwargs={"slug": inquiry.slug}))
    response = JsonResponse(
        {
            "version": "1.0",
            "type": "rich",
            "title": inquiry.title,
            "provider_name": embeds.PROVIDER_NAME,
            "provider_url": absolute_url(request, "/"),
            "cache_age": embeds.CACHE_AGE,
            "html": embeds.iframe_html(src=src, title=inquiry.title, size=size),
            "width": size.width,
            "height": size.height,
        },
        json_dumps_params={"ensure_ascii": False},
    )
    patch_cache_control(response, max_age=embeds.CACHE_AGE)
    return response


def _inquiry_slug_from_url(request: HttpRequest, url: str) -> str | None:
    """The inquiry slug of ``url`` when it is an inquiry page or embed on
    this site (same host as the request; the trailing slash may be left
    out), else None."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or parts.netloc.lower() not in site_hosts(request):
        return None
    path = unquote(parts.path)
    # A pasted address often loses its trailing slash (CommonMiddleware
    # would redirect the page itself there): accept it.
    candidates = (path, f"{path}/") if not path.endswith("/") else (path,)
    match = None
    for candidate in candidates:
        try:
            match = resolve(candidate)
            break
        except Resolver404:
            continue
    if match is None or match.view_name not in {
        "articles:inquiry_detail",
        "articles:inquiry_embed",
    }:
        return None
    return match.kwargs.get("slug")


def _one(request: HttpRequest, name: str) -> str:
    """The value of query parameter ``name`` ("" when absent).

    Raises:
        BadParameter: ``name`` is given more than once.
    """
    values = request.GET.getlist(name)
    if len(values) > 1:
        raise BadParameter(
            {name: [f"Give {name} once; this address gives it {len(values)} times."]}
        )
    return values[0] if values else ""


def _search_params(request: HttpRequest) -> tuple[str, tuple[str, ...], str]:
    """``q`` as typed, its words (:func:`articles.search.parse_query`) and
    ``kind`` ("" for every kind).

    Raises:
        BadParameter: ``q`` too long or with too many words; ``kind`` not a
            kind of result; either given twice.
    """
    from .models import SearchEntry
    from .search import SearchQueryError, parse_query

    query, kind = _one(request, "q"), _one(request, "kind")
    errors = {}
    try:
        terms = parse_query(query)
    except SearchQueryError as exc:
        errors["q"], terms = [str(exc)], ()
    if kind and kind not in SearchEntry.Kind.values:
        errors["kind"] = [f"Choose one of: {', '.join(SearchEntry.Kind.values)}; or leave it out."]
    if errors:
        raise BadParameter(errors)
    return query, terms, kind


def search(request: HttpRequest) -> HttpResponse:
    """``/search/?q=&kind=&page=``: claims, quotes, sources, people, cities
    and inquiries the user may see that hold every word of ``q``, best
    first, 50 a page, with the hits marked; ``kind`` narrows to one kind
    (:mod:`articles.search`). No words to search for (no ``q``, or only
    punctuation) is the empty form; only stop words ("the", "or") say so. A ``q`` too long or with too many
    words, an unknown ``kind`` or a repeated parameter is a 400 on the
    same page naming the parameter; a bad ``page`` as on every list. Three
    queries (counts per kind, count, page) whatever the number of hits."""
    from . import search as search_index
    from .models import SearchEntry

    context = {"query": request.GET.get("q", ""), "kind": "", "terms": (), "kinds": []}
    try:
        context["query"], terms, kind = _search_params(request)
        context.update(
            kind=kind, terms=terms, only_common_words=bool(search_index.words_of(context["query"]))
        )
        if terms:
            matches = selectors.search_matches(user=request.user, terms=terms)
            counts = search_index.kind_counts(matches)
            context["total"] = sum(counts.values())
            context["kinds"] = [
                (value, SearchEntry.PLURALS[value], counts.get(value, 0))
                for value in SearchEntry.Kind.values
            ]
            page = _paginate(
                request,
                selectors.search_results(
                    user=request.user, terms=terms, kind=kind or None, matches=matches
                ),
            )
            context.update(page_obj=page, results=page.object_list)
    except BadParameter as exc:
        context["errors"] = sorted(exc.errors.items())
        return render(request, "articles/search.html", context, status=exc.status)
    return render(request, "articles/search.html", context)


def source_file(request: HttpRequest, pk: int) -> HttpResponse:
    """``/sources/<pk>/file``: the document attached to a source, for
    anyone who may see the source (the same rule as its page:
    :func:`selectors.source_list`), so an unpublished source's file never
    reaches a reader, and only when the source's full text is publishable
    or the user an editor (:func:`articles.documents.served_to`); files
    are never served from ``/media/``. Images are shown inline, PDFs and text downloaded, with the
    type read from the content at upload and safe headers
    (:func:`articles.documents.document_response`).

    Raises:
        Http404: no source the user may see has this id, it has no file,
            its file is not republished (a third-party article's copy) and
            the user is a reader, or the storage no longer holds it.
    """
    source = get_object_or_404(selectors.source_list(user=request.user), pk=pk)
    if not documents.served_to(source, request.user):
        raise Http404("This source has no document readers may download.")
    return documents.document_response(
        source.file,
        media_type=source.file_type,
        filename=documents.download_name(
            source.file, media_type=source.file_type, stem=f"source-{source.pk}"
        ),
    )
