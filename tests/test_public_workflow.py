"""The editorial workflow as readers and editors meet it on the public pages
(the issue's items 1 and 4; DESIGN.md, "Editorial workflow").

- A retracted claim or inquiry keeps its page, under "Retracted <date>:
  <note>", but leaves every list and count; a retracted claim carries no
  ClaimReview.
- Drafts and records in review are 404 for readers; an editor sees them
  bannered "Draft — not public" / "In review — not public", and badged in
  lists; pages an editor sees are never stored by shared caches.
- Corrections show at the foot of the page they concern and on
  ``/corrections/``; ClaimReview's ``dateModified`` is the latest one's.

The scene is the seed article (Reuters, Aug. 3, 2017). Records are retracted
and corrected through :mod:`articles.workflow` as the system
(``acting_user=None``). Pages are read with an HTML parser.
"""

import datetime
import json

import pytest
from bs4 import BeautifulSoup

from articles import workflow
from articles.models import Claim, Correction, CorrectionKind, Inquiry, Publication, Rating
from tests import factories

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
DOJ = "justice-department-sanctuary-questions"
RFC = "reuters-request-for-comment"
DAVIS = "davis-baltimore-is-a-welcoming-city"
SEED_CLAIMANTS = {"Jeff Sessions", "Kevin Davis", "Jarrod Burguan", "Rachael Yong Yow"}
NOTE = "This claim was published in error."
# 03:30 UTC on Nov. 30, 2026 is 22:30 on Nov. 29 in New York (EST, UTC-5):
# the newsroom dates it Nov. 29.
RETRACTED_AT = datetime.datetime(2026, 11, 30, 3, 30, tzinfo=UTC)


def _soup(response) -> BeautifulSoup:
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def _text(node) -> str:
    """Visible text, blocks and inline elements alike separated by one space."""
    return " ".join(node.get_text(" ", strip=True).split())


def _inline(node) -> str:
    """Text of an element whose children are inline: as it reads."""
    return " ".join(node.get_text().split())


def _correction(item) -> tuple[str, str]:
    """A listed correction as ``(head, text)``."""
    return _inline(item.select_one(".correction__head")), _inline(
        item.select_one(".correction__text")
    )


def _json_ld(soup: BeautifulSoup) -> list[dict]:
    return [json.loads(s.string) for s in soup.find_all("script", type="application/ld+json")]


def _claimants(response) -> set[str]:
    return {
        (c.claimant.name if c.claimant else c.claimant_organization.name)
        for c in response.context["claims"]
    }


def _retract(record, note: str = NOTE):
    return workflow.retract(record=record, acting_user=None, note=note, at=RETRACTED_AT)


@pytest.fixture
def davis_retracted(seeded) -> Claim:
    """Kevin Davis' claim, retracted."""
    return _retract(Claim.objects.get(slug=DAVIS))


# --- A retracted claim: its page stays, it leaves every list ---------------------


def test_retracted_claim_page_stays_with_the_note_and_the_newsroom_date(
    reader_client, davis_retracted
):
    soup = _soup(reader_client.get(f"/claims/{DAVIS}/"))
    notice = soup.select_one(".banner--retracted")
    assert _inline(notice.find("p")) == f"Retracted Nov. 29, 2026: {NOTE}"
    assert notice.find("time")["datetime"] == "2026-11-29T22:30:00-05:00"
    assert soup.title.string.startswith("Retracted: Kevin Davis:")
    # The claim itself is still there, quoted as the article has it.
    assert "Baltimore is a welcoming city." in _text(soup.select_one(".claim__text"))
    assert soup.select_one(".banner--draft") is None


def test_a_rated_claim_once_retracted_has_no_claim_review(reader_client, seeded):
    false = Rating.objects.get(scale__slug="default", slug="false")
    Claim.objects.filter(slug=DAVIS).update(rating=false, not_rated=False)
    (review,) = _json_ld(_soup(reader_client.get(f"/claims/{DAVIS}/")))
    assert review["reviewRating"]["alternateName"] == "False"
    _retract(Claim.objects.get(slug=DAVIS))
    assert _json_ld(_soup(reader_client.get(f"/claims/{DAVIS}/"))) == []


