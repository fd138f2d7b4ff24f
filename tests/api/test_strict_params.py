"""Strict parameters (issue 8, "Strict and honest"): an unknown query
parameter is a 400 naming it, dates are ``YYYY-MM-DD`` only, search is
capped like the site search, and the browsable API never lists every
related row in a dropdown."""

import datetime

import pytest
from bs4 import BeautifulSoup

from articles import search as site_search
from tests.factories import CityFactory, InquiryFactory, ResponseFactory

pytestmark = pytest.mark.django_db

RESPONSES = "/api/v1/responses/"
RESPONSE_PARAMETERS = [
    "status",
    "is_past_due",
    "is_overdue",
    "needs_check",
    "overdue",
    "city",
    "state",
    "inquiry",
    "received_after",
    "received_before",
    "as_of_after",
    "as_of_before",
    "search",
    "ordering",
    "page",
    "page_size",
    "cursor",  # keyset pages, fast at any depth (articles/api/pagination.py)
    "format",
]


def test_a_typo_is_a_400_naming_it_not_every_row(client):
    ResponseFactory()
    response = client.get(RESPONSES, {"stauts": "pending"})
    assert response.status_code == 400
    assert response.json() == {
        "stauts": [f"Unknown parameter. Known: {', '.join(RESPONSE_PARAMETERS)}."]
    }


def test_every_unknown_parameter_is_named(client):
    body = client.get(RESPONSES, {"stauts": "x", "utm_source": "y", "status": "pending"}).json()
    assert set(body) == {"stauts", "utm_source"}


@pytest.mark.parametrize(
    ("path", "parameter"),
    [
        ("/api/v1/claims/", "status"),  # a responses filter, not a claims one
        ("/api/v1/inquiries/", "city"),
        ("/api/v1/organizations/", "state"),  # no FilterSet at all
        ("/api/v1/corrections/", "q"),  # the site search's name, not the API's
    ],
)
def test_other_lists_refuse_parameters_they_do_not_take(client, path, parameter):
    response = client.get(path, {parameter: "x"})
    assert response.status_code == 400
    assert list(response.json()) == [parameter]


def test_a_detail_refuses_unknown_parameters_too(client):
    response = ResponseFactory()
    assert client.get(f"{RESPONSES}{response.pk}/", {"bogus": "1"}).status_code == 400
    assert client.get(f"{RESPONSES}{response.pk}/", {"format": "json"}).status_code == 200


def test_known_parameters_still_work(client):
    ResponseFactory(status="pending")
    body = client.get(
        RESPONSES, {"status": "pending", "ordering": "city", "page": 1, "page_size": 5}
    ).json()
    assert body["count"] == 1


@pytest.mark.parametrize(
    "value", ["08/18/2017", "2017-8-18", "18.08.2017", "2017-08-18T00:00", "2017-02-30", "20170818"]
)
def test_dates_are_yyyy_mm_dd_only(client, value):
    response = client.get(RESPONSES, {"received_after": value})
    assert response.status_code == 400
    assert response.json() == {"received_after": ["Enter a date as YYYY-MM-DD, e.g. 2017-08-18."]}


def test_a_yyyy_mm_dd_date_filters(client):
    ResponseFactory(status="received", received_on=datetime.date(2017, 8, 10))
    ResponseFactory(status="received", received_on=datetime.date(2017, 8, 20))
    body = client.get(RESPONSES, {"received_after": "2017-08-18"}).json()
    assert [row["received_on"] for row in body["results"]] == ["2017-08-20"]


@pytest.mark.parametrize(
    ("path", "parameter"),
    [
        ("/api/v1/inquiries/", "sent_after"),
        ("/api/v1/claims/", "stated_before"),
        (RESPONSES, "as_of_before"),
    ],
)
def test_every_date_filter_is_strict(client, path, parameter):
    response = client.get(path, {parameter: "08/03/2017"})
    assert response.status_code == 400
    assert list(response.json()) == [parameter]


def test_search_over_200_characters_is_a_400_naming_search(client):
    response = client.get(RESPONSES, {"search": "a" * (site_search.MAX_QUERY_CHARS + 1)})
    assert response.status_code == 400
    assert response.json() == {
        "search": ["Search for at most 200 characters; this search has 201."]
    }


def test_search_over_10_words_is_a_400_naming_search(client):
    words = " ".join(f"word{i}" for i in range(11))
    response = client.get("/api/v1/claims/", {"search": words})
    assert response.status_code == 400
    assert response.json() == {"search": ["Search for at most 10 words; this search has 11."]}


def test_search_of_10_words_is_served(client):
    words = " ".join(f"word{i}" for i in range(10))
    assert client.get(RESPONSES, {"search": words}).status_code == 200


def test_browsable_responses_page_has_no_dropdown_of_cities_or_inquiries(client):
    inquiry = InquiryFactory(slug="one-inquiry")
    for city in CityFactory.create_batch(300):
        ResponseFactory(inquiry=inquiry, city=city)
    response = client.get(RESPONSES, {"page_size": 1}, HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    soup = BeautifulSoup(response.content, "html.parser")
    for name in ("city", "inquiry"):
        for field in soup.find_all(attrs={"name": name}):
            assert field.name == "input", f"{name} is a <{field.name}>"
            assert field.find_all("option") == []
    option_texts = [option.get_text() for option in soup.find_all("option")]
    assert not any(text.startswith("Testville") for text in option_texts)
    # The page stays small: filters, one row, no list of 300 cities.
    assert len(response.content) < 60_000


def test_browsable_city_filter_keeps_several_values_comma_separated(client):
    ResponseFactory(city=CityFactory(slug="albany-ny"))
    ResponseFactory(city=CityFactory(slug="troy-ny"))
    response = client.get(RESPONSES, {"city": ["albany-ny", "troy-ny"]}, HTTP_ACCEPT="text/html")
    soup = BeautifulSoup(response.content, "html.parser")
    (field,) = soup.find_all("input", attrs={"name": "city"})
    assert field["value"] == "albany-ny,troy-ny"
