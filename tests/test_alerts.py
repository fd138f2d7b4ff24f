"""Deadline alerts (issue "The editors' desk", item 5; articles/alerts.py).

The seed's Justice Department inquiry is due Aug. 18, 2017 in New York
(seed.py: "answer a list of questions by Aug. 18"; due_timezone
America/New_York), and its four responses are open: Albuquerque, Baltimore
and Stockton pending, San Bernardino acknowledged, each confirmed "as of"
the article's date, Aug. 3, 2017. The Reuters request for comment has no
deadline, so it never alerts. Hence, by DESIGN.md's rules:

* from 00:00 EDT on Aug. 15 (three days ahead) to the end of Aug. 18 the
  four are *due soon*;
* from 00:00 EDT on Aug. 19 they are past due, confirmed only on Aug. 3,
  on or before the due day: they *need a check*, never "overdue";
* a response confirmed after the due day is *overdue*.

Mail is Django's locmem backend (settings_test.py); tasks run on the
immediate backend; the clock is frozen with time-machine.
"""

import contextlib
import datetime
import smtplib
import threading
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.urls import reverse

from articles import alerts, deadlines
from articles.models import DeadlineAlert, Publication, Response
from articles.seed import DOJ_INQUIRY_SLUG
from tests import factories

NEW_YORK = ZoneInfo("America/New_York")
AUG_3 = datetime.date(2017, 8, 3)
AUG_18 = datetime.date(2017, 8, 18)
TITLE = "Justice Department’s questions on “sanctuary” policies"
DEPARTMENTS = [  # the seed's four, in the order the alerts go out (by place)
    "Albuquerque Police Department",
    "Baltimore Police Department",
    "San Bernardino Police Department",
    "Stockton Police Department",
]


def new_york(*args) -> datetime.datetime:
    """An aware instant on New York's clock."""
    return datetime.datetime(*args, tzinfo=NEW_YORK)


