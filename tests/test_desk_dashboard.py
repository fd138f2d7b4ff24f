"""The editors' desk on the admin's home page (issue 9, "The editors'
desk", item 3): overdue, needs a check, due within 7 days, answered in
the last 7 days, waiting for review, assigned to me; each a link to the
filtered list, each in a fixed number of queries.

Expected figures come from the seed article (DESIGN.md, "What the seed
article becomes"): the Justice Department's questions of Aug. 3, 2017 to
four police departments, due Aug. 18, 2017 (Albuquerque acknowledged;
Baltimore, San Bernardino and Stockton pending), and the reporters'
request for comment with no deadline (Baltimore and San Bernardino
answered on Aug. 3; Albuquerque and Stockton "did not immediately respond").
"""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.urls import reverse

from articles import selectors, services
from articles.choices import Publication
from articles.models import Claim, Contact, Response
from tests import factories

NEW_YORK = ZoneInfo("America/New_York")
DOJ_TITLE_WORD = "Justice"


def _ny(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=NEW_YORK)


def _doj_responses():
    return Response.objects.filter(inquiry__due_on=datetime.date(2017, 8, 18))


# --- the selector ----------------------------------------------------------------


@pytest.mark.django_db
def test_on_aug_15_the_four_justice_department_responses_are_due_within_7_days(seeded, editor):
    counts = selectors.desk_counts(user=editor, at=_ny(2017, 8, 15, 12))
    assert counts.due_soon == 4
    assert counts.overdue == 0
    assert counts.needs_check == 0
    # Baltimore's and San Bernardino's answers of Aug. 3 are 13 days old.
    assert counts.answered == 0
    assert counts.mine == 0


@pytest.mark.django_db
def test_due_within_7_days_counts_calendar_days_in_the_deadlines_zone(seeded, editor):
    # Aug. 11 is 7 days before Aug. 18; Aug. 10 is 8.
    assert selectors.desk_counts(user=editor, at=_ny(2017, 8, 11, 0, 0)).due_soon == 4
    assert selectors.desk_counts(user=editor, at=_ny(2017, 8, 10, 23, 59, 59)).due_soon == 0
    # Still due (not past due) until the end of Aug. 18 in New York.
    assert selectors.desk_counts(user=editor, at=_ny(2017, 8, 18, 23, 59, 59)).due_soon == 4
    assert selectors.desk_counts(user=editor, at=_ny(2017, 8, 19, 0, 0)).due_soon == 0


@pytest.mark.django_db
def test_answered_in_the_last_7_days_counts_baltimore_and_san_bernardino(seeded, editor):
    # Both answered the reporters on Aug. 3, 2017: the last 7 days of
    # Aug. 9 are Aug. 3 to Aug. 9.
    assert selectors.desk_counts(user=editor, at=_ny(2017, 8, 3, 18)).answered == 2
    assert selectors.desk_counts(user=editor, at=_ny(2017, 8, 9, 23, 59)).answered == 2
    assert selectors.desk_counts(user=editor, at=_ny(2017, 8, 10, 0, 1)).answered == 0


@pytest.mark.django_db
def test_after_aug_18_the_four_need_a_check_until_a_contact_confirms_one(seeded, editor):
    at = _ny(2017, 8, 21, 10)
    counts = selectors.desk_counts(user=editor, at=at)
    # Every status was last confirmed on Aug. 3, before the deadline.
    assert (counts.needs_check, counts.overdue, counts.due_soon) == (4, 0, 0)

    stockton = _doj_responses().get(city__name="Stockton")
    with time_machine.travel(at, tick=False):
        services.contact_log(
            response=stockton,
            acting_user=editor,
            contacted_on=datetime.date(2017, 8, 21),
            direction=Contact.Direction.OUTGOING,
            method=Contact.Method.PHONE,
            confirms_status=True,
        )
    counts = selectors.desk_counts(user=editor, at=at)
    assert (counts.needs_check, counts.overdue) == (3, 1)


