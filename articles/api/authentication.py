"""Who is writing: API tokens and the editor's session (issue "The API data
desks build on", items 2 and 5).

Two ways in, tried in this order (``REST_FRAMEWORK["DEFAULT_AUTHENTICATION_CLASSES"]``):

1. :class:`StrictTokenAuthentication`: ``Authorization: Token <64 hex
   digits>``, a django-rest-knox token that an editor made in the admin
   (shown once; stored only as its SHA-512 digest) and revokes by deleting
   it there or letting it expire. Being first, its scheme is the one a 401
   names in ``WWW-Authenticate: Token realm="api"``.
2. :class:`CsrfSessionAuthentication`: the editor's admin session; every
   write needs Django's CSRF token (``X-CSRFToken`` header), as DRF's
   ``SessionAuthentication`` does, and a write without it is a 403.

Any ``Authorization`` header that is not exactly ``Token`` followed by one
token of 64 hexadecimal digits (another scheme such as ``Bearer`` or
``Basic``, two tokens, characters outside ASCII, a short token) is a 401
whose ``detail`` names the problem, never a 500 and never silently
anonymous. A well-formed token that matches no live token is a 401 too.
A known user lacking the permission a write needs gets a 403 (the
permission classes and the services decide that).
"""

import re

from django.utils.translation import gettext_lazy as _
from drf_spectacular.authentication import SessionScheme
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from knox.auth import TokenAuthentication
from knox.settings import knox_settings
from rest_framework import exceptions
from rest_framework.authentication import SessionAuthentication

#: The realm named in ``WWW-Authenticate``.
REALM = "api"

#: A token as knox makes it (``AUTH_TOKEN_CHARACTER_LENGTH`` hex digits).
_TOKEN = re.compile(r"[0-9a-f]+")


def _failed(problem: str) -> exceptions.AuthenticationFailed:
    return exceptions.AuthenticationFailed(
        f"Authorization header: {problem} Send “Authorization: "
        f"{knox_settings.AUTH_HEADER_PREFIX} <token>” with a token an editor made in the admin."
    )


class StrictTokenAuthentication(TokenAuthentication):
    """knox's token authentication with a strict reading of the header.

    Returns None (try the session) only when there is no ``Authorization``
    header at all.

    Raises:
        rest_framework.exceptions.AuthenticationFailed: a malformed header
            (see the module's docstring), an unknown, revoked or expired
            token, or a token of an inactive user. DRF answers 401 with
            ``WWW-Authenticate`` from :meth:`authenticate_header`.
    """

    def authenticate(self, request):
        """``(user, AuthToken)`` for a valid token, None without a header."""
        header = request.headers.get("authorization")
        if header is None:
            return None
        # WSGI hands headers over as ISO-8859-1 text; a token is ASCII.
        if not header.isascii():
            raise _failed("it holds characters outside ASCII.")
        parts = header.split()
        prefix = knox_settings.AUTH_HEADER_PREFIX
        if not parts:
            raise _failed("it is empty.")
        if parts[0].lower() != prefix.lower():
            scheme = parts[0][:20]
            raise _failed(f"the scheme “{scheme}” is not supported; this API takes “{prefix}”.")
        if len(parts) == 1:
            raise _failed("no token after the scheme.")
        if len(parts) > 2:
            raise _failed("one token is expected, without spaces.")
        token = parts[1]
        length = knox_settings.AUTH_TOKEN_CHARACTER_LENGTH
        if len(token) != length or not _TOKEN.fullmatch(token):
            raise _failed(f"a token is {length} hexadecimal digits (0-9, a-f).")
        return self.authenticate_credentials(token.encode("ascii"))

    def authenticate_credentials(self, token: bytes):
        """knox's check, with its message naming what happened."""
        try:
            return super().authenticate_credentials(token)
        except exceptions.AuthenticationFailed as exc:
            if str(exc.detail) == str(_("Invalid token.")):
                raise exceptions.AuthenticationFailed(
                    "Invalid token: it is unknown, revoked or expired. Ask an editor for a new "
                    "one in the admin."
                ) from exc
            raise

    def authenticate_header(self, request) -> str:
        """``Token realm="api"``: the challenge of a 401."""
        return f'{knox_settings.AUTH_HEADER_PREFIX} realm="{REALM}"'


class CsrfSessionAuthentication(SessionAuthentication):
    """DRF's session authentication (the editor signed in to the admin),
    CSRF enforced on every unsafe method; a failed CSRF check is a 403
    whose ``detail`` says so. Named here so the order of the two ways in
    reads in one place."""


class TokenScheme(OpenApiAuthenticationExtension):
    """The OpenAPI security scheme of :class:`StrictTokenAuthentication`
    (``Authorization: Token <token>``)."""

    target_class = StrictTokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return build_bearer_security_scheme_object(
            header_name="Authorization", token_prefix=knox_settings.AUTH_HEADER_PREFIX
        )


class CsrfSessionScheme(SessionScheme):
    """The OpenAPI security scheme of :class:`CsrfSessionAuthentication`
    (drf-spectacular's cookie scheme for sessions)."""

    target_class = CsrfSessionAuthentication
