"""Deadline alerts (issue "The editors' desk", item 5).

A task, :func:`check_deadlines`, finds the responses an editor should hear
about at an instant, and emails each one once per event:

* **due soon** (``DeadlineAlert.Event.DUE_SOON``): pending or acknowledged,
  due within ``settings.DEADLINE_ALERT_DAYS`` (3) calendar days in the
  deadline's zone (:meth:`ResponseQuerySet.due_within`); key: ``due_on``;
* **overdue**: past due, status confirmed after the due day
  (:meth:`ResponseQuerySet.overdue`); key: ``due_on``;
* **needs a check**: past due, status last confirmed on or before the due
  day (:meth:`ResponseQuerySet.needs_check`); key: the stale ``as_of``, so
  a confirmation that goes stale again is a new event.

The rules are those of :mod:`articles.deadlines`, through the QuerySets;
nothing is re-derived here.

**Which inquiries.** Only published ones (``Response.objects.published()``):
a draft or an inquiry in review may still change its dates and places, so
an alert about it could be about a deadline that never was; a retracted one
is withdrawn. An editor who wants alerts publishes the inquiry.

**Who gets it.** The response's assigned editor (``Response.assigned_to``)
when active with an email address; otherwise every active member of the
Editors group (:data:`articles.roles.EDITORS`) with an address. Nobody: the
alert is skipped, reported, and *not* recorded, so the next run tries again
once someone can receive it.

**Exactly once, with several workers.** Each alert is claimed before it is
sent: one transaction inserts its :class:`~articles.models.DeadlineAlert`
row, relying on the unique constraint on (response, event, key), then sends
the email, then commits. A second worker inserting the same row waits for
the first transaction (PostgreSQL's unique index; SQLite's write lock, the
settings' IMMEDIATE transactions) and then gets ``IntegrityError``: it
counts the alert as already sent and moves on. If sending fails, the
exception rolls the transaction back, the row is gone, the run reports the
failure, and the next run retries it. The one gap is a crash *between* a
successful send and the commit (the mail left, the row did not): that
alert would go out a second time; we prefer a rare repeat to a lost alert.
On SQLite the write lock is held while the mail is handed to the mail
server, which blocks other writers for that long (at most the SMTP
timeout); PostgreSQL locks only the one index entry.

One email per alert (not a digest), so that the record, the claim and the
email are the same unit. ``DeadlineAlert`` keeps no separate history: the
row *is* the record of what was sent, when and to whom, written by the
system.
"""

import datetime
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import IntegrityError, models, transaction
from django.db.models import Exists, OuterRef
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import dateformat

from . import clock, deadlines
from .formats import ap_date, zone_words
from .models import DeadlineAlert, Response
from .roles import EDITORS

logger = logging.getLogger(__name__)

Event = DeadlineAlert.Event

#: The subject's first words, by event.
SUBJECT_PREFIX: dict[str, str] = {
    Event.DUE_SOON: "Due soon",
    Event.OVERDUE: "Overdue",
    Event.NEEDS_CHECK: "Needs a check",
}

#: The longest inquiry title a subject carries before it is cut with "…".
SUBJECT_TITLE_CHARS = 80


class DeadlineAlertsFailed(Exception):
    """Some alerts could not be sent (the task's result is then FAILED);
    their records were rolled back, so the next run retries them."""


@dataclass(frozen=True)
class Alert:
    """One (response, event, key) a run considers."""

    response: Response
    event: str
    key: datetime.date

    @property
    def ident(self) -> tuple[int, str, datetime.date]:
        """``(response id, event, key)``, as the unique constraint sees it."""
        return (self.response.pk, self.event, self.key)

    def describe(self) -> str:
        """``"overdue: Stockton Police Department — Justice Department’s …"``."""
        return f"{self.event}: {_who(self.response)} — {self.response.inquiry.title}"