def run_command(*args) -> str:
    """``manage.py check_deadlines`` with ``args``; returns its stdout."""
    from io import StringIO

    out = StringIO()
    call_command("check_deadlines", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def doj_response(city_slug: str) -> Response:
    return Response.objects.get(inquiry__slug=DOJ_INQUIRY_SLUG, city__slug=city_slug)


@pytest.fixture
def desk(db, role_editor):
    """The Editors group's one member with an address (section-editor@example.org)."""
    return role_editor


# --- due soon, needs a check, overdue: who, what, once --------------------------


@pytest.mark.django_db
def test_on_aug_16_the_four_open_doj_responses_are_due_soon_and_go_to_the_editors_group(
    seeded, desk
):
    with time_machine.travel(new_york(2017, 8, 16, 9, 0), tick=False):
        out = run_command()

    assert out.splitlines()[-1] == "4 alerts sent, 0 already sent"
    assert [m.subject for m in mail.outbox] == [f"Due soon: {d} — {TITLE}" for d in DEPARTMENTS]
    assert all(m.to == ["section-editor@example.org"] for m in mail.outbox)
    alerts_sent = DeadlineAlert.objects.order_by("response__city__name")
    assert [(a.response.city.name, a.event, a.key) for a in alerts_sent] == [
        ("Albuquerque", "due_soon", AUG_18),
        ("Baltimore", "due_soon", AUG_18),
        ("San Bernardino", "due_soon", AUG_18),
        ("Stockton", "due_soon", AUG_18),
    ]
    assert {a.recipients for a in alerts_sent} == {"section-editor@example.org"}
    assert {a.sent_at for a in alerts_sent} == {new_york(2017, 8, 16, 9, 0)}


@pytest.mark.django_db
def test_the_email_gives_the_deadline_in_the_inquirys_zone_and_the_admin_link(seeded, desk):
    stockton = doj_response("stockton-ca")
    with time_machine.travel(new_york(2017, 8, 16, 9, 0), tick=False):
        run_command("--now")

    message = mail.outbox[3]
    assert message.subject == f"Due soon: Stockton Police Department — {TITLE}"
    assert message.content_subtype == "plain"
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"
    body = message.body
    assert body.startswith("Due in 2 days: no answer yet from Stockton Police Department.\n")
    assert f"Inquiry:   {TITLE}\n" in body
    assert "Place:     Stockton, CA\n" in body
    assert "Status:    Pending, as of Aug. 3, 2017\n" in body
    assert (
        "Deadline:  by Aug. 18, 2017 (Eastern time, America/New_York): "
        "until Aug. 18, 2017, 11:59 p.m. EDT\n"
    ) in body
    assert "Assigned:  nobody (this alert went to the Editors group)\n" in body
    assert reverse("admin:articles_response_change", args=[stockton.pk]) in body


@pytest.mark.django_db
def test_the_admin_link_is_absolute_when_site_url_is_set(seeded, desk, settings):
    settings.SITE_URL = "https://tracker.example.org/"
    stockton = doj_response("stockton-ca")
    with time_machine.travel(new_york(2017, 8, 16, 9, 0), tick=False):
        run_command("--now")
    assert (
        f"\nhttps://tracker.example.org/admin/articles/response/{stockton.pk}/change/\n"
        in mail.outbox[3].body
    )
    assert "Open it in the admin:\nhttps://" in mail.outbox[3].body


@pytest.mark.django_db
def test_without_site_url_the_email_says_its_link_is_a_path(seeded, desk, settings):
    # Newcomer's report: `make run` set no SITE_URL and the email's
    # "/admin/..." read as a broken link.
    settings.SITE_URL = ""
    stockton = doj_response("stockton-ca")
    with time_machine.travel(new_york(2017, 8, 16, 9, 0), tick=False):
        run_command("--now")
    assert (
        "Open it in the admin: this path on the tracker's site (SITE_URL is not set, so the "
        f"link has no address):\n/admin/articles/response/{stockton.pk}/change/\n"
    ) in mail.outbox[3].body


@pytest.mark.django_db
def test_a_second_run_sends_nothing_new(seeded, desk):
    with time_machine.travel(new_york(2017, 8, 16, 9, 0), tick=False):
        first = run_command()
        second = run_command()

    assert first.splitlines()[-1] == "4 alerts sent, 0 already sent"
    assert second == "0 alerts sent, 4 already sent\n"
    assert len(mail.outbox) == 4
    assert DeadlineAlert.objects.count() == 4


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("instant", "expected"),
    [
        # Three days ahead begins at 00:00 EDT on Aug. 15 (04:00 UTC).
        (datetime.datetime(2017, 8, 15, 3, 59, 59, tzinfo=datetime.UTC), 0),
        (datetime.datetime(2017, 8, 15, 4, 0, 0, tzinfo=datetime.UTC), 4),
        # The last second of the due day, 23:59:59 EDT on Aug. 18: still due soon.
        (datetime.datetime(2017, 8, 19, 3, 59, 59, tzinfo=datetime.UTC), 4),
    ],
)
def test_due_soon_begins_three_days_ahead_in_new_york(seeded, desk, instant, expected):
    with time_machine.travel(instant, tick=False):
        run_command()
    assert DeadlineAlert.objects.filter(event="due_soon").count() == expected
    assert len(mail.outbox) == expected


@pytest.mark.django_db
def test_on_the_due_day_the_alert_says_due_today(seeded, desk):
    with time_machine.travel(new_york(2017, 8, 18, 23, 59, 59), tick=False):
        run_command()
    assert mail.outbox[0].body.startswith(
        "Due today: no answer yet from Albuquerque Police Department.\n"
    )


@pytest.mark.django_db
def test_on_aug_19_the_seed_responses_need_a_check_not_overdue(seeded, desk):
    # 00:00 EDT on Aug. 19: the deadline has passed; the status was last
    # confirmed Aug. 3, on or before the due day.
    with time_machine.travel(new_york(2017, 8, 19, 0, 0), tick=False):
        out = run_command()

    assert out.splitlines()[-1] == "4 alerts sent, 0 already sent"
    assert [m.subject for m in mail.outbox] == [
        f"Needs a check: {d} — {TITLE}" for d in DEPARTMENTS
    ]
    assert mail.outbox[0].body.startswith(
        "Deadline passed · no answer on record as of Aug. 3, 2017.\n"
    )
    assert set(DeadlineAlert.objects.values_list("event", "key")) == {("needs_check", AUG_3)}
    assert DeadlineAlert.objects.count() == 4


