"""Direct quotes of speech and their speakers (issue "Wire-story
ingestion", item 2).

Rules (wire style, checked on the Reuters corpus; measured on the gold set
of tests/data, 41 stories: quote F1 0.975, speaker 0.975 of quotes found):

- A quote is the text between “ and ” (or straight " and "); single marks
  inside it (‘sanctuary’) are part of it; a line break inside one pair of
  marks does not end it. A quote left open at the end of a paragraph (the
  next paragraph reopens the marks) ends there.
- Its span drops the comma that stands for a full stop before the closing
  mark (``laws,” said Davis`` → ``laws``) and keeps . ? !
- Scare quotes and names are not speech: a term after "so-called",
  "dubbed", "known as", "sometimes called"...; one or two words inside a
  noun phrase (a “sanctuary” city); a title in capitals (“The
  Apprentice”); a fragment of fewer than four words that no verb in its
  own sentence attributes (pleaded guilty to “structuring”).
- The speaker, in order: the attribution right after the quote (``,” said
  X``, ``,” X said``, ``,” he said``, ``,” a spokesman, Brian Murray,
  said``, a round-up's ``.” - Name in a statement``); the subject of the
  last verb of saying before it in the same sentence (``X said the arrests
  are carried out “on a case-by-case basis.”``; with "adding", the
  subject of "said"; an apposition, a possessive ("Netanyahu’s office")
  or a person after "to"/"a senior" is not the subject); an attribution
  closing the sentence (``“...” on the bill, Mark Walker told Reuters.``);
  the speaker of the quote just before it when nothing intervenes (``“A,”
  he said. “B.”``); the person or subject of the sentence before
  (``Smith spoke on Tuesday. “We will win.”``). A pronoun is the person
  :mod:`.people` linked it to; "it" the organisation quoted just before.
- A name in an apposition right before the verb is the subject, not a
  name inside the description before it (``Another top Trump
  administration official, Treasury Secretary Steve Mnuchin, said``).
- A verb joined by "and" to the verb of a quote before it in the
  sentence has that quote's speaker (``called the comments “gross” and
  labeled him a “jerk.”``); "dubbed" attributes like "called" (a title
  or a term right after "dubbed" stays a term).
- An unnamed spokesperson ("a spokesman", "a State Department
  spokesman") is the one spokesperson the story names who fits every
  word of the description (``State Department spokesman John Kirby``);
  with none or several, the description as printed.
- A bare "he"/"she" attributing a quote right after another quote's
  sentence is that quote's speaker when the genders agree and the person
  the pronoun was linked to is not named in between (``“A,” said Clinton,
  who grew up a Methodist. “B,” she said``); a speaker of the other gender
  is never taken for the pronoun.
- A person is given by full name (the first full mention); anyone else by
  the description as printed ("a White House spokesman", "the Kremlin").
"""

from __future__ import annotations

import re

from .people import SAY_VERBS, TITLE_WORDS, gender_of, is_title, mentions_in
from .spans import PersonFound, QuoteFound, Sentence, sentence_at

