"""Requests over the documented size limits (articles/request_limits.py):
414 or 431 with a JSON body under /api/, a page elsewhere; and gunicorn's
own limits raised so such requests reach Django (factcheck/gunicorn_conf.py)."""

import pytest
from bs4 import BeautifulSoup

from articles.request_limits import MAX_HEADER_FIELD_SIZE, MAX_HEADER_FIELDS, MAX_REQUEST_LINE

pytestmark = pytest.mark.django_db

CITIES = "/api/v1/cities/"


def _query_for_line(path: str, length: int) -> str:
    """A query value making ``GET <path>?q=<value> HTTP/1.1`` exactly ``length`` bytes."""
    fixed = len(f"GET {path}?q= HTTP/1.1")
    return "a" * (length - fixed)


def test_the_documented_limits_are_gunicorns_defaults():
    assert (MAX_REQUEST_LINE, MAX_HEADER_FIELDS, MAX_HEADER_FIELD_SIZE) == (4094, 100, 8190)


def test_gunicorn_lets_requests_over_the_limits_reach_django():
    """gunicorn's limits, as it reads them from factcheck/gunicorn_conf.py
    (it clamps a request line over 8,190 to 8,190), are above the site's."""
    from gunicorn.config import Config

    from factcheck import gunicorn_conf

    config = Config()
    for name in ("limit_request_line", "limit_request_fields", "limit_request_field_size"):
        config.set(name, getattr(gunicorn_conf, name))
    assert config.limit_request_line == 8190
    assert config.limit_request_fields > MAX_HEADER_FIELDS
    assert config.limit_request_field_size > MAX_HEADER_FIELD_SIZE


def test_a_request_line_one_byte_over_is_a_json_414(client):
    value = _query_for_line(CITIES, MAX_REQUEST_LINE + 1)
    reply = client.get(f"{CITIES}?q={value}")
    assert reply.status_code == 414
    assert reply.headers["Content-Type"] == "application/json"
    assert reply.json() == {
        "detail": "Request line too long: 4,095 bytes, and the limit is 4,094. "
        "Send fewer or shorter query parameters."
    }


def test_exactly_at_the_limit_is_not_refused(client):
    value = _query_for_line(CITIES, MAX_REQUEST_LINE)
    reply = client.get(f"{CITIES}?q={value}")
    assert reply.status_code != 414


def test_a_long_request_line_on_a_page_gets_a_page(client):
    value = _query_for_line("/cities/", 5000)
    reply = client.get(f"/cities/?q={value}")
    assert reply.status_code == 414
    assert reply.headers["Content-Type"].startswith("text/html")
    page = BeautifulSoup(reply.content, "html.parser")
    assert page.h1.get_text() == "This address is too long"
    assert "5,000 bytes" in page.main.get_text()


def test_too_many_header_fields_is_a_json_431(client):
    headers = {f"X-Extra-{i}": "1" for i in range(MAX_HEADER_FIELDS + 1)}
    reply = client.get(CITIES, headers=headers)
    assert reply.status_code == 431
    assert reply.json()["detail"].startswith("Too many header fields: ")
    assert reply.json()["detail"].endswith("and the limit is 100.")


def test_a_header_field_too_long_is_a_json_431_naming_it(client):
    reply = client.get(CITIES, headers={"X-Note": "n" * MAX_HEADER_FIELD_SIZE})
    assert reply.status_code == 431
    assert reply.json() == {
        "detail": "Header field X-Note too long: 8,198 bytes, and the limit is 8,190."
    }


def test_too_many_query_parameters_stay_a_json_400(client):
    """1,001 parameters, short enough to fit the request line: Django's
    DATA_UPLOAD_MAX_NUMBER_FIELDS (articles.api.errors.bad_request)."""
    query = "&".join("a=" for _ in range(1001))
    reply = client.get(f"{CITIES}?{query}")
    assert reply.status_code == 400
    assert reply.json()["detail"].startswith("Too many parameters")
