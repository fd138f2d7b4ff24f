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
        # true/false, or empty (no filter)
        assert params[name]["schema"]["anyOf"][0] == {"type": "boolean"}, name
    assert "alias of is_overdue" in params["overdue"]["description"].lower()
    assert sorted(params["status"]["schema"]["items"]["enum"]) == [
        "",
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
        "contacts",  # staff only (the contact log): listed, a 401 to readers
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


# --- the schema tells the truth (issue 8, item 3; articles/api/schema.py) ---


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    """The schema as JSON, loaded once for the module's assertions."""
    from django.test import Client

    with django_db_blocker.unblock():
        return Client().get("/api/v1/schema/", {"format": "json"}).json()


def _path_parameter(schema, path, name):
    (param,) = [p for p in schema["paths"][path]["get"]["parameters"] if p["name"] == name]
    assert param["in"] == "path"
    return param


@pytest.mark.parametrize(
    "path", ["/api/v1/sources/{id}/", "/api/v1/responses/{id}/", "/api/v1/corrections/{id}/"]
)
def test_integer_path_ids_are_integers_up_to_18_digits(schema, path):
    param = _path_parameter(schema, path, "id")
    assert param["schema"] == {"type": "integer", "minimum": 1, "maximum": 999_999_999_999_999_999}


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/cities/{slug}/",
        "/api/v1/organizations/{slug}/",
        "/api/v1/people/{slug}/",
        "/api/v1/claims/{slug}/",
        "/api/v1/inquiries/{slug}/",
    ],
)
def test_slug_patterns_accept_the_non_ascii_slugs_the_site_makes(schema, path):
    import re

    from articles.models.base import make_slug

    pattern = re.compile(_path_parameter(schema, path, "slug")["schema"]["pattern"])
    # Slugs as make_slug makes them: folded accents, and letters of a
    # script with no ASCII folding kept (its docstring's "東京 HI").
    for name in ("Baltimore MD", "Peñasco NM", "東京 HI", "Москва"):
        assert pattern.match(make_slug(name)), make_slug(name)
    assert pattern.match("東京-hi")
    for not_a_slug in ("a b", "a/b", "a.b", "a?b", "", "a%20b"):
        assert not pattern.match(not_a_slug), not_a_slug


def test_an_inquiry_deadline_is_nullable_and_so_are_days_late(schema):
    components = schema["components"]["schemas"]
    deadline = components["Inquiry"]["properties"]["deadline"]
    assert deadline["type"] == "string"
    assert deadline["format"] == "date-time"
    assert deadline["nullable"] is True
    assert components["Response"]["properties"]["days_late"]["nullable"] is True


@pytest.mark.parametrize("field", ["source_url", "archive_url"])
def test_a_source_url_may_be_empty_or_a_uri(schema, field):
    prop = schema["components"]["schemas"]["Source"]["properties"][field]
    assert "format" not in prop
    assert prop["oneOf"] == [
        {"type": "string", "format": "uri"},
        {"type": "string", "maxLength": 0},
    ]


def test_page_and_page_size_carry_their_bounds(schema):
    params = {p["name"]: p for p in schema["paths"]["/api/v1/responses/"]["get"]["parameters"]}
    page, page_size = (
        params["page"]["schema"]["anyOf"][0],
        params["page_size"]["schema"]["anyOf"][0],
    )
    assert page == {"type": "integer", "minimum": 1}
    assert page_size == {"type": "integer", "minimum": 1, "maximum": 100}


def test_an_empty_query_value_is_documented_as_allowed(schema):
    # ?received_before=&is_overdue= (what an HTML form sends) filters nothing.
    params = {p["name"]: p for p in schema["paths"]["/api/v1/responses/"]["get"]["parameters"]}
    empty = {"type": "string", "maxLength": 0}
    assert params["received_before"]["schema"]["anyOf"] == [
        {"type": "string", "format": "date"},
        empty,
    ]
    assert params["is_overdue"]["schema"]["anyOf"] == [{"type": "boolean"}, empty]
    assert "" in params["status"]["schema"]["items"]["enum"]


