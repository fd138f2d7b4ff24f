"""The OpenAPI schema and the browsable root."""

import io

import pytest
import yaml
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_schema_is_served_as_openapi_3(client):
    reply = client.get("/api/v1/schema/")
    assert reply.status_code == 200
    schema = yaml.safe_load(reply.content)
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/responses/" in schema["paths"]
    assert "/api/v1/inquiries/{slug}/" in schema["paths"]


def test_schema_documents_the_deadline_filters_as_booleans_and_status_as_choices(client):
    schema = yaml.safe_load(client.get("/api/v1/schema/").content)
    params = {p["name"]: p for p in schema["paths"]["/api/v1/responses/"]["get"]["parameters"]}
    for name in ("is_past_due", "is_overdue", "needs_check", "overdue"):
        assert params[name]["schema"] == {"type": "boolean"}, name
    assert "alias of is_overdue" in params["overdue"]["description"].lower()
    assert sorted(params["status"]["schema"]["items"]["enum"]) == [
        "acknowledged",
        "declined",
        "pending",
        "received",
    ]


def test_schema_validates_without_warnings():
    out = io.StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=out)
    assert "openapi" in out.getvalue()


def test_api_root_lists_every_resource(client):
    body = client.get("/api/v1/", HTTP_ACCEPT="application/json").json()
    assert sorted(body) == [
        "citations",
        "cities",
        "claims",
        "corrections",
        "inquiries",
        "organizations",
        "people",
        "responses",
        "sources",
    ]


def test_browsable_api_renders_html_for_a_list(client):
    reply = client.get("/api/v1/responses/", HTTP_ACCEPT="text/html")
    assert reply.status_code == 200
    assert reply["Content-Type"].startswith("text/html")


def test_browsable_api_renders_a_bad_filter_as_html_400(client):
    reply = client.get("/api/v1/responses/?ordering=bogus&status=bogus", HTTP_ACCEPT="text/html")
    assert reply.status_code == 400


def test_schema_documents_the_deadline_fields_of_a_response_and_the_counts(client):
    schema = yaml.safe_load(client.get("/api/v1/schema/").content)
    components = schema["components"]["schemas"]
    response = components["Response"]["properties"]
    for name in ("is_past_due", "is_overdue", "needs_check"):
        assert response[name]["type"] == "boolean", name
        assert response[name]["readOnly"] is True
    assert response["days_late"]["type"] == "integer"
    assert response["days_late"]["nullable"] is True
    counts = components["InquiryCounts"]["properties"]
    for name in ("past_due", "overdue", "needs_check"):
        assert counts[name]["type"] == "integer", name
