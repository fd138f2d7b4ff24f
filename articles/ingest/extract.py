"""Run every extractor on one story text (issue "Wire-story ingestion",
item 2). Pure Python: no database, no model downloaded."""

from __future__ import annotations

from .spans import Extraction, sentences


def extract(text: str) -> Extraction:
    """All findings of ``text`` (normalised, :func:`articles.ingest.reading.normalise`),
    each with offsets into it. Never raises on any text."""
    from . import dateline, people, places, quotes, signals  # noqa: PLC0415

    found = sentences(text)
    result = Extraction()
    result.dateline = dateline.parse_dateline(text)
    result.places = places.find_places(text, found, result.dateline)
    result.people = people.find_people(text, found)
    result.quotes = quotes.find_quotes(text, found, result.people)
    result.signals = signals.find_signals(text, found, result.people, result.places)
    return result