@pytest.mark.django_db
def test_a_response_confirmed_after_the_due_day_is_overdue_once(seeded, desk):
    # Stockton's status confirmed on Aug. 19: the newsroom checked, still no answer.
    Response.objects.filter(pk=doj_response("stockton-ca").pk).update(
        as_of=datetime.date(2017, 8, 19)
    )
    with time_machine.travel(new_york(2017, 8, 20, 9, 0), tick=False):
        out = run_command()
        again = run_command()

    subjects = [m.subject for m in mail.outbox]
    assert f"Overdue: Stockton Police Department — {TITLE}" in subjects
    assert len(subjects) == 4  # three need a check, Stockton is overdue
    overdue = [m for m in mail.outbox if m.subject.startswith("Overdue")]
    assert overdue[0].body.startswith(
        "Overdue: Stockton Police Department has not answered, 2 days after the deadline. "
        "The newsroom confirmed it on Aug. 19, 2017.\n"
    )
    assert DeadlineAlert.objects.get(event="overdue").key == AUG_18
    assert out.splitlines()[-1] == "4 alerts sent, 0 already sent"
    assert again == "0 alerts sent, 4 already sent\n"


@pytest.mark.django_db
def test_each_event_is_sent_once_across_the_days_of_the_deadline(seeded, desk):
    with time_machine.travel(new_york(2017, 8, 16, 9, 0), tick=False):
        run_command()
    with time_machine.travel(new_york(2017, 8, 17, 9, 0), tick=False):
        assert run_command() == "0 alerts sent, 4 already sent\n"
    with time_machine.travel(new_york(2017, 8, 19, 9, 0), tick=False):
        run_command()
        assert run_command() == "0 alerts sent, 4 already sent\n"
    # Stockton checked on Aug. 20: the check is done, and it is now overdue.
    Response.objects.filter(pk=doj_response("stockton-ca").pk).update(
        as_of=datetime.date(2017, 8, 20)
    )
    with time_machine.travel(new_york(2017, 8, 20, 9, 0), tick=False):
        out = run_command()

    assert out.splitlines()[-1] == "1 alert sent, 3 already sent"
    assert len(mail.outbox) == 9  # 4 due soon + 4 need a check + 1 overdue
    assert DeadlineAlert.objects.filter(event="due_soon").count() == 4
    assert DeadlineAlert.objects.filter(event="needs_check").count() == 4
    assert DeadlineAlert.objects.filter(event="overdue").count() == 1


@pytest.mark.django_db
def test_a_confirmation_that_goes_stale_again_is_a_new_needs_check(seeded, desk):
    stockton = doj_response("stockton-ca")
    with time_machine.travel(new_york(2017, 8, 19, 9, 0), tick=False):
        run_command()
    # Confirmed on the due day (Aug. 18): still on or before it, a new as_of.
    Response.objects.filter(pk=stockton.pk).update(as_of=AUG_18)
    with time_machine.travel(new_york(2017, 8, 19, 10, 0), tick=False):
        out = run_command()
    assert out.splitlines()[-1] == "1 alert sent, 3 already sent"
    assert sorted(
        DeadlineAlert.objects.filter(response=stockton).values_list("key", flat=True)
    ) == [AUG_3, AUG_18]


# --- recipients ---------------------------------------------------------------


