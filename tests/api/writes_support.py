"""Helpers for the API write tests (tests/api/test_writes_*.py): clients
that send a token, the seed's records by slug, the history's last word."""

import json

import pytest
from django.test import Client
from knox.models import AuthToken

from articles.models import Inquiry, Response
from articles.seed import COMMENT_INQUIRY_SLUG, DOJ_INQUIRY_SLUG

API = "/api/v1"


class TokenClient:
    """JSON requests with ``Authorization: Token <token>``."""

    def __init__(self, token: str | None = None, *, header: str | None = None):
        self.client = Client()
        self.header = header if header is not None else (f"Token {token}" if token else None)

    def _headers(self, extra):
        headers = dict(extra)
        if self.header is not None:
            headers["HTTP_AUTHORIZATION"] = self.header
        return headers

    def get(self, path, **extra):
        return self.client.get(path, **self._headers(extra))

    def send(
        self,
        method,
        path,
        body=None,
        *,
        if_match=None,
        raw=None,
        content_type="application/json",
        **extra,
    ):
        """``method`` with ``body`` as JSON (or ``raw`` bytes/str as is)."""
        headers = self._headers(extra)
        if if_match is not None:
            headers["HTTP_IF_MATCH"] = if_match
        data = raw if raw is not None else (json.dumps(body) if body is not None else "")
        return getattr(self.client, method)(path, data=data, content_type=content_type, **headers)

    def post(self, path, body=None, **kw):
        return self.send("post", path, body, **kw)

    def patch(self, path, body=None, **kw):
        return self.send("patch", path, body, **kw)

    def put(self, path, body=None, **kw):
        return self.send("put", path, body, **kw)

    def delete(self, path, **kw):
        return self.send("delete", path, None, **kw)


def token_for(user) -> str:
    """A live token of ``user``, as the admin makes one."""
    _row, token = AuthToken.objects.create(user=user)
    return token


@pytest.fixture
def editor_api(role_editor) -> TokenClient:
    """A member of the Editors group, with a token."""
    return TokenClient(token_for(role_editor))


@pytest.fixture
def reporter_api(role_reporter) -> TokenClient:
    """A member of the Reporters group, with a token."""
    return TokenClient(token_for(role_reporter))


def doj_response(city: str) -> Response:
    """The seed's response of ``city`` (a slug) to the Justice Department."""
    return Response.objects.get(inquiry__slug=DOJ_INQUIRY_SLUG, city__slug=city)


def comment_response(city: str) -> Response:
    """The seed's response of ``city`` to Reuters' request for comment."""
    return Response.objects.get(inquiry__slug=COMMENT_INQUIRY_SLUG, city__slug=city)


def last_history(instance):
    """The newest history record of ``instance``."""
    return type(instance).history.filter(id=instance.pk).order_by("-history_id").first()


def doj() -> Inquiry:
    return Inquiry.objects.get(slug=DOJ_INQUIRY_SLUG)
