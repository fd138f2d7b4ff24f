"""Sentences and findings, each located by character offsets.

Offsets are 0-based indexes into the normalised story text
(:func:`articles.ingest.reading.normalise`), ``end`` exclusive, so
``text[start:end]`` is the span, character for character.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

#: Abbreviations after which a full stop does not end a sentence (wire
#: style: titles, months, states, initials are handled separately).
ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "sen",
        "rep",
        "gov",
        "lt",
        "col",
        "gen",
        "sgt",
        "capt",
        "cmdr",
        "adm",
        "st",
        "jr",
        "sr",
        "inc",
        "corp",
        "co",
        "ltd",
        "no",
        "vs",
        "u.s",
        "u.n",
        "u.k",
        "e.u",
        "d.c",
        "jan",
        "feb",
        "aug",
        "sept",
        "sep",
        "oct",
        "nov",
        "dec",
        "ala",
        "ariz",
        "ark",
        "calif",
        "colo",
        "conn",
        "del",
        "fla",
        "ga",
        "ill",
        "ind",
        "kan",
        "ky",
        "la",
        "md",
        "mass",
        "mich",
        "minn",
        "miss",
        "mo",
        "mont",
        "neb",
        "nev",
        "okla",
        "ore",
        "pa",
        "tenn",
        "tex",
        "va",
        "vt",
        "wash",
        "wis",
        "wyo",
        "n.y",
        "n.j",
        "n.m",
        "n.c",
        "n.d",
        "s.c",
        "s.d",
        "r.i",
        "w.va",
        "p.m",
        "a.m",
    ]
)

_SENTENCE_END = re.compile(r"[.!?][\"”’')\]]*(?=\s)|\n")
_LAST_WORD = re.compile(r"([\w.]+)[.!?]$")


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence: ``text[start:end]``; a line break always ends one."""

    start: int
    end: int


def sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences with offsets (leading and trailing
    spaces outside each). A full stop after a known abbreviation or a
    single capital initial (``Jeff B. Sessions``) does not end a sentence.
    A line break always does (wire copy puts one paragraph on a line)."""
    found: list[Sentence] = []
    begin = 0
    for match in _SENTENCE_END.finditer(text):
        cut = match.end()
        if match.group() != "\n":
            word = _LAST_WORD.search(text, begin, match.start() + 1)
            stem = word.group(1).casefold().rstrip(".") if word else ""
            if match.group()[0] == "." and (
                stem in ABBREVIATIONS or (len(stem) == 1 and stem.isalpha())
            ):
                continue
        _add(found, text, begin, cut)
        begin = cut
    _add(found, text, begin, len(text))
    return found


def _add(found: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        found.append(Sentence(start, end))


def sentence_at(found: list[Sentence], offset: int) -> Sentence | None:
    """The sentence holding ``offset``, or None (``found`` in text order)."""
    for sentence in found:
        if sentence.start <= offset < sentence.end:
            return sentence
    return None


@dataclass(frozen=True, slots=True)
class Dateline:
    """``WASHINGTON/NEW YORK (Reuters) -``: ``text`` is the dateline as
    printed without the dash (``WASHINGTON/NEW YORK (Reuters)``), ``end``
    where the story proper begins; ``places`` the place names as printed
    with their offsets; ``publisher`` the wire's name (``Reuters``) or ""."""

    text: str
    end: int
    places: tuple[tuple[str, int, int], ...]
    publisher: str


@dataclass(slots=True)
class PlaceFound:
    """A U.S. place mentioned. ``name`` as the gazetteer has it (or as
    printed when unresolved); ``state`` a USPS code or "" when not known;
    ``key`` the gazetteer key when resolved to one place, else "";
    ``candidates`` the gazetteer keys of an ambiguous name (never guessed);
    ``kind`` ``city``, ``county`` or ``state``; ``dateline`` True for a
    place read from the dateline."""

    start: int
    end: int
    name: str
    state: str = ""
    key: str = ""
    candidates: tuple[str, ...] = ()
    kind: str = "city"
    dateline: bool = False


@dataclass(slots=True)
class PersonFound:
    """A named person: ``start``/``end`` is the first full mention of the
    name; ``title`` (``Police Commissioner``) and ``organization``
    (``Baltimore Police Department`` or as printed, ``ICE``) when the story
    gives them; ``mentions`` later mentions (surname, pronoun) as
    ``(start, end)`` pairs; ``gender`` "f", "m" or "" (not known) as the
    story shows it (title, first name, the pronouns linked to the person)."""

    start: int
    end: int
    name: str
    title: str = ""
    organization: str = ""
    mentions: list[tuple[int, int]] = field(default_factory=list)
    gender: str = ""

    @property
    def surname(self) -> str:
        """The last word of the name (``Yong Yow`` kept whole when the
        story itself uses both words later is left to the extractor)."""
        return self.name.split()[-1] if self.name else ""


@dataclass(slots=True)
class QuoteFound:
    """Direct speech: ``start``/``end`` the words inside the quote marks
    (a trailing comma that stands for the full stop left out); ``speaker``
    the name (or the description, ``a White House spokesman``) the story
    attributes it to, "" when it does not; ``speaker_span`` the mention
    that attributes it; ``person`` the index of the speaker in the
    extraction's ``people``, or None."""

    start: int
    end: int
    speaker: str = ""
    speaker_span: tuple[int, int] | None = None
    person: int | None = None


@dataclass(slots=True)
class SignalFound:
    """A response signal: ``start``/``end`` the phrase (``did not
    immediately respond to requests for comment``); ``status`` a
    ``ResponseStatus`` value (``pending``, ``declined``, ``acknowledged``,
    ``received``); ``subject`` who it concerns as printed (``Representatives
    from the other two police departments``, ``Jarrod Burguan``), ""
    when the story does not say; ``place`` ``(name, state)`` of the city it
    concerns when the story says which; ``person`` index into ``people``."""

    start: int
    end: int
    status: str
    subject: str = ""
    subject_span: tuple[int, int] | None = None
    place: tuple[str, str] | None = None
    person: int | None = None


@dataclass(slots=True)
class Extraction:
    """All findings of one text."""

    dateline: Dateline | None = None
    places: list[PlaceFound] = field(default_factory=list)
    people: list[PersonFound] = field(default_factory=list)
    quotes: list[QuoteFound] = field(default_factory=list)
    signals: list[SignalFound] = field(default_factory=list)
