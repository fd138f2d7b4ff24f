"""Pagination: 50 per page by default, ``page_size`` from 1 to 100."""

import pytest

from tests.factories import CityFactory, InquiryFactory, ResponseFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/cities/"


@pytest.fixture
def cities_120():
    """120 cities readers see: each asked by the same published inquiry."""
    inquiry = InquiryFactory()
    for city in CityFactory.create_batch(120):
        ResponseFactory(inquiry=inquiry, city=city)


def test_default_page_holds_50(client, cities_120):
    body = client.get(LIST).json()
    assert body["count"] == 120
    assert len(body["results"]) == 50
    assert body["next"] == "http://testserver/api/v1/cities/?page=2"
    assert body["previous"] is None


def test_page_size_of_the_cap_100_is_served_whole(client, cities_120):
    body = client.get(LIST, {"page_size": 100}).json()
    assert len(body["results"]) == 100


@pytest.mark.parametrize("page_size", ["101", "1000"])
def test_page_size_above_the_cap_is_refused_naming_the_cap(client, cities_120, page_size):
    response = client.get(LIST, {"page_size": page_size})
    assert response.status_code == 400
    assert response.json() == {"page_size": ["Enter a whole number from 1 to 100."]}


def test_page_size_below_the_cap_is_honoured(client, cities_120):
    assert len(client.get(LIST, {"page_size": 7}).json()["results"]) == 7


@pytest.mark.parametrize("page_size", ["0", "-3", "abc"])
def test_unusable_page_size_is_refused_naming_the_parameter(client, cities_120, page_size):
    response = client.get(LIST, {"page_size": page_size})
    assert response.status_code == 400
    assert list(response.json()) == ["page_size"]


def test_no_page_size_gives_the_default_of_50(client, cities_120):
    assert len(client.get(LIST).json()["results"]) == 50


def test_last_page_holds_the_rest(client, cities_120):
    body = client.get(LIST, {"page": 3}).json()
    assert len(body["results"]) == 20
    assert body["next"] is None


def test_pages_do_not_overlap(client, cities_120):
    seen = []
    for page in (1, 2, 3):
        seen += [row["slug"] for row in client.get(LIST, {"page": page}).json()["results"]]
    assert len(seen) == len(set(seen)) == 120


def test_page_past_the_end_is_404_naming_page(client, cities_120):
    reply = client.get(LIST, {"page": 4})
    assert reply.status_code == 404
    assert reply.json() == {"page": ["Invalid page."]}
