"""Writing responses through the API: ``response_update`` as in the admin,
``ETag``/``If-Match`` (428, 412, ``*``), transitions (409), roles, history
(issue "The API data desks build on", item 5).

Facts from the seed article (articles/seed.py): the Justice Department's
questions were announced Aug. 3, 2017, due Aug. 18; Stockton had not
answered (pending, as of Aug. 3); San Bernardino's chief said he "will
answer" (acknowledged Aug. 3); Baltimore's chief answered the request for
comment (received Aug. 3).
"""

import pytest

from articles.models import City, Correction, Response
from tests.api import writes_support
from tests.api.writes_support import (
    API,
    comment_response,
    doj_response,
    last_history,
)

pytestmark = pytest.mark.django_db

# Fixtures shared by the write tests (tests/api/writes_support.py).
editor_api = writes_support.editor_api
reporter_api = writes_support.reporter_api

ACKNOWLEDGE = {
    "status": "acknowledged",
    "acknowledged_on": "2017-08-10",
    "reason": "Stockton's police said it will answer",
    "correction": {"kind": "update", "text": "Stockton's police said on Aug. 10 it will answer."},
}


def _path(response: Response) -> str:
    return f"{API}/responses/{response.pk}/"


def _snapshot(response: Response) -> dict:
    stored = Response.objects.get(pk=response.pk)
    return {
        "status": stored.status,
        "acknowledged_on": stored.acknowledged_on,
        "received_on": stored.received_on,
        "as_of": stored.as_of,
        "summary": stored.summary,
        "version": stored.version,
        "history": stored.history.count(),
        "corrections": Correction.objects.filter(response=stored).count(),
    }


def test_get_one_response_carries_a_strong_etag_of_its_version(seeded, editor_api):
    stockton = doj_response("stockton-ca")
    reply = editor_api.get(_path(stockton))
    assert reply.status_code == 200
    etag = reply.headers["ETag"]
    assert etag.startswith(f'"{stockton.version}.')
    assert not etag.startswith("W/")
    # Anonymous readers get the same tag for the same body.
    from tests.api.writes_support import TokenClient

    assert TokenClient().get(_path(stockton)).headers["ETag"] == etag


def test_an_editor_acknowledges_stockton_with_if_match(seeded, editor_api, role_editor):
    stockton = doj_response("stockton-ca")
    etag = editor_api.get(_path(stockton)).headers["ETag"]
    reply = editor_api.patch(_path(stockton), ACKNOWLEDGE, if_match=etag)
    assert reply.status_code == 200, reply.json()
    body = reply.json()
    assert body["status"] == "acknowledged"
    assert body["acknowledged_on"] == "2017-08-10"
    assert body["as_of"] == "2017-08-10"  # moved forward to the acknowledgement
    assert body["city"]["slug"] == "stockton-ca"
    assert body["corrections"][-1]["text"] == "Stockton's police said on Aug. 10 it will answer."
    stored = Response.objects.get(pk=stockton.pk)
    assert stored.version == stockton.version + 1
    assert reply.headers["ETag"].startswith(f'"{stored.version}.')
    assert reply.headers["ETag"] == editor_api.get(_path(stockton)).headers["ETag"]
    record = last_history(stockton)
    assert record.history_user == role_editor
    assert record.history_change_reason == "Stockton's police said it will answer"


def test_an_update_without_if_match_is_428_naming_it(seeded, editor_api):
    stockton = doj_response("stockton-ca")
    before = _snapshot(stockton)
    reply = editor_api.patch(_path(stockton), ACKNOWLEDGE)
    assert reply.status_code == 428
    assert "If-Match" in reply.json()
    assert _snapshot(stockton) == before


def test_a_stale_if_match_is_412_saying_what_changed_meanwhile(seeded, editor_api, role_editor):
    stockton = doj_response("stockton-ca")
    old = editor_api.get(_path(stockton)).headers["ETag"]
    assert editor_api.patch(_path(stockton), ACKNOWLEDGE, if_match=old).status_code == 200
    after_first = _snapshot(stockton)
    reply = editor_api.patch(_path(stockton), {"summary": "Nothing yet."}, if_match=old)
    assert reply.status_code == 412
    body = reply.json()
    assert body["your_version"] == 1
    assert body["current_version"] == 2
    (change,) = body["changed_meanwhile"]
    assert change["who"] == str(role_editor)
    assert change["reason"] == "Stockton's police said it will answer"
    fields = {c["field"]: (c["old"], c["new"]) for c in change["changes"]}
    assert fields["status"] == ("Pending", "Acknowledged")
    assert fields["acknowledged_on"] == ("—", "Aug. 10, 2017")
    assert "Someone else saved this response" in body["If-Match"][0]
    assert _snapshot(stockton) == after_first


def test_if_match_star_updates_whatever_is_stored(seeded, editor_api):
    stockton = doj_response("stockton-ca")
    reply = editor_api.patch(_path(stockton), ACKNOWLEDGE, if_match="*")
    assert reply.status_code == 200
    assert Response.objects.get(pk=stockton.pk).status == "acknowledged"


def test_if_match_may_list_several_tags_and_one_current_suffices(seeded, editor_api):
    stockton = doj_response("stockton-ca")
    etag = editor_api.get(_path(stockton)).headers["ETag"]
    reply = editor_api.patch(_path(stockton), ACKNOWLEDGE, if_match=f'"7.0123456789abcdef", {etag}')
    assert reply.status_code == 200


