"""Response signals: what a story says about whether someone answered
(issue "Wire-story ingestion", item 2; the statuses of DESIGN.md,
"Response status").

Wire phrasing, checked on the Reuters corpus:

- pending: "did not (immediately) respond to requests for comment", "did
  not return calls", "could not be reached", "was not available for
  comment", "has not responded";
- declined: "declined to comment", "refused to comment", "would not
  comment", "had no comment";
- acknowledged: "will answer the department's questions", "will respond",
  "plans to respond";
- received: "said in a statement", "in a written statement".

The subject is the clause's subject as printed ("Representatives from the
other two police departments"; the commas around a state after its city
stay inside it: "A spokesman for the city of Stockton, California"), or
the person it names or a pronoun stands for (``people``). The place is
the one city of ``places`` printed inside the subject ("Officials in
Columbus, Ohio"), with its resolved state, or none when that city is
ambiguous; else the city the subject's words, or the person's title and
organisation, name ("the police chief of San Bernardino"): from
``places`` when the places extractor found it, else from the gazetteer
in a state the story names.
"""

from __future__ import annotations

import functools
import re

from ..choices import ResponseStatus
from .people import mentions_in
from .places import state_qualifier_end
from .spans import PersonFound, PlaceFound, Sentence, SignalFound, sentence_at

_SIGNALS = [
    (
        ResponseStatus.PENDING,
        r"(?:did|does|has|have|had) not (?:yet )?(?:immediately )?(?:respond(?:ed)?|repl(?:y|ied))"
        r"(?: to (?:an? |the |repeated |several |multiple )?(?:e-?mail(?:ed)? |written |phone )?"
        r"(?:requests?|messages?|inquir(?:y|ies)|questions?)(?: (?:for|seeking) comment)?)?"
        r"|(?:did|does|has|have|had) not (?:yet )?(?:immediately )?return(?:ed)? "
        r"(?:calls|messages|phone calls|e-?mails|a (?:call|message|request) for comment)"
        r"(?: (?:and|or) (?:e-?mails|messages|calls))?(?: seeking comment)?"
        r"|(?:could|can)(?:not| not) (?:immediately )?be reached(?: for comment)?"
        r"|(?:was|were|is|are) not (?:immediately )?available (?:for|to) comment",
    ),
    (
        ResponseStatus.DECLINED,
        r"(?:declined|refused|declines|refuses) to (?:comment|discuss|elaborate|respond)"
        r"|would not comment|had no (?:immediate )?comment",
    ),
    (
        ResponseStatus.ACKNOWLEDGED,
        r"(?:will|would|plans? to|intends? to|promised to) (?:answer|respond(?: to)?|reply(?: to)?)"
        r"(?: (?:the|its|his|her|their) [\w’'\- ]{0,40}?"
        r"(?:questions|questionnaire|letter|request|inquiry|subpoena)|(?=[.;,]|\s+(?:soon|shortly|"
        r"in due course|by)\b))",
    ),
    (ResponseStatus.RECEIVED, r"(?:said |says )?in an? (?:written |e-?mailed )?statement"),
]
_SIGNAL = re.compile(
    "|".join(f"(?P<{status.value}>\\b(?:{pattern})\\b)" for status, pattern in _SIGNALS)
)
_CLAUSE_BREAK = re.compile(r"[,;:“”]|\s-\s|\(Reuters\)|\b(?:and|but|while|although|because)\s")
_LEADING = re.compile(
    r"^(?:(?:he|she|it|they)?\s*(?:said|added|says)\s+)?(?:that\s+|which\s+|who\s+)?", re.I
)
#: What ends a clause's words but is not its subject: "has so far", "said it".
_TRAILING = re.compile(
    r"\s+(?:also|has|had|have|so far|yet|said|says|added|(?:said|says|added)\s+(?:that\s+)?"
    r"(?:it|he|she|they)|it|they)$",
    re.I,
)
_PRONOUN = re.compile(r"(?i)^(?:he|she)$")
_ORG_TAIL = re.compile(
    r"(?:\s+(?:Police|Fire|Sheriff’s|Sheriff|Department|Office|City|Council|Hall|Mayor|County))+$"
)
_NOT_CITIES = frozenset({"The", "A", "An", "U.S.", "President", "Police"})
_CAPITALISED = re.compile(r"[A-Z][\w.’'\-]*(?:\s+[A-Z][\w.’'\-]*)*")