@pytest.mark.django_db
def test_the_assigned_editor_gets_the_alert_instead_of_the_group(seeded, desk, django_user_model):
    maria = django_user_model.objects.create_user(
        username="maria", email="maria@example.org", first_name="Maria", last_name="Ortiz"
    )
    Response.objects.filter(pk=doj_response("stockton-ca").pk).update(assigned_to=maria)
    with time_machine.travel(new_york(2017, 8, 16, 9, 0), tick=False):
        run_command()

    to = {m.subject: m.to for m in mail.outbox}
    assert to[f"Due soon: Stockton Police Department — {TITLE}"] == ["maria@example.org"]
    assert to[f"Due soon: Baltimore Police Department — {TITLE}"] == ["section-editor@example.org"]
    assert "Assigned:  Maria Ortiz\n" in mail.outbox[3].body
    assert DeadlineAlert.objects.get(response__city__slug="stockton-ca").recipients == (
        "maria@example.org"
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "assignee", [{"email": ""}, {"email": "gone@example.org", "is_active": False}]
)
def test_an_assigned_editor_without_an_address_or_inactive_means_the_group(
    seeded, desk, django_user_model, assignee
):
    user = django_user_model.objects.create_user(username="assignee", **assignee)
    Response.objects.filter(pk=doj_response("stockton-ca").pk).update(assigned_to=user)
    with time_machine.travel(new_york(2017, 8, 16, 9, 0), tick=False):
        run_command()
    assert mail.outbox[3].to == ["section-editor@example.org"]


@pytest.mark.django_db
def test_every_active_editor_with_an_address_is_in_the_group_alert(seeded, django_user_model):
    editors = Group.objects.get(name="Editors")
    for username, email, active in [
        ("b-editor", "b@example.org", True),
        ("a-editor", "a@example.org", True),
        ("no-address", "", True),
        ("left", "left@example.org", False),
    ]:
        user = django_user_model.objects.create_user(
            username=username, email=email, is_active=active
        )
        user.groups.add(editors)
    django_user_model.objects.create_user(username="reporter-x", email="r@example.org")
    with time_machine.travel(new_york(2017, 8, 16, 9, 0), tick=False):
        run_command()
    assert {tuple(m.to) for m in mail.outbox} == {("a@example.org", "b@example.org")}
    assert set(DeadlineAlert.objects.values_list("recipients", flat=True)) == {
        "a@example.org\nb@example.org"
    }


@pytest.mark.django_db
def test_with_nobody_to_tell_the_alert_is_skipped_unrecorded_and_sent_next_run(
    seeded, django_user_model
):
    with time_machine.travel(new_york(2017, 8, 16, 9, 0), tick=False):
        out = run_command("--now")
        assert out == "0 alerts sent, 0 already sent, 4 skipped (no recipient)\n"
        assert mail.outbox == []
        assert DeadlineAlert.objects.count() == 0

        user = django_user_model.objects.create_user(username="late", email="late@example.org")
        user.groups.add(Group.objects.get(name="Editors"))
        out = run_command("--now")
    assert out.splitlines()[-1] == "4 alerts sent, 0 already sent"
    assert DeadlineAlert.objects.count() == 4


# --- which inquiries -----------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("publication", [Publication.DRAFT, Publication.IN_REVIEW])
def test_responses_to_unpublished_inquiries_get_no_alert(desk, publication):
    factories.ResponseFactory(inquiry=factories.InquiryFactory(publication=publication))
    with time_machine.travel(new_york(2017, 8, 16, 9, 0), tick=False):
        assert run_command() == "0 alerts sent, 0 already sent\n"
    assert mail.outbox == []


@pytest.mark.django_db
def test_answered_responses_and_inquiries_without_a_deadline_get_no_alert(desk):
    factories.ResponseFactory(
        status=Response.Status.RECEIVED, received_on=datetime.date(2017, 8, 10)
    )
    factories.ResponseFactory(inquiry=factories.InquiryFactory(due_on=None))
    with time_machine.travel(new_york(2017, 8, 16, 9, 0), tick=False):
        assert run_command() == "0 alerts sent, 0 already sent\n"


