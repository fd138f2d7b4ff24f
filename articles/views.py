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

from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from . import selectors, transitions
from .clock import request_now
from .filters import ResponseFilterSet
from .passages import in_text_order

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
    """Render the 4xx page listing each bad parameter and why."""
    return render(
        request,
        "articles/bad_request.html",
        {"errors": sorted(exc.errors.items()), "status": exc.status},
        status=exc.status,
    )


def _paginate(request: HttpRequest, queryset):
    """Return the requested page of ``queryset`` (``?page=N``, 1-based).

    Raises:
        BadParameter: ``page`` is not a whole number.
        BadParameter: with status 404, ``page`` is past the last page or
            below 1.
    """
    paginator = Paginator(queryset, PAGE_SIZE)
    try:
        return paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        raise BadParameter({"page": ["Enter a whole number, e.g. page=2."]}) from None
    except EmptyPage:
        raise BadParameter(
            {"page": [f"There is no such page; pages run from 1 to {paginator.num_pages}."]},
            status=404,
        ) from None


def _filters(request: HttpRequest):
    """The query string less ``page``: the API's response filters
    (``status``, ``is_past_due``, ``is_overdue``, ``needs_check``, ``city``,
    ``state``, ``inquiry``, date ranges), which the selectors apply with the
    API's own FilterSet."""
    params = request.GET.copy()
    params.pop("page", None)
    return params


def _is_filtered(request: HttpRequest) -> bool:
    """Whether the query string holds a response filter (other parameters,
    such as ``page`` or a campaign tag, do not narrow the list)."""
    names = set(ResponseFilterSet.base_filters)
    return any(request.GET.get(name) for name in names)


def _response_list_page(request: HttpRequest, selector, *, template_name: str) -> HttpResponse:
    """Filter (with ``selector(user=request.user, filters=..., at=...)``,
    every row and filter judged at the request's one instant), paginate and
    render one of the response lists; a bad filter or page is a 4xx page
    naming it."""
    try:
        page = _paginate(
            request,
            selector(user=request.user, filters=_filters(request), at=request_now(request)),
        )
    except ValidationError as exc:
        return _bad_request(request, BadParameter(exc.message_dict))
    except BadParameter as exc:
        return _bad_request(request, exc)
    return render(
        request,
        template_name,
        {"page_obj": page, "responses": page.object_list, "is_filtered": _is_filtered(request)},
    )


def home(request: HttpRequest) -> HttpResponse:
    """``/``: every inquiry the user may see with its deadline and response
    counts, overdue and needs a check judged at the request's instant
    (:func:`selectors.inquiry_cards`; two queries)."""
    return render(
        request,
        "articles/home.html",
        {"inquiries": selectors.inquiry_cards(user=request.user, at=request_now(request))},
    )


def inquiry_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """``/inquiries/<slug>/``: one inquiry, its counts and its per-city
    table, every deadline state judged at the request's instant, and at its
    foot the corrections of the inquiry and of its responses. A retracted
    inquiry's page stays, with its retraction note and date.

    Raises:
        Http404: no inquiry the user may see has this slug.
    """
    at = request_now(request)
    inquiry = get_object_or_404(
        selectors.inquiry_detail_queryset(user=request.user, at=at), slug=slug
    )
    return render(
        request,
        "articles/inquiry_detail.html",
        {
            "inquiry": inquiry,
            "responses": inquiry.responses.all(),
            "deadline_passed": inquiry.deadline_passed(at),
            "corrections": selectors.inquiry_page_corrections(user=request.user, inquiry=inquiry),
        },
    )


def responses_pending(request: HttpRequest) -> HttpResponse:
    """``/responses/pending/``: pending and acknowledged responses, each
    with its deadline state (:func:`selectors.responses_open`), filterable
    like the API."""
    return _response_list_page(
        request, selectors.responses_open, template_name="articles/responses_pending.html"
    )


def responses_received(request: HttpRequest) -> HttpResponse:
    """``/responses/received/``: received and declined responses, newest
    first, late ones saying by how many days (:func:`selectors.responses_closed`),
    filterable like the API."""
    return _response_list_page(
        request, selectors.responses_closed, template_name="articles/responses_received.html"
    )


def city_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """``/cities/<slug>/``: a city's responses and the claims about it.

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
        {"city": city, "responses": city.responses.all(), "claims": city.claims.all()},
    )


def claim_list(request: HttpRequest) -> HttpResponse:
    """``/claims/``: the claims the user may see, newest first, 50 a page
    (retracted claims left out)."""
    try:
        page = _paginate(request, selectors.claim_list(user=request.user))
    except BadParameter as exc:
        return _bad_request(request, exc)
    return render(
        request, "articles/claim_list.html", {"page_obj": page, "claims": page.object_list}
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
    """``/corrections/``: every correction, update and clarification the
    user may see, newest first, 50 a page, each linking to the page it is
    at the foot of (:func:`selectors.correction_list`)."""
    try:
        page = _paginate(request, selectors.correction_list(user=request.user))
    except BadParameter as exc:
        return _bad_request(request, exc)
    return render(
        request,
        "articles/correction_list.html",
        {"page_obj": page, "corrections": page.object_list},
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
    punctuation) is the empty form. A ``q`` too long or with too many
    words, an unknown ``kind`` or a repeated parameter is a 400 on the
    same page naming the parameter; a bad ``page`` as on every list. Three
    queries (counts per kind, count, page) whatever the number of hits."""
    from . import search as search_index
    from .models import SearchEntry

    context = {"query": request.GET.get("q", ""), "kind": "", "terms": (), "kinds": []}
    try:
        context["query"], terms, kind = _search_params(request)
        context.update(kind=kind, terms=terms)
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
