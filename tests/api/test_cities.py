"""``/api/v1/cities/``: fields, state filter, search, detail by slug.

Readers see a city only when a published record refers to it (DESIGN.md,
"Public pages"), so each city here is one a published inquiry asked."""

from decimal import Decimal

import pytest

from articles.models import City
from tests.factories import CityFactory, InquiryFactory, ResponseFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/cities/"


@pytest.fixture
def asked_city(db):
    """Make a city with a response to one shared published inquiry."""
    inquiry = InquiryFactory()

    def make(**kwargs):
        city = CityFactory(**kwargs)
        ResponseFactory(inquiry=inquiry, city=city)
        return city

    return make


def test_city_json_has_the_documented_fields(client, asked_city):
    asked_city(
        name="Baltimore",
        state="MD",
        slug="baltimore-md",
        latitude=Decimal("39.290400"),
        longitude=Decimal("-76.612200"),
    )
    city = City.objects.get(slug="baltimore-md")
    assert client.get(f"{LIST}baltimore-md/").json() == {
        "id": city.pk,
        "slug": "baltimore-md",
        "url": "http://testserver/api/v1/cities/baltimore-md/",
        "html_url": "http://testserver/cities/baltimore-md/",
        "name": "Baltimore",
        "state": "MD",
        "latitude": 39.2904,
        "longitude": -76.6122,
        "kind": "city",
        "gazetteer_id": "",
    }


def test_city_without_coordinates_has_nulls(client, asked_city):
    asked_city(slug="stockton-ca", name="Stockton", state="CA")
    body = client.get(f"{LIST}stockton-ca/").json()
    assert body["latitude"] is None
    assert body["longitude"] is None


def test_city_with_a_non_ascii_slug_is_found(client, asked_city):
    asked_city(slug="東京-ca", name="東京", state="CA")
    reply = client.get(f"{LIST}東京-ca/")
    assert reply.status_code == 200
    assert reply.json()["name"] == "東京"


def test_cities_are_listed_by_name(client, asked_city):
    for name, state in [("Stockton", "CA"), ("Albuquerque", "NM"), ("Baltimore", "MD")]:
        asked_city(name=name, state=state, slug=f"{name.lower()}-{state.lower()}")
    body = client.get(LIST).json()
    assert [row["name"] for row in body["results"]] == ["Albuquerque", "Baltimore", "Stockton"]


def test_filter_cities_by_state(client, asked_city):
    asked_city(name="Stockton", state="CA", slug="stockton-ca")
    asked_city(name="San Bernardino", state="CA", slug="san-bernardino-ca")
    asked_city(name="Baltimore", state="MD", slug="baltimore-md")
    body = client.get(LIST, {"state": "ca"}).json()
    assert [row["slug"] for row in body["results"]] == ["san-bernardino-ca", "stockton-ca"]


def test_search_cities_by_name(client, asked_city):
    asked_city(name="San Bernardino", state="CA", slug="san-bernardino-ca")
    asked_city(name="Baltimore", state="MD", slug="baltimore-md")
    body = client.get(LIST, {"search": "balti"}).json()
    assert [row["slug"] for row in body["results"]] == ["baltimore-md"]


def test_seed_has_the_four_cities_of_the_article(client, seeded):
    body = client.get(LIST).json()
    assert [(row["name"], row["state"]) for row in body["results"]] == [
        ("Albuquerque", "NM"),
        ("Baltimore", "MD"),
        ("San Bernardino", "CA"),
        ("Stockton", "CA"),
    ]