@pytest.mark.django_db
def test_a_pacific_deadline_is_judged_and_shown_on_pacific_time(desk):
    response = factories.ResponseFactory(
        inquiry=factories.InquiryFactory(due_timezone="America/Los_Angeles"),
        city=factories.CityFactory(name="Stockton", state="CA", slug="stockton-ca"),
    )
    # 01:00 EDT on Aug. 19 is 22:00 PDT on Aug. 18: still the due day in Stockton.
    with time_machine.travel(new_york(2017, 8, 19, 1, 0), tick=False):
        run_command()
    assert DeadlineAlert.objects.get().event == "due_soon"
    assert "until Aug. 18, 2017, 11:59 p.m. PDT\n" in mail.outbox[0].body
    assert "(Pacific time, America/Los_Angeles)" in mail.outbox[0].body
    assert mail.outbox[0].body.startswith("Due today:")
    # 00:00 PDT on Aug. 19: past due there.
    with time_machine.travel(
        datetime.datetime(2017, 8, 19, 0, 0, tzinfo=ZoneInfo("America/Los_Angeles")), tick=False
    ):
        run_command()
    assert list(
        DeadlineAlert.objects.filter(response=response).order_by("sent_at").values_list("event")
    ) == [("due_soon",), ("needs_check",)]


# --- the rule agrees in Python and SQL -------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("tz_name", ["America/New_York", "Pacific/Honolulu", "Pacific/Guam"])
@pytest.mark.parametrize(
    "local",
    [
        datetime.datetime(2017, 8, 14, 23, 59, 59),
        datetime.datetime(2017, 8, 15, 0, 0, 0),
        datetime.datetime(2017, 8, 18, 23, 59, 59),
        datetime.datetime(2017, 8, 19, 0, 0, 0),
    ],
)
def test_due_within_agrees_in_python_and_sql_at_the_boundary_seconds(tz_name, local):
    response = factories.ResponseFactory(inquiry=factories.InquiryFactory(due_timezone=tz_name))
    at = local.replace(tzinfo=ZoneInfo(tz_name))
    expected = datetime.date(2017, 8, 15) <= local.date() <= AUG_18
    in_python = deadlines.due_within(
        status=response.status, due_on=AUG_18, due_timezone=tz_name, days=3, at=at
    )
    in_sql = Response.objects.due_within(3, at).filter(pk=response.pk).exists()
    assert in_python is expected
    assert in_sql is expected


# --- the command ---------------------------------------------------------------


@pytest.mark.django_db
def test_at_replays_an_instant_and_refuses_a_naive_one(seeded, desk):
    out = run_command("--now", "--at", "2017-08-19T12:00:00+00:00")
    assert out.splitlines()[-1] == "4 alerts sent, 0 already sent"
    assert set(DeadlineAlert.objects.values_list("event", flat=True)) == {"needs_check"}
    with pytest.raises(CommandError, match="--at: '2017-08-19T12:00:00' has no UTC offset"):
        run_command("--now", "--at", "2017-08-19T12:00:00")
    with pytest.raises(CommandError, match="--at: "):
        run_command("--now", "--at", "Aug. 19")


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["2017-08-19", "2017-08-19T12:00", "2017-08-19T12:00:00"])
def test_the_example_a_refusal_gives_is_itself_accepted(value):
    # Newcomer's report: "--at 2017-08-19" said "give one, e.g. 2017-08-19+00:00",
    # which was refused in turn.
    try:
        at = alerts.parse_instant(value)
    except ValueError as exc:
        example = str(exc).split("e.g. ", 1)[1].split(" ", 1)[0]
        assert example == "2017-08-19T12:00:00+00:00"
        assert alerts.parse_instant(example) == datetime.datetime(
            2017, 8, 19, 12, tzinfo=datetime.UTC
        )
    else:  # a date alone: the start of that day on the newsroom's clock (New York)
        assert value == "2017-08-19"
        assert at == new_york(2017, 8, 19, 0, 0)
        assert at.astimezone(datetime.UTC) == datetime.datetime(2017, 8, 19, 4, tzinfo=datetime.UTC)


@pytest.mark.django_db
def test_at_a_date_judges_midnight_in_the_newsrooms_zone(seeded, desk):
    # Midnight in New York as Aug. 19 begins: the Aug. 18 deadline (11:59 p.m.
    # EDT) has just passed, and the seed's four pending answers need a check.
    out = run_command("--now", "--at", "2017-08-19")
    assert out.splitlines()[-1] == "4 alerts sent, 0 already sent"
    assert set(DeadlineAlert.objects.values_list("event", flat=True)) == {"needs_check"}


