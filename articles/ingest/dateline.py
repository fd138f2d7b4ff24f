"""A wire story's dateline: ``WASHINGTON/NEW YORK (Reuters) -`` (issue
"Wire-story ingestion", item 1).

AP and Reuters style (the AP Stylebook, "datelines"): the place in capitals,
a U.S. state (``SOMERSET, N.J.``) or a country (``MARRAKESH, Morocco``)
after a comma when the city does not stand alone, several places joined by
``/``, the wire's name in brackets, then a dash (hyphen, en or em dash)
before the story. The corpus also has the bare ``(Reuters) -`` (no place)
and ``TOKYO - `` (no wire).
"""

from __future__ import annotations

import re

from .spans import Dateline

#: One place: a name in capitals (``COX S BAZAR``, ``WINSTON-SALEM``,
#: ``ST. LOUIS``), then optionally a comma and a state or country as printed
#: (``N.J.``, ``Puerto Rico``, ``South Korea``).
_PLACE = r"[A-Z][A-Z.'’\- ]*[A-Z.](?:,\s*[A-Z][A-Za-z.'’\- ]*[A-Za-z.])?"

#: Before the dateline, a correction note in brackets and a byline:
#: ``(This version of the Sept. 20 story corrects ...) By Brendan Pierson``.
_PREFIX = r"(?:\([^()]{1,600}\)\s*)?(?:By\s+(?:(?:[A-Z][a-z][\w'’-]*|[A-Z]\.|and)\s+)+)?"

_DATELINE = re.compile(
    rf"""\A\s*{_PREFIX}
    (?P<places>{_PLACE}(?:\s*/\s*{_PLACE})*)?   # WASHINGTON/NEW YORK
    ,?\s*(?:[-–—]\s*)?                           # SYDNEY - (Reuters): a stray dash
    \((?P<publisher>[A-Z][A-Za-z&.' ]{{1,38}})\)  # (Reuters)
    \s*[-–—]+\s*                                 # the dash before the story
    """,
    re.VERBOSE,
)

#: ``TOKYO - Tokyo Governor ...``: the place in capitals and a dash, no wire.
_BARE = re.compile(rf"\A\s*{_PREFIX}(?P<places>{_PLACE}(?:\s*/\s*{_PLACE})*)\s+[-–—]\s+")

_ONE_PLACE = re.compile(_PLACE)


def parse_dateline(text: str) -> Dateline | None:
    """The dateline at the start of ``text``, or None when the story has none.

    ``text`` is the story (normalised, :func:`articles.ingest.reading.normalise`).
    ``WASHINGTON/NEW YORK (Reuters) - U.S. cities ...`` gives
    ``Dateline(text="WASHINGTON/NEW YORK (Reuters)", end=32,
    places=(("WASHINGTON", 0, 10), ("NEW YORK", 11, 19)), publisher="Reuters")``:
    each place as printed with its qualifier (``("SAN JUAN, Puerto Rico",
    0, 21)``), offsets into ``text``; ``end`` is where the story proper
    begins. A place must be printed in capitals (AP style), so a first
    sentence that merely starts with a capital is not a dateline.
    """
    match = _DATELINE.match(text)
    if match is None:
        match = _BARE.match(text)
        if match is None or not _capitals(match.group("places")):
            return None
        publisher = ""
        printed_end = match.end("places")
    else:
        publisher = match.group("publisher").strip()
        printed_end = match.end("publisher") + 1
        if match.group("places") and not _capitals(match.group("places")):
            return None
    places: list[tuple[str, int, int]] = []
    if match.group("places"):
        base = match.start("places")
        for found in _ONE_PLACE.finditer(match.group("places")):
            name = found.group().strip()
            start = base + found.start()
            places.append((name, start, start + len(name)))
    printed_start = places[0][1] if places else match.start("publisher") - 1
    return Dateline(
        text=text[printed_start:printed_end],
        end=match.end(),
        places=tuple(places),
        publisher=publisher,
    )


def _capitals(places: str) -> bool:
    """Every place's own name (before its comma) is in capitals and has at
    least two letters: ``NEW YORK``, not ``The``."""
    for place in places.split("/"):
        name = place.split(",")[0]
        letters = [c for c in name if c.isalpha()]
        if len(letters) < 2 or not all(c.isupper() for c in letters):
            return False
    return True