@dataclass
class AlertRun:
    """What one run did. ``sent``: (alert, recipients) pairs; ``already_sent``:
    how many alerts due at ``at`` were recorded before (by an earlier run
    or, during this one, by another worker); ``skipped``: alerts nobody
    could receive; ``failed``: (alert, error message) for alerts whose
    email could not be sent."""

    at: datetime.datetime
    sent: list[tuple[Alert, list[str]]] = field(default_factory=list)
    already_sent: int = 0
    skipped: list[Alert] = field(default_factory=list)
    failed: list[tuple[Alert, str]] = field(default_factory=list)

    def summary(self) -> str:
        """``"3 alerts sent, 0 already sent"``, plus skipped and failed
        counts when there are any."""
        sent = len(self.sent)
        text = f"{sent} alert{'' if sent == 1 else 's'} sent, {self.already_sent} already sent"
        if self.skipped:
            text += f", {len(self.skipped)} skipped (no recipient)"
        if self.failed:
            text += f", {len(self.failed)} failed"
        return text

    def as_dict(self) -> dict:
        """The run as JSON-ready data (the task's return value)."""

        def ident(alert: Alert) -> dict:
            response_id, event, key = alert.ident
            return {
                "response": response_id,
                "event": event,
                "key": key.isoformat(),
                "what": alert.describe(),
            }

        return {
            "at": self.at.isoformat(),
            "sent": [{**ident(a), "recipients": to} for a, to in self.sent],
            "already_sent": self.already_sent,
            "skipped": [ident(a) for a in self.skipped],
            "failed": [{**ident(a), "error": error} for a, error in self.failed],
            "summary": self.summary(),
        }


def _who(response: Response) -> str:
    """The body answering (``"Stockton Police Department"``), else the place."""
    return str(response.organization or response.city)


def _one_line(text: str) -> str:
    """``text`` with every run of whitespace (line breaks included, which
    a mail header may not hold) made one space."""
    return " ".join(str(text).split())


#: Where each event's key comes from, as a lookup from the response.
KEY_FIELD: dict[str, str] = {
    Event.DUE_SOON: "inquiry__due_on",
    Event.OVERDUE: "inquiry__due_on",
    Event.NEEDS_CHECK: "as_of",
}


def _event_querysets(at: datetime.datetime) -> dict[str, models.QuerySet]:
    """Responses to published inquiries in each event's state at ``at``."""
    responses = Response.objects.published()
    return {
        Event.DUE_SOON: responses.due_within(settings.DEADLINE_ALERT_DAYS, at),
        Event.OVERDUE: responses.overdue(at),
        Event.NEEDS_CHECK: responses.needs_check(at),
    }


def _recorded(event: str) -> Exists:
    """Whether the alert for (the outer response, ``event``, its key) is recorded."""
    return Exists(
        DeadlineAlert.objects.filter(
            response=OuterRef("pk"), event=event, key=OuterRef(KEY_FIELD[event])
        )
    )


def alert_candidates(*, at: datetime.datetime) -> list[Alert]:
    """The alerts due at ``at`` (aware) and not yet recorded, in deadline
    order: due soon, then overdue, then needs a check.

    Three queries (one per event) on responses to published inquiries,
    each with its inquiry, place, organization and assigned editor joined;
    what is recorded is left out in the same query (``NOT EXISTS``), so a
    run that finds everything sent loads no rows.

    Raises:
        ValueError: ``at`` is naive.
    """
    alerts = []
    for event, queryset in _event_querysets(at).items():
        rows = (
            queryset.filter(~_recorded(event))
            .with_related()
            .select_related("assigned_to")
            .order_by(*deadlines.deadline_order(), "city__name", "pk")
        )
        field_name = KEY_FIELD[event]
        for response in rows:
            key = response.inquiry.due_on if field_name == "inquiry__due_on" else response.as_of
            alerts.append(Alert(response=response, event=event, key=key))
    return alerts


