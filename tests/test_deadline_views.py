"""Deadline states on the public pages (DESIGN.md, "Response status and
deadlines"): every row judged at the request's one instant, in words.

Checked through ``response.context`` and an HTML parser. Seed values come
from the Reuters article of Aug. 3, 2017: the Justice Department's
questions were due Aug. 18, 2017, and every status is as of Aug. 3.
"""

import copy
import datetime

import pytest
from bs4 import BeautifulSoup

from articles.choices import DeadlineState
from tests import factories

pytestmark = pytest.mark.django_db

DOJ = "justice-department-sanctuary-questions"
RFC = "reuters-request-for-comment"
UTC = datetime.UTC
AUG_3 = datetime.date(2017, 8, 3)
AUG_18 = datetime.date(2017, 8, 18)

NEEDS_CHECK_WORDS = "Deadline passed · no answer on record as of Aug. 3, 2017"


def _soup(response) -> BeautifulSoup:
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def _words(element) -> str:
    """An element's words as read out: text without ``aria-hidden`` parts
    (the badges' symbols), whitespace collapsed."""
    element = copy.copy(element)
    for hidden in element.select('[aria-hidden="true"]'):
        hidden.decompose()
    return " ".join(element.get_text(" ").split())


def _states_by_city(soup: BeautifulSoup) -> dict[str, str]:
    """Each body row's city (its row header) -> the deadline status cell's words."""
    return {
        _words(row.find("th")): _words(row.select_one("td.deadline-state"))
        for row in soup.select("table.responses tbody tr")
    }


def _counts(card) -> dict[str, str]:
    """A home-page card's counts: ``{label: number and detail}``."""
    return {
        _words(item.find("dt")): _words(item.find("dd")) for item in card.select("dl.counts > div")
    }


def _fix_clock(monkeypatch, at: datetime.datetime) -> None:
    """Make ``at`` the instant every request is judged at."""
    monkeypatch.setattr("articles.clock.now", lambda: at)


# --- the seed: four past due, none overdue -----------------------------------------


def test_home_counts_none_overdue_and_four_needing_a_check(client, seeded):
    response = client.get("/")
    counts = {i.slug: i for i in response.context["inquiries"]}
    doj = counts[DOJ]
    assert (doj.past_due_count, doj.overdue_count, doj.needs_check_count) == (4, 0, 4)
    cards = {_words(c.find("h3")): c for c in _soup(response).select("li.card")}
    (card,) = [c for title, c in cards.items() if "Justice Department" in title]
    assert _counts(card)["Overdue"] == "0"
    assert _counts(card)["Needs a check"] == "4"
    assert "has-overdue" not in card.select_one(".count--overdue")["class"]


def test_inquiry_page_shows_every_justice_department_response_as_needing_a_check(client, seeded):
    response = client.get(f"/inquiries/{DOJ}/")
    assert {r.deadline_state for r in response.context["responses"]} == {DeadlineState.NEEDS_CHECK}
    soup = _soup(response)
    assert _states_by_city(soup) == {
        "Albuquerque, NM": NEEDS_CHECK_WORDS,
        "Baltimore, MD": NEEDS_CHECK_WORDS,
        "San Bernardino, CA": NEEDS_CHECK_WORDS,
        "Stockton, CA": NEEDS_CHECK_WORDS,
    }
    assert soup.select(".badge--overdue") == []
    assert soup.select("tr.is-overdue") == []
    # The date is a <time> element in AP style.
    times = soup.select("td.deadline-state time")
    assert {(t["datetime"], t.get_text()) for t in times} == {("2017-08-03", "Aug. 3, 2017")}


def test_inquiry_page_says_the_deadline_passed_with_none_overdue_and_four_to_check(client, seeded):
    soup = _soup(client.get(f"/inquiries/{DOJ}/"))
    facts = {_words(d.find("dt")): _words(d.find("dd")) for d in soup.select("dl.facts > div")}
    answer = facts["Deadline passed?"]
    assert answer.startswith("Yes.")
    assert "0 overdue" in answer
    assert "4 need a check" in answer


def test_request_for_comment_page_has_no_deadline(client, seeded):
    soup = _soup(client.get(f"/inquiries/{RFC}/"))
    assert set(_states_by_city(soup).values()) == {"No deadline"}
    facts = {_words(d.find("dt")): _words(d.find("dd")) for d in soup.select("dl.facts > div")}
    assert facts["Deadline passed?"] == "No deadline: no response is ever past due"