@pytest.mark.django_db
def test_at_without_now_is_refused_and_nothing_is_enqueued_or_sent(seeded, desk):
    with pytest.raises(CommandError, match="--at needs --now"):
        run_command("--at", "2017-08-19T12:00:00+00:00")
    assert not DeadlineAlert.objects.exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_sending_fails_the_alert_is_rolled_back_and_sent_by_the_next_run(seeded, desk, monkeypatch):
    real_send = alerts.EmailMessage.send

    def send(message, *args, **kwargs):
        if "Stockton" in message.subject:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return real_send(message, *args, **kwargs)

    monkeypatch.setattr(alerts.EmailMessage, "send", send)
    with time_machine.travel(new_york(2017, 8, 16, 9, 0), tick=False):
        with pytest.raises(CommandError, match="3 alerts sent, 0 already sent, 1 failed"):
            run_command("--now")
        assert DeadlineAlert.objects.count() == 3
        assert not DeadlineAlert.objects.filter(response__city__slug="stockton-ca").exists()
        # Enqueued (immediate backend): the task fails, and so does the command.
        with pytest.raises(CommandError, match="DeadlineAlertsFailed"):
            run_command()
        monkeypatch.setattr(alerts.EmailMessage, "send", real_send)
        out = run_command()
    assert out.splitlines()[-1] == "1 alert sent, 3 already sent"
    assert [m.subject for m in mail.outbox][-1] == f"Due soon: Stockton Police Department — {TITLE}"
    assert len(mail.outbox) == 4


@pytest.mark.django_db
def test_the_task_returns_what_it_sent(seeded, desk):
    result = alerts.check_deadlines.enqueue(at="2017-08-16T13:00:00+00:00")
    assert result.status == "SUCCESSFUL"
    assert result.return_value["summary"] == "4 alerts sent, 0 already sent"
    assert [item["event"] for item in result.return_value["sent"]] == ["due_soon"] * 4
    assert result.return_value["sent"][0]["recipients"] == ["section-editor@example.org"]


@pytest.mark.django_db
def test_a_run_with_everything_sent_asks_six_queries_whatever_the_number_of_responses(
    seeded, desk, django_assert_num_queries
):
    # Per event (due soon, overdue, needs a check): a count of what is
    # recorded, and the list of what is not (empty).
    at = new_york(2017, 8, 16, 9, 0)
    alerts.deadline_alerts_send(at=at)
    with django_assert_num_queries(6):
        run = alerts.deadline_alerts_send(at=at)
    assert run.summary() == "0 alerts sent, 4 already sent"