#: Verbs that attribute a quote although they are not verbs of saying in
#: the strict sense (Trump called the deal “a disaster”).
_QUOTE_VERBS = (
    SAY_VERBS + "|called|calls|described|describes|labeled|labelled|branded|dubbed|condemned|"
    "denounced|hailed|praised|slammed|blasted|criticized|criticised|dismissed|accused|mocked|"
    "chanted|chanting|shouting|"
    "saying|adding|telling|writing|calling|describing|tweeting|warning|arguing|"
    "according to"
)
#: The verbs that attribute most surely, preferred when a sentence has several.
_STRONG_VERBS = re.compile(
    r"\b(?:said|says|told|tells|wrote|writes|added|adds|asked|according to|saying|adding|"
    r"telling|writing)\b"
)
_PHRASE_CHAR = (
    r"(?:[A-Z]\.(?:[A-Z]\.)*|(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Lt|Gen|Jr|St)\.|[^,.;:“”\"\n()])"
)
_PHRASE_STOP = (
    r"(?=\s*(?:[,.;:(]|$)|\s+(?:on|in|at|during|after|before|last|this|when|while|who|"
    r"adding|according|told|to|as|from|of the|referring|in an?|speaking|and|but)\b)"
)
_AFTER_VERB_FIRST = re.compile(
    rf"\s*,?\s*(?:{SAY_VERBS}|according to)\s+(?P<who>{_PHRASE_CHAR}{{1,100}}?){_PHRASE_STOP}"
)
_AFTER_SUBJECT_FIRST = re.compile(
    r"\s*,?\s*(?P<who>(?:[\w’'\-]+\s+|(?:[A-Z]\.){1,3}\s+|(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov)\.\s+){0,7}?[\w’'\-]+)"
    rf"(?:\s*,(?P<appo>[^,“”]{{1,80}}),)?\s+(?:also\s+|later\s+|then\s+|has\s+|had\s+|once\s+)?(?:{SAY_VERBS})\b"
)
_AFTER_DASH = re.compile(
    rf"[ \t]+[-–—][ \t]+(?P<who>{_PHRASE_CHAR}{{3,100}}?)(?=\s+(?:in an?|on|at|said)\b|[,.;:(]|\s*“|$)"
)
_SENTENCE_END_SAID = re.compile(
    r",\s+(?P<who>(?:[\w’'.\-]+\s+){0,7}?[\w’'.\-]+)\s+(?:also\s+)?"
    rf"(?:{SAY_VERBS})\b[^“”\"]*$"
)
_VERB_BEFORE = re.compile(rf"\b(?:{_QUOTE_VERBS})\b")
#: An unnamed spokesperson as printed: "a spokesman", "a White House
#: spokeswoman", "a spokesman for Ford".
_SPOKESPERSON = re.compile(
    r"(?:[Aa]n?|[Tt]he)\s+(?:[\w.’'\-]+\s+){0,4}?(?P<word>spokesman|spokeswoman|spokesperson)"
    r"(?:\s+(?:for|of)\s+(?:the\s+)?[\w.’'\- ]{1,60})?"
)
_SPOKES_IGNORED = frozenset(["a", "an", "the", "for", "of", "u.s.", "u.s"])
#: A second verb sharing the subject of the quote before it in the sentence.
_COORDINATED = re.compile(
    rf"[ \t,]*(?:and|but|then)\s+(?:also\s+|later\s+|then\s+)?(?:{_QUOTE_VERBS})\b"
)
_SCARE_BEFORE = re.compile(
    r"(?:(?:so-called|dubbed|nicknamed|known as|referred to as|termed|the term|the word|"
    r"the phrase|slogan|titled|entitled|hashtag|headline|banner|chants? of|called it the)"
    r"\s*[,:]?|(?:,|\b(?:is|are|was|were|be|been|being|sometimes|often|also|widely|commonly))"
    r"\s+called(?:\s+(?:the|a|an))?|(?:show|program|programme|book|film|movie|song|newspaper|operation))\s*$",
    re.IGNORECASE,
)
_GLOSS = re.compile(r",?\s+or\s+(?:the|a|an)\b")
_DETERMINERS = frozenset(
    [
        "a",
        "an",
        "the",
        "any",
        "no",
        "its",
        "their",
        "his",
        "her",
        "our",
        "your",
        "this",
        "that",
        "these",
        "those",
        "such",
        "every",
        "each",
        "some",
        "so-called",
    ]
)
_FUNCTION_AFTER = frozenset(
    [
        "and",
        "or",
        "but",
        "nor",
        "to",
        "that",
        "for",
        "in",
        "on",
        "of",
        "with",
        "as",
        "by",
        "from",
        "at",
        "which",
        "who",
        "whom",
        "whose",
        "is",
        "was",
        "are",
        "were",
        "be",
        "been",
        "has",
        "have",
        "had",
        "will",
        "would",
        "could",
        "should",
        "may",
        "might",
        "must",
        "can",
        "did",
        "do",
        "does",
        "than",
        "into",
        "about",
        "over",
        "after",
        "before",
        "while",
        "when",
        "if",
        "because",
        "said",
        "says",
        "told",
        "added",
        "between",
        "among",
        "against",
        "within",
    ]
)
_SMALL_WORDS = frozenset(
    ["a", "an", "the", "of", "and", "or", "in", "on", "at", "to", "for", "by", "with", "de", "la"]
)
_CLAUSE_BREAK = re.compile(
    r"[,;:“”]|\s-\s|\(Reuters\)|\b(?:and|but|that|while|when|who|which|where|whom|what)\b|"
    r"^(?:But|And|However|Meanwhile|Still|Yet|So)\b"
)
#: Time words that end a subject phrase but are not part of it.
_WHEN = re.compile(
    r"\s+(?:(?:on|last|this|next|earlier|late|early)\s+)?(?:week|month|year|Monday|Tuesday|"
    r"Wednesday|Thursday|Friday|Saturday|Sunday|day|night|morning|evening)$"
)
_SENTENCE_SUBJECT = re.compile(
    r"((?:The|A|An|Its|Their|His|Her|Some|Many|Most|[A-Z][\w’'.\-]*)(?:\s+[\w’'.\-]+){0,5}?)"
    r"\s+(?:who|which|that|want|wants|wanted|is|are|was|were|has|have|had|will|would|could|"
    r"should|can|may|must|did|do|does|said|says)\b"
)
_DETERMINED = re.compile(r"\b(?:[Aa]n?|[Tt]he)\s+(?:[a-z\-]+\s+){0,2}$")
_POSSESSED = re.compile(r"(?:’s|'s|’|')\s+[a-z]")
_OBJECT = re.compile(r"\b(?:to|for|of|by|with|against|about|on|at)\s+$")
_TRAILING_APPOSITION = re.compile(r",[^,“”]{3,120},\s*(?:(?:also|later|then|has|had)\s+)?$")
_ADVERBS = frozenset(["also", "later", "then", "has", "had", "have", "previously", "again", "once"])
_TOKENS = re.compile(r"\S+")
_BARE_SUBJECT = re.compile(r"([A-Z][\w’'\-]+(?: [A-Z][\w’'\-]+){0,3}) [a-z]+\b")
_WORDS = re.compile(r"[\w’'\-]+")
_PRONOUNS = frozenset(["he", "she"])
#: A clause between commas whose subject is a pronoun (", he has softened
#: that stance,"): not an apposition.
_PRONOUN_CLAUSE = re.compile(r",\s*(?:he|she)\s")
_NOT_SUBJECT = frozenset(["his", "her", "him", "hers", "himself", "herself"])
_RELATIVE = re.compile(r"\b(?:who|whom|whose|which|that)\b")
#: The end of a sentence (a paragraph break counts).
_SENTENCE_BREAK = re.compile(r"[.!?][”’\"]?\s|\n|\s\s")
_NEUTER = frozenset(["it", "they", "we", "i"])
_SUBJECT_STARTS = _PRONOUNS | _NEUTER | _DETERMINERS | {"one", "two", "three"}


