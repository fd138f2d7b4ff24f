"""``manage.py rebuild_search_index``: build the search index again from
every record (after a bulk ``QuerySet.update()``, a data migration or a
restore that bypassed the save signals; :mod:`articles.search`)."""

from django.core.management.base import BaseCommand
from django.db import transaction

from articles.search import rebuild_index


class Command(BaseCommand):
    help = (
        "Rebuild the search index (/search/) from every claim, quote, source, person, city and "
        "inquiry, in one transaction: searches see the old index until the new one is complete."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            count = rebuild_index()
        self.stdout.write(self.style.SUCCESS(f"Search index rebuilt: {count} entries."))
