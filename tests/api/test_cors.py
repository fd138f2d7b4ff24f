"""CORS for read-only API calls from other sites (django-cors-headers,
settings CORS_*): any origin may GET, HEAD and preflight under /api/,
without credentials; nothing else is offered, and pages get no CORS."""

import pytest

pytestmark = pytest.mark.django_db

ORIGIN = "https://data.example-news.com"
CITIES = "/api/v1/cities/"


def _methods(reply) -> set[str]:
    return {m.strip() for m in reply["Access-Control-Allow-Methods"].split(",")}


def test_a_get_from_another_site_may_be_read(client, seeded):
    reply = client.get(CITIES, headers={"Origin": ORIGIN})
    assert reply.status_code == 200
    assert reply["Access-Control-Allow-Origin"] == "*"
    assert not reply.has_header("Access-Control-Allow-Credentials")
    exposed = {h.strip().lower() for h in reply["Access-Control-Expose-Headers"].split(",")}
    assert {"etag", "retry-after", "x-total-count", "link", "x-evaluated-at"} <= exposed


def test_the_preflight_for_a_get_allows_only_reading(client, seeded):
    reply = client.options(
        CITIES,
        headers={
            "Origin": ORIGIN,
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "if-none-match",
        },
    )
    assert reply.status_code == 200
    assert reply["Access-Control-Allow-Origin"] == "*"
    assert _methods(reply) == {"GET", "HEAD", "OPTIONS"}
    assert "if-none-match" in reply["Access-Control-Allow-Headers"]
    assert not reply.has_header("Access-Control-Allow-Credentials")


def test_a_post_from_another_site_is_not_allowed(client, seeded):
    """The browser asks first (a JSON body or an Authorization header makes
    the request non-simple); the answer offers no POST and no Authorization,
    so the browser never sends it."""
    reply = client.options(
        CITIES,
        headers={
            "Origin": ORIGIN,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization, content-type",
        },
    )
    assert "POST" not in _methods(reply)
    allowed = {h.strip() for h in reply["Access-Control-Allow-Headers"].split(",")}
    assert "authorization" not in allowed
    assert "content-type" not in allowed
    assert not reply.has_header("Access-Control-Allow-Credentials")


def test_a_simple_post_from_another_site_is_refused(client, seeded):
    """A form POST needs no preflight; it reaches the API without a session
    or token and is refused, whatever CORS says."""
    reply = client.post(CITIES, {"name": "Gotham"}, headers={"Origin": ORIGIN})
    assert reply.status_code in (401, 403, 405)
    assert reply.headers["Content-Type"].startswith("application/json")


def test_pages_outside_the_api_get_no_cors_headers(client, seeded):
    reply = client.get("/cities/", headers={"Origin": ORIGIN})
    assert reply.status_code == 200
    assert not reply.has_header("Access-Control-Allow-Origin")


def test_a_refusal_for_size_is_readable_cross_site(client):
    """A 414 from articles/request_limits.py carries the CORS header, so a
    desk's script on another site can read why."""
    reply = client.get(f"{CITIES}?q={'a' * 5000}", headers={"Origin": ORIGIN})
    assert reply.status_code == 414
    assert reply["Access-Control-Allow-Origin"] == "*"
