"""How well the extractors do on a hand-labelled gold set (issue
"Wire-story ingestion", item 5).

The gold file (``tests/data/extraction-gold.jsonl``) has one story per
line: ``{"row": 7402 | "seed", "quotes": [{"text", "speaker"}], "cities":
[{"name", "state"}]}``, labelled by reading the stories (rules in
``tests/data/README-extraction-gold.md``). Texts are not copied into it:
``row`` names a row of the corpus CSV, ``"seed"`` the seed story.

Scores are micro-averaged over all stories:

- quote spans: a found quote is right when its text equals a gold
  quote's, once white space is collapsed and the punctuation and quote
  marks at either end are set aside (``laws,`` and ``laws`` are one span);
- speaker attribution: a found quote whose span is right and whose
  speaker is the gold speaker (same last word, or one name holds the
  other: ``Sessions`` is ``Jeff Sessions``); also given as the share of
  the right spans whose speaker is right;
- cities: distinct ``(name, state)`` per story, names folded as the
  gazetteer folds them and a trailing " City" dropped (``New York City``
  is ``New York``), of U.S. places of kind city with a state.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .. import gazetteer
from .extract import extract
from .reading import normalise

_ENDS = " \t\n,.;:!?\"'“”‘’"


def quote_key(text: str) -> str:
    """A quote's text for comparing spans (see the module docstring)."""
    return " ".join(text.split()).strip(_ENDS)


def _speaker_words(name: str) -> str:
    name = re.sub(r"[’']s?$", "", " ".join(name.casefold().split()))
    return re.sub(r"^(the|a|an) ", "", name)


def same_speaker(found: str, gold: str) -> bool:
    """True when ``found`` names the gold speaker (see the module docstring)."""
    found, gold = _speaker_words(found), _speaker_words(gold)
    if not found or not gold:
        return found == gold
    return found.split()[-1] == gold.split()[-1] or found in gold or gold in found


def city_key(name: str, state: str) -> tuple[str, str]:
    """``("new york", "NY")`` for New York City, NY."""
    folded = gazetteer.fold(name)
    return (re.sub(r" city$", "", folded) or folded, state.upper())


@dataclass
class Score:
    """Counts for precision, recall and F1."""

    right: int = 0
    found: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.right / self.found if self.found else 0.0

    @property
    def recall(self) -> float:
        return self.right / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Evaluation:
    """Scores over a gold set, and what each story got wrong."""

    stories: int = 0
    quotes: Score = field(default_factory=Score)
    speakers: Score = field(default_factory=Score)
    cities: Score = field(default_factory=Score)
    mistakes: list[str] = field(default_factory=list)

    @property
    def speaker_accuracy(self) -> float:
        """Right speakers among the right quote spans."""
        return self.speakers.right / self.quotes.right if self.quotes.right else 0.0

    def table(self) -> list[str]:
        """The scores as printed by ``evaluate_extraction``."""
        rows = [
            f"Gold stories: {self.stories}; gold quotes: {self.quotes.gold}; "
            f"gold cities: {self.cities.gold}",
            f"{'':<22}{'precision':>10}{'recall':>8}{'F1':>7}{'right':>7}{'found':>7}{'gold':>6}",
        ]
        for name, score in (
            ("quote spans", self.quotes),
            ("speaker attribution", self.speakers),
            ("cities", self.cities),
        ):
            rows.append(
                f"{name:<22}{score.precision:>10.3f}{score.recall:>8.3f}{score.f1:>7.3f}"
                f"{score.right:>7}{score.found:>7}{score.gold:>6}"
            )
        rows.append(
            f"Speakers right among the right quote spans: {self.speakers.right}/"
            f"{self.quotes.right} = {self.speaker_accuracy:.3f}"
        )
        return rows


def evaluate_story(text: str, gold: dict, into: Evaluation, label: str = "") -> None:
    """Score one story's extraction against its gold line, adding to ``into``."""
    text = normalise(text)
    found = extract(text)
    into.stories += 1
    gold_quotes = [(quote_key(q["text"]), q.get("speaker", "")) for q in gold.get("quotes", [])]
    unmatched = list(gold_quotes)
    into.quotes.gold += len(gold_quotes)
    into.speakers.gold += len(gold_quotes)
    for quote in found.quotes:
        key = quote_key(text[quote.start : quote.end])
        into.quotes.found += 1
        into.speakers.found += 1
        match = next((g for g in unmatched if g[0] == key), None)
        if match is None:
            into.mistakes.append(f"{label}: quote not in gold: “{key[:70]}” ({quote.speaker})")
            continue
        unmatched.remove(match)
        into.quotes.right += 1
        if same_speaker(quote.speaker, match[1]):
            into.speakers.right += 1
        else:
            into.mistakes.append(
                f"{label}: speaker “{quote.speaker}”, gold “{match[1]}”: “{key[:50]}”"
            )
    into.mistakes.extend(f"{label}: quote missed: “{key[:70]}” ({who})" for key, who in unmatched)
    gold_cities = {city_key(c["name"], c["state"]) for c in gold.get("cities", [])}
    found_cities = {
        city_key(place.name, place.state)
        for place in found.places
        if place.kind == "city" and place.state
    }
    into.cities.gold += len(gold_cities)
    into.cities.found += len(found_cities)
    into.cities.right += len(gold_cities & found_cities)
    into.mistakes.extend(
        f"{label}: city not in gold: {c}" for c in sorted(found_cities - gold_cities)
    )
    into.mistakes.extend(f"{label}: city missed: {c}" for c in sorted(gold_cities - found_cities))


def read_gold(path: Path) -> list[dict]:
    """The gold file's lines.

    Raises:
        ValueError: a line is not JSON or has no ``row`` (the message names
            the line).
    """
    lines = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path}, line {number}: not JSON ({exc.msg}).") from exc
        if "row" not in item:
            raise ValueError(f"{path}, line {number}: no “row”.")
        lines.append(item)
    return lines


def corpus_texts(path: Path, rows: Iterable[str]) -> dict[str, str]:
    """The texts of the corpus ``rows`` (``row`` column values as strings).

    Raises:
        ValueError: a row is not in the corpus.
    """
    wanted = set(rows)
    csv.field_size_limit(10_000_000)
    texts = {}
    with path.open(encoding="utf-8", newline="") as stream:
        for row in csv.DictReader(stream):
            if row["row"] in wanted:
                texts[row["row"]] = row["text"]
    missing = wanted - set(texts)
    if missing:
        raise ValueError(f"Rows not in {path}: {', '.join(sorted(missing))}.")
    return texts


def evaluate(gold: list[dict], *, corpus: Path, seed: Path) -> Evaluation:
    """Score the extractors on every gold story.

    Args:
        gold: :func:`read_gold`'s lines.
        corpus: the corpus CSV the rows come from.
        seed: the seed story's text file (``row`` ``"seed"``).

    Raises:
        ValueError: a row is not in the corpus; OSError: a file is missing.
    """
    texts = corpus_texts(corpus, [str(g["row"]) for g in gold if g["row"] != "seed"])
    result = Evaluation()
    for item in gold:
        row = str(item["row"])
        text = seed.read_text(encoding="utf-8") if row == "seed" else texts[row]
        evaluate_story(text, item, result, label=f"row {row}")
    return result
