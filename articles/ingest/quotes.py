"""STUB: the people-and-quotes helper fills this in."""

from __future__ import annotations

from .spans import PersonFound, QuoteFound, Sentence


def find_quotes(text: str, found: list[Sentence], people: list[PersonFound]) -> list[QuoteFound]:
    """Direct quotes of speech in ``text`` with their speakers, in text order."""
    return []
