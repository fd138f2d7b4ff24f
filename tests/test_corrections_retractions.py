"""Retractions on /corrections/ (the newcomer's finding D): retracting a
published claim or inquiry takes it out of lists, feeds and search, so the
corrections log says so, newest first, with the note, linking to the page
that still stands. Values from the seed (the Reuters article of Aug. 3, 2017)."""

import datetime

import pytest
from bs4 import BeautifulSoup

from articles import workflow
from articles.models import Claim, Inquiry, Publication
from tests import factories

pytestmark = pytest.mark.django_db

DAVIS = "davis-baltimore-is-a-welcoming-city"
RFC = "reuters-request-for-comment"
UTC = datetime.UTC


def _retractions(client) -> list[tuple[str, str, str]]:
    """Each retraction entry on /corrections/: (head text, link, note text)."""
    response = client.get("/corrections/")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return [
        (
            " ".join(li.select_one(".correction__head").get_text().split()),
            li.select_one(".correction__head a")["href"],
            li.select_one(".correction__text").get_text().strip(),
        )
        for li in soup.select("li.correction--retraction")
    ]


def test_retractions_are_listed_newest_first_with_their_notes(reader_client, seeded, role_editor):
    workflow.retract(
        record=Claim.objects.get(slug=DAVIS),
        acting_user=role_editor,
        note="We **misquoted** the commissioner.",
        at=datetime.datetime(2026, 11, 29, 14, 54, tzinfo=UTC),
    )
    workflow.retract(
        record=Inquiry.objects.get(slug=RFC),
        acting_user=role_editor,
        note="Wrong requester.",
        # 03:30 UTC on Dec. 1 is still Nov. 30 in New York, the newsroom's zone.
        at=datetime.datetime(2026, 12, 1, 3, 30, tzinfo=UTC),
    )
    assert _retractions(reader_client) == [
        (
            "Retracted Nov. 30, 2026: Reuters’ requests for comment",
            f"/inquiries/{RFC}/",
            "Wrong requester.",
        ),
        (
            "Retracted Nov. 29, 2026: Kevin Davis’ claim: “Baltimore is a welcoming city. "
            "We do not enforce federal immigration laws”",
            f"/claims/{DAVIS}/",
            "We misquoted the commissioner.",
        ),
    ]
    soup = BeautifulSoup(reader_client.get("/corrections/").content, "html.parser")
    assert soup.find(id="retractions").get_text() == "Retractions"
    # The note is the newsroom's Markdown, rendered as on the record's page.
    assert soup.select_one("li.correction--retraction strong + a") is not None
    assert soup.select("li.correction--retraction .correction__text strong")[0].get_text() == (
        "misquoted"
    )


def test_no_retractions_section_without_retractions(reader_client, seeded):
    soup = BeautifulSoup(reader_client.get("/corrections/").content, "html.parser")
    assert soup.find(id="retractions") is None
    assert _retractions(reader_client) == []


def test_a_draft_is_never_listed_as_retracted(reader_client, editor_client, seeded):
    factories.ClaimFactory(text="A draft", publication=Publication.DRAFT)
    factories.InquiryFactory(title="A draft inquiry", publication=Publication.IN_REVIEW)
    assert _retractions(reader_client) == []
    assert _retractions(editor_client) == []


def test_retractions_only_on_the_first_page(reader_client, seeded):
    workflow.retract(record=Claim.objects.get(slug=DAVIS), acting_user=None, note="Misquoted.")
    claim = Claim.objects.get(slug="sessions-sanctuary-policies-make-us-less-safe")
    for n in range(51):
        factories.CorrectionFactory(claim=claim, text=f"Note {n}.")
    assert len(reader_client.get("/corrections/").context["retractions"]) == 1
    assert reader_client.get("/corrections/", {"page": 2}).context["retractions"] == []


@pytest.mark.parametrize("rows", [1, 100])
def test_corrections_page_queries_are_fixed_with_retractions(
    reader_client, django_assert_num_queries, rows
):
    at = datetime.datetime(2026, 11, 29, 14, 54, tzinfo=UTC)
    for n in range(rows):
        factories.ClaimFactory(
            publication=Publication.RETRACTED,
            retracted_at=at - datetime.timedelta(hours=n),
            retraction_note=f"Reason {n}",
        )
        factories.InquiryFactory(
            publication=Publication.RETRACTED,
            retracted_at=at - datetime.timedelta(hours=n, minutes=30),
            retraction_note=f"Wrong {n}",
        )
    # count of corrections (none, so no page query), retracted claims, retracted inquiries
    with django_assert_num_queries(3):
        page = reader_client.get("/corrections/")
    assert len(page.context["retractions"]) == 2 * rows  # all of them, not paginated
    assert page.context["retractions"][0].note == "Reason 0"
