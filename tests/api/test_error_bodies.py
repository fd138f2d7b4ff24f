"""Errors Django raises before any view are JSON under /api/ and pages
elsewhere (articles/api/errors.py; issue "The API data desks build on":
"1,001 parameters give Django's HTML Bad Request")."""

import json

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def _too_many(path: str) -> str:
    count = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1
    # Short enough to fit the request line (4,094 bytes, articles/request_limits.py).
    return path + "?" + "&".join("p=1" for _ in range(count))


def test_too_many_parameters_is_a_json_400_under_the_api(client):
    response = client.get(_too_many("/api/v1/responses/"))
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {
        "detail": "Too many parameters: a request may carry at most 1,000."
    }


def test_an_api_address_outside_v1_is_a_json_404(client):
    """Under /api/v1/ the API's own catch-all answers; outside it, the
    root URLconf's handler404 does, in the same shape."""
    response = client.get("/api/v2/responses/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {
        "detail": "Not found: /api/v2/responses/ is no endpoint; the list is at /api/v1/."
    }


def test_the_site_keeps_its_pages(client):
    """Outside /api/ the same errors stay pages: the site's 404 template,
    Django's 400 page."""
    missing = client.get("/no-such-page/")
    assert missing.status_code == 404
    assert missing["Content-Type"].startswith("text/html")
    assert "Page not found" in missing.content.decode()
    too_many = client.get(_too_many("/responses/pending/"))
    assert too_many.status_code == 400
    assert too_many["Content-Type"].startswith("text/html")
