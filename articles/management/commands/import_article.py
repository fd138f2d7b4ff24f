"""``manage.py import_article PATH`` (or ``-`` for standard input): one
wire story, plain text or HTML, becomes a Source and draft suggestions for
editors to review (issue "Wire-story ingestion", item 1). The work is
:mod:`articles.ingest`'s; the admin's "Import article" page calls the same
services."""

import datetime
import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from articles.ingest import reading
from articles.ingest.services import counts_words, story_import


def user_named(username: str | None):
    """The user recorded in the history, or None (the system).

    Raises:
        CommandError: no such user.
    """
    if not username:
        return None
    try:
        return get_user_model()._default_manager.get_by_natural_key(username)
    except get_user_model().DoesNotExist as exc:
        raise CommandError(f"No user “{username}”; nothing was imported.") from exc


class Command(BaseCommand):
    help = (
        "Import one wire story (a plain-text or HTML file, or - for standard input) as a "
        "source with draft suggestions (places, people, quotes, response signals) for "
        "editors to review in the admin. The same story imported twice creates nothing new. "
        "Stories over INGEST_MAX_CHARS characters (default 100,000) are refused."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The story's file, or - to read standard input.")
        parser.add_argument(
            "--title", default="", help="Headline (default: the HTML title, or the first sentence)."
        )
        parser.add_argument("--url", default="", help="Where the story was published.")
        parser.add_argument("--date", default="", help="Publication date, YYYY-MM-DD.")
        parser.add_argument("--user", help="Username recorded in the history; default: the system.")

    def handle(self, *args, path, title, url, date, user, **options):
        acting_user = user_named(user)
        try:
            published_on = datetime.date.fromisoformat(date) if date else None
        except ValueError as exc:
            raise CommandError(f"--date: “{date}” is not a date as YYYY-MM-DD.") from exc
        try:
            data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
        except OSError as exc:
            raise CommandError(f"{path}: {exc.strerror or exc}; nothing was imported.") from exc
        try:
            read = reading.read_story(data, name="" if path == "-" else path)
            result = story_import(
                text=read.text,
                title=title or read.title,
                url=url,
                published_on=published_on,
                acting_user=acting_user,
            )
        except reading.StoryError as exc:
            raise CommandError(f"{exc} Nothing was imported.") from exc
        except ValidationError as exc:
            raise CommandError(f"{'; '.join(exc.messages)} Nothing was imported.") from exc
        except PermissionDenied as exc:
            raise CommandError(f"{exc} Nothing was imported.") from exc
        source = result.source
        if not result.created:
            self.stdout.write(
                f"Already imported as source {source.pk} (“{source}”); nothing new was created."
            )
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported “{source}” as source {source.pk}: {counts_words(result.counts)}; "
                "waiting for review in the admin (Suggestions)."
            )
        )
