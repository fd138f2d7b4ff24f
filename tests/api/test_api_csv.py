"""CSV renderings of the API (``?format=csv`` or ``Accept: text/csv``):
flat columns, formula-safe as the pages' CSV (articles/exports.py), UTF-8
with a BOM, paginated as the JSON is."""

import csv
import datetime
import io

import pytest
import time_machine

from tests.factories import CityFactory, OrganizationFactory, ResponseFactory

pytestmark = pytest.mark.django_db

RESPONSES = "/api/v1/responses/"


def rows_of(response) -> list[dict]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


def test_format_csv_gives_flat_columns(client, seeded):
    response = client.get(RESPONSES, {"format": "csv", "city": "baltimore-md"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = rows_of(response)
    assert len(rows) == 2
    doj = next(row for row in rows if row["due_on"])
    assert doj["city_slug"] == "baltimore-md"
    assert doj["city_name"] == "Baltimore"
    assert doj["city_html_url"] == "http://testserver/cities/baltimore-md/"
    assert doj["organization_name"] == "Baltimore Police Department"
    assert doj["organization_html_url"] == ""  # null: no page for organizations
    assert doj["due_on"] == "2017-08-18"
    assert doj["deadline"] == "2017-08-19T00:00:00-04:00"
    assert doj["status"] == "pending"
    assert doj["is_past_due"] == "true"
    assert doj["received_on"] == ""
    assert doj["sources_name"].startswith("Reuters: ")


def test_accept_text_csv_gives_csv(client):
    ResponseFactory()
    response = client.get(RESPONSES, HTTP_ACCEPT="text/csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert len(rows_of(response)) == 1


def test_csv_columns_are_the_same_on_an_empty_page(client):
    ResponseFactory()
    full = client.get(RESPONSES, {"format": "csv"}).content.decode().splitlines()[0]
    empty = client.get(RESPONSES, {"format": "csv", "status": "declined"})
    lines = empty.content.decode().splitlines()
    assert lines == [full]
    for column in (
        "city_id",
        "city_slug",
        "city_name",
        "city_url",
        "city_html_url",
        "inquiry_name",
    ):
        assert column in full


def test_csv_cells_are_formula_safe_as_the_pages(client):
    ResponseFactory(
        city=CityFactory(name='=HYPERLINK("http://evil")', slug="evil-md"),
        summary="+1 then\x01 -2",
        organization=OrganizationFactory(name="@SUM(A1)"),
    )
    (row,) = rows_of(client.get(RESPONSES, {"format": "csv"}))
    assert row["city_name"] == '\'=HYPERLINK("http://evil")'
    assert row["summary"] == "'+1 then -2"
    assert row["organization_name"] == "'@SUM(A1)"


def test_csv_keeps_utf8(client):
    ResponseFactory(city=CityFactory(name="Cañon City", state="CO", slug="canon-city-co"))
    (row,) = rows_of(client.get(RESPONSES, {"format": "csv"}))
    assert row["city_name"] == "Cañon City"


@time_machine.travel(datetime.datetime(2017, 8, 30, 16, 0, tzinfo=datetime.UTC), tick=False)
def test_csv_is_paginated_as_json_with_the_rest_in_headers(client):
    for _ in range(3):
        ResponseFactory()
    response = client.get(RESPONSES, {"format": "csv", "page_size": 2, "ordering": "id"})
    assert len(rows_of(response)) == 2
    assert response["X-Total-Count"] == "3"
    assert response["X-Evaluated-At"] == "2017-08-30T16:00:00Z"
    assert response["Link"] == (
        '<http://testserver/api/v1/responses/?format=csv&ordering=id&page=2&page_size=2>; rel="next"'
    )
    second = client.get(RESPONSES, {"format": "csv", "page_size": 2, "ordering": "id", "page": 2})
    assert len(rows_of(second)) == 1
    assert 'rel="prev"' in second["Link"]


def test_csv_detail_is_one_row(client):
    response = ResponseFactory()
    detail = client.get(f"{RESPONSES}{response.pk}/", {"format": "csv"})
    (row,) = rows_of(detail)
    assert row["id"] == str(response.pk)
    assert "attachment;" in detail["Content-Disposition"]


def test_csv_errors_are_json(client):
    response = client.get(RESPONSES, {"format": "csv", "stauts": "pending"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert list(response.json()) == ["stauts"]


@pytest.mark.parametrize(
    "endpoint",
    ["claims", "inquiries", "cities", "people", "organizations", "sources", "corrections"],
)
def test_every_list_has_a_csv(client, seeded, endpoint):
    response = client.get(f"/api/v1/{endpoint}/", {"format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = rows_of(response)
    assert len(rows) == int(response["X-Total-Count"])
