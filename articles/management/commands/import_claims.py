"""``manage.py import_claims PATH``: a fact-check archive as published
claims (issue 9, item 8). The work is :mod:`articles.archive`'s."""

import sys

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from tqdm import tqdm

from articles.archive import ArchiveRefused, archive_import, read_archive_file
from articles.management.commands.import_article import user_named

#: Row errors printed before "... and N more".
SHOWN_ERRORS = 50


class Command(BaseCommand):
    help = (
        "Import a PolitiFact archive CSV (the columns of shared/corpus/liar-statements.csv: "
        "ID, Label, Statement, Subject, Speaker, Speaker Job, State, Party Aff, Context) as "
        "claims rated on the “PolitiFact Truth-O-Meter” scale (pants-fire 0 to true 5), each "
        "cited to a source holding the statement, and published. Speakers become people keyed "
        "politifact:<slug>; their names are derived from the slug (ted-cruz -> Ted Cruz), "
        "their home state from the State column. A speaker named as exactly one person already tracked (with no external id; case ignored) is that person: it gets the key, and a blank home state or party is filled; with several such people a new one is created and reported. Rows whose ID is already imported are left "
        "as they are, so running it twice creates nothing new. Every row is checked first: "
        "with any row error nothing is imported (rows are numbered as in a spreadsheet, the "
        "header being row 1), unless --skip-invalid-rows. The corpus files are research "
        "samples (shared/corpus/README.md: use them locally and in tests, do not publish them "
        "on a public page): on a public site import your own licensed archive, or use --drafts."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The CSV file (UTF-8).")
        parser.add_argument(
            "--skip-invalid-rows",
            action="store_true",
            help=(
                "Import the valid rows and list the invalid ones as skipped, instead of "
                "importing nothing. Still one transaction."
            ),
        )
        parser.add_argument(
            "--drafts",
            action="store_true",
            help="Leave new claims as drafts for an editor to review, instead of publishing them.",
        )
        parser.add_argument(
            "--user",
            help=(
                "Username recorded in the history (needs the editors' permissions); "
                "default: the system."
            ),
        )

    def handle(self, *args, path, skip_invalid_rows, drafts, user, **options):
        acting_user = user_named(user)
        try:
            read = read_archive_file(path)
        except ArchiveRefused as exc:
            raise CommandError(f"{exc} Nothing was imported.") from exc
        for error in read.errors[:SHOWN_ERRORS]:
            self.stderr.write(str(error))
        if len(read.errors) > SHOWN_ERRORS:
            self.stderr.write(f"... and {len(read.errors) - SHOWN_ERRORS} more errors.")
        if read.errors and not skip_invalid_rows:
            raise CommandError(
                f"{read.rows_with_errors} of {read.records} rows have errors (listed above); "
                "nothing was imported. Fix them, or run again with --skip-invalid-rows to "
                "import the other rows."
            )
        progress = self._progress_bar(len(read.rows))
        try:
            result = archive_import(
                rows=read.rows,
                acting_user=acting_user,
                publish=not drafts,
                progress=progress,
                defer_search_index=True,
            )
        except (ValidationError, PermissionDenied) as exc:
            messages = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
            raise CommandError(
                f"Import stopped, nothing was imported: {'; '.join(messages)}"
            ) from exc
        except DatabaseError as exc:
            # E.g. SQLite's "database is locked": the transaction is rolled back.
            raise CommandError(
                f"Import stopped by the database, nothing was imported: {exc}"
            ) from exc
        result.skipped = read.rows_with_errors
        for speaker, person in result.people_matched:
            self.stdout.write(f"Speaker “{speaker}” is the person already tracked as “{person}”.")
        for speaker, slugs in result.people_ambiguous:
            self.stderr.write(
                f"Speaker “{speaker}”: several people share the name ({', '.join(slugs)}); "
                "created a new person: merge or tell them apart in the admin."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Claims: {result.created} created, {result.present} already present; "
                f"people: {result.people_created} created; rows skipped for errors: "
                f"{result.skipped}; {result.seconds:.1f} s."
            )
        )

    def _progress_bar(self, total: int):
        """A tqdm bar on stderr when it is a terminal; none otherwise
        (logs, CI, tests)."""
        stream = getattr(self.stderr, "_out", sys.stderr)
        if not getattr(stream, "isatty", lambda: False)():
            return None
        return lambda rows: tqdm(rows, total=total, unit="row", file=stream, desc="Importing")
