"""The editorial workflow in the API (the issue's items 1 and 4).

- Drafts and records in review are 404 for anonymous users, like missing
  records, on every detail endpoint they reach (claims, inquiries, the
  inquiry's responses); editors see them with their ``publication``.
- A retracted claim or inquiry (and the responses to a retracted inquiry)
  leaves every list, but its address answers 200 with ``publication:
  "retracted"``, ``retracted_at`` and ``retraction_note``.
- Claims, inquiries and responses carry their ``corrections``;
  ``/api/v1/corrections/`` lists every correction readers may see.

The scene is the seed article (Reuters, Aug. 3, 2017).
"""

import datetime

import pytest

from articles import workflow
from articles.models import Claim, CorrectionKind, Inquiry, Publication
from tests import factories

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
DOJ = "justice-department-sanctuary-questions"
RFC = "reuters-request-for-comment"
DAVIS = "davis-baltimore-is-a-welcoming-city"
RETRACTED_AT = datetime.datetime(2026, 11, 30, 3, 30, tzinfo=UTC)
NOTE = "This claim was published in error."


def _slugs(client, resource: str) -> set[str]:
    body = client.get(f"/api/v1/{resource}/", {"page_size": 100}).json()
    return {row["slug"] for row in body["results"]}


def _instant(value: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(value)


# --- Drafts and records in review: 404 for readers -------------------------------


@pytest.fixture(params=[Publication.DRAFT, Publication.IN_REVIEW])
def unpublished(request, seeded):
    """A claim and an inquiry asking Baltimore, in one unpublished state."""
    claim = factories.ClaimFactory(slug="unpublished-claim", publication=request.param)
    factories.CitationFactory(claim=claim)
    inquiry = factories.InquiryFactory(slug="unpublished-questions", publication=request.param)
    response = factories.ResponseFactory(inquiry=inquiry, city=Claim.objects.get(slug=DAVIS).city)
    return claim, inquiry, response, request.param


def _details(claim, inquiry, response) -> list[str]:
    return [
        f"/api/v1/claims/{claim.slug}/",
        f"/api/v1/inquiries/{inquiry.slug}/",
        f"/api/v1/responses/{response.pk}/",
    ]


def test_unpublished_records_are_404_for_anonymous_users_like_missing_ones(client, unpublished):
    claim, inquiry, response, _ = unpublished
    missing = ["/api/v1/claims/no-such/", "/api/v1/inquiries/no-such/", "/api/v1/responses/98765/"]
    for url, missing_url in zip(_details(claim, inquiry, response), missing, strict=True):
        reply = client.get(url)
        assert reply.status_code == 404, url
        assert reply.json() == client.get(missing_url).json()
    assert claim.slug not in _slugs(client, "claims")
    assert inquiry.slug not in _slugs(client, "inquiries")
    responses = client.get("/api/v1/responses/", {"page_size": 100}).json()["results"]
    assert response.pk not in {row["id"] for row in responses}


def test_unpublished_records_are_shown_to_an_editor_with_their_state(editor_client, unpublished):
    claim, inquiry, response, state = unpublished
    for url in _details(claim, inquiry, response):
        assert editor_client.get(url).status_code == 200, url
    assert editor_client.get(f"/api/v1/claims/{claim.slug}/").json()["publication"] == state
    assert editor_client.get(f"/api/v1/inquiries/{inquiry.slug}/").json()["publication"] == state
    assert claim.slug in _slugs(editor_client, "claims")


# --- Retracted: out of lists, still at its address --------------------------------


def test_a_retracted_claim_leaves_the_list_but_its_address_answers(client, seeded):
    workflow.retract(
        record=Claim.objects.get(slug=DAVIS), acting_user=None, note=NOTE, at=RETRACTED_AT
    )
    assert _slugs(client, "claims") == {
        "sessions-sanctuary-policies-make-us-less-safe",
        "burguan-san-bernardino-not-a-sanctuary-city",
        "yong-yow-ice-arrests-case-by-case",
    }
    assert client.get("/api/v1/claims/", {"city": "baltimore-md"}).json()["count"] == 0
    reply = client.get(f"/api/v1/claims/{DAVIS}/")
    assert reply.status_code == 200
    body = reply.json()
    assert body["publication"] == "retracted"
    assert _instant(body["retracted_at"]) == RETRACTED_AT
    assert body["retraction_note"] == NOTE
    assert body["text"].startswith("Baltimore is a welcoming city.")


def test_a_published_claim_says_so_and_when(client, seeded):
    body = client.get(f"/api/v1/claims/{DAVIS}/").json()
    assert body["publication"] == "published"
    assert _instant(body["published_at"]) == Claim.objects.get(slug=DAVIS).published_at
    assert body["retracted_at"] is None
    assert body["retraction_note"] == ""
    assert body["corrections"] == []


def test_a_retracted_inquiry_and_its_responses_leave_the_lists(client, seeded):
    doj = Inquiry.objects.get(slug=DOJ)
    workflow.retract(record=doj, acting_user=None, note="Entered twice.", at=RETRACTED_AT)
    assert _slugs(client, "inquiries") == {RFC}
    responses = client.get("/api/v1/responses/", {"page_size": 100}).json()["results"]
    assert {row["inquiry"]["slug"] for row in responses} == {RFC}
    assert len(responses) == 4  # Albuquerque, Baltimore, San Bernardino, Stockton
    body = client.get(f"/api/v1/inquiries/{DOJ}/").json()
    assert body["publication"] == "retracted"
    assert body["retraction_note"] == "Entered twice."
    assert body["counts"]["total"] == 4
    baltimore = doj.responses.get(city__slug="baltimore-md")
    reply = client.get(f"/api/v1/responses/{baltimore.pk}/")
    assert reply.status_code == 200
    assert reply.json()["status"] == "pending"


# --- Corrections -----------------------------------------------------------------

DAVIS_TITLE = (
    "An earlier version of this page called Kevin Davis Baltimore’s police chief. "
    "He is the Baltimore Police Commissioner."
)


def _correct(record, kind, text, issued_at):
    return workflow.correction_add(
        record=record, kind=kind, text=text, acting_user=None, issued_at=issued_at
    )


def test_claim_inquiry_and_response_carry_their_corrections(client, seeded):
    issued = datetime.datetime(2026, 11, 29, 15, 0, tzinfo=UTC)
    _correct(Claim.objects.get(slug=DAVIS), CorrectionKind.CORRECTION, DAVIS_TITLE, issued)
    rfc = Inquiry.objects.get(slug=RFC)
    _correct(rfc, CorrectionKind.CLARIFICATION, "Four departments were asked.", issued)
    baltimore = rfc.responses.get(city__slug="baltimore-md")
    _correct(baltimore, CorrectionKind.UPDATE, "Kevin Davis answered for the city.", issued)

    (claim_note,) = client.get(f"/api/v1/claims/{DAVIS}/").json()["corrections"]
    assert claim_note["kind"] == "correction"
    assert claim_note["text"] == DAVIS_TITLE
    assert _instant(claim_note["issued_at"]) == issued
    inquiry = client.get(f"/api/v1/inquiries/{RFC}/").json()
    assert [(c["kind"], c["text"]) for c in inquiry["corrections"]] == [
        ("clarification", "Four departments were asked.")
    ]
    response = client.get(f"/api/v1/responses/{baltimore.pk}/").json()
    assert [(c["kind"], c["text"]) for c in response["corrections"]] == [
        ("update", "Kevin Davis answered for the city.")
    ]
    # The lists carry them too.
    claims = client.get("/api/v1/claims/", {"city": "baltimore-md"}).json()["results"]
    assert [c["text"] for c in claims[0]["corrections"]] == [DAVIS_TITLE]


def test_corrections_endpoint_lists_them_newest_first_naming_the_record(client, seeded):
    claim = Claim.objects.get(slug=DAVIS)
    older = _correct(
        claim,
        CorrectionKind.CORRECTION,
        DAVIS_TITLE,
        datetime.datetime(2026, 11, 29, 15, 0, tzinfo=UTC),
    )
    response = Inquiry.objects.get(slug=RFC).responses.get(city__slug="baltimore-md")
    newer = _correct(
        response,
        CorrectionKind.UPDATE,
        "Kevin Davis answered for the city.",
        datetime.datetime(2026, 11, 30, 15, 0, tzinfo=UTC),
    )
    body = client.get("/api/v1/corrections/").json()
    assert body["count"] == 2
    first, second = body["results"]
    assert first["id"] == newer.pk
    assert first["kind"] == "update"
    assert first["response"] == {
        "id": response.pk,
        "slug": None,
        "name": "Baltimore, MD — Reuters’ requests for comment",
        "url": f"http://testserver/api/v1/responses/{response.pk}/",
        "html_url": f"http://testserver/inquiries/{RFC}/#response-baltimore-md",
    }
    assert first["claim"] is None and first["inquiry"] is None
    assert first["html_url"] == f"http://testserver/inquiries/{RFC}/#correction-{newer.pk}"
    assert second["id"] == older.pk
    assert second["claim"]["url"] == f"http://testserver/api/v1/claims/{DAVIS}/"
    assert second["claim"]["html_url"] == f"http://testserver/claims/{DAVIS}/"
    assert second["claim"]["slug"] == DAVIS
    assert second["html_url"] == f"http://testserver/claims/{DAVIS}/#correction-{older.pk}"
    assert _instant(second["issued_at"]) == datetime.datetime(2026, 11, 29, 15, 0, tzinfo=UTC)
    detail = client.get(f"/api/v1/corrections/{older.pk}/").json()
    assert detail["text"] == DAVIS_TITLE


def test_corrections_endpoint_hides_corrections_of_drafts_from_anonymous_users(
    client, editor_client, seeded
):
    note = factories.CorrectionFactory(claim=factories.ClaimFactory(publication=Publication.DRAFT))
    assert client.get("/api/v1/corrections/").json()["count"] == 0
    assert client.get(f"/api/v1/corrections/{note.pk}/").status_code == 404
    assert editor_client.get("/api/v1/corrections/").json()["count"] == 1


@pytest.mark.parametrize(
    ("query", "status", "key"),
    [
        ({"ordering": "bogus"}, 400, "ordering"),
        ({"page": "abc"}, 404, "page"),
        ({"page": "99999999999999999999"}, 404, "page"),
        ({"page_size": "-1"}, 400, "page_size"),
        ({"search": "\x00"}, 400, "search"),
    ],
)
def test_corrections_endpoint_answers_odd_parameters_with_a_4xx_naming_them(
    client, seeded, query, status, key
):
    reply = client.get("/api/v1/corrections/", query)
    assert reply.status_code == status
    assert list(reply.json()) == [key]


def test_an_unknown_or_huge_correction_id_is_404(client, db):
    assert client.get("/api/v1/corrections/987654/").status_code == 404
    assert client.get("/api/v1/corrections/99999999999999999999999/").status_code == 404
