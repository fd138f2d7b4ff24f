"""``manage.py load_seed``: load the seed story (idempotent)."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from articles.seed import load_seed


class Command(BaseCommand):
    help = (
        "Load the Reuters article of Aug. 3, 2017 as the tracker's seed: four cities, two "
        "inquiries with a response per city, four cited claims. Rows already present are left as they are, so running it again changes nothing."
    )

    def handle(self, *args, **options):
        try:
            result = load_seed(acting_user=None)
        except ValidationError as exc:
            raise CommandError(
                f"Seed not loaded, nothing changed: {'; '.join(exc.messages)}"
            ) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Seed loaded: {result.created} created, {result.unchanged} already present "
                f"(left as they are), {result.linked} source lists set."
            )
        )
