"""``manage.py import_articles CSV``: many wire stories in the corpus
format (``title``, ``text``, ``subject``, ``date``), one task per story
(issue "Wire-story ingestion", item 4).

By default each story is enqueued on the ``TASKS`` backend
(:func:`articles.ingest.tasks.import_story`), so several workers
(``manage.py db_worker``) share the corpus, and the command waits for them
with a progress bar; ``--now`` imports in this process instead, and
``--no-wait`` only enqueues. Each story is one transaction. Stories
already imported (same normalised text) are skipped before they are
enqueued, so an interrupted run is resumed by running it again. Rows are
read and enqueued a window at a time: memory does not grow with the number
of stories. The summary counts stories, suggestions by kind and errors;
the exit status is 1 when a story could not be imported (each is listed).
"""

import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.tasks import TaskResultStatus
from tqdm import tqdm

from articles.ingest import corpus, reading, tasks
from articles.management.commands.import_article import user_named
from articles.models import Source

#: Seconds with no task finished before the command says no worker seems
#: to be running.
NO_WORKER_AFTER = 30


class Command(BaseCommand):
    help = (
        "Import a CSV of wire stories (columns title, text, subject, date; e.g. "
        "../shared/corpus/reuters-2016-2017.csv) as sources with draft suggestions. One task "
        "per story on the TASKS queue (workers: manage.py db_worker), or --now in this "
        "process. Stories already imported are skipped, so running it again resumes."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The CSV file (UTF-8).")
        parser.add_argument(
            "--now", action="store_true", help="Import in this process, not through the task queue."
        )
        parser.add_argument(
            "--no-wait",
            action="store_true",
            help="Enqueue the stories and exit; workers import them.",
        )
        parser.add_argument(
            "--limit", type=int, default=0, help="Import at most this many stories (0: all)."
        )
        parser.add_argument(
            "--window",
            type=int,
            default=100,
            help="Stories read and enqueued at a time (default 100).",
        )
        parser.add_argument("--user", help="Username recorded in the history; default: the system.")

    def handle(self, *args, path, now, no_wait, limit, window, user, **options):
        if window < 1 or limit < 0:
            raise CommandError("--window must be 1 or more and --limit 0 or more.")
        acting_user = user_named(user)
        self.user_id = acting_user.pk if acting_user else None
        self.now, self.no_wait = now, no_wait
        self.summary = corpus.RunSummary()
        self.enqueued = 0
        self.bar = None
        started = time.monotonic()
        try:
            with Path(path).open(encoding="utf-8", newline="") as stream:
                stories = corpus.read_corpus(stream)
                total = None if limit else self._count_rows(path)
                self.bar = self._progress_bar(limit or total)
                batch: list[corpus.Story] = []
                for story in stories:
                    batch.append(story)
                    if limit and self.summary.stories + len(batch) >= limit:
                        break
                    if len(batch) >= window:
                        self._run(batch)
                        batch = []
                self._run(batch)
        except KeyboardInterrupt:
            # Ctrl-C: what is done is kept (one transaction per story); say
            # so instead of a traceback (newcomer's report).
            if self.bar is not None:
                self.bar.close()
            waiting = (
                ""
                if self.now
                else (" Stories already enqueued may still be imported by the workers.")
            )
            raise CommandError(
                f"Interrupted after {self.summary.stories} stories "
                f"({self.summary.imported} imported).{waiting} Run the same command again to "
                "resume: imported stories are skipped.",
                returncode=130,
            ) from None
        except OSError as exc:
            raise CommandError(f"{path}: {exc.strerror or exc}; nothing was imported.") from exc
        except corpus.CorpusError as exc:
            raise CommandError(f"{exc} Nothing was imported.") from exc
        if self.bar is not None:
            self.bar.close()
        self._report(time.monotonic() - started)

    def _count_rows(self, path: str) -> int | None:
        """Stories in the file (for the bar's total), read once more; None
        when it cannot be counted."""
        try:
            with Path(path).open(encoding="utf-8", newline="") as stream:
                return sum(1 for _ in corpus.read_corpus(stream))
        except (OSError, corpus.CorpusError):
            return None

    def _run(self, batch: list["corpus.Story"]) -> None:
        """Import one window: skip stories already stored (one query), then
        import or enqueue the rest and, unless --no-wait, wait for them."""
        if not batch:
            return
        digests = {reading.text_digest(story.text) for story in batch}
        present = set(
            Source.objects.filter(text_sha256__in=digests).values_list("text_sha256", flat=True)
        )
        pending = []
        for story in batch:
            self.summary.undated += bool(story.date_text) and story.published_on is None
            if reading.text_digest(story.text) in present:
                self._done({"label": story.label, "created": False})
                continue
            kwargs = {
                "text": story.text,
                "title": story.title,
                "published_on": story.published_on.isoformat() if story.published_on else None,
                "label": story.label,
                "user_id": self.user_id,
            }
            if self.now:
                self._done(tasks.import_one(**kwargs))
                continue
            result = tasks.import_story.enqueue(**kwargs)
            self.enqueued += 1
            pending.append((story.label, result))
        if not self.no_wait:
            self._wait(pending)
        elif self.bar is not None:
            self.bar.update(len(pending))

    def _wait(self, pending: list) -> None:
        """Poll the window's task results until each has finished."""
        quiet_since = time.monotonic()
        warned = False
        while pending:
            still = []
            for label, result in pending:
                if result.status not in (TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED):
                    result.refresh()
                if result.status == TaskResultStatus.SUCCESSFUL:
                    self._done(result.return_value)
                elif result.status == TaskResultStatus.FAILED:
                    error = (
                        result.errors[-1].traceback.strip().splitlines()[-1]
                        if result.errors
                        else "failed"
                    )
                    self._done({"label": label, "error": error})
                else:
                    still.append((label, result))
            if len(still) < len(pending):
                quiet_since = time.monotonic()
            elif not warned and time.monotonic() - quiet_since > NO_WORKER_AFTER:
                warned = True
                self.stderr.write(
                    f"No story has finished for {NO_WORKER_AFTER} s: is a worker running "
                    "(manage.py db_worker)? Or import here with --now."
                )
            pending = still
            if pending:
                time.sleep(0.2)

    def _done(self, outcome: dict) -> None:
        self.summary.add(outcome)
        if outcome.get("error"):
            self.stderr.write(f"{outcome.get('label')}: {outcome['error']}")
        if self.bar is not None:
            self.bar.update(1)

    def _progress_bar(self, total: int | None):
        """A tqdm bar on stderr when it is a terminal; none otherwise."""
        stream = getattr(self.stderr, "_out", sys.stderr)
        if not getattr(stream, "isatty", lambda: False)():
            return None
        return tqdm(total=total, unit="story", file=stream, desc="Importing")

    def _report(self, seconds: float) -> None:
        summary = self.summary
        for line in summary.lines():
            self.stdout.write(line)
        rate = summary.stories / seconds if seconds else 0.0
        if self.no_wait and not self.now:
            self.stdout.write(
                f"Enqueued {self.enqueued} stories; workers import them (manage.py db_worker)."
            )
        self.stdout.write(f"{seconds:.1f} s ({rate:.1f} stories/s).")
        if summary.failed:
            raise CommandError(
                f"{summary.failed} stor{'y was' if summary.failed == 1 else 'ies were'} not imported "
                "(listed above); the others were. Fix them and run again: imported stories are skipped."
            )
