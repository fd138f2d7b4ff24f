"""``manage.py evaluate_extraction``: precision, recall and F1 of the
extractors on the hand-labelled gold set (issue "Wire-story ingestion",
item 5; :mod:`articles.ingest.evaluation`)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from articles.ingest.evaluation import evaluate, read_gold

SHARED = Path(settings.BASE_DIR).parent / "shared"


class Command(BaseCommand):
    help = (
        "Score the story extractors (quote spans, speaker attribution, U.S. cities) on the "
        "hand-labelled gold file. Targets: quote F1 >= 0.9, speakers right for >= 0.9 of the "
        "quotes found, city F1 >= 0.9."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--gold",
            default=str(Path(settings.BASE_DIR) / "tests" / "data" / "extraction-gold.jsonl"),
            help="The gold file (JSON Lines).",
        )
        parser.add_argument(
            "--corpus",
            default=str(SHARED / "corpus" / "reuters-2016-2017.csv"),
            help="The corpus CSV the gold rows come from.",
        )
        parser.add_argument(
            "--seed",
            default=str(SHARED / "seed" / "reuters-2017-08-03-sanctuary-cities.txt"),
            help="The seed story (gold row “seed”).",
        )
        parser.add_argument(
            "--mistakes", action="store_true", help="Also list every quote, speaker and city wrong."
        )

    def handle(self, *args, gold, corpus, seed, mistakes, **options):
        try:
            result = evaluate(read_gold(Path(gold)), corpus=Path(corpus), seed=Path(seed))
        except (OSError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        if mistakes:
            for line in result.mistakes:
                self.stdout.write(line)
        for line in result.table():
            self.stdout.write(line)