LISTS = [
    "/api/v1/cities/",
    "/api/v1/organizations/",
    "/api/v1/people/",
    "/api/v1/sources/",
    "/api/v1/claims/",
    "/api/v1/inquiries/",
    "/api/v1/responses/",
    "/api/v1/corrections/",
]
DETAILS = [
    "/api/v1/cities/{slug}/",
    "/api/v1/organizations/{slug}/",
    "/api/v1/people/{slug}/",
    "/api/v1/sources/{id}/",
    "/api/v1/claims/{slug}/",
    "/api/v1/inquiries/{slug}/",
    "/api/v1/responses/{id}/",
    "/api/v1/corrections/{id}/",
]


@pytest.mark.parametrize("path", LISTS + DETAILS)
def test_every_read_documents_its_errors_with_json_bodies(schema, path):
    responses = schema["paths"][path]["get"]["responses"]
    assert {"200", "304", "400", "401", "404", "429"} <= set(responses)
    for code in ("400", "404"):
        assert responses[code]["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/Problem"
        }
    for code in ("401", "429"):
        assert responses[code]["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/Error"
        }
    assert "content" not in responses["304"]


def test_the_error_bodies_are_objects_naming_what_is_wrong(schema):
    components = schema["components"]["schemas"]
    assert components["Error"]["required"] == ["detail"]
    assert components["Problem"]["type"] == "object"
    assert components["Problem"]["minProperties"] == 1


def test_writes_document_403_409_and_updates_412_428():
    """Checked on error_responses itself, for every write method (the stub
    registry takes the error components without a view)."""
    from articles.api.schema import error_responses

    class Registry:
        def register_on_missing(self, component):
            pass

    class Stub:
        registry = Registry()

    assert {"403", "409"} <= set(error_responses(Stub(), "POST"))
    assert {"412", "428"}.isdisjoint(error_responses(Stub(), "POST"))
    for method in ("PUT", "PATCH", "DELETE"):
        assert {"400", "401", "403", "404", "409", "412", "428", "429"} <= set(
            error_responses(Stub(), method)
        )
    assert {"403", "409", "412", "428"}.isdisjoint(error_responses(Stub(), "GET"))


@pytest.mark.parametrize("path", LISTS + DETAILS)
def test_anonymous_reads_are_declared(schema, path):
    security = schema["paths"][path]["get"]["security"]
    assert {} in security
    assert {"tokenAuth": []} in security


def test_the_docs_page_is_swagger_ui_from_our_own_static_files(client):
    from bs4 import BeautifulSoup

    reply = client.get("/api/v1/docs/")
    assert reply.status_code == 200
    soup = BeautifulSoup(reply.content, "html.parser")
    scripts = [tag["src"] for tag in soup.find_all("script")]
    styles = [tag["href"] for tag in soup.find_all("link")]
    assert scripts == [
        "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js",
        "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-standalone-preset.js",
        "/api/v1/docs/?script=",
    ]
    assert all(href.startswith("/static/drf_spectacular_sidecar/") for href in styles)
    # No inline script: the start-up script is a file of its own.
    assert all(not tag.string for tag in soup.find_all("script"))
    script = client.get("/api/v1/docs/", {"script": ""})
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert b"/api/v1/schema/" in script.content


def test_a_field_read_through_a_nullable_model_field_is_nullable():
    """R's ``sent_on`` on a response reads ``inquiry.sent_on``, which an
    inquiry without a sending date leaves null."""
    from rest_framework import serializers

    from articles.api.schema import _blank_allowed, _may_be_null
    from articles.models import Response

    class Shape(serializers.ModelSerializer):
        sent_on = serializers.DateField(source="inquiry.sent_on", read_only=True)
        city_name = serializers.CharField(source="city.name", read_only=True)
        inquiry = serializers.SlugRelatedField(slug_field="slug", read_only=True)

        class Meta:
            model = Response
            fields = ("sent_on", "city_name", "inquiry")

    fields = Shape().fields
    assert _may_be_null(fields["sent_on"]) is True
    assert _may_be_null(fields["city_name"]) is False
    # "" is refused by a CharField that does not allow blank, and read as
    # null (then refused) by a related field that does not allow null.
    assert _blank_allowed(serializers.CharField()) is False
    assert _blank_allowed(serializers.CharField(allow_blank=True)) is True
    assert _blank_allowed(fields["inquiry"]) is False