def already_sent_count(*, at: datetime.datetime) -> int:
    """How many alerts due at ``at`` (aware) are recorded: one count
    query per event."""
    return sum(
        queryset.filter(_recorded(event)).count()
        for event, queryset in _event_querysets(at).items()
    )


def editors_group_emails() -> list[str]:
    """Addresses of the active members of the Editors group, sorted, each once."""
    return list(
        get_user_model()
        .objects.filter(groups__name=EDITORS, is_active=True)
        .exclude(email="")
        .order_by("email")
        .values_list("email", flat=True)
        .distinct()
    )


def assigned_email(response: Response) -> str:
    """The assigned editor's address, or "" when nobody is assigned or the
    editor is inactive or has no address (the alert then goes to the group)."""
    user = response.assigned_to
    if user is not None and user.is_active and user.email:
        return user.email
    return ""


def recipients_for(response: Response, editors: list[str]) -> list[str]:
    """The assigned editor's address when active and set, else ``editors``
    (the Editors group's addresses; may be empty: nobody to tell)."""
    email = assigned_email(response)
    return [email] if email else list(editors)


def admin_url(response: Response) -> str:
    """The response's admin change page, absolute when ``settings.SITE_URL``
    is set (``https://tracker.example.org/admin/articles/response/7/change/``),
    else the path alone."""
    path = reverse("admin:articles_response_change", args=[response.pk])
    base = (getattr(settings, "SITE_URL", "") or "").rstrip("/")
    return f"{base}{path}"


def alert_message(alert: Alert, *, recipients: list[str], at: datetime.datetime) -> EmailMessage:
    """The plain-text email for ``alert``.

    Subject: ``"Overdue: Stockton Police Department — Justice Department’s
    questions on …"``. The body gives the deadline in the inquiry's own zone
    (the due day ends at midnight there: DESIGN.md, "Response status and
    deadlines"), the status and its "as of" date, and the admin link
    (a bare path when ``settings.SITE_URL`` is unset: the body says so).
    """
    response, inquiry = alert.response, alert.response.inquiry
    title = _one_line(inquiry.title)
    if len(title) > SUBJECT_TITLE_CHARS:
        title = title[: SUBJECT_TITLE_CHARS - 1].rstrip() + "…"
    subject = f"{SUBJECT_PREFIX[alert.event]}: {_one_line(_who(response))} — {title}"

    tz = deadlines.zone(inquiry.due_timezone)
    last_second = inquiry.deadline.astimezone(tz) - datetime.timedelta(seconds=1)
    local_today = at.astimezone(tz).date()
    context = {
        "event": alert.event,
        "response": response,
        "inquiry": inquiry,
        "who": _who(response),
        "place": str(response.city),
        "status": response.get_status_display(),
        "as_of": ap_date(response.as_of),
        "due_on": ap_date(inquiry.due_on),
        "deadline_local": f"{ap_date(last_second)}, {dateformat.format(last_second, 'P T')}",
        "zone": f"{zone_words(inquiry.due_timezone)}, {inquiry.due_timezone}",
        "days_left": (inquiry.due_on - local_today).days,
        "days_past": response.days_outstanding_at(at),
        "assigned_to": response.assigned_to,
        "to_group": not assigned_email(response),
        "admin_url": admin_url(response),
        # Without SITE_URL the link is a bare path: the email says so.
        "admin_url_is_path": admin_url(response).startswith("/"),
        "days_ahead": settings.DEADLINE_ALERT_DAYS,
    }
    body = render_to_string("articles/email/deadline_alert.txt", context)
    return EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=recipients,
        # RFC 3834: a machine wrote this; auto-responders should not answer.
        headers={"Auto-Submitted": "auto-generated"},
    )


