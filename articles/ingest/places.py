"""STUB: the places helper fills this in."""

from __future__ import annotations

from .spans import Dateline, PlaceFound, Sentence


def find_places(text: str, found: list[Sentence], dateline: Dateline | None) -> list[PlaceFound]:
    """U.S. places mentioned in ``text``, dateline included, in text order."""
    return []