def _pairs(text: str) -> list[tuple[int, int]]:
    """(opening mark, closing mark) offsets of every pair of double quote
    marks; a quote still open when the next one opens ends at its
    paragraph's end (the next line break or double space before it)."""
    pairs: list[tuple[int, int]] = []
    opened: int | None = None
    straight: int | None = None
    for match in re.finditer(r"[“”\"]", text):
        mark, at = match.group(), match.start()
        if mark == '"':
            if opened is not None:
                continue
            if straight is None:
                straight = at
            else:
                pairs.append((straight, at))
                straight = None
        elif mark == "“":
            if opened is not None:
                gap = text[opened:at]
                cut = max(gap.rfind("\n"), gap.rfind("  "))
                if cut > 0:
                    pairs.append((opened, opened + len(gap[:cut].rstrip())))
            opened = at
        elif opened is not None:
            pairs.append((opened, at))
            opened = None
    return pairs


def _inner(text: str, opening: int, closing: int) -> tuple[int, int]:
    """The quote's span: inside the marks, spaces and a final comma dropped."""
    start, end = opening + 1, closing
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    return start, end


def _is_title_case(words: list[str]) -> bool:
    return all(w[0].isupper() or w.casefold() in _SMALL_WORDS for w in words) and any(
        w[0].isupper() for w in words
    )