@pytest.mark.django_db
def test_assigned_to_me_counts_my_open_responses_only(seeded, editor, role_editor):
    _doj_responses().filter(city__name__in=["Stockton", "Baltimore"]).update(assigned_to=editor)
    Response.objects.filter(status="received").update(assigned_to=editor)  # answered: not work
    _doj_responses().filter(city__name="Albuquerque").update(assigned_to=role_editor)
    at = _ny(2017, 8, 21)
    assert selectors.desk_counts(user=editor, at=at).mine == 2
    assert selectors.desk_counts(user=role_editor, at=at).mine == 1


@pytest.mark.django_db
def test_waiting_for_review_counts_claims_and_inquiries_in_review(seeded, editor):
    Claim.objects.filter(claimant__name="Jeff Sessions").update(publication=Publication.IN_REVIEW)
    factories.InquiryFactory(publication=Publication.IN_REVIEW)
    counts = selectors.desk_counts(user=editor, at=_ny(2017, 8, 21))
    sessions_claims = Claim.objects.filter(claimant__name="Jeff Sessions").count()
    assert sessions_claims >= 1
    assert counts.review_claims == sessions_claims
    assert counts.review_inquiries == 1
    assert counts.in_review == sessions_claims + 1


@pytest.mark.django_db
def test_counts_only_what_the_user_may_see(seeded, desk_editor, django_user_model):
    # A draft inquiry's past-due response: editors see it, readers never.
    factories.ResponseFactory(inquiry__publication=Publication.DRAFT)
    at = _ny(2017, 8, 21)
    # desk_editor sees drafts but holds no view permission on any model.
    nothing = selectors.desk_counts(user=desk_editor, at=at)
    assert nothing == selectors.DeskCounts(None, None, None, None, None, None, None)
    assert nothing.in_review is None
    viewer = django_user_model.objects.create_user(username="viewer", is_staff=True)
    from django.contrib.auth.models import Permission

    viewer.user_permissions.add(
        Permission.objects.get(content_type__app_label="articles", codename="view_response")
    )
    viewer = django_user_model.objects.get(pk=viewer.pk)
    # Without articles.view_unpublished: only the published inquiry's four.
    assert selectors.desk_counts(user=viewer, at=at).needs_check == 4


@pytest.mark.django_db
def test_role_editor_counts_drafts_too(seeded, role_editor):
    factories.ResponseFactory(inquiry__publication=Publication.DRAFT)
    assert selectors.desk_counts(user=role_editor, at=_ny(2017, 8, 21)).needs_check == 5


@pytest.mark.django_db
def test_desk_counts_take_three_queries_whatever_the_rows(
    seeded, editor, django_assert_num_queries
):
    at = _ny(2017, 8, 21)
    with django_assert_num_queries(3):
        selectors.desk_counts(user=editor, at=at)
    inquiry = factories.InquiryFactory()
    for _ in range(100):
        factories.ResponseFactory(inquiry=inquiry)
    with django_assert_num_queries(3):
        counts = selectors.desk_counts(user=editor, at=at)
    assert counts.needs_check == 104


@pytest.mark.django_db
def test_desk_counts_refuse_a_naive_instant(editor):
    with pytest.raises(ValueError, match="naive"):
        selectors.desk_counts(user=editor, at=datetime.datetime(2017, 8, 21))  # noqa: DTZ001


# --- the admin's home page ------------------------------------------------------


def _figures(html: str) -> dict[str, tuple[int, str]]:
    """The desk's figures by key: ``{"overdue": (count, href), ...}``."""
    soup = BeautifulSoup(html, "html.parser")
    figures = {}
    for item in soup.select("#desk li.desk-figure"):
        key = next(c for c in item["class"] if c.startswith("desk-figure--")).removeprefix(
            "desk-figure--"
        )
        link = item.find("a")
        figures[key] = (int(link.select_one(".desk-count").get_text()), link["href"])
    return figures


def _listed(client, href: str) -> int:
    page = client.get(href)
    assert page.status_code == 200, href
    return page.context["cl"].result_count


AFTER_DEADLINE = datetime.datetime(2017, 8, 21, 14, 0, tzinfo=datetime.UTC)  # 10:00 EDT


