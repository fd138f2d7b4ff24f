"""Tasks scale out (issue "Scale and production", item 4): several task
workers share the database queue without running a task twice or sending
an alert twice.

How django-tasks-db hands out tasks (django_tasks_db 0.13,
``management/commands/db_worker.py``, ``Worker.run``): inside one
transaction a worker selects the oldest ready task with
``DBTaskResult.objects.ready().get_locked()``, which is
``select_for_update(skip_locked=True).first()`` (``models.py``): on
PostgreSQL ``SELECT ... FOR UPDATE SKIP LOCKED LIMIT 1``, so a second
worker skips the row the first holds instead of waiting for it; the
first then ``claim()``\\s it (status RUNNING, its worker id appended to
``worker_ids``) and commits before running it. A task is therefore run by
exactly one worker. The alerts inside a task are claimed one by one by
the unique (response, event, key) row of ``DeadlineAlert``
(:mod:`articles.alerts`), so two tasks judging the same instant at the
same time still send each alert once.

PostgreSQL only: SQLite has no row locks (Django drops ``SKIP LOCKED``
there) and django-tasks-db takes the whole database with ``BEGIN
EXCLUSIVE`` to claim a task, so two workers on SQLite are serialised by
the file lock and the test would show nothing about sharing a queue.
"""

import contextlib
import datetime
import threading
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.db import connection

from articles import alerts
from articles.models import DeadlineAlert

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite has no row locks: claims are serialised by BEGIN EXCLUSIVE (see docstring)",
)

NEW_YORK = ZoneInfo("America/New_York")
#: Aug. 16, 2017, 9:00 in New York: the seed's four open Justice Department
#: responses are due soon (due Aug. 18). Aug. 19: the four need a check.
AUG_16 = datetime.datetime(2017, 8, 16, 9, 0, tzinfo=NEW_YORK)
AUG_19 = datetime.datetime(2017, 8, 19, 9, 0, tzinfo=NEW_YORK)


@pytest.fixture
def database_queue(settings):
    """The database queue (django-tasks-db) instead of the suite's
    immediate backend; the backend handler is reset on both sides."""
    from django.tasks import task_backends

    def reset():
        task_backends.__dict__.pop("settings", None)
        with contextlib.suppress(AttributeError):
            delattr(task_backends._connections, "default")

    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    reset()
    yield
    reset()


def run_worker(worker_id: str, errors: list) -> None:
    """One ``db_worker`` loop in this thread (its own database connection),
    in batch mode: it stops once the queue has no ready task."""
    from django_tasks_db.management.commands.db_worker import Worker

    try:
        Worker(
            queue_names=["default"],
            excluded_queue_names=[],
            interval=0.01,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=worker_id,
        ).run()
    except Exception as exc:  # reported by the test's assertions
        errors.append(exc)
    finally:
        connection.close()


@pytest.mark.django_db(transaction=True)
def test_two_workers_share_the_queue_each_task_runs_once_each_alert_is_sent_once(
    seeded, database_queue, django_user_model, monkeypatch
):
    from django.tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    # A transactional test's flush removed the migration's groups.
    editors, _ = Group.objects.get_or_create(name="Editors")
    django_user_model.objects.create_user(username="ed", email="ed@example.org").groups.add(editors)

    # Six tasks, as cron and editors might pile them up: three judge Aug. 16
    # (4 due soon), three Aug. 19 (4 need a check): 8 alerts in all.
    enqueued = [
        alerts.check_deadlines.enqueue(at=at.isoformat())
        for at in (AUG_16, AUG_16, AUG_16, AUG_19, AUG_19, AUG_19)
    ]
    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).count() == 6

    # The first two tasks wait for each other: both workers must hold a task
    # at once (so they really share the queue, and two Aug. 16 runs race for
    # the same four alerts); a worker that could not get a second task
    # breaks the barrier and fails its task.
    barrier = threading.Barrier(2, timeout=30)
    calls: list[datetime.datetime | None] = []
    calls_lock = threading.Lock()
    real_run = alerts.deadline_alerts_send

    def counted_run(*, at=None):
        with calls_lock:
            calls.append(at)
            first_two = len(calls) <= 2
        if first_two:
            barrier.wait()
        return real_run(at=at)

    real_send = alerts.EmailMessage.send

    def slow_send(message, *args, **kwargs):
        threading.Event().wait(0.05)  # hold the alert's claim while the other worker tries
        return real_send(message, *args, **kwargs)

    monkeypatch.setattr(alerts, "deadline_alerts_send", counted_run)
    monkeypatch.setattr(alerts.EmailMessage, "send", slow_send)

    errors: list = []
    workers = [
        threading.Thread(target=run_worker, args=(name, errors))
        for name in ("worker-a", "worker-b")
    ]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in workers)
    assert errors == []

    # Each task ran once, by one worker, and succeeded; both workers ran some.
    assert len(calls) == 6
    results = {r.id: r for r in DBTaskResult.objects.all()}
    assert set(map(str, results)) == {str(t.id) for t in enqueued}
    assert [r.status for r in results.values()] == [TaskResultStatus.SUCCESSFUL] * 6, [
        r.traceback for r in results.values()
    ]
    assert all(len(r.worker_ids) == 1 for r in results.values())
    assert {r.worker_ids[0] for r in results.values()} == {"worker-a", "worker-b"}

    # Each alert was sent once: 8 rows, 8 emails, 8 distinct subjects; the
    # six runs together report 8 sent.
    assert DeadlineAlert.objects.count() == 8
    assert sorted(DeadlineAlert.objects.values_list("event", flat=True)) == (
        ["due_soon"] * 4 + ["needs_check"] * 4
    )
    assert len(mail.outbox) == 8
    assert len({m.subject for m in mail.outbox}) == 8
    assert sum(len(r.return_value["sent"]) for r in results.values()) == 8
    # The three Aug. 16 runs sent the four due-soon alerts between them.
    aug16 = [
        r.return_value for r in results.values() if r.return_value["at"].startswith("2017-08-16")
    ]
    assert len(aug16) == 3
    assert sum(len(run["sent"]) for run in aug16) == 4
