"""Bad write bodies get a 400 naming the problem, never a 500, and change
nothing: unknown and read-only fields, JSON that is not an object, invalid
JSON, a body over ``settings.API_MAX_BODY_BYTES``, bad references and dates
(issue "The API data desks build on", item 5)."""

import json

import pytest
from django.test import override_settings

from articles.models import Response, Source
from tests.api import writes_support
from tests.api.writes_support import API, doj_response

pytestmark = pytest.mark.django_db

editor_api = writes_support.editor_api


@pytest.fixture
def stockton(seeded):
    """The seed's pending response of Stockton to the Justice Department."""
    return doj_response("stockton-ca")


def _unchanged(response: Response) -> None:
    stored = Response.objects.get(pk=response.pk)
    assert (stored.status, stored.version, stored.summary) == ("pending", 1, "")
    assert stored.history.count() == response.history.count()


def test_an_unknown_field_is_400_naming_it(stockton, editor_api):
    reply = editor_api.patch(
        f"{API}/responses/{stockton.pk}/", {"stauts": "received"}, if_match="*"
    )
    assert reply.status_code == 400
    body = reply.json()
    assert list(body) == ["stauts"]
    assert body["stauts"][0].startswith("Unknown field. This resource takes: ")
    assert "status" in body["stauts"][0]
    _unchanged(stockton)


@pytest.mark.parametrize("field", ["id", "url", "version", "is_past_due", "days_late", "html_url"])
def test_a_read_only_field_is_400_naming_it(stockton, editor_api, field):
    reply = editor_api.patch(
        f"{API}/responses/{stockton.pk}/", {field: 1, "summary": "x"}, if_match="*"
    )
    assert reply.status_code == 400
    assert reply.json() == {
        field: ["This field is read-only: the tracker sets it. Leave it out of the body."]
    }
    _unchanged(stockton)


@pytest.mark.parametrize(
    ("raw", "kind"),
    [("[]", "an array"), ('"pending"', "a string"), ("12", "a number"), ("null", "null")],
)
def test_json_that_is_not_an_object_is_400(stockton, editor_api, raw, kind):
    reply = editor_api.patch(f"{API}/responses/{stockton.pk}/", raw=raw, if_match="*")
    assert reply.status_code == 400
    assert reply.json() == {
        "detail": f'The body must be a JSON object ({{"field": value, ...}}), not {kind}.'
    }
    _unchanged(stockton)


@pytest.mark.parametrize(
    "raw", ['{"summary": ', "{'summary': 'x'}", '{"summary": NaN}', b'{"summary": "\xff"}']
)
def test_invalid_json_is_400(stockton, editor_api, raw):
    reply = editor_api.patch(f"{API}/responses/{stockton.pk}/", raw=raw, if_match="*")
    assert reply.status_code == 400
    assert reply.json()["detail"].startswith("JSON parse error")
    _unchanged(stockton)


def test_deeply_nested_json_is_400_not_500(stockton, editor_api):
    raw = '{"summary": ' + "[" * 100_000 + "]" * 100_000 + "}"
    reply = editor_api.patch(f"{API}/responses/{stockton.pk}/", raw=raw, if_match="*")
    assert reply.status_code == 400
    _unchanged(stockton)


@override_settings(API_MAX_BODY_BYTES=1000)
def test_a_body_over_the_limit_is_400_naming_the_limit(stockton, editor_api):
    raw = json.dumps({"summary": "x" * 1000})
    reply = editor_api.patch(f"{API}/responses/{stockton.pk}/", raw=raw, if_match="*")
    assert reply.status_code == 400
    assert reply.json() == {"detail": "The body is too large: a write may be at most 1,000 bytes."}
    _unchanged(stockton)


def test_the_default_limit_is_one_mebibyte(settings):
    assert settings.API_MAX_BODY_BYTES == 1_048_576


def test_a_form_body_is_415(stockton, editor_api):
    reply = editor_api.patch(
        f"{API}/responses/{stockton.pk}/",
        raw="summary=x",
        content_type="application/x-www-form-urlencoded",
        if_match="*",
    )
    assert reply.status_code == 415
    assert "detail" in reply.json()
    _unchanged(stockton)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"status_source": 2**70}, "status_source"),
        ({"status_source": "1"}, "status_source"),
        ({"status_source": True}, "status_source"),
        ({"respondent": "jarrod\x00burguan"}, "respondent"),
        ({"respondent": 12}, "respondent"),
        ({"respondent": "x" * 101}, "respondent"),
        ({"sources": "1"}, "sources"),
        ({"sources": [1, 2**64]}, "sources"),
        ({"summary": "nul\x00byte"}, "summary"),
        ({"summary": ["a list"]}, "summary"),
        ({"as_of": "08/10/2017"}, "as_of"),
        ({"as_of": "2017-02-30"}, "as_of"),
        ({"status": "answered"}, "status"),
        ({"reason": "x" * 1001}, "reason"),
        ({"correction": "text"}, "correction"),
        ({"correction": {"kind": "update", "text": "x", "extra": 1}}, "correction"),
    ],
)
def test_a_bad_value_is_400_naming_its_field(stockton, editor_api, body, field):
    reply = editor_api.patch(f"{API}/responses/{stockton.pk}/", body, if_match="*")
    assert reply.status_code == 400, reply.content
    assert field in reply.json()
    _unchanged(stockton)


def test_a_date_in_the_future_is_400_naming_it(stockton, editor_api):
    reply = editor_api.patch(
        f"{API}/responses/{stockton.pk}/",
        {
            "status": "received",
            "received_on": "2999-01-01",
            "correction": {"kind": "update", "text": "x"},
            "reason": "y",
        },
        if_match="*",
    )
    assert reply.status_code == 400
    assert "received_on" in reply.json()
    _unchanged(stockton)


def test_an_empty_create_body_names_the_required_fields(seeded, editor_api):
    count = Source.objects.count()
    reply = editor_api.post(f"{API}/sources/", raw="{}")
    assert reply.status_code == 400
    assert reply.json() == {
        "kind": ["This field is required."],
        "title": ["This field is required."],
    }
    assert Source.objects.count() == count


def test_a_patch_that_changes_nothing_writes_nothing(stockton, editor_api):
    reply = editor_api.patch(f"{API}/responses/{stockton.pk}/", {"status": "pending"}, if_match="*")
    assert reply.status_code == 200
    _unchanged(stockton)


@pytest.mark.parametrize(
    ("field", "value"),
    [("title", 0), ("reason", 12), ("kind", 1), ("publishable", "true"), ("publishable", 1)],
)
def test_a_value_of_the_wrong_json_type_is_a_400_naming_its_field(seeded, editor_api, field, value):
    body = {"kind": "news_article", "title": "A letter", "source_url": "https://example.org/a"}
    count = Source.objects.count()
    reply = editor_api.post(f"{API}/sources/", {**body, field: value})
    assert reply.status_code == 400
    assert list(reply.json()) == [field]
    assert Source.objects.count() == count


def test_a_write_asked_for_as_csv_answers_with_the_record_in_json(seeded, editor_api):
    body = {"kind": "news_article", "title": "A letter", "source_url": "https://example.org/a"}
    reply = editor_api.post(f"{API}/sources/?format=csv", body)
    assert reply.status_code == 201
    assert reply["Content-Type"] == "application/json"
    assert reply.json()["title"] == "A letter"
    assert reply.json()["url"].endswith(f"/api/v1/sources/{reply.json()['id']}/")
