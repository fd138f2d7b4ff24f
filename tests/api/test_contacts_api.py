"""The contact log in the API, ``/api/v1/contacts/`` (issue 9, "The
editors' desk", item 4): staff only (anonymous 401, others 403), logged
through ``services.contact_log`` like the admin, bad input a 400 naming
the field, and never a note in a public answer."""

import datetime

import pytest
import time_machine

from articles.models import Contact
from tests.api.writes_support import API, TokenClient, doj_response, token_for

pytestmark = pytest.mark.django_db

AUG_21 = datetime.datetime(2017, 8, 21, 14, 0, tzinfo=datetime.UTC)
NOTE = "Chief's aide says a reply is drafted but unsigned"
URL = f"{API}/contacts/"


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(AUG_21, tick=False):
        yield


@pytest.fixture
def editor_api(role_editor) -> TokenClient:
    return TokenClient(token_for(role_editor))


def _body(response_id: int, **extra) -> dict:
    return {
        "response": response_id,
        "contacted_on": "2017-08-21",
        "direction": "outgoing",
        "method": "phone",
        **extra,
    }


def test_anonymous_readers_get_401(seeded, client):
    answer = client.get(URL)
    assert answer.status_code == 401
    assert "WWW-Authenticate" in answer.headers
    assert client.post(URL, data={}, content_type="application/json").status_code == 401


def test_a_signed_in_user_who_is_not_staff_gets_403(seeded, django_user_model):
    user = django_user_model.objects.create_user(username="partner")
    assert TokenClient(token_for(user)).get(URL).status_code == 403


def test_an_editor_logs_a_confirming_contact_and_reads_it_back(seeded, editor_api, role_editor):
    stockton = doj_response("stockton-ca")
    answer = editor_api.post(URL, _body(stockton.pk, note=NOTE, confirms_status=True))
    assert answer.status_code == 201, answer.json()
    body = answer.json()
    assert body["response"] == stockton.pk
    assert body["contacted_on"] == "2017-08-21"
    assert body["method"] == "phone"
    assert body["note"] == NOTE
    assert body["logged_by"] == role_editor.username
    assert answer.headers["Location"].endswith(f"{URL}{body['id']}/")
    stockton.refresh_from_db()
    assert stockton.as_of == datetime.date(2017, 8, 21)

    listed = editor_api.get(f"{URL}?response={stockton.pk}").json()
    assert [c["id"] for c in listed["results"]] == [body["id"]]
    other = doj_response("baltimore-md")
    assert editor_api.get(f"{URL}?response={other.pk}").json()["results"] == []
    assert editor_api.get(f"{URL}{body['id']}/").json()["note"] == NOTE


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"contacted_on": "2017-08-02"}, "contacted_on"),  # before the inquiry
        ({"contacted_on": "2017-08-22"}, "contacted_on"),  # the future
        ({"contacted_on": "Aug. 21"}, "contacted_on"),
        ({"method": "fax"}, "method"),
        ({"direction": 1}, "direction"),
        ({"confirms_status": "yes"}, "confirms_status"),
        ({"contact_name": "x" * 201}, "contact_name"),
        ({"note": "a\x00b"}, "note"),
        ({"response": 10**30}, "response"),
        ({"response": 999999}, "response"),
        ({"logged_by": "someone"}, "logged_by"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(seeded, editor_api, change, field):
    stockton = doj_response("stockton-ca")
    answer = editor_api.post(URL, {**_body(stockton.pk), **change})
    assert answer.status_code == 400, answer.content
    assert field in answer.json()
    assert not Contact.objects.exists()


@pytest.mark.parametrize("query", ["response=abc", "response=0", f"response={2**70}", "respons=1"])
def test_a_bad_filter_is_a_400_naming_it(seeded, editor_api, query):
    answer = editor_api.get(f"{URL}?{query}")
    assert answer.status_code == 400
    assert query.split("=")[0] in answer.json()


def test_a_reporter_may_not_confirm_a_public_response(seeded, role_reporter):
    reporter = TokenClient(token_for(role_reporter))
    stockton = doj_response("stockton-ca")
    assert reporter.post(URL, _body(stockton.pk, confirms_status=True)).status_code == 403
    assert reporter.post(URL, _body(stockton.pk)).status_code == 201


def test_a_contact_is_never_changed_or_deleted(seeded, editor_api):
    created = editor_api.post(URL, _body(doj_response("stockton-ca").pk)).json()
    path = f"{URL}{created['id']}/"
    assert editor_api.patch(path, {"note": "changed"}).status_code == 405
    assert editor_api.delete(path).status_code == 405


def test_public_answers_never_carry_the_note(seeded, editor_api, client):
    stockton = doj_response("stockton-ca")
    editor_api.post(URL, _body(stockton.pk, note=NOTE, confirms_status=True))
    for path in (
        f"{API}/responses/{stockton.pk}/",
        f"{API}/responses/",
        f"{API}/inquiries/{stockton.inquiry.slug}/",
        f"{API}/cities/stockton-ca/",
        f"{API}/changes/",
    ):
        answer = client.get(path)
        assert answer.status_code == 200, path
        assert NOTE not in answer.content.decode(), path
    assert client.get(f"{API}/responses/{stockton.pk}/").json()["as_of"] == "2017-08-21"


def test_the_list_costs_six_queries_with_1_and_with_50_contacts(
    seeded, editor_api, django_assert_num_queries
):
    # The token with its user, the token again (knox), the user's and the
    # groups' permissions, the page's count, the page; nothing per row.
    stockton = doj_response("stockton-ca")
    editor_api.post(URL, _body(stockton.pk))
    with django_assert_num_queries(6):
        assert len(editor_api.get(URL).json()["results"]) == 1
    for _ in range(49):
        editor_api.post(URL, _body(stockton.pk))
    with django_assert_num_queries(6):
        assert len(editor_api.get(URL).json()["results"]) == 50