def _claim_and_send(alert: Alert, *, recipients: list[str], at: datetime.datetime) -> bool:
    """Record ``alert`` and send its email in one transaction.

    Returns:
        True when this call sent it; False when its row existed already
        (another run or worker holds it: the unique constraint).

    Raises:
        Exception: whatever sending raised (``smtplib.SMTPException``,
            ``OSError``...); the row is rolled back with it.
    """
    message = alert_message(alert, recipients=recipients, at=at)
    try:
        with transaction.atomic():
            DeadlineAlert.objects.create(
                response=alert.response,
                event=alert.event,
                key=alert.key,
                recipients="\n".join(recipients),
                sent_at=clock.now(),
            )
            message.send()
    except IntegrityError:
        return False
    return True


def deadline_alerts_send(*, at: datetime.datetime | None = None) -> AlertRun:
    """Send every deadline alert due at ``at`` that was never sent; record each.

    Args:
        at: aware datetime at which deadlines are judged; None = now.

    Returns:
        An :class:`AlertRun`. A second run at the same instant sends
        nothing: every alert is then counted in ``already_sent``. Failures
        to send are listed in ``failed`` (not raised), each rolled back.
        Six queries when nothing is new (:func:`already_sent_count`,
        :func:`alert_candidates`), whatever the number of responses.

    Raises:
        ValueError: ``at`` is naive.
    """
    at = deadlines.resolve_now(at)
    run = AlertRun(at=at, already_sent=already_sent_count(at=at))
    editors: list[str] | None = None
    for alert in alert_candidates(at=at):
        if editors is None:
            editors = editors_group_emails()
        recipients = recipients_for(alert.response, editors)
        if not recipients:
            logger.warning("Deadline alert skipped, nobody to send it to: %s", alert.describe())
            run.skipped.append(alert)
            continue
        try:
            sent = _claim_and_send(alert, recipients=recipients, at=at)
        except Exception as exc:  # the mail server's error; rolled back, retried next run
            logger.exception("Deadline alert not sent: %s", alert.describe())
            run.failed.append((alert, f"{type(exc).__name__}: {exc}"))
            continue
        if sent:
            run.sent.append((alert, recipients))
        else:  # another worker recorded it since alert_candidates() looked
            run.already_sent += 1
    return run


def parse_instant(value: str | None) -> datetime.datetime | None:
    """An ISO 8601 instant with its offset (``2017-08-19T12:00:00+00:00``),
    or a calendar date (``2017-08-19``: the start of that day, midnight, in
    the newsroom's zone, ``settings.NEWSROOM_TIME_ZONE``), or None for
    None/"".

    Raises:
        ValueError: not ISO 8601, or a time without an offset (its zone
            would be a guess); the message gives the same time with
            ``+00:00`` as an example that is accepted.
    """
    if not value:
        return None
    value = value.strip()
    if len(value) == 10:  # YYYY-MM-DD: a day, not an instant
        day = datetime.date.fromisoformat(value)
        return datetime.datetime.combine(day, datetime.time(), tzinfo=clock.newsroom_zone())
    at = datetime.datetime.fromisoformat(value)
    if at.tzinfo is None:
        example = at.replace(tzinfo=datetime.UTC).isoformat()
        raise ValueError(
            f"{value!r} has no UTC offset; give one, e.g. {example} (UTC), or a date alone "
            f"({at.date().isoformat()}: midnight in the newsroom's zone)."
        )
    return at


@task()
def check_deadlines(*, at: str | None = None) -> dict:
    """The task: :func:`deadline_alerts_send` at ``at``.

    Args:
        at: an ISO 8601 instant with its offset (tasks take JSON
            arguments), or None: judged when a worker runs it.

    Returns:
        :meth:`AlertRun.as_dict`.

    Raises:
        ValueError: ``at`` is not an aware ISO 8601 instant.
        DeadlineAlertsFailed: some emails could not be sent (the task is
            then FAILED; the others were sent and recorded; a later run
            retries the failed ones).
    """
    run = deadline_alerts_send(at=parse_instant(at))
    if run.failed:
        raise DeadlineAlertsFailed(
            run.summary() + ": " + "; ".join(f"{a.describe()} ({e})" for a, e in run.failed)
        )
    return run.as_dict()