def find_signals(
    text: str, found: list[Sentence], people: list[PersonFound], places: list[PlaceFound]
) -> list[SignalFound]:
    """Response signals in ``text`` (normalised story text), in text order.

    ``found`` is :func:`~articles.ingest.spans.sentences` of ``text``,
    ``people`` and ``places`` the other extractors' findings (indexes into
    ``people`` go in ``SignalFound.person``). ``status`` is a
    :class:`~articles.choices.ResponseStatus` value. Never raises."""
    signals: list[SignalFound] = []
    states: tuple[str, ...] | None = None
    city_ends = {p.end for p in places if p.kind == "city"}
    for match in _SIGNAL.finditer(text):
        status = match.lastgroup
        sentence = sentence_at(found, match.start())
        begin = sentence.start if sentence else 0
        cuts = _clause_breaks(text, begin, match.start(), city_ends)
        start = cuts[-1] if cuts else begin
        subject = text[start : match.start()]
        start += len(subject) - len(subject.lstrip())
        lead = _LEADING.match(text[start : match.start()])
        start += lead.end() if lead else 0
        subject = text[start : match.start()].rstrip(" ,")
        while (trimmed := _TRAILING.sub("", subject).rstrip(" ,")) != subject:
            subject = trimmed
        if status == ResponseStatus.RECEIVED and not subject:
            continue  # "in a statement" inside a clause of its own: nobody named
        end = start + len(subject)
        signal = SignalFound(match.start(), match.end(), status)
        person = _person_in(people, start, end, at_end=not match.group().startswith("in "))
        if person is None and (not subject or _PRONOUN.match(subject)) and sentence:
            person = _person_in(people, sentence.start, match.start())
        if person is not None:
            subject = people[person].name
        signal.person = person
        if subject:
            signal.subject, signal.subject_span = subject, (start, end)
        where = [subject]
        if person is not None:  # the title and organisation, not the name
            where = [people[person].title, people[person].organization]
        inside = [p for p in places if p.kind == "city" and start <= p.start and p.end <= end]
        if len(inside) == 1 and person is None:  # Officials in Columbus, Ohio
            signal.place = (inside[0].name, inside[0].state) if inside[0].state else None
        else:
            if states is None:
                states = _states_named(text)
            signal.place = _place(states, places, " ".join(where))
        signals.append(signal)
    return signals


def _clause_breaks(text: str, begin: int, end: int, city_ends: set[int]) -> list[int]:
    """Offsets in ``text[begin:end]`` just after each clause break (a
    comma, semicolon, quotation mark, dash or conjunction), leaving out the
    commas around a state printed after a city the places extractor found
    (``city_ends``: the offsets where those cities end; AP style: ``A
    spokesman for the city of Stockton, California, said``): those are
    inside the subject."""
    breaks: list[int] = []
    inside_until = -1
    for found in _CLAUSE_BREAK.finditer(text, begin, end):
        if found.start() <= inside_until:
            continue  # the comma closing ", California,"
        if found.group() == "," and found.start() in city_ends:
            qualifier = state_qualifier_end(text, found.start())
            if qualifier > 0:
                closing = len(text[qualifier:end]) - len(text[qualifier:end].lstrip())
                inside_until = qualifier + closing
                continue
        breaks.append(found.end())
    return breaks


def _person_in(
    people: list[PersonFound], start: int, end: int, *, at_end: bool = False
) -> int | None:
    """The person first mentioned (by name or pronoun) within
    ``start``..``end``; with ``at_end``, only one whose mention ends the
    span (the subject "Brexit minister David Davis", not "Representatives
    of Trump")."""
    found = [m for m in mentions_in(people, start, end) if not at_end or end - m[1] <= 1]
    return found[0][2] if found else None


def _place(states: tuple[str, ...], places: list[PlaceFound], words: str) -> tuple[str, str] | None:
    """The city named in ``words`` (a subject, a title, an organisation) as
    (name, USPS code): a place the places extractor found whose name is in
    them, else a gazetteer city in exactly one of ``states`` (the USPS
    codes of the states the story names)."""
    for place in places:
        if (
            place.state
            and place.kind == "city"
            and re.search(rf"\b{re.escape(place.name)}\b", words)
        ):
            return place.name, place.state
    if not states:
        return None
    from .. import gazetteer  # noqa: PLC0415 (1.5 s to load: only when needed)

    for run in _CAPITALISED.finditer(words):
        name = _ORG_TAIL.sub("", run.group())
        if name in _NOT_CITIES:
            continue
        found = {s for s in states if gazetteer.find(name, s, kind="city")}
        if len(found) == 1:
            return name, found.pop()
    return None


@functools.cache
def _state_names() -> tuple[re.Pattern, dict[str, str]]:
    """One pattern matching every U.S. state's name, and name → USPS code."""
    from ..choices import US_STATES  # noqa: PLC0415

    codes = {name: code for code, name in US_STATES}
    names = sorted(codes, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(map(re.escape, names)) + r")\b"), codes


def _states_named(text: str) -> tuple[str, ...]:
    """USPS codes of the states ``text`` names in full ("California")."""
    pattern, codes = _state_names()
    return tuple(dict.fromkeys(codes[m.group()] for m in pattern.finditer(text)))