def _is_scare(text: str, opening: int, closing: int, words: list[str]) -> str:
    """ "term" for a term, label or title in marks rather than someone's
    words: after "so-called" and the like, a capitalised title, one or two
    words inside a noun phrase (``a “sanctuary” city``); "phrase" for three
    or four words inside one (``Trump’s “shoot from the hip” style``),
    speech only when a verb attributes it; "" otherwise."""
    before = text[max(0, opening - 40) : opening]
    if _SCARE_BEFORE.search(before) or _is_title_case(words):
        return "term"
    if len(words) <= 2 and _GLOSS.match(text, closing + 1):
        return "term"  # they have “standing,” or the ability to sue
    if len(words) > 4 or text[closing - 1] in ".?!,":
        return ""
    previous = before.split()[-1:] or [""]
    after = _WORDS.match(text, closing + 2) if text[closing + 1 : closing + 2] == " " else None
    determiner = previous[0].casefold() in _DETERMINERS or previous[0].endswith(("’s", "'s"))
    modifies = bool(
        after and after.group().islower() and after.group().casefold() not in _FUNCTION_AFTER
    )
    if not (modifies and (determiner or len(words) == 1)):
        return ""
    return "term" if len(words) <= 2 else "phrase"


class _Speakers:
    """Who said it: turns an attribution phrase into (speaker, span,
    person index) with the story's people."""

    def __init__(self, text: str, people: list[PersonFound]):
        self.text = text
        self.people = people
        #: The previous quote's speaker, for "it"/"they" and continuations.
        self.last: tuple[str, tuple[int, int], int | None] | None = None
        #: Where the previous quote closed (offset after its closing mark)
        #: and where the quote being attributed opens.
        self.last_end = self.opening = -1
        #: The gender ("f"/"m"; "n" for it/they/we) of an attribution that
        #: was a pronoun we could not link ("she said"), else "": then the
        #: words before the quote are not the speaker.
        self.unresolved = ""

    def subject_at(self, start: int, end: int) -> int | None:
        """The person mentioned last in ``start``..``end`` who is not the
        object of a preposition ("a former aide to Chris Christie") nor a
        possessive ("Netanyahu’s office said", "her campaign said": the
        office speaks) nor a pronoun that is never a subject (his, her,
        him)."""
        subjects = [
            index
            for s, e, index in mentions_in(self.people, start, end)
            if self.text[s:e].casefold() not in _NOT_SUBJECT
            and not _OBJECT.search(self.text, max(start, s - 8), s)
            and not _POSSESSED.match(self.text, e)
            and not _DETERMINED.search(self.text, max(start, s - 30), s)
        ]
        return subjects[-1] if subjects else None

    def of_phrase(self, start: int, end: int) -> tuple[str, tuple[int, int], int | None] | None:
        """The speaker named by ``text[start:end]``: a person found there
        (by full name, surname or a linked pronoun), else a person whose
        name ends the same way ("Graham"), else the phrase as printed; None
        for a pronoun that stands for nobody found."""
        index = self.subject_at(start, end)
        phrase = self.text[start:end].strip()
        if phrase.casefold() in _PRONOUNS and (same := self.same_speaker(phrase, index)):
            return same[0], (start, end), same[2]
        if index is not None:
            return self.people[index].name, (start, end), index
        words = phrase.split()
        if phrase.casefold() in _NEUTER and self.last and self.last[2] is None and self.last[0]:
            return self.last[0], (start, end), None  # "It said": the organisation quoted before
        if phrase.casefold() in _PRONOUNS | _NEUTER:
            self.unresolved = _pronoun_gender(phrase) if phrase.casefold() in _PRONOUNS else "n"
            return None  # nobody to stand for: look further
        if 0 < len(words) < 4 and all(w[0].isupper() for w in words):
            for index in range(len(self.people) - 1, -1, -1):
                if words[-1] in self.people[index].name.split():
                    return self.people[index].name, (start, end), index
        return phrase, (start, end), None

    def same_speaker(
        self, pronoun: str, linked: int | None
    ) -> tuple[str, tuple[int, int], int | None] | None:
        """The previous quote's speaker for the quote opening at
        ``self.opening`` whose attribution is a bare ``pronoun`` ("he" or
        "she": ``“A,” said Clinton, who grew up a Methodist. “B,” she
        said``), when no more than the previous quote's own sentence lies
        between the two, its speaker's gender agrees (:meth:`agrees`) and
        the person the pronoun was linked to (``linked``, an index into
        people, or None) is not named, outside quotes, between them; else
        None."""
        if self.last is None or not self.last[0] or self.last_end < 0:
            return None
        if len(_SENTENCE_BREAK.findall(self.text, self.last_end, self.opening)) > 1:
            return None  # a sentence between the two: the pronoun may be its subject's
        if not self.agrees(self.last, _pronoun_gender(pronoun)):
            return None
        index = self.last[2]
        if linked is not None and linked != index:
            between = mentions_in(self.people, self.last_end, self.opening)
            if any(
                i == linked and not _quoted(self.text[self.last_end : s]) for s, _, i in between
            ):
                return None  # "“A,” said Smith. Jones disagreed. “B,” he said."
        return self.last

    def agrees(self, who: tuple[str, tuple[int, int], int | None] | None, gender: str) -> bool:
        """True when the speaker ``who`` may be a "he" (``gender`` "m") or
        "she" ("f"): a person of that gender or of one not known, or a
        description of a person ("a spokesman"; "a spokeswoman" is no
        "he"), a name the story did not mark as a person; never an
        organisation described ("the Kremlin")."""
        if who is None or not who[0]:
            return False
        if who[2] is not None:
            return self.people[who[2]].gender in ("", gender)
        words = who[0].split()
        if all(word[0].isupper() for word in words):
            return gender_of("", who[0]) in ("", gender)  # a name: "Ruth Bader Ginsburg"
        if not any(word.casefold() in TITLE_WORDS for word in words):
            return False
        return gender_of(who[0], "") in ("", gender)

    def after(self, closing: int) -> tuple[str, tuple[int, int], int | None] | None:
        """Attribution right after the closing mark: ``,” said X``, ``,” X
        said``, ``,” a spokesman, Brian Murray, said``, a round-up's ``.” -
        Name in a statement``; no other unless the quote ends with a comma,
        ? or ! (wire style: ``laws,” said``), never after a full stop."""
        if match := _AFTER_DASH.match(self.text, closing + 1):
            return self.of_phrase(*match.span("who"))  # a round-up: “...” - Name in a statement
        if self.text[closing - 1] not in ",?!’'—-" and self.text[closing + 1 : closing + 2] != ",":
            return None  # “The Apprentice” said ...: a title, not an attribution
        if match := _AFTER_VERB_FIRST.match(self.text, closing + 1):
            return self.of_phrase(*match.span("who"))
        match = _AFTER_SUBJECT_FIRST.match(self.text, closing + 1)
        if match is None:
            return None
        first, last = match.group("who").split()[0], match.group("who").split()[-1]
        if first in _FUNCTION_AFTER or first.endswith("ing") or last in _FUNCTION_AFTER:
            return None  # “...” and asked, “...” declining to ask: not a subject
        bare = all(word[0].isupper() for word in match.group("who").split())
        if not bare and match.group("appo") and self.subject_at(*match.span("appo")) is not None:
            return self.of_phrase(*match.span("appo"))
        return self.of_phrase(*match.span("who"))

    def named_apposition(
        self, begin: int, start: int, end: int
    ) -> tuple[str, tuple[int, int], int | None] | None:
        """The person an apposition before the verb names (``begin``: the
        sentence's start): ``text[start:end]``
        is ``, Treasury Secretary Steve Mnuchin,`` (its commas included) and
        holds only a title (capitalised words or title words) then a
        person's name; that person is the subject, not a name inside the
        description before it ("Another top Trump administration official,
        Treasury Secretary Steve Mnuchin, said"). None for any other
        apposition ("Jadwat, a lawyer for Smith, said") and for one closing
        a relative clause, which names someone else."""
        found = mentions_in(self.people, start, end)
        clause = max(begin, self.text.rfind(",", begin, start) + 1)
        if not found or _RELATIVE.search(self.text, clause, start):
            return None  # "Trump, who ... by his predecessor, President Barack Obama, called"
        first, last, index = found[-1]
        if self.text[last:end].strip(" ,") not in _ADVERBS | {""}:
            return None  # the name does not end the apposition
        words = self.text[start:first].strip(" ,").split()
        if not all(word[0].isupper() or is_title(word) for word in words):
            return None  # "a lawyer for Senator Bob Smith"
        return self.people[index].name, (first, last), index

    def sentence_end(
        self, closing: int, end: int
    ) -> tuple[str, tuple[int, int], int | None] | None:
        """Attribution closing the sentence after the quote and more words:
        ``is “very close to signing off” on the bill, Representative Mark
        Walker told Reuters.`` (``end``: the sentence's end)."""
        match = _SENTENCE_END_SAID.search(self.text, closing + 1, end)
        return self.of_phrase(*match.span("who")) if match else None

    def before(self, begin: int, opening: int) -> tuple[str, tuple[int, int], int | None] | None:
        """The subject of the last verb of saying between ``begin`` (the
        sentence's start) and the opening mark."""
        verbs = list(_VERB_BEFORE.finditer(self.text, begin, opening))
        if not verbs:
            return None
        strong = [verb for verb in verbs if _STRONG_VERBS.fullmatch(verb.group())] or verbs
        verb = strong[-1]
        if verb.group().endswith("ing") and len(strong) > 1:
            verb = strong[-2]  # "X said, adding that “...”": the subject of "said"
        head = self.text[begin : verb.start()]
        if apposition := _TRAILING_APPOSITION.search(head):
            if named := self.named_apposition(begin, begin + apposition.start(), begin + len(head)):
                return named  # "Trump’s running mate, Mike Pence, said"
            head = head[: apposition.start()]  # "Jadwat, who argued the case, said"
        index = self.subject_at(begin, begin + len(head))
        if index is None and apposition and _PRONOUN_CLAUSE.match(self.text, begin + len(head)):
            head = self.text[
                begin : verb.start()
            ]  # "Since his election, he has softened it, saying"
            index = self.subject_at(begin, verb.start())
        if index is not None and not _quoted(head):
            return self.people[index].name, (begin, begin + len(head)), index
        cuts = [m.end() for m in _CLAUSE_BREAK.finditer(head)]
        tokens = list(_TOKENS.finditer(head, cuts[-1] if cuts else 0))[-8:]
        while tokens and tokens[-1].group().casefold() in _ADVERBS:
            tokens.pop()
        if tokens and tokens[-1].group().casefold() in _PRONOUNS:
            tokens = tokens[-1:]  # "whom Trump called on to resign after she called"
        if not tokens or (len(tokens) > 1 and tokens[-1].group() in {"they", "it"}):
            # "The demonstrators who sat ... and chanted", "rates they called":
            # the sentence's subject.
            if subject := _SENTENCE_SUBJECT.match(self.text, begin, verb.start()):
                return self.of_phrase(*subject.span(1))
            return None
        while len(tokens) > 1 and tokens[0].group() in _FUNCTION_AFTER:
            tokens.pop(0)  # "of Democratic presidential hopeful Hillary Clinton"
        start, end = begin + tokens[0].start(), begin + tokens[-1].end()
        if when := _WHEN.search(self.text, start, end):
            end = when.start() if when.start() > start else end
        return self.of_phrase(start, end)