def test_a_weak_tag_never_matches_if_match(seeded, editor_api):
    stockton = doj_response("stockton-ca")
    etag = editor_api.get(_path(stockton)).headers["ETag"]
    before = _snapshot(stockton)
    reply = editor_api.patch(_path(stockton), ACKNOWLEDGE, if_match=f"W/{etag}")
    assert reply.status_code == 412
    assert "weak" in reply.json()["If-Match"][0]
    assert _snapshot(stockton) == before


@pytest.mark.parametrize("value", ["1", "abc", '"1.x", garbage', '"unterminated'])
def test_a_malformed_if_match_is_400_naming_it(seeded, editor_api, value):
    stockton = doj_response("stockton-ca")
    reply = editor_api.patch(_path(stockton), ACKNOWLEDGE, if_match=value)
    assert reply.status_code == 400
    assert list(reply.json()) == ["If-Match"]


def test_a_tag_this_api_never_issued_is_412(seeded, editor_api):
    stockton = doj_response("stockton-ca")
    reply = editor_api.patch(_path(stockton), ACKNOWLEDGE, if_match='"1"')
    assert reply.status_code == 412


def test_a_move_the_table_refuses_is_409_naming_status_and_the_allowed_moves(seeded, editor_api):
    # San Bernardino's chief said he "will answer": acknowledged does not go back to pending.
    san_bernardino = doj_response("san-bernardino-ca")
    before = _snapshot(san_bernardino)
    reply = editor_api.patch(
        _path(san_bernardino),
        {"status": "pending", "acknowledged_on": None, "reason": "Typo"},
        if_match="*",
    )
    assert reply.status_code == 409
    body = reply.json()
    assert body["status"] == [
        "A response cannot go from acknowledged to pending. From acknowledged it may move "
        "to received or declined."
    ]
    assert body["allowed"] == ["received", "declined"]
    assert _snapshot(san_bernardino) == before


def test_reopening_an_answer_needs_a_reason(seeded, editor_api):
    # Baltimore's chief answered the request for comment on Aug. 3, 2017.
    baltimore = comment_response("baltimore-md")
    before = _snapshot(baltimore)
    reply = editor_api.patch(
        _path(baltimore),
        {
            "status": "pending",
            "received_on": None,
            "correction": {"kind": "correction", "text": "The answer was not Baltimore's."},
        },
        if_match="*",
    )
    assert reply.status_code == 400
    assert "reason" in reply.json()
    assert _snapshot(baltimore) == before


def test_changing_a_published_answer_without_a_note_is_400_naming_correction(seeded, editor_api):
    stockton = doj_response("stockton-ca")
    before = _snapshot(stockton)
    body = {key: value for key, value in ACKNOWLEDGE.items() if key != "correction"}
    reply = editor_api.patch(_path(stockton), body, if_match="*")
    assert reply.status_code == 400
    assert "correction" in reply.json()
    assert _snapshot(stockton) == before


@pytest.mark.parametrize(
    ("note", "missing"),
    [({"kind": "update"}, "text"), ({"text": "Stockton answered."}, "kind"), ({}, "kind")],
)
def test_a_patch_with_half_a_correction_note_is_400_naming_the_missing_key(
    seeded, editor_api, note, missing
):
    stockton = doj_response("stockton-ca")
    before = _snapshot(stockton)
    body = {**ACKNOWLEDGE, "correction": note}
    reply = editor_api.patch(_path(stockton), body, if_match="*")
    assert reply.status_code == 400
    assert reply.json()["correction"][missing] == ["This field is required."]
    assert _snapshot(stockton) == before


def test_a_reporter_may_not_change_a_published_response(seeded, reporter_api):
    stockton = doj_response("stockton-ca")
    before = _snapshot(stockton)
    reply = reporter_api.patch(_path(stockton), {"summary": "No answer yet."}, if_match="*")
    assert reply.status_code == 403
    assert "only an editor may change it" in reply.json()["detail"]
    assert _snapshot(stockton) == before


def test_an_editor_creates_a_response_for_a_new_city(seeded, editor_api, role_editor):
    City.objects.create(name="Springfield", state="IL", slug="springfield-il")
    reply = editor_api.post(
        f"{API}/responses/",
        {
            "inquiry": "justice-department-sanctuary-questions",
            "city": "springfield-il",
            "status": "pending",
            "as_of": "2017-08-03",
            "reason": "Added to follow the program's next round",
        },
    )
    assert reply.status_code == 201, reply.json()
    created = Response.objects.get(city__slug="springfield-il")
    assert reply.headers["Location"] == f"http://testserver{_path(created)}"
    assert reply.headers["ETag"].startswith('"1.')
    assert reply.json()["id"] == created.pk
    assert reply.json()["inquiry"]["slug"] == "justice-department-sanctuary-questions"
    record = last_history(created)
    assert record.history_type == "+"
    assert record.history_user == role_editor
    assert record.history_change_reason == "Added to follow the program's next round"


def test_a_second_response_for_the_same_city_and_inquiry_is_400(seeded, editor_api):
    count = Response.objects.count()
    reply = editor_api.post(
        f"{API}/responses/",
        {"inquiry": "justice-department-sanctuary-questions", "city": "stockton-ca"},
    )
    assert reply.status_code == 400
    assert Response.objects.count() == count


def test_an_unknown_city_slug_is_400_naming_city(seeded, editor_api):
    reply = editor_api.post(
        f"{API}/responses/",
        {"inquiry": "justice-department-sanctuary-questions", "city": "atlantis"},
    )
    assert reply.status_code == 400
    assert reply.json() == {"city": ["No city “atlantis”."]}


def test_delete_of_a_response_is_405(seeded, editor_api):
    stockton = doj_response("stockton-ca")
    reply = editor_api.delete(_path(stockton), if_match="*")
    assert reply.status_code == 405
    assert Response.objects.filter(pk=stockton.pk).exists()