def test_pending_page_filters_to_the_responses_that_need_a_check(client, seeded):
    response = client.get("/responses/pending/", {"needs_check": "true"})
    assert sorted(r.city.slug for r in response.context["responses"]) == [
        "albuquerque-nm",
        "baltimore-md",
        "san-bernardino-ca",
        "stockton-ca",
    ]
    assert (
        list(client.get("/responses/pending/", {"is_overdue": "true"}).context["responses"]) == []
    )


def test_city_page_shows_each_response_against_its_deadline(client, seeded):
    soup = _soup(client.get("/cities/baltimore-md/"))
    rows = {
        _words(row.find("th")): _words(row.select_one("td.deadline-state"))
        for row in soup.select("table.responses tbody tr")
    }
    doj = next(words for title, words in rows.items() if "Justice Department" in title)
    rfc = next(words for title, words in rows.items() if "requests for comment" in title)
    assert doj == NEEDS_CHECK_WORDS
    assert rfc == "No deadline"


# --- overdue: confirmed after the due day -------------------------------------------


def test_a_status_confirmed_after_the_due_day_is_overdue_in_red(client):
    inquiry = factories.InquiryFactory(sent_on=AUG_3, due_on=AUG_18)
    factories.ResponseFactory(
        inquiry=inquiry,
        city=factories.CityFactory(name="Stockton", state="CA"),
        as_of=datetime.date(2017, 8, 21),
    )
    soup = _soup(client.get(inquiry.get_absolute_url()))
    assert _states_by_city(soup) == {
        "Stockton, CA": "Overdue · still no answer as of Aug. 21, 2017"
    }
    (badge,) = soup.select("td.deadline-state .badge--overdue")
    assert _words(badge) == "Overdue"  # words; the "!" is aria-hidden
    assert len(soup.select("tr.is-overdue")) == 1
    card = _soup(client.get("/")).select_one("li.card")
    assert _counts(card)["Overdue"] == "1"
    assert "has-overdue" in card.select_one(".count--overdue")["class"]


# --- late answers ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "received_on", "words"),
    [
        ("received", datetime.date(2017, 8, 30), "Answered 12 days after the deadline"),
        ("received", datetime.date(2017, 8, 19), "Answered 1 day after the deadline"),
        ("declined", datetime.date(2017, 8, 19), "Declined 1 day after the deadline"),
        ("received", AUG_18, "Answered by the deadline"),
        ("declined", datetime.date(2017, 8, 10), "Declined by the deadline"),
    ],
)
def test_received_page_says_how_late_each_answer_came(client, status, received_on, words):
    inquiry = factories.InquiryFactory(sent_on=AUG_3, due_on=AUG_18)
    factories.ResponseFactory(
        inquiry=inquiry,
        city=factories.CityFactory(name="Albuquerque", state="NM"),
        status=status,
        received_on=received_on,
    )
    soup = _soup(client.get("/responses/received/"))
    assert _states_by_city(soup) == {"Albuquerque, NM": words}


def test_received_page_on_the_seed_has_no_deadline_for_the_reuters_answers(client, seeded):
    soup = _soup(client.get("/responses/received/"))
    assert _states_by_city(soup) == {
        "Baltimore, MD": "No deadline",
        "San Bernardino, CA": "No deadline",
    }


# --- one instant per request, at the boundary seconds ------------------------------


@pytest.mark.parametrize(
    ("at", "words", "count"),
    [
        # 23:59:59 EDT on Aug. 18, 2017: not yet due.
        (datetime.datetime(2017, 8, 19, 3, 59, 59, tzinfo=UTC), "Not yet due", "0"),
        # 00:00:00 EDT on Aug. 19: past due, last confirmed Aug. 3.
        (datetime.datetime(2017, 8, 19, 4, 0, 0, tzinfo=UTC), NEEDS_CHECK_WORDS, "1"),
    ],
    ids=["last-second", "midnight"],
)
def test_pages_judge_the_deadline_at_the_requests_instant(client, monkeypatch, at, words, count):
    inquiry = factories.InquiryFactory(
        sent_on=AUG_3, due_on=AUG_18, due_timezone="America/New_York"
    )
    factories.ResponseFactory(
        inquiry=inquiry, city=factories.CityFactory(name="Baltimore", state="MD"), as_of=AUG_3
    )
    _fix_clock(monkeypatch, at)
    assert _states_by_city(_soup(client.get(inquiry.get_absolute_url()))) == {
        "Baltimore, MD": words
    }
    assert _states_by_city(_soup(client.get("/responses/pending/"))) == {"Baltimore, MD": words}
    assert _counts(_soup(client.get("/")).select_one("li.card"))["Needs a check"] == count


