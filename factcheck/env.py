"""Reading settings from the environment without silent wrong values.

Three guards around django-environ, used by ``factcheck/settings.py``:

- ``read_env_file`` reads a ``.env`` file. django-environ's own reader
  (0.14) keeps ``DEBUG=true  # local`` whole unless ``parse_comments=True``,
  and with it still gets quoting wrong: ``"x"  # note`` keeps its quotes,
  ``"a#b"`` becomes ``"a`` and ``abc#def`` becomes ``abc``. This reader
  follows the shell's rule instead: ``#`` starts a comment at the start of
  a line or after whitespace, quoted values keep every character between
  their quotes, and anything else it cannot read is refused naming the
  variable and the line.
- ``Env`` is django-environ's ``Env`` with strict booleans and integers:
  ``DEBUG=ture`` or ``SECURE_HSTS_SECONDS=1y`` stops the site naming the
  variable instead of meaning ``False`` or raising a bare ``ValueError``.
- ``require_real_secret_key`` refuses a missing, empty, development or
  weak ``SECRET_KEY``, by the rule ``manage.py check --deploy`` applies.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import environ
from django.core.checks.security.base import (
    SECRET_KEY_INSECURE_PREFIX,
    SECRET_KEY_MIN_LENGTH,
    SECRET_KEY_MIN_UNIQUE_CHARACTERS,
)
from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = frozenset({"true", "yes", "y", "on", "ok", "1"})
FALSE_WORDS = frozenset({"false", "no", "n", "off", "0"})

_ASSIGNMENT = re.compile(r"(?:export\s+)?(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*=\s*(?P<value>.*)")
_COMMENT = re.compile(r"(?:^|\s)#")


def parse_env_value(name: str, raw: str, *, where: str = "") -> str:
    """The value of ``NAME=raw`` as a shell would read it, comment removed.

    Unquoted: everything before a ``#`` that starts the value or follows
    whitespace, surrounding whitespace dropped (``abc#def`` stays whole).
    Quoted with ``'`` or ``"``: the characters between the quotes (``\\"``
    and ``\\\\`` inside double quotes), then only whitespace or a comment.
    Raises ``ImproperlyConfigured`` naming ``name`` for anything else.
    """
    raw = raw.strip()
    if raw[:1] in {"'", '"'}:
        quote, value, i = raw[0], [], 1
        while i < len(raw) and raw[i] != quote:
            if quote == '"' and raw[i] == "\\" and raw[i + 1 : i + 2] in {'"', "\\"}:
                i += 1
            value.append(raw[i])
            i += 1
        if i == len(raw):
            raise ImproperlyConfigured(
                f"{name}{where}: the value opens a {quote} quote but never closes it "
                "(a value must fit on one line)."
            )
        rest = raw[i + 1 :].strip()
        if rest and not rest.startswith("#"):
            raise ImproperlyConfigured(
                f"{name}{where}: unexpected text {rest!r} after the closing quote; "
                "put the whole value inside the quotes, or a space and # before a comment."
            )
        return "".join(value)
    comment = _COMMENT.search(raw)
    return (raw[: comment.start()] if comment else raw).strip()


def read_env_file(path: Path | str) -> dict[str, str]:
    """The ``NAME=value`` pairs of a ``.env`` file ({} when it does not exist).

    Blank lines and lines starting with ``#`` are skipped; ``export NAME=``
    is accepted. A line that is not an assignment, a variable set twice, or
    a value that cannot be read (see ``parse_env_value``) raises
    ``ImproperlyConfigured`` naming the file, the line and the variable.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    values = {}
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        match = _ASSIGNMENT.fullmatch(stripped)
        if not match:
            raise ImproperlyConfigured(
                f"{path}, line {number}: expected NAME=value, found {stripped[:40]!r}."
            )
        name = match["name"]
        if name in values:
            raise ImproperlyConfigured(
                f"{path}, line {number}: {name} is set twice in this file; keep one line."
            )
        values[name] = parse_env_value(name, match["value"], where=f" ({path}, line {number})")
    return values