def _pronoun_gender(pronoun: str) -> str:
    """ "f" for "she", "m" for "he"."""
    return "f" if pronoun.casefold() == "she" else "m"


def _quoted(head: str) -> bool:
    """True while ``head`` has an unclosed opening mark."""
    return head.count("“") > head.count("”")


def find_quotes(text: str, found: list[Sentence], people: list[PersonFound]) -> list[QuoteFound]:
    """Direct quotes of speech in ``text`` (normalised story text), in text
    order. ``found`` is :func:`~articles.ingest.spans.sentences` of
    ``text``; ``people`` is :func:`~articles.ingest.people.find_people` of
    it (``QuoteFound.person`` indexes it). Never raises."""
    speakers = _Speakers(text, people)
    quotes: list[QuoteFound] = []
    last_end, last_who = -1, None
    for opening, closing in _pairs(text):
        start, end = _inner(text, opening, closing)
        words = _WORDS.findall(text[start:end])
        if not words:
            continue
        sentence = sentence_at(found, opening)
        begin = sentence.start if sentence else opening
        speakers.unresolved, speakers.opening = "", opening
        who = speakers.after(closing)
        scare = _is_scare(text, opening, closing, words) if who is None else ""
        if scare == "term":
            continue
        if who is None and not speakers.unresolved:
            who = speakers.before(max(begin, last_end), opening)
            if who is None and last_end > begin and _COORDINATED.match(text, last_end):
                who = last_who  # called it “gross” and labeled him a “jerk.”
        if who is None and not speakers.unresolved:
            last = sentence_at(found, closing)
            who = speakers.sentence_end(closing, last.end) if last else None
        if scare and who is None:
            continue
        standalone = begin == opening and text[closing - 1] in ".?!" and words[0][0].isupper()
        short = len(words) < 4 and not standalone
        pronoun = speakers.unresolved in ("f", "m")
        if (
            who is None
            and last_who is not None
            and _continues(text, last_end, opening, begin)
            and (not pronoun or speakers.agrees(last_who, speakers.unresolved))
        ):
            who = last_who if last_end > begin or not short else None
        if short and (who is None or not who[0]):
            continue  # a fragment no verb in its sentence attributes: a term
        if who is None:
            who = _previous_sentence(speakers, found, begin)
            if pronoun and not speakers.agrees(who, speakers.unresolved):
                who = None  # “...,” he said: not the spokeswoman of the sentence before
        quote = QuoteFound(start, end)
        if who is not None:
            quote.speaker, quote.speaker_span, quote.person = who
        quotes.append(quote)
        last_end, last_who = closing + 1, who
        speakers.last, speakers.last_end = who, last_end
    for quote in quotes:
        if (
            quote.person is None
            and (index := _named_spokesperson(quote.speaker, people)) is not None
        ):
            quote.speaker, quote.person = people[index].name, index
    return quotes


