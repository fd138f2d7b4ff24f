"""Bad input never yields a 500: a 400 or 404 whose JSON body names the
parameter (DESIGN.md, "API"); 404/405/403 bodies are JSON too."""

import pytest

from tests.factories import CityFactory, InquiryFactory, ResponseFactory

pytestmark = pytest.mark.django_db

RESPONSES = "/api/v1/responses/"


@pytest.fixture
def one_response():
    return ResponseFactory(
        inquiry=InquiryFactory(slug="doj-2017"),
        city=CityFactory(name="Baltimore", state="MD", slug="baltimore-md"),
    )


def assert_json_error(reply, status: int, key: str) -> list:
    assert reply.status_code == status, reply.content
    assert reply["Content-Type"].startswith("application/json")
    body = reply.json()
    assert list(body) == [key]
    return body[key]


def test_unknown_status_is_400_naming_status(client, one_response):
    messages = assert_json_error(client.get(RESPONSES, {"status": "bogus"}), 400, "status")
    assert "bogus" in messages[0]


def test_unknown_status_among_valid_ones_is_400(client, one_response):
    assert_json_error(client.get(RESPONSES, {"status": "pending,bogus"}), 400, "status")


@pytest.mark.parametrize("parameter", ["overdue", "is_overdue", "is_past_due", "needs_check"])
def test_deadline_filter_that_is_not_a_boolean_is_400_naming_it(client, one_response, parameter):
    messages = assert_json_error(client.get(RESPONSES, {parameter: "maybe"}), 400, parameter)
    assert messages == ["Enter true or false."]


def test_bad_date_is_400_naming_the_parameter(client, one_response):
    assert_json_error(
        client.get(RESPONSES, {"received_after": "2017-13-45"}), 400, "received_after"
    )


def test_unknown_city_slug_is_400_naming_city(client, one_response):
    messages = assert_json_error(client.get(RESPONSES, {"city": "atlantis-xx"}), 400, "city")
    assert "atlantis-xx" in messages[0]


def test_unknown_inquiry_slug_is_400_naming_inquiry(client, one_response):
    assert_json_error(client.get(RESPONSES, {"inquiry": "no-such-inquiry"}), 400, "inquiry")


def test_unknown_state_is_400_naming_state(client, one_response):
    assert_json_error(client.get(RESPONSES, {"state": "ZZ"}), 400, "state")


def test_unknown_inquiry_kind_is_400_naming_kind(client):
    assert_json_error(client.get("/api/v1/inquiries/", {"kind": "bogus"}), 400, "kind")


def test_unknown_city_state_filter_is_400(client):
    assert_json_error(client.get("/api/v1/cities/", {"state": "XX"}), 400, "state")


@pytest.mark.parametrize("param", ["status", "search", "city", "page"])
def test_nul_byte_is_400_naming_the_parameter(client, one_response, param):
    messages = assert_json_error(client.get(RESPONSES, {param: "pend\x00ing"}), 400, param)
    assert messages == ["Null characters are not allowed."]


def test_huge_integer_in_the_primary_key_is_json_404(client, one_response):
    reply = client.get(f"{RESPONSES}99999999999999999999/")
    assert_json_error(reply, 404, "detail")


def test_eighteen_digit_primary_key_is_json_404(client, one_response):
    assert_json_error(client.get(f"{RESPONSES}999999999999999999/"), 404, "detail")


def test_huge_integer_in_the_source_key_is_json_404(client):
    assert_json_error(client.get("/api/v1/sources/99999999999999999999/"), 404, "detail")


@pytest.mark.parametrize("page", ["0", "-1", "abc", "1.5", "2", "99999999999999999999"])
def test_bad_page_is_404_naming_page(client, one_response, page):
    messages = assert_json_error(client.get(RESPONSES, {"page": page}), 404, "page")
    assert messages == ["Invalid page."]


def test_unknown_ordering_field_is_400_naming_ordering(client, one_response):
    messages = assert_json_error(client.get(RESPONSES, {"ordering": "bogus"}), 400, "ordering")
    assert "bogus" in messages[0]


def test_ordering_on_a_field_not_offered_is_400(client, one_response):
    # ``text`` is a model field but not an ordering field the API offers.
    assert_json_error(client.get(RESPONSES, {"ordering": "text"}), 400, "ordering")


def test_double_minus_ordering_is_400_not_500(client, one_response):
    assert_json_error(client.get(RESPONSES, {"ordering": "--as_of"}), 400, "ordering")


def test_unknown_city_slug_in_the_path_is_json_404(client):
    assert_json_error(client.get("/api/v1/cities/atlantis-xx/"), 404, "detail")


def test_unknown_inquiry_slug_in_the_path_is_json_404(client):
    assert_json_error(client.get("/api/v1/inquiries/no-such-inquiry/"), 404, "detail")


def test_unknown_path_under_the_api_is_json_404(client):
    assert_json_error(client.get("/api/v1/no-such-resource/"), 404, "detail")


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_anonymous_writes_are_refused_with_json(client, one_response, method):
    reply = getattr(client, method)(
        f"{RESPONSES}{one_response.pk}/", content_type="application/json"
    )
    assert reply.status_code in (401, 403)
    assert "detail" in reply.json()


def test_anonymous_post_to_a_list_is_refused(client):
    reply = client.post("/api/v1/cities/", {"name": "Atlantis", "state": "MD"})
    assert reply.status_code in (401, 403)
    assert "detail" in reply.json()


def test_editor_write_is_405_with_json_while_the_api_is_read_only(client, editor, one_response):
    client.force_login(editor)
    reply = client.delete(f"{RESPONSES}{one_response.pk}/")
    assert reply.status_code == 405
    assert reply.json() == {"detail": 'Method "DELETE" not allowed.'}
    assert client.get(f"{RESPONSES}{one_response.pk}/").status_code == 200


@pytest.mark.parametrize("size", ["abc", "0", "-5", "1.5", "٣", "101"])
def test_a_page_size_that_is_not_a_whole_number_is_a_400_naming_page_size(client, size):
    response = client.get("/api/v1/responses/", {"page_size": size})
    assert response.status_code == 400
    assert response.json() == {"page_size": ["Enter a whole number from 1 to 100."]}


def test_an_unknown_format_is_a_404_naming_format(client):
    response = client.get("/api/v1/responses/", {"format": "xml"})
    assert response.status_code == 404
    assert response.json() == {"format": ["Unknown format “xml”; use one of: json, api, csv."]}