def test_retracted_claim_leaves_the_claim_list(reader_client, editor_client, davis_retracted):
    assert _claimants(reader_client.get("/claims/")) == SEED_CLAIMANTS - {"Kevin Davis"}
    # Editors see drafts in lists, but a retracted claim is out of them too.
    assert _claimants(editor_client.get("/claims/")) == SEED_CLAIMANTS - {"Kevin Davis"}


def test_retracted_claim_leaves_its_person_city_and_source_pages(reader_client, davis_retracted):
    person = reader_client.get("/people/kevin-davis/")
    assert list(person.context["claims"]) == []
    assert "No published claims by Kevin Davis." in _text(_soup(person))
    city = reader_client.get("/cities/baltimore-md/")
    assert list(city.context["claims"]) == []
    source = davis_retracted.citations.get().source
    citations = reader_client.get(source.get_absolute_url()).context["citations"]
    assert {c.claim.claimant.name for c in citations} == SEED_CLAIMANTS - {"Kevin Davis"}


# --- A retracted inquiry: its page stays, it leaves lists and counts -------------


def test_retracted_inquiry_page_stays_with_its_notice(reader_client, seeded):
    _retract(Inquiry.objects.get(slug=DOJ), note="These questions were entered twice.")
    soup = _soup(reader_client.get(f"/inquiries/{DOJ}/"))
    assert _inline(soup.select_one(".banner--retracted p")) == (
        "Retracted Nov. 29, 2026: These questions were entered twice."
    )
    assert len(soup.select("tbody > tr")) == 4  # its four cities, as before


def test_retracted_inquiry_leaves_home_cards_response_lists_and_city_pages(reader_client, seeded):
    _retract(Inquiry.objects.get(slug=DOJ))
    assert [i.slug for i in reader_client.get("/").context["inquiries"]] == [RFC]
    pending = reader_client.get("/responses/pending/").context["responses"]
    # Left: the request for comment's two cities that did not reply.
    assert sorted((r.inquiry.slug, r.city.slug) for r in pending) == [
        (RFC, "albuquerque-nm"),
        (RFC, "stockton-ca"),
    ]
    baltimore = reader_client.get("/cities/baltimore-md/").context["responses"]
    assert [(r.inquiry.slug, r.status) for r in baltimore] == [(RFC, "received")]
    source = Inquiry.objects.get(slug=DOJ).sources.get()
    listed = reader_client.get(source.get_absolute_url()).context["responses"]
    assert {r.inquiry.slug for r in listed} == {RFC}


def test_retracted_request_for_comment_leaves_the_received_list(reader_client, seeded):
    received = reader_client.get("/responses/received/").context["responses"]
    assert {r.city.slug for r in received} == {"baltimore-md", "san-bernardino-ca"}
    _retract(Inquiry.objects.get(slug=RFC))
    assert list(reader_client.get("/responses/received/").context["responses"]) == []


# --- Drafts and records in review ------------------------------------------------


UNPUBLISHED = [
    (Publication.DRAFT, "Draft — not public"),
    (Publication.IN_REVIEW, "In review — not public"),
]


@pytest.fixture(params=UNPUBLISHED, ids=["draft", "in_review"])
def unpublished(request, seeded):
    """A claim and an inquiry (asking Baltimore) in one unpublished state,
    and the words an editor's banner starts with."""
    state, words = request.param
    claim = factories.ClaimFactory(
        slug="unpublished-claim",
        text="Unpublished words.",
        claimant=Claim.objects.get(slug=DAVIS).claimant,
        publication=state,
    )
    factories.CitationFactory(claim=claim)
    inquiry = factories.InquiryFactory(
        slug="unpublished-questions", title="Unpublished questions", publication=state
    )
    factories.ResponseFactory(inquiry=inquiry, city=Claim.objects.get(slug=DAVIS).city)
    return claim, inquiry, words


