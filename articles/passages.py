"""Cited passages: a quote shown inside its sentence (DESIGN.md, "Public
pages": "third-party articles are cited (the passage with its sentence and
a link), not reprinted").

Part of the core; pure functions on strings, no queries. Sentences are found
with a small rule that fits news copy: a sentence ends at a line break, or
at ``.``, ``?`` or ``!`` (with any closing quotation marks or brackets)
followed by a space and a capital letter or an opening quotation mark, but
not after an initial or a listed abbreviation ("U.S. Immigration", "Gen.
Kelly"). "Aug. 18" and "U.S. cities" do not end a sentence, as the next
word does not start with a capital.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass

#: Characters of context kept on each side of a quote at most, so that a
#: long paragraph without a full stop is still cited, not reprinted.
CONTEXT_LIMIT = 300

#: Abbreviations after which a full stop does not end a sentence (AP style
#: titles and months). Initials ("U.S.", "J.") are caught by their single letter.
ABBREVIATIONS = frozenset(
    {
        "Mr", "Mrs", "Ms", "Dr", "Gov", "Gen", "Lt", "Col", "Sgt", "Capt", "Rep",
        "Sen", "Rev", "Hon", "Prof", "Sr", "Jr", "St", "Ave", "Blvd", "Mt",
        "Jan", "Feb", "Aug", "Sept", "Oct", "Nov", "Dec", "Inc", "Corp", "Co", "Ltd",
        "Dept", "vs",
    }
)  # fmt: skip

# A candidate end: terminal punctuation, closing quotes or brackets, spaces,
# then a capital letter or an opening quotation mark.
_END = re.compile(r"[.?!][\"”’)\]]*(?P<space>[ \t]+)(?=[A-Z“‘\"(])")
_WORD_BEFORE = re.compile(r"([A-Za-z]+)$")


@dataclass(frozen=True)
class Passage:
    """A quote and the rest of its sentence(s), ready to print with the
    quote marked.

    Attributes:
        before: text of the sentence before the quote ("" at its start);
            begins with "… " when cut at :data:`CONTEXT_LIMIT`.
        quote: the quote, verbatim.
        after: text of the sentence after the quote; ends with " …" when cut.
        in_context: False when the quote was not found in the text (a source
            without text): ``before`` and ``after`` are then empty.
    """

    before: str
    quote: str
    after: str
    in_context: bool


def _ends_sentence(text: str, match: re.Match) -> bool:
    """Whether the candidate end ``match`` really ends a sentence."""
    if text[match.start()] != ".":
        return True
    word = _WORD_BEFORE.search(text, 0, match.start())
    if word is None:
        return True
    token = word.group(1)
    return not (len(token) == 1 or token in ABBREVIATIONS)


def sentence_bounds(text: str) -> list[int]:
    """Offsets in ``text`` where a sentence starts, in order, starting with 0.

    A line break always starts a new sentence (news copy puts each
    paragraph on its own line)."""
    starts = {0}
    for match in re.finditer(r"\n+", text):
        starts.add(match.end())
    for match in _END.finditer(text):
        if _ends_sentence(text, match):
            starts.add(match.end("space"))
    return sorted(starts)


def _cut_left(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    tail = text[-limit:]
    space = tail.find(" ")
    return "… " + (tail[space + 1 :] if 0 <= space < limit // 2 else tail)


def _cut_right(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    head = text[:limit]
    space = head.rfind(" ")
    return (head[:space] if space > limit // 2 else head) + " …"


def passage_of(text: str, quote: str, *, limit: int = CONTEXT_LIMIT) -> Passage:
    """The sentence(s) of ``text`` holding the first occurrence of ``quote``.

    Args:
        text: a source's full text (may be empty).
        quote: a citation's quote, verbatim.
        limit: at most this many characters of context on each side.

    Returns:
        A :class:`Passage`. For Sessions's quote in the seed article, "Cities
        and states with so-called ‘sanctuary’ policies make all of us less
        safe": ``before`` is "“" and ``after`` is ",” Sessions said." When
        ``quote`` is not in ``text`` (or is empty): the quote alone,
        ``in_context=False``.
    """
    index = text.find(quote) if quote else -1
    if index < 0:
        return Passage(before="", quote=quote, after="", in_context=False)
    end = index + len(quote)
    starts = sentence_bounds(text)
    start = max(s for s in starts if s <= index)
    following = [s for s in starts if s >= end]
    stop = following[0] if following else len(text)
    before = text[start:index]
    after = text[end:stop].rstrip()
    return Passage(
        before=_cut_left(before, limit),
        quote=quote,
        after=_cut_right(after, limit),
        in_context=True,
    )


def in_text_order[T](text: str, citations: Iterable[T]) -> list[T]:
    """``citations`` (objects with a ``quote``) in the order their quotes
    first appear in ``text``, as a reader of the source meets them; quotes
    not found come last, in their given order."""
    items = list(citations)

    def position(item) -> int:
        index = text.find(item.quote) if item.quote else -1
        return index if index >= 0 else len(text) + 1

    return sorted(items, key=position)