def _named_spokesperson(description: str, people: list[PersonFound]) -> int | None:
    """The index in ``people`` of the one spokesperson the story names who
    fits ``description`` ("a spokesman", "a State Department spokesman":
    every other word of it is in the person's title or organisation; a
    spokeswoman is no "spokesman"), or None when none or several fit, or
    the description is no spokesperson's (wire style names the
    spokesperson once and may call them "a spokesman" elsewhere)."""
    match = _SPOKESPERSON.fullmatch(description)
    if match is None:
        return None
    word = match.group("word").casefold()
    wanted = {_fold(w) for w in description.split()} - _SPOKES_IGNORED - {word}
    fits = []
    for index, person in enumerate(people):
        title = (person.title.split() or [""])[-1].casefold()
        known = {_fold(w) for w in f"{person.title} {person.organization}".split()}
        if title.startswith("spokes") and word in (title, "spokesperson") and wanted <= known:
            fits.append(index)
    return fits[0] if len(fits) == 1 else None


def _fold(word: str) -> str:
    """A word folded for comparing, a possessive ending dropped."""
    return re.sub(r"(?:’s|'s|’|')$", "", word.casefold())


def _continues(text: str, last_end: int, opening: int, begin: int) -> bool:
    """True when this quote goes on from the previous one: only an
    attribution ends the sentence between them (``“A,” he said. “B.”``),
    or they share a sentence with no verb between (“unfair” and “highly
    unpopular.”)."""
    gap = text[last_end:opening]
    if last_end > begin:
        return len(gap) < 80 and not _VERB_BEFORE.search(gap)
    return len(gap) < 250 and gap.count(".") <= 1 and not _VERB_BEFORE.search(gap.split(".")[-1])


def _previous_sentence(
    speakers: _Speakers, found: list[Sentence], begin: int
) -> tuple[str, tuple[int, int], int | None] | None:
    """The person the sentence before ``begin`` is about (its first person
    mention outside quotes), for a quote standing alone."""
    earlier = [sentence for sentence in found if sentence.end <= begin]
    if not earlier:
        return None
    previous = earlier[-1]
    outside = [
        mention
        for mention in mentions_in(speakers.people, previous.start, previous.end)
        if not _quoted(speakers.text[previous.start : mention[0]])
    ]
    index = outside[0] if outside else None
    if index is None and (said := speakers.before(previous.start, previous.end)):
        return said  # "... the official added." then a quote standing alone
    if index is None:
        # "Smith spoke on Tuesday.": a capitalised subject nobody titled.
        match = _BARE_SUBJECT.match(speakers.text, previous.start, previous.end)
        if match and match.group(1).split()[0].casefold() not in _SUBJECT_STARTS:
            return match.group(1), match.span(1), None
        return None
    return speakers.people[index[2]].name, (index[0], index[1]), index[2]