# --- several workers --------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_send_each_alert_once(seeded, django_user_model, monkeypatch):
    """Two workers (threads, each with its own connection) find the same
    four unsent alerts, then race to send them; the unique constraint on
    (response, event, key) lets each alert through once."""
    # A transactional test's flush removed the migration's groups.
    editors, _ = Group.objects.get_or_create(name="Editors")
    django_user_model.objects.create_user(username="ed", email="ed@example.org").groups.add(editors)
    barrier = threading.Barrier(2, timeout=30)
    find = alerts.alert_candidates

    def candidates_then_wait(*, at):
        found = find(at=at)
        barrier.wait()  # both have the same four unsent alerts
        return found

    real_send = alerts.EmailMessage.send

    def slow_send(message, *args, **kwargs):
        threading.Event().wait(0.05)  # hold the claim while the other worker tries
        return real_send(message, *args, **kwargs)

    monkeypatch.setattr(alerts, "alert_candidates", candidates_then_wait)
    monkeypatch.setattr(alerts.EmailMessage, "send", slow_send)
    runs: list = [None, None]

    def worker(index: int) -> None:
        try:
            runs[index] = alerts.deadline_alerts_send(at=new_york(2017, 8, 16, 9, 0))
        except Exception as exc:  # reported by the assertions below
            runs[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert all(isinstance(run, alerts.AlertRun) for run in runs), runs
    assert sum(len(run.sent) for run in runs) == 4
    assert sum(run.already_sent for run in runs) == 4
    assert len(mail.outbox) == 4
    assert len({m.subject for m in mail.outbox}) == 4
    assert DeadlineAlert.objects.count() == 4


# --- the admin ------------------------------------------------------------------


@pytest.mark.django_db
def test_editors_see_the_alerts_sent_read_only(seeded, desk, client):
    with time_machine.travel(new_york(2017, 8, 16, 9, 0), tick=False):
        run_command()
    client.force_login(desk)
    url = reverse("admin:articles_deadlinealert_changelist")
    page = client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Stockton, CA — Justice Department’s questions on “sanctuary” policies" in text
    assert "section-editor@example.org" in text
    assert "Due within 3 days" in text
    # Sent at 09:00 EDT, shown on the newsroom's clock.
    assert "Aug. 16, 2017, 9 a.m." in text

    alert = DeadlineAlert.objects.get(response__city__slug="stockton-ca")
    assert client.get(reverse("admin:articles_deadlinealert_add")).status_code == 403
    change = client.get(reverse("admin:articles_deadlinealert_change", args=[alert.pk]))
    assert change.status_code == 200
    assert b'name="recipients"' not in change.content  # view only
    delete = client.post(reverse("admin:articles_deadlinealert_delete", args=[alert.pk]))
    assert delete.status_code == 403
    assert DeadlineAlert.objects.count() == 4


@pytest.mark.django_db
def test_the_alert_list_asks_the_same_queries_for_4_and_8_alerts(seeded, desk, client):
    from django.db import connection as conn
    from django.test.utils import CaptureQueriesContext

    client.force_login(desk)
    url = reverse("admin:articles_deadlinealert_changelist")
    counts = []
    for day in (16, 19):  # 4 due soon, then 4 needs a check more
        with time_machine.travel(new_york(2017, 8, day, 9, 0), tick=False):
            run_command()
        with CaptureQueriesContext(conn) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert DeadlineAlert.objects.count() == 8
    assert counts[0] == counts[1]


# --- A queue nobody works (newcomer's report: the worker died, unnoticed) -------


@pytest.fixture
def database_queue(settings):
    """The embedded default queue (django-tasks-db) instead of the suite's
    immediate backend; the backend handler is reset on both sides."""
    from django.tasks import task_backends

    def reset():
        task_backends.__dict__.pop("settings", None)
        for alias in ("default",):
            with contextlib.suppress(AttributeError):
                delattr(task_backends._connections, alias)

    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    reset()
    yield
    reset()


def run_command_both(*args) -> tuple[str, str]:
    from io import StringIO

    out, err = StringIO(), StringIO()
    call_command("check_deadlines", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_enqueuing_warns_when_an_earlier_task_waited_over_5_minutes(database_queue):
    from django.tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    with time_machine.travel(datetime.datetime(2017, 8, 19, 12, 0, tzinfo=datetime.UTC)):
        out, err = run_command_both()
    assert out.startswith("Enqueued the deadline alerts")
    assert err == ""  # nothing earlier
    # 4 min 59 s later: not yet.
    with time_machine.travel(datetime.datetime(2017, 8, 19, 12, 4, 59, tzinfo=datetime.UTC)):
        _, err = run_command_both("-v", "0")
    assert err == ""
    # 15 minutes later (the next cron run): both earlier tasks still wait.
    with time_machine.travel(datetime.datetime(2017, 8, 19, 12, 15, tzinfo=datetime.UTC)):
        out, err = run_command_both("-v", "0")
    assert out == ""
    assert err.startswith(
        "Warning: 2 earlier deadline-alert tasks (the oldest enqueued 2017-08-19 12:00 UTC) "
        "have waited over 5 minutes for a worker: is `manage.py db_worker` running?"
    )
    assert DBTaskResult.objects.count() == 3
    # Once a worker has taken them (as db_worker marks them: claimed, then
    # finished), no warning.
    DBTaskResult.objects.update(status=TaskResultStatus.SUCCESSFUL)
    with time_machine.travel(datetime.datetime(2017, 8, 19, 12, 30, tzinfo=datetime.UTC)):
        _, err = run_command_both("-v", "0")
    assert err == ""
