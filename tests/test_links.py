"""One public address (articles/links.py): with SITE_URL set, the canonical
URL, robots.txt's Sitemap line, the CSV's page links and the embed code all
name it, not the host the request came through."""

import csv
import io
import json

import pytest

pytestmark = pytest.mark.django_db

SITE = "https://tracker.example.org"
DOJ = "justice-department-sanctuary-questions"


@pytest.fixture
def site_url(settings):
    settings.SITE_URL = SITE + "/"


def test_every_absolute_address_uses_site_url(client, seeded, site_url):
    robots = client.get("/robots.txt").content.decode()
    assert f"Sitemap: {SITE}/sitemap.xml" in robots
    body = b"".join(client.get("/responses/pending.csv").streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body)))
    assert rows
    assert all(row["page_url"].startswith(f"{SITE}/inquiries/") for row in rows)
    # An address pasted from the public site is ours, though the request
    # came through the test host.
    answer = client.get("/oembed/", {"url": f"{SITE}/inquiries/{DOJ}/"})
    assert answer.status_code == 200
    assert f'src="{SITE}/embed/inquiries/{DOJ}/"' in json.loads(answer.content)["html"]


def test_without_site_url_the_request_host_is_used(client, seeded):
    assert "Sitemap: http://testserver/sitemap.xml" in client.get("/robots.txt").content.decode()
