"""``?cursor=``: keyset pages, fast at any depth (issue "Scale and
production", item 1), in the same order as ``?page=`` under every ordering,
NULLs and ties included; the next cursor in ``Link: <...>; rel="next"``."""

from urllib.parse import parse_qs, urlsplit

import pytest

from articles.api import views
from tests.api.test_ordering import make_rows

pytestmark = pytest.mark.django_db

ENDPOINTS = [
    ("responses", views.ResponseViewSet),
    ("inquiries", views.InquiryViewSet),
    ("claims", views.ClaimViewSet),
]


def walk_pages(client, path, ordering, page_size):
    urls, page = [], 1
    while True:
        body = client.get(path, {"ordering": ordering, "page_size": page_size, "page": page})
        body = body.json()
        urls += [row["url"] for row in body["results"]]
        if not body["next"]:
            return urls
        page += 1


def walk_cursor(client, path, ordering, page_size):
    """Follow ``Link: rel=next`` from the first cursor page to the end,
    checking that the body's ``next`` says the same."""
    urls = []
    response = client.get(path, {"ordering": ordering, "page_size": page_size, "cursor": ""})
    while True:
        assert response.status_code == 200, response.content
        body = response.json()
        assert body["previous"] is None
        urls += [row["url"] for row in body["results"]]
        link = response.headers.get("Link")
        if not body["next"]:
            assert link is None
            return urls
        assert link == f'<{body["next"]}>; rel="next"'
        response = client.get(body["next"])


@pytest.mark.parametrize(("endpoint", "viewset"), ENDPOINTS, ids=[e for e, _ in ENDPOINTS])
def test_cursor_walk_gives_the_rows_of_the_page_walk_in_the_same_order(client, endpoint, viewset):
    make_rows()
    path = f"/api/v1/{endpoint}/"
    for name in viewset.ordering_fields:
        for ordering in (name, f"-{name}"):
            for page_size in (1, 3):
                pages = walk_pages(client, path, ordering, page_size)
                assert len(pages) == len(set(pages)) >= 3
                assert walk_cursor(client, path, ordering, page_size) == pages, (
                    f"ordering={ordering}, page_size={page_size}"
                )


def test_a_page_answer_links_to_the_cursor_of_the_next_page(client):
    make_rows()
    first = client.get("/api/v1/responses/", {"page_size": 5, "page": 2})
    link = first.headers["Link"]
    assert link.startswith("<http://testserver/api/v1/responses/?") and "cursor=" in link
    assert "page=" not in link.replace("page_size=", "")
    cursor_page = client.get(link[1 : link.index(">")]).json()
    third = client.get("/api/v1/responses/", {"page_size": 5, "page": 3}).json()
    assert [r["id"] for r in cursor_page["results"]] == [r["id"] for r in third["results"]]
    assert cursor_page["count"] == third["count"] == 12  # 4 inquiries x 3 cities


def test_last_page_has_no_link(client):
    make_rows()
    last = client.get("/api/v1/responses/", {"page_size": 8, "page": 2})
    assert last.status_code == 200
    assert "Link" not in last.headers


@pytest.mark.parametrize("cursor", ["not-base64!", "eyJ4IjoxfQ", "e30"])
def test_an_unreadable_cursor_is_a_400_naming_cursor(client, cursor):
    make_rows()
    response = client.get("/api/v1/responses/", {"cursor": cursor})
    assert response.status_code == 400
    assert list(response.json()) == ["cursor"]


def test_a_cursor_of_another_ordering_is_a_400(client):
    make_rows()
    link = client.get("/api/v1/responses/", {"page_size": 2}).headers["Link"]
    url = link[1 : link.index(">")]
    response = client.get(url + "&ordering=city")
    assert response.status_code == 400
    assert list(response.json()) == ["cursor"]


def test_cursor_with_page_is_a_400(client):
    make_rows()
    link = client.get("/api/v1/responses/", {"page_size": 2}).headers["Link"]
    cursor = parse_qs(urlsplit(link[1 : link.index(">")]).query)["cursor"][0]
    response = client.get("/api/v1/responses/", {"cursor": cursor, "page": 2})
    assert response.status_code == 400
    assert list(response.json()) == ["cursor"]


def test_an_empty_cursor_beside_a_page_counts_as_not_given(client):
    """The API's rule for every parameter: empty is not given."""
    make_rows()
    by_page = client.get("/api/v1/responses/", {"page": 2, "page_size": 2}).json()["results"]
    both = client.get("/api/v1/responses/", {"cursor": "", "page": 2, "page_size": 2})
    assert both.status_code == 200
    assert [row["id"] for row in both.json()["results"]] == [row["id"] for row in by_page]


def test_schema_says_which_is_fast_at_depth(client):
    schema = client.get("/api/v1/schema/", {"format": "json"}).json()
    parameters = {p["name"]: p for p in schema["paths"]["/api/v1/responses/"]["get"]["parameters"]}
    assert "fast at any depth" in parameters["cursor"]["description"]
    assert "Slow deep" in parameters["page"]["description"]