def test_unpublished_claim_and_inquiry_pages_are_404_for_readers(reader_client, unpublished):
    claim, inquiry, _ = unpublished
    assert reader_client.get(claim.get_absolute_url()).status_code == 404
    assert reader_client.get(inquiry.get_absolute_url()).status_code == 404
    assert "Unpublished words." not in reader_client.get("/claims/").content.decode()
    assert "Unpublished questions" not in reader_client.get("/").content.decode()
    assert "Unpublished questions" not in reader_client.get("/responses/pending/").content.decode()


def test_editor_sees_unpublished_pages_under_a_banner(editor_client, unpublished):
    claim, inquiry, words = unpublished
    for url in (claim.get_absolute_url(), inquiry.get_absolute_url()):
        banner = _soup(editor_client.get(url)).select_one(".banner--draft")
        assert _text(banner).startswith(f"{words}."), url


def test_editor_sees_unpublished_records_badged_in_lists(editor_client, unpublished):
    claim, inquiry, words = unpublished
    claims = _soup(editor_client.get("/claims/"))
    assert [_text(tag) for tag in claims.select(".claim .tag--draft")] == [words]
    home = _soup(editor_client.get("/"))
    badges = {
        _text(card.find("h3")): [_text(t) for t in card.select(".tag--draft")]
        for card in home.select("li.card")
    }
    assert badges["Unpublished questions"] == [words]
    assert all(v == [] for k, v in badges.items() if k != "Unpublished questions")
    pending = _soup(editor_client.get("/responses/pending/"))
    badged = [
        _text(row.select_one(".inquiry a"))
        for row in pending.select("tbody > tr")
        if row.select_one(".tag--draft")
    ]
    assert badged == ["Unpublished questions"]


def test_a_published_page_has_no_banner_for_an_editor(editor_client, seeded):
    soup = _soup(editor_client.get(f"/inquiries/{DOJ}/"))
    assert soup.select_one(".banner--draft") is None
    assert soup.select_one(".banner--retracted") is None


# --- Caches never hand an editor's view to readers -------------------------------


@pytest.mark.parametrize("url", ["/", "/claims/", f"/claims/{DAVIS}/", "/api/v1/claims/"])
def test_what_an_editor_sees_is_private_and_every_page_varies_on_the_cookie(
    reader_client, editor_client, seeded, url
):
    editor = editor_client.get(url)
    assert "private" in editor["Cache-Control"]
    assert "no-cache" in editor["Cache-Control"]
    reader = reader_client.get(url)
    assert "private" not in reader.get("Cache-Control", "")
    for reply in (editor, reader):
        vary = {v.strip().lower() for v in reply["Vary"].split(",")}
        assert {"cookie", "authorization"} <= vary


# --- Corrections ----------------------------------------------------------------

# What a correction of the seed might say: the article calls Davis "Baltimore
# Police Commissioner" and quotes Burguan as "the police chief of San
# Bernardino".
DAVIS_TITLE = (
    "An earlier version of this page called Kevin Davis Baltimore’s police chief. "
    "He is the Baltimore Police Commissioner."
)
BURGUAN_REPLY = (
    "An earlier version of this page did not say that Jarrod Burguan, the police chief of "
    "San Bernardino, said he will answer the department’s questions."
)
DEADLINE = "The article gives the deadline as Aug. 18, without a time of day."


def _correct(record, kind, text, issued_at):
    return workflow.correction_add(
        record=record, kind=kind, text=text, acting_user=None, issued_at=issued_at
    )


def test_claim_page_shows_its_corrections_at_the_foot(reader_client, seeded):
    claim = Claim.objects.get(slug=DAVIS)
    correction = _correct(
        claim,
        CorrectionKind.CORRECTION,
        DAVIS_TITLE,
        datetime.datetime(2026, 11, 29, 15, 0, tzinfo=UTC),
    )
    soup = _soup(reader_client.get(claim.get_absolute_url()))
    section = soup.find("section", class_="corrections")
    assert _text(section.find("h2")) == "Corrections"
    (item,) = section.select("li.correction")
    assert item["id"] == f"correction-{correction.pk}"
    assert _correction(item) == ("Correction, Nov. 29, 2026", DAVIS_TITLE)
    assert item.find("time")["datetime"] == "2026-11-29T10:00:00-05:00"
    # The foot comes after the evidence.
    assert section.find_previous("h2").get_text() == "Evidence"


