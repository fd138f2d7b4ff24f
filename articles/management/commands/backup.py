"""``manage.py backup [PATH]``: a backup of the site's database
(:mod:`articles.backup`; ``make backup``)."""

import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from articles import backup


class Command(BaseCommand):
    help = (
        "Back up the database: PostgreSQL with pg_dump --format=custom, SQLite with its online "
        "backup API. Without PATH, writes backups/tracker-<UTC timestamp>.<dump|sqlite3>. "
        "Uploaded media is not included (README, Backups)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", help="file to write (refused if it exists)")
        parser.add_argument(
            "--database", default=DEFAULT_DB_ALIAS, help="database alias (default: default)"
        )

    def handle(self, *args, path=None, database=DEFAULT_DB_ALIAS, **options):
        settings_dict = connections[database].settings_dict
        try:
            if path is None:
                stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
                path = (
                    Path(settings.BASE_DIR)
                    / "backups"
                    / backup.default_filename(settings_dict, stamp)
                )
            written = backup.backup(settings_dict=settings_dict, path=Path(path))
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        size = written.stat().st_size
        self.stdout.write(self.style.SUCCESS(f"Backup written: {written} ({size:,} bytes)."))