# --- methodology ----------------------------------------------------------------


def test_methodology_explains_the_three_states_and_late_answers(client, db):
    soup = _soup(client.get("/methodology/"))
    heading = soup.find(id="deadlines")
    assert _words(heading) == "Deadlines: overdue, needs a check, late"
    terms = [_words(dt) for dt in heading.find_next("dl").find_all("dt")]
    assert terms == [
        "Overdue",
        "Deadline passed (needs a check)",
        "Past due",
        "Answered late",
    ]
    text = _words(soup.find("main"))
    assert "we confirmed the status after the deadline day" in text
    assert "the status was last confirmed on or before the deadline day" in text
    assert "an answer due Aug. 18 that came on Aug. 30 was 12 days after the deadline" in text


def test_pages_link_to_the_methodology_of_deadlines(client, db):
    for url in ("/", "/responses/pending/"):
        soup = _soup(client.get(url))
        assert soup.select_one('main a[href="/methodology/#deadlines"]') is not None, url


@pytest.mark.parametrize(
    ("at", "statuses", "answer"),
    [
        (datetime.datetime(2017, 8, 19, 3, 59, 59, tzinfo=UTC), ["pending"], "Not yet"),
        (
            datetime.datetime(2017, 8, 19, 4, 0, 0, tzinfo=UTC),
            ["pending"],
            "Yes. 0 overdue (we confirmed after the deadline that there was still no answer); "
            "1 needs a check (no answer on record, status last confirmed on or before the "
            "deadline day). Each status is as of the date shown beside it.",
        ),
        (
            datetime.datetime(2017, 8, 19, 4, 0, 0, tzinfo=UTC),
            ["received"],
            "Yes. No response is still awaited.",
        ),
    ],
    ids=["not-yet", "one-to-check", "all-answered"],
)
def test_inquiry_page_says_whether_the_deadline_passed(client, monkeypatch, at, statuses, answer):
    inquiry = factories.InquiryFactory(sent_on=AUG_3, due_on=AUG_18)
    for status in statuses:
        received_on = AUG_18 if status == "received" else None
        factories.ResponseFactory(inquiry=inquiry, status=status, received_on=received_on)
    _fix_clock(monkeypatch, at)
    soup = _soup(client.get(inquiry.get_absolute_url()))
    facts = {_words(d.find("dt")): _words(d.find("dd")) for d in soup.select("dl.facts > div")}
    assert facts["Deadline passed?"] == answer


# --- query counts stay fixed whatever the number of rows --------------------------


@pytest.mark.parametrize("rows", [1, 100])
@pytest.mark.parametrize(
    "query", ["needs_check=true", "is_overdue=false", "is_past_due=true&state=MD"]
)
def test_deadline_filtered_pending_list_query_count(client, django_assert_num_queries, rows, query):
    # Due Aug. 18, 2017, each last confirmed on Aug. 3: every row needs a check.
    factories.ResponseFactory.create_batch(rows, as_of=AUG_3)
    # count + page; the filter form's states and inquiries
    with django_assert_num_queries(4):
        response = client.get(f"/responses/pending/?{query}")
    assert len(response.context["responses"]) == min(rows, 50)


def test_days_late_in_the_thousands_carry_a_comma(client):
    """AP style writes 3,390, not 3390."""
    inquiry = factories.InquiryFactory(
        sent_on=datetime.date(2017, 8, 3), due_on=datetime.date(2017, 8, 18)
    )
    response = factories.ResponseFactory(
        inquiry=inquiry, status="received", received_on=datetime.date(2026, 11, 20)
    )
    page = client.get(inquiry.get_absolute_url())
    assert "Answered 3,381 days after the deadline" in " ".join(
        BeautifulSoup(page.content, "html.parser").get_text(" ").split()
    )
    assert response.days_late == 3381
