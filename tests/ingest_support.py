"""A hand-made extraction of the seed story (Reuters, Aug. 3, 2017), so the
ingestion services and admin are tested without depending on the
extractors' quality: every span below is located in the article's own text
by the words the article prints."""

import datetime

from articles import gazetteer
from articles.ingest import reading
from articles.ingest.spans import (
    Dateline,
    Extraction,
    PersonFound,
    PlaceFound,
    QuoteFound,
    SignalFound,
)
from articles.seed import article_text

SEED_DATE = datetime.date(2017, 8, 3)

DAVIS_QUOTE = "Baltimore is a welcoming city.\nWe do not enforce federal immigration laws,"
SESSIONS_QUOTE = "Cities and states with so-called ‘sanctuary’ policies make all of us less safe,"
YONG_YOW_QUOTE = "on a case-by-case basis."
ANSWER = "he will answer the department’s questions"
NO_REPLY = "did not immediately respond to requests for comment"


def seed_text() -> str:
    """The seed story as an import stores it (normalised)."""
    return reading.normalise(article_text())


def span(text: str, words: str, after: str = "") -> tuple[int, int]:
    """``(start, end)`` of ``words`` in ``text`` (first found after ``after``)."""
    start = text.index(words, text.index(after) if after else 0)
    return start, start + len(words)


def key(name: str, state: str) -> str:
    """The gazetteer key of the city ``name, state``."""
    return gazetteer.find(name, state, "city")[0].key


def seed_extraction(text: str) -> Extraction:
    """What a perfect extractor finds in the seed story (a subset: three
    places, one ambiguous; three people; three quotes; two signals)."""
    dash = text.index(" - ")
    washington = span(text, "WASHINGTON")
    people = [
        PersonFound(*span(text, "Jeff Sessions"), name="Jeff Sessions", title="Attorney General"),
        PersonFound(
            *span(text, "Kevin Davis"),
            name="Kevin Davis",
            title="Police Commissioner",
            organization="Baltimore Police",
        ),
        PersonFound(
            *span(text, "Rachael Yong Yow"),
            name="Rachael Yong Yow",
            title="spokeswoman",
            organization="ICE",
        ),
    ]
    return Extraction(
        dateline=Dateline(
            text=text[:dash],
            end=dash + 3,
            places=(("WASHINGTON", *washington), ("NEW YORK", *span(text, "NEW YORK"))),
            publisher="Reuters",
        ),
        places=[
            # "WASHINGTON" alone: the capital or the state (left with its candidates).
            PlaceFound(
                *washington,
                name="Washington",
                candidates=(key("Washington", "DC"), "usps:WA"),
                dateline=True,
            ),
            PlaceFound(
                *span(text, "Stockton"), name="Stockton", state="CA", key=key("Stockton", "CA")
            ),
            PlaceFound(
                *span(text, "San Bernardino"),
                name="San Bernardino",
                state="CA",
                key=key("San Bernardino", "CA"),
            ),
        ],
        people=people,
        quotes=[
            QuoteFound(*span(text, SESSIONS_QUOTE), speaker="Sessions", person=0),
            QuoteFound(*span(text, DAVIS_QUOTE), speaker="Kevin Davis", person=1),
            QuoteFound(*span(text, YONG_YOW_QUOTE), speaker="Rachael Yong Yow", person=2),
        ],
        signals=[
            SignalFound(
                *span(text, ANSWER),
                status="acknowledged",
                subject="Jarrod Burguan",
                place=("San Bernardino", "CA"),
            ),
            SignalFound(
                *span(text, NO_REPLY),
                status="pending",
                subject="Representatives from the other two police departments",
            ),
        ],
    )
