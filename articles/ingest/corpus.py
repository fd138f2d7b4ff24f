"""Many stories at once: the corpus CSV format and the run's summary
(issue "Wire-story ingestion", item 4).

The format is the ISOT Reuters sample's (``../shared/corpus/README.md``):
columns ``title``, ``text``, ``subject``, ``date`` (``November 9, 2016 ``,
trailing space included); ``row`` when present names a story in messages.
Rows are read one at a time from the file, so memory does not grow with
the number of stories.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

#: The columns a corpus CSV must have (``row`` is optional).
REQUIRED_COLUMNS = ("title", "text", "subject", "date")

#: Date formats seen in the ISOT sets, tried in order.
DATE_FORMATS = ("%B %d, %Y", "%b %d, %Y", "%d-%b-%y", "%Y-%m-%d")

#: Longest CSV field read (the longest corpus text is 12,504 characters;
#: a story over ``INGEST_MAX_CHARS`` is refused by the reader, not here).
FIELD_LIMIT = 10_000_000


class CorpusError(ValueError):
    """The CSV cannot be read as a corpus (missing columns, not UTF-8);
    nothing was imported."""


@dataclass(frozen=True, slots=True)
class Story:
    """One CSV row: ``number`` the row's line in a spreadsheet (header is
    1), ``label`` how messages name it (``row 7402`` from the ``row``
    column, else ``line 2``), ``published_on`` the parsed date or None,
    ``date_text`` the date as written."""

    number: int
    label: str
    title: str
    text: str
    subject: str
    date_text: str
    published_on: datetime.date | None


def parse_date(value: str) -> datetime.date | None:
    """The corpus's dates (``November 9, 2016 ``, ``Dec 1, 2017``) as a
    calendar date; None when blank or in no known format (the story is
    then imported without a date, and the run counts it)."""
    value = " ".join(value.split())
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(value, fmt).date()  # noqa: DTZ007 (a calendar date; no instant)
        except ValueError:
            continue
    return None


def read_corpus(stream: io.TextIOBase) -> Iterator[Story]:
    """The stories of a corpus CSV opened as text (UTF-8), one at a time.

    Raises:
        CorpusError: the header lacks a required column (all missing ones
            are named), or the file is empty or not UTF-8 text; raised before
            the first story is yielded, so nothing is imported.
    """
    csv.field_size_limit(FIELD_LIMIT)
    reader = csv.DictReader(stream)
    try:
        header = reader.fieldnames
    except UnicodeDecodeError as exc:
        raise CorpusError("The CSV is not UTF-8 text; save it as UTF-8.") from exc
    except csv.Error as exc:
        raise CorpusError(f"The CSV could not be read: {exc}.") from exc
    if not header:
        raise CorpusError("The CSV is empty: it has no header row.")
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        raise CorpusError(
            f"The CSV lacks the column{'s' if len(missing) > 1 else ''} "
            f"{', '.join(missing)}; a corpus CSV has the columns {', '.join(REQUIRED_COLUMNS)} "
            f"(found: {', '.join(h for h in header if h) or 'none'})."
        )
    try:
        for number, row in enumerate(reader, start=2):
            label = f"row {row['row']}" if row.get("row") else f"line {number}"
            yield Story(
                number=number,
                label=label,
                title=(row.get("title") or "").strip(),
                text=row.get("text") or "",
                subject=(row.get("subject") or "").strip(),
                date_text=(row.get("date") or "").strip(),
                published_on=parse_date(row.get("date") or ""),
            )
    except UnicodeDecodeError as exc:
        raise CorpusError("The CSV is not UTF-8 text; save it as UTF-8.") from exc
    except csv.Error as exc:
        raise CorpusError(f"The CSV could not be read at line {reader.line_num}: {exc}.") from exc


@dataclass
class RunSummary:
    """What a run did: stories imported, already there, failed (label →
    message, the first :attr:`ERRORS_KEPT` kept), suggestions by kind,
    dates not understood."""

    ERRORS_KEPT = 100

    imported: int = 0
    present: int = 0
    failed: int = 0
    undated: int = 0
    suggestions: Counter = field(default_factory=Counter)
    errors: list[tuple[str, str]] = field(default_factory=list)

    def add(self, outcome: dict) -> None:
        """Count one story's outcome (the task's return value)."""
        if outcome.get("error"):
            self.failed += 1
            if len(self.errors) < self.ERRORS_KEPT:
                self.errors.append((outcome.get("label", ""), outcome["error"]))
            return
        if outcome.get("created"):
            self.imported += 1
            self.suggestions.update(outcome.get("counts", {}))
        else:
            self.present += 1

    @property
    def stories(self) -> int:
        """Stories read."""
        return self.imported + self.present + self.failed

    def lines(self) -> list[str]:
        """The summary as printed at the end of a run."""
        from .services import counts_words  # noqa: PLC0415 (models load first)

        by_kind = counts_words(self.suggestions)
        return [
            f"Stories: {self.stories} read, {self.imported} imported, "
            f"{self.present} already imported, {self.failed} with errors.",
            f"Suggestions: {sum(self.suggestions.values())} ({by_kind}).",
            *(
                [f"Dates not understood (imported undated): {self.undated}."]
                if self.undated
                else []
            ),
        ]
