"""Bulk entry: the places an editor asks to add to an inquiry, planned
before anything is written (issue "The editors' desk", item 2: "add
responses for many places at once (pick states, paste a list of “Place,
ST” lines, or pick places from another inquiry) ... Missing places are
created from the gazetteer in the same step, with a preview, all or
nothing").

:func:`plan_places` reads only (the tracked places, the inquiry's
responses, :mod:`articles.gazetteer`) and returns a :class:`PlacesPlan`:
one :class:`PlanItem` per place, saying what confirming would do with it.
:func:`articles.services.responses_add_places` plans again inside its
transaction and writes the plan, or nothing when it holds an error.

How a pasted line is read, in order (the place form's reading,
:func:`articles.gazetteer.resolve`, so a line works the same in both):

1. a blank line is skipped; a gazetteer key (``geonames:5331836``,
   ``fips:24005``, ``usps:NY``), alone or in brackets after a label
   (``Burbank, CA [geonames:5331836]``), names that entry, which is how an
   editor picks one of two namesakes; ``Texas (state)`` is the state (a
   state's name alone is refused, suggesting that);
2. otherwise "Place, ST" or "Place, State name" (the state may also be an
   AP abbreviation) is the gazetteer's city of that name, or its county or
   state when no city has the name. Two cities of one name in one state
   are ambiguous (the error lists the candidates with their keys) unless
   the larger has at least :data:`DOMINANT_RATIO` times the people of the
   next (Burbank, CA: 105,319 and 4,926), when it is taken and the preview
   names the other. What is tracked plays no part in this choice;
3. the entry's tracked place is the one stored with its key, or one
   entered by hand (no key) under its name, state and kind; nothing about
   it is changed. A namesake tracked with another key is another place: as
   two places of one kind and name may not share a state, the line is an
   error naming it;
4. a line the gazetteer does not know is a place tracked under that name
   in that state (accents, case and "Saint"/"St." folded), a city or town
   before other kinds; neither tracked nor in the gazetteer, it must be
   added by hand first.

Two lines meaning the same place (compared by the place or entry they
resolve to, not their words) are an error.

"Pick states" means every place already tracked in those states of the
kinds picked (cities and towns unless told otherwise: not the state
itself, nor its counties), plus, when the editor gives a population, the gazetteer's cities
of at least that many people there (:func:`articles.gazetteer.cities_in`).
A state that yields no place is an error, so an editor who meant "its
cities" is told to give the population rather than getting nothing.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterable

from django.core.exceptions import ValidationError

from . import gazetteer
from .choices import US_STATES
from .models import City, Inquiry, Response

#: At most this many lines (blank ones included) in one paste.
MAX_LINES = 500
#: At most this many characters in one paste (about 50 KB).
MAX_PASTE_CHARS = 50_000
#: At most this many places added in one step, whatever their origin.
MAX_PLACES = 500
#: The larger of two namesake cities is taken when it has this many times
#: the people of the next (Burbank, CA); closer sizes are ambiguous.
DOMINANT_RATIO = 10
#: The kinds of tracked places "pick states" takes unless told otherwise:
#: the cities and towns of a state, not the state or its counties.
DEFAULT_STATE_KINDS = ("city", "town")
#: Suggestions ("did you mean") are looked for on at most this many
#: unknown lines: each looks through the whole gazetteer.
MAX_SUGGESTED = 20

EXISTING = "existing"
CREATE = "create"
ON_INQUIRY = "on_inquiry"
ERROR = "error"

#: Kinds in the order a bare name means them: "Baltimore, MD" is the city.
_KIND_ORDER = {
    City.Kind.CITY: 0,
    City.Kind.TOWN: 1,
    City.Kind.OTHER: 2,
    City.Kind.COUNTY: 3,
    City.Kind.STATE: 4,
}
_STATE_NAMES = dict(US_STATES)


@dataclasses.dataclass
class PlanItem:
    """One place (or one refused input) of a plan.

    ``origin`` is ``"line"`` (pasted; ``line`` is its 1-based number),
    ``"inquiry"`` (a place of the other inquiry) or ``"state"`` (picked
    state; ``text`` names it). ``action`` is :data:`EXISTING` (a tracked
    place gets a response), :data:`CREATE` (``entry`` is stored first, then
    gets one), :data:`ON_INQUIRY` (already has a response: skipped) or
    :data:`ERROR` (``message`` says why; nothing is written).
    """

    origin: str
    text: str
    action: str
    line: int | None = None
    place: City | None = None
    entry: gazetteer.Entry | None = None
    message: str = ""

    @property
    def label(self) -> str:
        """The place as editors read it (``Stockton, CA``), or the input."""
        if self.place is not None:
            return str(self.place)
        if self.entry is not None:
            return self.entry.label
        return self.text

    @property
    def key(self) -> str:
        """The gazetteer key of the place (``geonames:5331835``), or "" for
        a place entered by hand or a refused input: the preview shows it, so
        two namesakes are told apart."""
        if self.entry is not None:
            return self.entry.key
        return self.place.gazetteer_id if self.place is not None else ""

    @property
    def identity(self) -> tuple[str, str] | None:
        """What the item adds: ``("place", pk)`` or ``("entry", key)``."""
        if self.place is not None:
            return ("place", str(self.place.pk))
        if self.entry is not None:
            return ("entry", self.entry.key)
        return None

    @property
    def where(self) -> str:
        """``"Line 7"``, ``"State CA"``, ``"From “...”"``: where it came from."""
        if self.origin == "line" and self.line:
            return f"Line {self.line}"
        return self.text


@dataclasses.dataclass
class PlacesPlan:
    """What confirming would do (the preview), in input order: pasted lines,
    then the other inquiry's places, then the picked states' places."""

    inquiry: Inquiry
    items: list[PlanItem]

    def _with(self, action: str) -> list[PlanItem]:
        return [item for item in self.items if item.action == action]

    @property
    def errors(self) -> list[PlanItem]:
        return self._with(ERROR)

    @property
    def existing(self) -> list[PlanItem]:
        return self._with(EXISTING)

    @property
    def to_create(self) -> list[PlanItem]:
        return self._with(CREATE)

    @property
    def on_inquiry(self) -> list[PlanItem]:
        return self._with(ON_INQUIRY)

    @property
    def to_add(self) -> list[PlanItem]:
        """The items that get a new response (existing and created places)."""
        return [item for item in self.items if item.action in (EXISTING, CREATE)]

    @property
    def fingerprint(self) -> str:
        """A digest of what the plan would write (SHA-256, hex): the preview
        carries it, and a confirmation whose new plan differs is refused, so
        an editor never confirms something other than what was shown."""
        parts = sorted(f"{item.action}|{item.identity}" for item in self.items)
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()

    def error_messages(self) -> list[str]:
        """Each error as "Line 7: ...", in input order."""
        return [f"{item.where}: {item.message}" for item in self.errors]


def _fold_index(places: Iterable[City]) -> dict[tuple[str, str], list[City]]:
    index: dict[tuple[str, str], list[City]] = {}
    for place in places:
        index.setdefault((gazetteer.fold(place.name), place.state), []).append(place)
    for matches in index.values():
        matches.sort(key=lambda p: (_KIND_ORDER.get(p.kind, 9), p.name, p.pk))
    return index


def _describe(entry: gazetteer.Entry) -> str:
    """``Burbank, CA (geonames:5331835, 105,319 people)``."""
    people = f", {entry.population:,} people" if entry.population else ""
    return f"{entry.label} ({entry.key}{people})"


def _resolve_line(text: str) -> tuple[gazetteer.Entry, str]:
    """The gazetteer entry a pasted line means, and a note (or "").

    Read by :func:`articles.gazetteer.resolve`, as the place form reads its
    "Find in the gazetteer" field (a key, ``"Texas (state)"``, ``"Place,
    ST"``, ``"Place, State name"``, ``"Place, ST [key]"``), a bare name
    meaning a city before a county or state. What is tracked plays no part,
    so a line means the same place whether or not a namesake is tracked.
    One rule more: of two namesake cities, the larger is taken when it has
    at least :data:`DOMINANT_RATIO` times the people of the next (Burbank,
    CA), and the note names the others.

    Raises:
        articles.gazetteer.GazetteerError: as ``resolve`` (its message
            lists the candidates with their keys when the name is ambiguous).
    """
    try:
        return gazetteer.resolve(text, kind=City.Kind.CITY), ""
    except gazetteer.GazetteerError as exc:
        cities = [c for c in exc.candidates if c.kind == "city"]
        if len(cities) >= 2 and len(cities) == len(exc.candidates):
            first, second = cities[0], cities[1]
            if second.population and first.population >= DOMINANT_RATIO * second.population:
                others = "; ".join(_describe(c) for c in cities[1:])
                return first, f"Taken as the larger namesake; also in the gazetteer: {others}."
        raise


def _not_in_gazetteer(text: str) -> tuple[str, str] | None:
    """``(name, state)`` when ``text`` is a well-formed "Place, ST" line that
    no gazetteer entry has (so only a place added by hand can be meant),
    else None."""
    try:
        name, state = gazetteer.parse_line(text)
    except gazetteer.PlaceLineError:
        return None
    return None if gazetteer.find(name, state) else (name, state)


def plan_places(
    *,
    inquiry: Inquiry,
    lines: str = "",
    states: Iterable[str] = (),
    min_population: int | None = None,
    from_inquiry: Inquiry | None = None,
    kinds: Iterable[str] = DEFAULT_STATE_KINDS,
) -> PlacesPlan:
    """Plan adding places to ``inquiry`` (reads only; see the module docstring).

    Args:
        inquiry: the inquiry that gets the responses (saved).
        lines: the pasted text, one "Place, ST" or gazetteer key a line;
            at most :data:`MAX_LINES` lines and :data:`MAX_PASTE_CHARS`
            characters (more is one error, nothing else is read).
        states: USPS codes whose tracked places are picked.
        min_population: with ``states``, also the gazetteer's cities of at
            least this many people (GeoNames) in them; None for none.
        from_inquiry: another inquiry whose places are picked.
        kinds: with ``states``, the kinds (``City.Kind`` values) of the
            tracked places picked there; default :data:`DEFAULT_STATE_KINDS`
            (cities and towns: not the state itself, nor its counties). The
            gazetteer's cities count as "city" or "town".

    Returns:
        A :class:`PlacesPlan`; its errors (never an exception) name the
        line, state or inquiry they come from: a line that is not "Place,
        ST", an unknown state or key, a place not in the gazetteer ("add it
        by hand first"), an ambiguous name (with the candidates), a line
        naming a place an earlier line named, a picked state with no place,
        more than :data:`MAX_PLACES` places.
    """
    items: list[PlanItem] = []
    lines = lines or ""
    raw_lines = lines.splitlines()
    if len(lines) > MAX_PASTE_CHARS or len(raw_lines) > MAX_LINES:
        items.append(
            PlanItem(
                origin="line",
                text="The list",
                action=ERROR,
                message=(
                    f"At most {MAX_LINES} lines and {MAX_PASTE_CHARS:,} characters in one step "
                    f"(this list has {len(raw_lines):,} lines, {len(lines):,} characters); "
                    "split it."
                ),
            )
        )
        raw_lines = []
    states = sorted({code.upper() for code in states})

    # Read every line first, so the tracked places are fetched in one query.
    # Each is (number, text, entry, note, by_hand): ``entry`` the gazetteer's
    # reading, or ``by_hand`` the (name, state) of a line the gazetteer does
    # not know, to be looked up among the tracked places.
    parsed: list[tuple[int, str, gazetteer.Entry | None, str, tuple[str, str] | None]] = []
    for number, raw in enumerate(raw_lines, start=1):
        text = " ".join(raw.split())
        if not text:
            continue
        if "\x00" in text:
            items.append(
                PlanItem("line", text, ERROR, number, message="The line holds a NUL character.")
            )
            continue
        try:
            entry, note = _resolve_line(text)
        except gazetteer.GazetteerError as exc:
            by_hand = _not_in_gazetteer(text)
            if by_hand is None:
                items.append(PlanItem("line", text, ERROR, number, message=str(exc)))
                continue
            parsed.append((number, text, None, "", by_hand))
            continue
        parsed.append((number, text, entry, note, None))

    wanted_states = set(states) | {
        entry.state if entry is not None else by_hand[1] for _, _, entry, _, by_hand in parsed
    }
    tracked = list(City.objects.filter(state__in=sorted(wanted_states)).order_by("name", "pk"))
    by_fold = _fold_index(tracked)
    by_key = {place.gazetteer_id: place for place in tracked if place.gazetteer_id}
    by_exact = {(place.name, place.state, place.kind): place for place in tracked}

    def from_entry(entry: gazetteer.Entry) -> City | None:
        """The tracked place of an entry: the one with its key, else one
        entered by hand (no key) under its name and state, of its kind (a
        GeoNames city may be tracked as a town). A namesake tracked with
        another key is another place, never this one."""
        if entry.key in by_key:
            return by_key[entry.key]
        kinds = {City.Kind.CITY, City.Kind.TOWN} if entry.kind == "city" else {entry.kind}
        for place in by_fold.get((gazetteer.fold(entry.name), entry.state), []):
            if not place.gazetteer_id and place.kind in kinds:
                return place
        return None

    def taken_by(entry: gazetteer.Entry) -> City | None:
        """A tracked namesake (another key) that keeps ``entry`` from being
        stored: one place of a kind and name per state (the model's
        ``city_unique_name_state_kind``)."""
        place = by_exact.get((entry.name, entry.state, entry.kind))
        return place if place is not None and place.gazetteer_id != entry.key else None

    suggested = 0
    line_items: list[PlanItem] = []
    for number, text, entry, note, by_hand in parsed:
        if entry is not None:
            place = from_entry(entry)
            if place is None and (other := taken_by(entry)) is not None:
                message = (
                    f"“{text}” is the gazetteer's {gazetteer.describe(entry)}, but a namesake "
                    f"is tracked as {other} ({other.gazetteer_id or 'entered by hand'}, "
                    f"“{other.slug}”) and two {entry.kind} places of one name may not share a "
                    "state: give that one's key to mean it, or rename it in Cities first."
                )
                line_items.append(PlanItem("line", text, ERROR, number, message=message))
                continue
            line_items.append(
                PlanItem("line", text, EXISTING if place else CREATE, number, place, entry, note)
            )
            continue
        name, state = by_hand
        matches = by_fold.get((gazetteer.fold(name), state), [])
        if matches:
            best = [m for m in matches if m.kind == matches[0].kind]
            if len(best) > 1:
                names = "; ".join(f"{m} (“{m.slug}”)" for m in best)
                line_items.append(
                    PlanItem(
                        "line",
                        text,
                        ERROR,
                        number,
                        message=f"“{text}” matches {len(best)} tracked places: {names}. "
                        "Rename one of them in Cities first.",
                    )
                )
                continue
            line_items.append(PlanItem("line", text, EXISTING, number, matches[0]))
            continue
        message = (
            f"“{name}, {state}” is not in the gazetteer (GeoNames places of "
            f"{gazetteer.MIN_POPULATION} people or more, Census counties, states) and is not "
            "tracked: add it by hand first (Cities → Add city), then preview again."
        )
        if suggested < MAX_SUGGESTED:
            suggested += 1
            close = gazetteer.suggest(f"{name[:4]}, {state}", limit=5)
            if close:
                message += " Near it: " + "; ".join(e.label for e in close) + "."
        line_items.append(PlanItem("line", text, ERROR, number, message=message))

    # A line naming a place an earlier line named is an error (a paste
    # mistake the editor should see); across origins, the first one wins.
    seen: dict[tuple[str, str], PlanItem] = {}
    for item in line_items:
        identity = item.identity
        if identity is not None and identity in seen:
            first = seen[identity]
            item.message = f"“{item.text}” repeats line {first.line} ({first.label}): remove one."
            item.action = ERROR
        elif identity is not None:
            seen[identity] = item
    # Two namesakes to create (Burbank, CA by name and the small one by
    # key) cannot both be stored: one place of a kind and name per state.
    creating: dict[tuple[str, str, str], PlanItem] = {}
    for item in line_items:
        if item.action != CREATE:
            continue
        same = (item.entry.name, item.entry.state, item.entry.kind)
        if same in creating:
            first = creating[same]
            item.message = (
                f"“{item.text}” is {gazetteer.describe(item.entry)}, a namesake of line "
                f"{first.line} ({first.key}): two {item.entry.kind} places of one name may not "
                "share a state; keep one."
            )
            item.action = ERROR
        else:
            creating[same] = item
    items.extend(line_items)
    items.sort(key=lambda item: item.line or 0)

    if from_inquiry is not None:
        picked = (
            City.objects.filter(responses__inquiry=from_inquiry)
            .order_by("name", "state")
            .distinct()
        )
        origin_text = f"From “{from_inquiry}”"
        count = 0
        for place in picked:
            count += 1
            identity = ("place", str(place.pk))
            if identity not in seen:
                item = PlanItem("inquiry", origin_text, EXISTING, None, place)
                seen[identity] = item
                items.append(item)
        if not count:
            items.append(
                PlanItem("inquiry", origin_text, ERROR, message="That inquiry has no places yet.")
            )

    if states:
        kinds = set(kinds)
        tracked_in = [
            place for place in tracked if place.state in set(states) and place.kind in kinds
        ]
        gazetteer_cities = (
            gazetteer.cities_in(states, min_population)
            if min_population and kinds & {City.Kind.CITY, City.Kind.TOWN}
            else []
        )
        for code in states:
            origin_text = f"State {code}"
            found = 0
            for place in tracked_in:
                if place.state != code:
                    continue
                found += 1
                identity = ("place", str(place.pk))
                if identity not in seen:
                    item = PlanItem("state", origin_text, EXISTING, None, place)
                    seen[identity] = item
                    items.append(item)
            for entry in gazetteer_cities:
                if entry.state != code:
                    continue
                found += 1
                place = from_entry(entry)
                identity = ("place", str(place.pk)) if place else ("entry", entry.key)
                if identity not in seen:
                    item = PlanItem(
                        "state", origin_text, EXISTING if place else CREATE, None, place, entry
                    )
                    seen[identity] = item
                    items.append(item)
            if not found:
                more = (
                    f"and no gazetteer city of {min_population:,} people or more"
                    if min_population
                    else "yet: give a population to add the gazetteer's cities there"
                )
                what = " or ".join(
                    str(label).lower() for value, label in City.Kind.choices if value in kinds
                )
                items.append(
                    PlanItem(
                        "state",
                        origin_text,
                        ERROR,
                        message=(
                            f"No place of the kinds picked ({what}) is tracked in "
                            f"{_STATE_NAMES.get(code, code)} {more}."
                        ),
                    )
                )

    on_inquiry = set(Response.objects.filter(inquiry=inquiry).values_list("city_id", flat=True))
    for item in items:
        if item.action == EXISTING and item.place.pk in on_inquiry:
            item.action = ON_INQUIRY
    plan = PlacesPlan(inquiry=inquiry, items=items)
    count = len(plan.to_add)
    if count > MAX_PLACES:
        items.append(
            PlanItem(
                "line",
                "The list",
                ERROR,
                message=f"{count:,} places to add; at most {MAX_PLACES} in one step: split it.",
            )
        )
    return plan


class PlanChanged(ValidationError):
    """The plan made on confirmation differs from the preview the editor
    saw (a place was added or tracked meanwhile, or the input changed);
    ``plan`` is the new one, to show again."""

    def __init__(self, plan: PlacesPlan):
        super().__init__(
            "Something changed since the preview (another editor added a place or a response, "
            "or the list was edited): check the new preview and confirm again.",
            code="plan_changed",
        )
        self.plan = plan
