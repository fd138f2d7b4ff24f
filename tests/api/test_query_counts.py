"""Each API list costs the same number of queries with 1 row and with 100
(STYLE.md, "Tests"). Counts: pagination's COUNT, the page's SELECT, and one
query per prefetched relation (claims, inquiries and responses carry their
corrections: one query each, whatever the number of rows)."""

import datetime

import pytest

from tests.factories import (
    CitationFactory,
    CityFactory,
    ClaimFactory,
    CorrectionFactory,
    InquiryFactory,
    OrganizationFactory,
    PersonFactory,
    ResponseFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db


def make_responses(n: int) -> None:
    """``n`` responses with respondent, organization and two sources each,
    spread over several inquiries."""
    inquiries = InquiryFactory.create_batch(max(1, n // 10))
    for i in range(n):
        response = ResponseFactory(
            inquiry=inquiries[i % len(inquiries)],
            respondent=PersonFactory(),
            organization=OrganizationFactory(city=CityFactory()),
        )
        response.sources.add(SourceFactory(), SourceFactory())


def make_inquiries(n: int) -> None:
    for inquiry in InquiryFactory.create_batch(n):
        ResponseFactory(inquiry=inquiry, status="pending")
        ResponseFactory(inquiry=inquiry, status="acknowledged", acknowledged_on=inquiry.sent_on)


def make_claims(n: int) -> None:
    for _ in range(n):
        CitationFactory(claim__city=CityFactory())


# Readers see cities, organizations, people and sources only when a
# published record refers to them; each builder below makes such rows (the
# visibility rule is subqueries in the list's own query, not extra queries).


def make_cities(n: int) -> None:
    """``n`` cities, each asked by one published inquiry."""
    inquiry = InquiryFactory()
    for city in CityFactory.create_batch(n):
        ResponseFactory(inquiry=inquiry, city=city)


def make_organizations(n: int) -> None:
    """``n`` organizations in one city, each the claimant of a published claim."""
    city = CityFactory()
    for organization in OrganizationFactory.create_batch(n, city=city):
        ClaimFactory(claimant=None, claimant_organization=organization)


def make_people(n: int) -> None:
    """``n`` people, each the claimant of a published claim."""
    for person in PersonFactory.create_batch(n):
        ClaimFactory(claimant=person)


def make_sources(n: int) -> None:
    """``n`` sources, each cited by the same published claim."""
    claim = ClaimFactory()
    for source in SourceFactory.create_batch(n):
        CitationFactory(claim=claim, source=source)


def make_corrections(n: int) -> None:
    """``n`` corrections, by turns of a claim, an inquiry and a response."""
    for i in range(n):
        record = [ClaimFactory, InquiryFactory, ResponseFactory][i % 3]()
        field = type(record)._meta.model_name
        CorrectionFactory(**{field: record})


# (path, builder, queries): COUNT + SELECT, plus prefetches where noted.
CASES = [
    # + sources, corrections, respondents, organizations (prefetched, not joined:
    # ResponseQuerySet.with_refs; a status source would be one more)
    ("/api/v1/responses/", make_responses, 6),
    # + corrections, + the grouped tally of the page's inquiries (articles/tallies.py;
    # cached per data generation, but a test's writes are uncommitted, so counted).
    ("/api/v1/inquiries/", make_inquiries, 4),
    ("/api/v1/cities/", make_cities, 2),
    ("/api/v1/organizations/", make_organizations, 2),
    ("/api/v1/people/", make_people, 2),
    ("/api/v1/sources/", make_sources, 2),
    ("/api/v1/claims/", make_claims, 6),  # + citations, their sources, publishers, corrections
    ("/api/v1/corrections/", make_corrections, 2),  # the record of each joined
]


@pytest.mark.parametrize("rows", [1, 100])
@pytest.mark.parametrize(("path", "build", "queries"), CASES, ids=[c[0] for c in CASES])
def test_list_query_count_does_not_grow_with_rows(
    client, django_assert_num_queries, path, build, queries, rows
):
    build(rows)
    with django_assert_num_queries(queries):
        body = client.get(path, {"page_size": 100}).json()
    assert len(body["results"]) == rows


def test_filtered_response_list_adds_one_query_per_slug_filter(client, django_assert_num_queries):
    make_responses(100)
    inquiry = InquiryFactory(slug="filtered")
    city = CityFactory(slug="filtered-md")
    # Confirmed on Aug. 21, 2017, after the Aug. 18 deadline: overdue.
    ResponseFactory(inquiry=inquiry, city=city, as_of=datetime.date(2017, 8, 21))
    # COUNT + SELECT + sources + corrections, plus validating each slug filter.
    with django_assert_num_queries(6):
        body = client.get(
            "/api/v1/responses/",
            {"inquiry": "filtered", "city": "filtered-md", "overdue": "true", "status": "pending"},
        ).json()
    assert body["count"] == 1


@pytest.mark.parametrize("rows", [1, 100])
@pytest.mark.parametrize("query", [{"needs_check": "true"}, {"is_past_due": "true"}])
def test_deadline_filtered_response_list_query_count(
    client, django_assert_num_queries, rows, query
):
    make_responses(rows)  # due Aug. 18, 2017, as of Aug. 3: every row needs a check
    # COUNT + SELECT + sources + corrections + respondents + organizations
    with django_assert_num_queries(6):
        body = client.get("/api/v1/responses/", {"page_size": 100, **query}).json()
    assert len(body["results"]) == rows
    assert all(row["needs_check"] for row in body["results"])


@pytest.mark.parametrize(("path", "build", "queries"), CASES, ids=[c[0] for c in CASES])
def test_list_query_count_does_not_grow_with_page_size(
    client, django_assert_num_queries, path, build, queries
):
    """100 rows stored: a page of 1 and a page of 100 cost the same, pinned."""
    build(100)
    with django_assert_num_queries(queries):
        small = client.get(path, {"page_size": 1}).json()
    with django_assert_num_queries(queries):
        large = client.get(path, {"page_size": 100}).json()
    assert len(small["results"]) == 1
    assert len(large["results"]) == large["count"] >= 100


@pytest.mark.parametrize("page_size", [1, 100])
def test_searched_and_ordered_lists_keep_their_counts(client, django_assert_num_queries, page_size):
    make_claims(100)
    with django_assert_num_queries(6):  # as unsearched: the search is one EXISTS subquery
        body = client.get(
            "/api/v1/claims/", {"search": "jump", "ordering": "-city", "page_size": page_size}
        ).json()
    assert body["count"] == 100
    make_responses(100)
    with django_assert_num_queries(6):  # + respondents, organizations (with_refs)
        body = client.get(
            "/api/v1/responses/",
            {"search": "Testville", "ordering": "deadline,-status", "page_size": page_size},
        ).json()
    assert body["count"] == 100
    assert len(body["results"]) == page_size


@pytest.mark.parametrize("page_size", [1, 100])
def test_csv_costs_what_json_costs(client, django_assert_num_queries, page_size):
    make_responses(100)
    with django_assert_num_queries(6):  # as JSON: with_refs prefetches two more
        client.get("/api/v1/responses/", {"format": "csv", "page_size": page_size})
