"""Conditional GET and cache headers on the API (articles/api/caching.py).

The tag formats are those of articles/api/etags.py: a resource's strong
``"<version>.<16 hex>"`` and a list's weak ``W/"<16 hex>"``.
"""

import datetime
import re

import pytest
import time_machine

from articles import services
from articles.models import City, Response

pytestmark = pytest.mark.django_db

CITY = "/api/v1/cities/baltimore-md/"
CITIES = "/api/v1/cities/"
RESOURCE_TAG = re.compile(r'^"(\d+)\.[0-9a-f]{16}"$')
LIST_TAG = re.compile(r'^W/"[0-9a-f]{16}"$')


def test_a_resource_has_a_strong_tag_with_its_rows_version(client, seeded):
    reply = client.get(CITY)
    match = RESOURCE_TAG.match(reply["ETag"])
    assert match, reply["ETag"]
    assert int(match.group(1)) == City.objects.get(slug="baltimore-md").version


def test_the_same_tag_is_a_304_with_no_body_and_the_tag(client, seeded):
    tag = client.get(CITY)["ETag"]
    again = client.get(CITY, headers={"If-None-Match": tag})
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == tag
    assert again["Cache-Control"] == "public, max-age=60"


def test_if_none_match_compares_weakly(client, seeded):
    """RFC 9110 13.1.2: W/"x" matches "x" for If-None-Match."""
    tag = client.get(CITY)["ETag"]
    assert client.get(CITY, headers={"If-None-Match": f"W/{tag}"}).status_code == 304


def test_any_tag_of_several_matches_and_star_matches_anything(client, seeded):
    tag = client.get(CITY)["ETag"]
    several = f'"1.0000000000000000", {tag}'
    assert client.get(CITY, headers={"If-None-Match": several}).status_code == 304
    assert client.get(CITY, headers={"If-None-Match": "*"}).status_code == 304


def test_another_tag_or_a_malformed_header_gets_the_full_body(client, seeded):
    other = client.get(CITY, headers={"If-None-Match": '"1.0000000000000000"'})
    assert other.status_code == 200
    assert other.json()["name"] == "Baltimore"
    junk = client.get(CITY, headers={"If-None-Match": "not a tag"})
    assert junk.status_code == 200


def test_head_is_answered_304_too(client, seeded):
    tag = client.head(CITY)["ETag"]
    assert tag == client.get(CITY)["ETag"]
    assert client.head(CITY, headers={"If-None-Match": tag}).status_code == 304


def test_an_edit_changes_the_tag_and_the_old_tag_gets_the_new_body(client, seeded, editor):
    old = client.get(CITY)["ETag"]
    city = City.objects.get(slug="baltimore-md")
    city.latitude = "39.290400"
    services.object_save(instance=city, acting_user=editor, reason="Coordinates")
    reply = client.get(CITY, headers={"If-None-Match": old})
    assert reply.status_code == 200
    assert reply["ETag"] != old
    assert int(RESOURCE_TAG.match(reply["ETag"]).group(1)) == city.version


def test_a_derived_state_changes_the_tag_without_a_save(client, seeded):
    """Baltimore's answer to the Justice Department was due by Aug. 18, 2017
    (seed article): it turns past due at midnight in New York with no save,
    and a client holding the earlier tag must get the new body."""
    response = Response.objects.get(
        city__slug="baltimore-md", inquiry__due_on=datetime.date(2017, 8, 18)
    )
    url = f"/api/v1/responses/{response.pk}/"
    with time_machine.travel(datetime.datetime(2017, 8, 18, 12, tzinfo=datetime.UTC)):
        before = client.get(url)
    with time_machine.travel(datetime.datetime(2017, 8, 19, 12, tzinfo=datetime.UTC)):
        after = client.get(url, headers={"If-None-Match": before["ETag"]})
    assert before.json()["is_past_due"] is False
    assert after.status_code == 200
    assert after.json()["is_past_due"] is True
    assert after["ETag"] != before["ETag"]


def test_a_list_has_a_weak_tag_stable_across_requests(client, seeded):
    first = client.get(CITIES)
    assert LIST_TAG.match(first["ETag"]), first["ETag"]
    assert client.get(CITIES)["ETag"] == first["ETag"]
    again = client.get(CITIES, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    assert again.content == b""


def test_a_list_tag_ignores_evaluated_at_but_not_the_rows(client, seeded):
    """The responses list says when states were judged; two requests a
    minute apart with the same rows share the tag."""
    with time_machine.travel(datetime.datetime(2026, 1, 5, 12, tzinfo=datetime.UTC)):
        first = client.get("/api/v1/responses/")
    with time_machine.travel(datetime.datetime(2026, 1, 5, 12, 1, tzinfo=datetime.UTC)):
        second = client.get("/api/v1/responses/", headers={"If-None-Match": first["ETag"]})
    assert second.status_code == 304
    filtered = client.get("/api/v1/responses/", {"city": "baltimore-md"})
    assert filtered["ETag"] != first["ETag"]


def test_another_representation_has_another_tag(client, seeded):
    as_json = client.get(CITY)["ETag"]
    as_html = client.get(CITY, headers={"Accept": "text/html"})
    assert as_html.status_code == 200
    assert as_html["ETag"] != as_json
    assert "Accept" in as_html["Vary"]


def test_no_last_modified_anywhere(client, seeded):
    """Bodies carry derived states and related names that updated_at does
    not follow (caching.py): no Last-Modified, so no If-Modified-Since 304."""
    assert not client.get(CITY).has_header("Last-Modified")
    assert not client.get(CITIES).has_header("Last-Modified")
    since = client.get(CITY, headers={"If-Modified-Since": "Fri, 01 Jan 2100 00:00:00 GMT"})
    assert since.status_code == 200


def test_anonymous_answers_are_public_for_a_minute(client, seeded):
    reply = client.get(CITIES)
    assert reply["Cache-Control"] == "public, max-age=60"
    vary = {v.strip() for v in reply["Vary"].split(",")}
    assert {"Accept", "Authorization", "Cookie"} <= vary


def test_max_age_is_a_setting(client, seeded, settings):
    settings.API_CACHE_MAX_AGE = 5
    assert client.get(CITY)["Cache-Control"] == "public, max-age=5"


def test_signed_in_answers_are_private_and_revalidated(editor_client, seeded):
    reply = editor_client.get(CITY)
    directives = {d.strip() for d in reply["Cache-Control"].split(",")}
    assert {"private", "no-cache"} <= directives
    assert "public" not in directives
    assert not any(d.startswith("max-age") for d in directives)
    assert RESOURCE_TAG.match(reply["ETag"])


def test_errors_get_no_tag_and_no_public_caching(client, seeded):
    missing = client.get("/api/v1/cities/nowhere-xx/")
    assert missing.status_code == 404
    assert not missing.has_header("ETag")
    assert "public" not in missing.get("Cache-Control", "")
    bad = client.get(CITIES, {"page_size": "0"})
    assert bad.status_code == 400
    assert not bad.has_header("ETag")
