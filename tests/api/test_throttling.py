"""Throttling of anonymous API clients (articles/api/throttling.py): over
API_ANON_THROTTLE_RATE a JSON 429 with Retry-After; signed-in users are
not throttled. The suite runs unthrottled (settings_test.py); these tests
set a low rate and start from an empty cache."""

import pytest
from django.core.cache import cache

pytestmark = pytest.mark.django_db

CITIES = "/api/v1/cities/"


@pytest.fixture
def three_a_minute(settings):
    settings.API_ANON_THROTTLE_RATE = "3/minute"
    cache.clear()
    yield
    cache.clear()


def test_the_documented_default_is_120_a_minute():
    from factcheck import settings as production

    assert production.API_ANON_THROTTLE_RATE == "120/minute"
    assert production.REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"] == [
        "articles.api.throttling.AnonymousRateThrottle"
    ]


def test_the_fourth_anonymous_request_in_a_minute_is_a_json_429(client, seeded, three_a_minute):
    assert [client.get(CITIES).status_code for _ in range(3)] == [200, 200, 200]
    reply = client.get(CITIES)
    assert reply.status_code == 429
    assert reply.headers["Content-Type"] == "application/json"
    assert 1 <= int(reply["Retry-After"]) <= 60
    assert reply.json()["detail"].startswith("Request was throttled.")


def test_another_address_has_its_own_count(client, seeded, three_a_minute):
    for _ in range(3):
        client.get(CITIES)
    assert client.get(CITIES).status_code == 429
    assert client.get(CITIES, REMOTE_ADDR="192.0.2.7").status_code == 200


def test_a_forged_forwarded_for_does_not_escape_the_count(client, seeded, three_a_minute):
    """API_NUM_PROXIES is 0 by default: the client is REMOTE_ADDR, and an
    X-Forwarded-For the client wrote itself changes nothing."""
    for i in range(3):
        client.get(CITIES, headers={"X-Forwarded-For": f"198.51.100.{i}"})
    assert client.get(CITIES, headers={"X-Forwarded-For": "198.51.100.9"}).status_code == 429


def test_signed_in_users_are_not_throttled(editor_client, seeded, three_a_minute):
    assert {editor_client.get(CITIES).status_code for _ in range(5)} == {200}


def test_no_rate_means_no_throttling(client, seeded, settings):
    settings.API_ANON_THROTTLE_RATE = None
    assert {client.get(CITIES).status_code for _ in range(5)} == {200}


@pytest.mark.parametrize("path", ["/api/v1/schema/", "/api/v1/docs/"])
def test_the_schema_and_docs_are_throttled_with_a_json_429(client, three_a_minute, path):
    for _ in range(3):
        assert client.get(path).status_code == 200
    reply = client.get(path)
    assert reply.status_code == 429
    assert reply.headers["Content-Type"] == "application/json"
    assert reply.json()["detail"].startswith("Request was throttled.")


def test_a_cache_that_cannot_be_reached_lets_the_api_answer(client, seeded, settings, caplog):
    """Redis down (a closed port): the API answers from the database, as the
    pages do, and the log says the throttle was not applied."""
    settings.API_ANON_THROTTLE_RATE = "3/minute"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6399/9",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    reply = client.get(CITIES)
    assert reply.status_code == 200
    assert any("API throttle not applied" in record.getMessage() for record in caplog.records)
