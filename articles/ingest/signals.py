"""STUB: the people-and-quotes helper fills this in."""

from __future__ import annotations

from .spans import PersonFound, PlaceFound, Sentence, SignalFound


def find_signals(
    text: str, found: list[Sentence], people: list[PersonFound], places: list[PlaceFound]
) -> list[SignalFound]:
    """Response signals in ``text``, in text order."""
    return []
