"""``manage.py restore PATH [--yes]``: replace the site's database with a
backup made by ``manage.py backup`` (:mod:`articles.backup`; ``make
restore FILE=...``)."""

import os

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from articles import backup, freshness

#: Values of the RESTORE_CONFIRM environment variable that stand for --yes.
CONFIRM_VALUES = {"1", "yes", "true"}


class Command(BaseCommand):
    help = (
        "Restore the database from a backup (pg_restore --clean --if-exists --no-owner in one "
        "transaction, or SQLite's online backup API). Replacing a database that has tables "
        "needs --yes (or RESTORE_CONFIRM=yes). Stop the app servers and task workers first."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="a file written by manage.py backup")
        parser.add_argument(
            "--yes",
            action="store_true",
            help="replace a database that already has tables (RESTORE_CONFIRM=yes)",
        )
        parser.add_argument(
            "--database", default=DEFAULT_DB_ALIAS, help="database alias (default: default)"
        )

    def handle(self, *args, path, yes=False, database=DEFAULT_DB_ALIAS, **options):
        connection = connections[database]
        settings_dict = connection.settings_dict
        try:
            backup.check_backup(settings_dict=settings_dict, path=path)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        confirmed = yes or os.environ.get("RESTORE_CONFIRM", "").strip().lower() in CONFIRM_VALUES
        with connection.cursor():
            tables = connection.introspection.table_names()
        if tables and not confirmed:
            raise CommandError(
                f"The database {settings_dict['NAME']} is not empty ({len(tables)} tables): restoring "
                f"{path} replaces everything in it. Run again with --yes (or RESTORE_CONFIRM=yes)."
            )
        connection.close()
        try:
            backup.restore(settings_dict=settings_dict, path=path)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        # Cached pages and counts describe the data before the restore.
        freshness.bump()
        self.stdout.write(self.style.SUCCESS(f"Restored {settings_dict['NAME']} from {path}."))