def load_env_file(path: Path | str) -> None:
    """Put a ``.env`` file's values into ``os.environ``; variables already
    set in the environment win over the file."""
    for name, value in read_env_file(path).items():
        os.environ.setdefault(name, value)


class Env(environ.Env):
    """django-environ's ``Env`` whose ``bool`` and ``int`` refuse values they
    cannot read, naming the variable, instead of guessing."""

    def bool(self, var: str, default: bool | environ.NoValue = environ.Env.NOTSET) -> bool:
        """``var`` as a boolean: one of ``TRUE_WORDS`` or ``FALSE_WORDS`` (any
        case); ``default`` when unset; ``ImproperlyConfigured`` otherwise."""
        value = self.get_value(var, cast=str, default=default)
        if not isinstance(value, str):
            return value  # the default
        word = value.strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise ImproperlyConfigured(
            f"{var}={value!r} is not a true/false value: use true or false "
            f"(also accepted: {', '.join(sorted(TRUE_WORDS - {'true'}))} / "
            f"{', '.join(sorted(FALSE_WORDS - {'false'}))})."
        )

    def int(self, var: str, default: int | environ.NoValue = environ.Env.NOTSET) -> int:
        """``var`` as a whole number; ``default`` when unset;
        ``ImproperlyConfigured`` naming ``var`` otherwise."""
        value = self.get_value(var, cast=str, default=default)
        if not isinstance(value, str):
            return value  # the default
        try:
            return int(value.strip())
        except ValueError:
            raise ImproperlyConfigured(f"{var}={value!r} is not a whole number.") from None


def require_real_secret_key(secret_key: str) -> str:
    """Return ``secret_key`` if it is fit to sign sessions and tokens, else
    raise ``ImproperlyConfigured`` naming ``SECRET_KEY`` and how to set it.

    A key is refused when it is missing or blank, starts with
    ``django-insecure-`` (Django's mark for development keys, which the
    built-in development key has too), or is shorter than 50 characters or
    made of fewer than 5 different ones: the rule of ``check --deploy``.
    """
    if not secret_key.strip():
        problem = "is not set"
    elif secret_key.startswith(SECRET_KEY_INSECURE_PREFIX):
        problem = f"is a development key (it starts with {SECRET_KEY_INSECURE_PREFIX!r})"
    elif (
        len(secret_key) < SECRET_KEY_MIN_LENGTH
        or len(set(secret_key)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS
    ):
        problem = (
            f"is too weak (Django wants at least {SECRET_KEY_MIN_LENGTH} characters, "
            f"{SECRET_KEY_MIN_UNIQUE_CHARACTERS} of them different)"
        )
    else:
        return secret_key
    raise ImproperlyConfigured(
        f"SECRET_KEY {problem}, and DEBUG is off, so the site will not start. "
        "Set SECRET_KEY in the environment or in .env beside manage.py to a long random "
        "value, e.g. the output of: python3 -c 'import secrets; print(secrets.token_urlsafe(50))' "
        "(`make run` writes one to .env for you; DEBUG=true allows a development key)."
    )


def require_time_zone(name: str, value: str) -> str:
    """``value`` if it names a zone of the IANA time-zone database
    (``America/New_York``), else ``ImproperlyConfigured`` naming ``name``:
    the newsroom's "today" and every deadline default hang on it, so a typo
    must stop the site at start, not fail in the admin later."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ImproperlyConfigured(
            f"{name}={value!r} is not a time zone; use an IANA name such as America/New_York."
        ) from None
    return value


def refuse_to_serve_without_secret_key() -> None:
    """Stop a server from starting when settings found no real key
    (``settings.SECRET_KEY_PROBLEM``, set by :func:`require_real_secret_key`
    with DEBUG off). Called by ``factcheck/wsgi.py`` and ``asgi.py``, which
    gunicorn and runserver load before serving.

    Raises:
        ImproperlyConfigured: naming ``SECRET_KEY`` and how to make one.
    """
    from django.conf import settings

    if problem := getattr(settings, "SECRET_KEY_PROBLEM", ""):
        raise ImproperlyConfigured(problem)