def test_a_page_without_corrections_has_no_corrections_section(reader_client, seeded):
    soup = _soup(reader_client.get(f"/claims/{DAVIS}/"))
    assert soup.find("section", class_="corrections") is None


def test_inquiry_page_shows_its_own_and_its_responses_corrections_naming_the_city(
    reader_client, seeded
):
    rfc = Inquiry.objects.get(slug=RFC)
    san_bernardino = rfc.responses.get(city__slug="san-bernardino-ca")
    _correct(
        san_bernardino,
        CorrectionKind.UPDATE,
        BURGUAN_REPLY,
        datetime.datetime(2026, 11, 29, 16, 0, tzinfo=UTC),
    )
    doj = Inquiry.objects.get(slug=DOJ)
    _correct(
        doj,
        CorrectionKind.CLARIFICATION,
        DEADLINE,
        datetime.datetime(2026, 11, 29, 17, 0, tzinfo=UTC),
    )
    rfc_items = _soup(reader_client.get(f"/inquiries/{RFC}/")).select("li.correction")
    assert [_correction(item) for item in rfc_items] == [
        ("Update, Nov. 29, 2026 · about the response of San Bernardino, CA", BURGUAN_REPLY)
    ]
    assert rfc_items[0].find("a")["href"] == "#response-san-bernardino-ca"
    doj_items = _soup(reader_client.get(f"/inquiries/{DOJ}/")).select("li.correction")
    assert [_correction(item) for item in doj_items] == [("Clarification, Nov. 29, 2026", DEADLINE)]


def test_corrections_page_lists_every_correction_newest_first_linking_to_it(reader_client, seeded):
    claim = Claim.objects.get(slug=DAVIS)
    first = _correct(
        claim,
        CorrectionKind.CORRECTION,
        DAVIS_TITLE,
        datetime.datetime(2026, 11, 29, 15, 0, tzinfo=UTC),
    )
    response = Inquiry.objects.get(slug=RFC).responses.get(city__slug="san-bernardino-ca")
    second = _correct(
        response,
        CorrectionKind.UPDATE,
        BURGUAN_REPLY,
        datetime.datetime(2026, 11, 30, 15, 0, tzinfo=UTC),
    )
    page = reader_client.get("/corrections/")
    soup = _soup(page)
    assert _text(soup.find("h1")) == "Corrections"
    items = soup.select("li.correction")
    assert [_correction(i)[1] for i in items] == [BURGUAN_REPLY, DAVIS_TITLE]
    links = [i.select_one(".correction__head a") for i in items]
    assert [a["href"] for a in links] == [
        f"/inquiries/{RFC}/#correction-{second.pk}",
        f"/claims/{DAVIS}/#correction-{first.pk}",
    ]
    assert (
        _inline(links[0]) == "The response of San Bernardino, CA to Reuters’ requests for comment"
    )
    assert _inline(links[1]).startswith("Kevin Davis’ claim: “Baltimore is a welcoming city.")
    heads = [_correction(i)[0] for i in items]
    assert heads[0].startswith("Update, Nov. 30, 2026 · ")
    assert heads[1].startswith("Correction, Nov. 29, 2026 · ")


def test_corrections_page_marks_a_correction_of_a_retracted_claim(reader_client, seeded):
    claim = Claim.objects.get(slug=DAVIS)
    _correct(claim, CorrectionKind.CORRECTION, DAVIS_TITLE, RETRACTED_AT)
    _retract(claim)
    (item,) = _soup(reader_client.get("/corrections/")).select(
        "li.correction:not(.correction--retraction)"
    )
    assert _correction(item)[0].endswith("(retracted)")


def test_corrections_page_hides_corrections_of_drafts_from_readers(
    reader_client, editor_client, seeded
):
    draft = factories.ClaimFactory(publication=Publication.DRAFT)
    factories.CorrectionFactory(claim=draft, text="A note on a draft.")
    assert list(reader_client.get("/corrections/").context["corrections"]) == []
    assert "No corrections have been published." in _text(_soup(reader_client.get("/corrections/")))
    assert [c.text for c in editor_client.get("/corrections/").context["corrections"]] == [
        "A note on a draft."
    ]


