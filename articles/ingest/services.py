"""Ingestion's writes (issue "Wire-story ingestion", items 1 and 3).

STUB: the services-and-admin helper fills this in. Names and signatures
are fixed: the commands and tasks (lead) call them.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from ..models import Source, Suggestion


@dataclass
class ImportResult:
    """What one import did: the ``source`` (new or the one already holding
    this text), ``created`` False when the story was already imported (then
    nothing was written), ``counts`` suggestions made by kind
    (``{"place": 7, "person": 4, "quote": 3, "signal": 2}``)."""

    source: Source
    created: bool
    counts: dict[str, int] = field(default_factory=dict)


def story_import(
    *,
    text: str,
    acting_user,
    title: str = "",
    url: str = "",
    published_on: datetime.date | None = None,
    reason: str = "",
) -> ImportResult:
    """Store a story as a Source (kind news article; title, publisher and
    dateline from the dateline, date when given, full text) and its draft
    suggestions, in one transaction. Idempotent on the text's digest.

    Raises:
        articles.ingest.reading.StoryError: the text is not a story.
        ValidationError / PermissionDenied: as the services.
    """
    raise NotImplementedError


def suggestion_accept(
    *, suggestion: Suggestion, acting_user, choice: dict | None = None, reason: str = ""
) -> Suggestion:
    """Accept a suggestion: create the place, person, draft claim with its
    citation, or the response change, through :mod:`articles.services`;
    ``choice`` carries the editor's picks (``{"key": "geonames:..."}`` for
    an ambiguous place, ``{"response": <Response>}`` for a signal)."""
    raise NotImplementedError


def suggestion_reject(*, suggestion: Suggestion, acting_user, reason: str) -> Suggestion:
    """Reject with a reason (required)."""
    raise NotImplementedError


def suggestions_accept(*, suggestions, acting_user) -> tuple[list[Suggestion], dict[int, str]]:
    """Bulk accept: each in its own transaction; returns the accepted and
    the refused (pk → message)."""
    raise NotImplementedError
