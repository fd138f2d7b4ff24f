"""``manage.py check_deadlines``: deadline alerts, for cron (issue "The
editors' desk", item 5; :mod:`articles.alerts`).

By default it enqueues the :func:`articles.alerts.check_deadlines` task on
the backend ``settings.TASKS`` names (the database queue: a worker,
``manage.py db_worker``, sends the mail; the immediate backend runs it at
once and this command prints what it sent). ``--now`` runs it in this
process instead. ``--at`` judges deadlines at another instant (ISO 8601
with its offset, or a date: midnight in the newsroom's zone), e.g. to
replay a missed night; it needs ``--now`` and sends real email, as a run
at that instant would.

Exit status: 0 when the task was enqueued or ran; 1 when an email could
not be sent (the others were sent; the failed ones are retried next run),
the task failed, or ``--at`` is not an aware ISO 8601 instant or a date,
or is given without ``--now``. Alerts
nobody could receive (no assigned editor, nobody in the Editors group with
an address) are warned about on stderr and retried next run; they do not
fail the run.

After enqueuing on the database queue it warns (stderr) when earlier
alerts tasks have waited over 5 minutes with no worker taking them.

Example crontab line (every 15 minutes, quiet unless something is wrong)::

    */15 * * * * cd /srv/tracker && .venv/bin/python manage.py check_deadlines --now -v 0
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count, Min
from django.tasks import TaskResultStatus

from articles import alerts, clock

#: An alerts task still waiting this long after it was enqueued means no
#: worker is taking tasks from the database queue (a worker polls every
#: second; cron enqueues every 15 minutes).
WAITING_TOO_LONG = datetime.timedelta(minutes=5)


def alerts_tasks_waiting(
    *, backend_alias: str, older_than: datetime.timedelta = WAITING_TOO_LONG
) -> tuple[int, datetime.datetime | None]:
    """How many deadline-alert tasks on the database queue ``backend_alias``
    are still ready to run (no worker took them) although enqueued more
    than ``older_than`` ago, and when the oldest was enqueued (aware UTC,
    or None when there are none). One query.

    Newcomer's report on issue 9: the worker ``make run`` starts died
    ("database is locked" during a long import) and the tasks this command
    enqueued piled up unseen.
    """
    from django_tasks_db.models import DBTaskResult  # only with that backend

    waiting = (
        DBTaskResult.objects.ready()
        .filter(
            backend_name=backend_alias,
            task_path=alerts.check_deadlines.module_path,
            enqueued_at__lt=clock.now() - older_than,
        )
        .aggregate(count=Count("id"), oldest=Min("enqueued_at"))
    )
    return waiting["count"], waiting["oldest"]


class Command(BaseCommand):
    help = (
        "Send the deadline alerts due now (due within 3 days, overdue, needs a check), "
        "each once: enqueue the task (default) or run it here (--now)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--now",
            action="store_true",
            help="Run the alerts in this process instead of enqueuing the task.",
        )
        parser.add_argument(
            "--at",
            default="",
            metavar="INSTANT",
            help="Judge deadlines at this instant, ISO 8601 with its offset "
            "(e.g. 2017-08-19T12:00:00+00:00), or a date (2017-08-19: midnight in the "
            "newsroom's zone, NEWSROOM_TIME_ZONE). For tests and to catch up a missed run: "
            "needs --now, and SENDS REAL EMAIL (to the assigned editors, through EMAIL_URL) "
            "for every alert due then and not sent yet. Default: when the alerts run.",
        )

    def handle(self, *args, now: bool, at: str, **options):
        if at and not now:
            raise CommandError(
                "--at needs --now: judging another instant is for tests and catching up "
                "a missed run, in this process; it sends real email."
            )
        try:
            instant = alerts.parse_instant(at)
        except ValueError as exc:
            raise CommandError(f"--at: {exc}") from exc
        if now:
            run = alerts.deadline_alerts_send(at=instant)
            self._report(run.as_dict(), options["verbosity"])
            if run.failed:
                raise CommandError(f"Some alerts were not sent: {run.summary()}.")
            return
        result = alerts.check_deadlines.enqueue(at=instant.isoformat() if instant else None)
        if result.status == TaskResultStatus.SUCCESSFUL:  # an immediate backend ran it
            self._report(result.return_value, options["verbosity"])
        elif result.status == TaskResultStatus.FAILED:
            error = result.errors[-1].traceback.strip().splitlines()[-1] if result.errors else ""
            raise CommandError(f"The deadline alerts task failed: {error}")
        else:
            if options["verbosity"] >= 1:
                self.stdout.write(
                    f"Enqueued the deadline alerts (task {result.id} on the “{result.backend}” "
                    "backend); a worker sends them (manage.py db_worker)."
                )
            self._warn_if_no_worker(result.backend)

    def _warn_if_no_worker(self, backend_alias: str) -> None:
        """On stderr (cron mails it), also at verbosity 0: earlier alerts
        tasks on the database queue that no worker has taken for
        :data:`WAITING_TOO_LONG`. Other backends (RQ, Celery) are not
        looked at."""
        from django.tasks import task_backends

        try:
            from django_tasks_db.backend import DatabaseBackend
        except ImportError:  # pragma: no cover - the package is a requirement
            return
        if not isinstance(task_backends[backend_alias], DatabaseBackend):
            return
        count, oldest = alerts_tasks_waiting(backend_alias=backend_alias)
        if count:
            minutes = int(WAITING_TOO_LONG.total_seconds() // 60)
            self.stderr.write(
                f"Warning: {count} earlier deadline-alert task{'' if count == 1 else 's'} "
                f"(the oldest enqueued {oldest.astimezone(datetime.UTC):%Y-%m-%d %H:%M} UTC) "
                f"{'has' if count == 1 else 'have'} waited over {minutes} minutes for a "
                "worker: is `manage.py db_worker` running? (`make run` restarts its own; "
                "in production run it under a supervisor.) Or run the alerts here: "
                "check_deadlines --now."
            )

    def _report(self, data: dict, verbosity: int) -> None:
        """Print each alert sent and the summary (verbosity 1+). Alerts
        skipped for want of a recipient and those that failed are counted
        in the summary; :mod:`articles.alerts` logs each one (a warning, on
        stderr: cron mails it), also at verbosity 0."""
        if verbosity >= 1:
            for item in data["sent"]:
                self.stdout.write(
                    f"Sent {item['what']} (key {item['key']}) to {', '.join(item['recipients'])}"
                )
            self.stdout.write(data["summary"])