def test_corrections_page_is_paginated_and_odd_pages_are_4xx(reader_client, seeded):
    claim = Claim.objects.get(slug=DAVIS)
    for n in range(51):
        factories.CorrectionFactory(
            claim=claim,
            text=f"Note {n}.",
            issued_at=datetime.datetime(2026, 11, 1, tzinfo=UTC) + datetime.timedelta(hours=n),
        )
    first = reader_client.get("/corrections/")
    assert len(first.context["corrections"]) == 50
    assert first.context["corrections"][0].text == "Note 50."  # newest first
    last = reader_client.get("/corrections/", {"page": 2})
    assert [c.text for c in last.context["corrections"]] == ["Note 0."]
    assert reader_client.get("/corrections/", {"page": "abc"}).status_code == 400
    assert reader_client.get("/corrections/", {"page": 3}).status_code == 404
    assert reader_client.get("/corrections/", {"page": "9" * 30}).status_code == 404
    assert reader_client.get("/corrections/", {"page": "\x00"}).status_code == 400


@pytest.mark.parametrize("rows", [1, 100])
def test_corrections_page_query_count(reader_client, django_assert_num_queries, rows):
    for i in range(rows):
        record = [factories.ClaimFactory, factories.InquiryFactory, factories.ResponseFactory][
            i % 3
        ]()
        factories.CorrectionFactory(**{type(record)._meta.model_name: record})
    with django_assert_num_queries(4):  # count, page (each record joined), retractions (2)
        page = reader_client.get("/corrections/")
    assert len(page.context["corrections"]) == min(rows, 50)


def test_every_page_links_to_the_corrections_page(reader_client, seeded):
    footer = _soup(reader_client.get("/")).find("footer")
    assert "/corrections/" in {a["href"] for a in footer.find_all("a")}


# --- ClaimReview dates -----------------------------------------------------------


def _rate_davis_false() -> Claim:
    false = Rating.objects.get(scale__slug="default", slug="false")
    Claim.objects.filter(slug=DAVIS).update(rating=false, not_rated=False)
    return Claim.objects.get(slug=DAVIS)


def test_claim_review_is_published_when_the_claim_was_and_has_no_date_modified(
    reader_client, seeded
):
    claim = _rate_davis_false()
    (review,) = _json_ld(_soup(reader_client.get(claim.get_absolute_url())))
    published = datetime.datetime.fromisoformat(review["datePublished"])
    assert published == claim.published_at.replace(microsecond=0)
    assert published.utcoffset() == datetime.timedelta(hours=-5)  # New York, November
    assert "dateModified" not in review


def test_claim_review_date_modified_is_the_latest_corrections(reader_client, seeded):
    claim = _rate_davis_false()
    _correct(
        claim,
        CorrectionKind.CLARIFICATION,
        DAVIS_TITLE,
        datetime.datetime(2026, 11, 29, 15, 0, tzinfo=UTC),
    )
    latest = _correct(
        claim,
        CorrectionKind.UPDATE,
        "The Baltimore Police Department says it does not control the local jail.",
        datetime.datetime(2026, 12, 1, 9, 30, 15, tzinfo=UTC),
    )
    (review,) = _json_ld(_soup(reader_client.get(claim.get_absolute_url())))
    stored = Correction.objects.get(pk=latest.pk).issued_at
    assert review["dateModified"] == "2026-12-01T04:30:15-05:00"
    assert datetime.datetime.fromisoformat(review["dateModified"]) == stored
    assert review["reviewRating"]["alternateName"] == "False"


def test_an_editors_preview_of_an_undecided_draft_does_not_say_not_rated(editor_client):
    """ "Not rated" is an editor's decision; a draft nobody has rated yet
    says so (the newcomer's trial)."""
    from tests.factories import ClaimFactory

    draft = ClaimFactory(publication="draft", not_rated=False)
    page = editor_client.get(draft.get_absolute_url()).content.decode()
    assert "Rating not decided yet" in page
    assert "Not rated" not in page
