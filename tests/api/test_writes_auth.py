"""Who may write through the API: tokens made (once) and revoked in the
admin, stored hashed; the session with CSRF; 401 with ``WWW-Authenticate``
for missing or bad credentials, 403 for a known user without permission
(issue "The API data desks build on", items 2 and 5)."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.test import Client
from django.utils import timezone
from knox.models import AuthToken

from articles.models import Response
from tests.api import writes_support
from tests.api.writes_support import (
    API,
    TokenClient,
    doj_response,
    last_history,
    token_for,
)

pytestmark = pytest.mark.django_db

# Fixtures shared by the write tests (tests/api/writes_support.py).
editor_api = writes_support.editor_api
reporter_api = writes_support.reporter_api

ACKNOWLEDGE_STOCKTON = {
    "status": "acknowledged",
    "acknowledged_on": "2017-08-10",
    "reason": "Stockton's police said it will answer",
    "correction": {"kind": "update", "text": "Stockton's police said on Aug. 10 it will answer."},
}


def _etag(api, path):
    return api.get(path).headers["ETag"]


def test_anonymous_write_is_401_with_a_token_challenge(seeded):
    stockton = doj_response("stockton-ca")
    reply = TokenClient().patch(f"{API}/responses/{stockton.pk}/", {"summary": "x"})
    assert reply.status_code == 401
    assert reply.headers["WWW-Authenticate"] == 'Token realm="api"'
    assert reply.json() == {"detail": "Authentication credentials were not provided."}


def test_anonymous_create_is_401(seeded):
    reply = TokenClient().post(f"{API}/sources/", {"kind": "letter", "title": "A letter"})
    assert reply.status_code == 401
    assert reply.headers["WWW-Authenticate"].startswith("Token ")


@pytest.mark.parametrize(
    ("header", "words"),
    [
        ("Bearer 0123", "the scheme “Bearer” is not supported"),
        ("Basic ZWRpdG9yOnNlY3JldA==", "the scheme “Basic” is not supported"),
        ("Token", "no token after the scheme"),
        ("Token a b", "one token is expected"),
        ("Token abc", "a token is 64 hexadecimal digits"),
        ("Token " + "g" * 64, "a token is 64 hexadecimal digits"),
        ("Token café", "outside ASCII"),
        ("Token \u00e9" + "0" * 63, "outside ASCII"),
        ("   ", "it is empty"),
    ],
)
def test_a_malformed_authorization_header_is_a_json_401_naming_the_problem(seeded, header, words):
    api = TokenClient(header=header)
    for reply in (api.get(f"{API}/cities/"), api.post(f"{API}/sources/", {"title": "x"})):
        assert reply.status_code == 401
        assert reply.headers["WWW-Authenticate"] == 'Token realm="api"'
        detail = reply.json()["detail"]
        assert detail.startswith("Authorization header: ")
        assert words in detail


def test_a_well_formed_unknown_token_is_401(seeded):
    reply = TokenClient("0" * 64).get(f"{API}/cities/")
    assert reply.status_code == 401
    assert "unknown, revoked or expired" in reply.json()["detail"]


def test_the_token_is_stored_only_as_a_digest(role_editor):
    token = token_for(role_editor)
    row = AuthToken.objects.get(user=role_editor)
    assert row.digest != token
    assert token not in row.digest
    assert len(row.digest) == 128  # SHA-512, hex
    assert row.token_key == token[:15]


def test_a_revoked_token_is_401(seeded, role_editor):
    token = token_for(role_editor)
    api = TokenClient(token)
    stockton = doj_response("stockton-ca")
    assert api.get(f"{API}/responses/{stockton.pk}/").status_code == 200
    AuthToken.objects.filter(user=role_editor).delete()  # the admin's "delete"
    reply = api.patch(f"{API}/responses/{stockton.pk}/", {"summary": "x"}, if_match="*")
    assert reply.status_code == 401
    assert Response.objects.get(pk=stockton.pk).summary == ""


def test_an_expired_token_is_401(seeded, role_editor):
    row, token = AuthToken.objects.create(user=role_editor, expiry=datetime.timedelta(hours=1))
    AuthToken.objects.filter(pk=row.pk).update(expiry=timezone.now() - datetime.timedelta(1))
    assert TokenClient(token).get(f"{API}/cities/").status_code == 401


def test_an_inactive_users_token_is_401(seeded, role_editor):
    token = token_for(role_editor)
    role_editor.is_active = False
    role_editor.save()
    assert TokenClient(token).get(f"{API}/cities/").status_code == 401


def test_a_token_made_in_the_admin_is_shown_once_and_works(seeded, role_editor):
    browser = Client()
    browser.force_login(role_editor)
    page = browser.post(
        "/admin/knox/authtoken/add/", {"expiry": "2099-12-31 23:59:59"}, follow=False
    )
    assert page.status_code == 200
    token = BeautifulSoup(page.content, "html.parser").select_one("#new-token").get_text()
    assert len(token) == 64
    row = AuthToken.objects.get()
    assert row.user == role_editor
    assert row.expiry.year == 2099
    # Not shown again: neither in the list nor on the token's own page.
    listing = browser.get("/admin/knox/authtoken/")
    assert listing.status_code == 200
    assert token not in listing.content.decode()
    assert token[:8] in listing.content.decode()  # the start, to tell tokens apart
    detail = browser.get(f"/admin/knox/authtoken/{row.pk}/change/")
    assert token not in detail.content.decode()
    # It works, as its user.
    api = TokenClient(token)
    stockton = doj_response("stockton-ca")
    reply = api.patch(
        f"{API}/responses/{stockton.pk}/",
        ACKNOWLEDGE_STOCKTON,
        if_match=_etag(api, f"{API}/responses/{stockton.pk}/"),
    )
    assert reply.status_code == 200, reply.json()
    assert last_history(stockton).history_user == role_editor
    # Revoked in the admin: deleted.
    confirm = browser.post(f"/admin/knox/authtoken/{row.pk}/delete/", {"post": "yes"})
    assert confirm.status_code == 302
    assert not AuthToken.objects.exists()
    assert api.get(f"{API}/cities/").status_code == 401


def test_a_staff_user_sees_only_their_own_tokens_in_the_admin(seeded, role_editor, role_reporter):
    token_for(role_reporter)
    browser = Client()
    browser.force_login(role_editor)
    page = browser.get("/admin/knox/authtoken/")
    assert page.status_code == 200
    assert page.context["cl"].result_count == 0


def test_a_session_write_without_csrf_is_403(seeded, role_editor):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(role_editor)
    stockton = doj_response("stockton-ca")
    path = f"{API}/responses/{stockton.pk}/"
    etag = browser.get(path).headers["ETag"]
    reply = browser.patch(
        path, ACKNOWLEDGE_STOCKTON, content_type="application/json", HTTP_IF_MATCH=etag
    )
    assert reply.status_code == 403
    assert reply.json()["detail"].startswith("CSRF Failed")
    assert Response.objects.get(pk=stockton.pk).status == "pending"


def test_a_session_write_with_csrf_is_saved_as_that_editor(seeded, role_editor):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(role_editor)
    secret = "abcdefghijklmnopqrstuvwxyzABCDEF"  # 32 characters: an unmasked CSRF secret
    browser.cookies[settings.CSRF_COOKIE_NAME] = secret
    stockton = doj_response("stockton-ca")
    path = f"{API}/responses/{stockton.pk}/"
    reply = browser.patch(
        path,
        ACKNOWLEDGE_STOCKTON,
        content_type="application/json",
        HTTP_IF_MATCH=browser.get(path).headers["ETag"],
        HTTP_X_CSRFTOKEN=secret,
    )
    assert reply.status_code == 200, reply.json()
    record = last_history(stockton)
    assert record.history_user == role_editor
    assert record.history_change_reason == "Stockton's police said it will answer"


def test_a_known_user_without_permission_is_403(seeded, django_user_model):
    nobody = django_user_model.objects.create_user(username="desk", password="x")
    api = TokenClient(token_for(nobody))
    reply = api.post(f"{API}/sources/", {"kind": "letter", "title": "A letter"})
    assert reply.status_code == 403
    assert "WWW-Authenticate" not in reply.headers


def test_a_superuser_makes_a_token_for_a_desk_user(editor, role_reporter):
    browser = Client()
    browser.force_login(editor)  # a superuser
    form = browser.get("/admin/knox/authtoken/add/")
    assert form.status_code == 200
    assert "<select" not in form.content.decode()  # the user is a raw id, not a dropdown
    page = browser.post("/admin/knox/authtoken/add/", {"user": role_reporter.pk, "expiry": ""})
    assert page.status_code == 200
    token = BeautifulSoup(page.content, "html.parser").select_one("#new-token").get_text()
    row = AuthToken.objects.get()
    assert (row.user, row.expiry) == (role_reporter, None)
    assert TokenClient(token).get(f"{API}/cities/").status_code == 200