@pytest.mark.django_db
def test_the_admin_home_shows_six_figures_each_the_length_of_its_list(seeded, admin_client, editor):
    stockton = _doj_responses().get(city__name="Stockton")
    Response.objects.filter(pk=stockton.pk).update(assigned_to=editor)
    Claim.objects.filter(claimant__name="Jeff Sessions").update(publication=Publication.IN_REVIEW)
    with time_machine.travel(AFTER_DEADLINE, tick=False):
        services.contact_log(
            response=stockton,
            acting_user=editor,
            contacted_on=datetime.date(2017, 8, 21),
            direction=Contact.Direction.INCOMING,
            method=Contact.Method.EMAIL,
            confirms_status=True,
        )
        html = admin_client.get(reverse("admin:index")).content.decode()
        figures = _figures(html)
        assert list(figures) == [
            "overdue",
            "needs_check",
            "due_soon",
            "answered",
            "in_review",
            "mine",
        ]
        sessions = Claim.objects.filter(claimant__name="Jeff Sessions").count()
        assert {key: count for key, (count, _href) in figures.items()} == {
            "overdue": 1,  # Stockton, confirmed Aug. 21, still no answer
            "needs_check": 3,  # Albuquerque, Baltimore, San Bernardino: as of Aug. 3
            "due_soon": 0,
            "answered": 0,  # the two answers of Aug. 3 are 18 days old
            "in_review": sessions,
            "mine": 1,
        }
        for key in ("overdue", "needs_check", "due_soon", "answered", "mine"):
            count, href = figures[key]
            assert href.startswith("/admin/articles/response/?")
            assert _listed(admin_client, href) == count, key
        # "Waiting for review": the claims part links to the claims in review.
        soup = BeautifulSoup(html, "html.parser")
        parts = soup.select("#desk .desk-figure--in_review .desk-parts a")
        assert [a.get_text() for a in parts] == [f"{sessions} claims", "0 inquiries"]
        assert _listed(admin_client, parts[0]["href"]) == sessions
        assert _listed(admin_client, parts[1]["href"]) == 0
        assert "Editors’ desk" in soup.select_one("#desk h2").get_text()


@pytest.mark.django_db
def test_before_the_deadline_the_desk_says_four_due_within_7_days(seeded, admin_client):
    with time_machine.travel(datetime.datetime(2017, 8, 14, 16, 0, tzinfo=datetime.UTC)):
        figures = _figures(admin_client.get(reverse("admin:index")).content.decode())
        assert figures["due_soon"][0] == 4
        assert _listed(admin_client, figures["due_soon"][1]) == 4
        assert figures["overdue"][0] == figures["needs_check"][0] == 0


@pytest.mark.django_db
def test_a_reporter_sees_the_desk_of_what_reporters_may_see(seeded, role_reporter, client):
    client.force_login(role_reporter)
    with time_machine.travel(AFTER_DEADLINE, tick=False):
        figures = _figures(client.get(reverse("admin:index")).content.decode())
    assert figures["needs_check"][0] == 4
    assert figures["mine"][0] == 0


@pytest.mark.django_db
def test_staff_without_view_permissions_see_no_desk(seeded, desk_editor, editor_client):
    html = editor_client.get(reverse("admin:index")).content.decode()
    assert BeautifulSoup(html, "html.parser").select_one("#desk") is None


@pytest.mark.django_db
def test_the_admin_home_costs_the_same_queries_with_100_more_responses(
    seeded, admin_client, django_assert_max_num_queries, django_assert_num_queries
):
    with time_machine.travel(AFTER_DEADLINE, tick=False):
        url = reverse("admin:index")
        admin_client.get(url)  # warm the session and the content types
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as before:
            admin_client.get(url)
        inquiry = factories.InquiryFactory()
        for _ in range(100):
            factories.ResponseFactory(inquiry=inquiry)
        with django_assert_num_queries(len(before.captured_queries)):
            html = admin_client.get(url).content.decode()
        assert _figures(html)["needs_check"][0] == 104
    desk = [q for q in before.captured_queries if "articles_" in q["sql"]]
    # The desk: 1 (responses) + 1 (claims) + 1 (inquiries); the review queue: 2.
    assert len(desk) == 5


@pytest.mark.django_db
def test_desk_filters_refuse_nothing_and_ignore_unknown_values(seeded, admin_client):
    for query in ("desk=nonsense", "desk=", "assigned=someone", "deadline=overdue&desk=mine"):
        page = admin_client.get(f"/admin/articles/response/?{query}")
        assert page.status_code in (200, 302), query
