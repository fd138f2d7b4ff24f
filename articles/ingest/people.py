"""STUB: the people-and-quotes helper fills this in."""

from __future__ import annotations

from .spans import PersonFound, Sentence


def find_people(text: str, found: list[Sentence]) -> list[PersonFound]:
    """Named people in ``text`` with titles, organisations and later mentions."""
    return []
