"""Writing claims through the API: drafts by reporters, rating and
publishing by editors only, corrections with a change to a published
claim, ``ETag``/``If-Match``, workflow moves (409 when refused).

Facts from the seed article (articles/seed.py): Jarrod Burguan, San
Bernardino's police chief, said San Bernardino "is not a 'sanctuary'
city"; the claims are published unrated (the article rates nothing),
each cited to the Reuters article of Aug. 3, 2017.
"""

import pytest

from articles.models import Citation, Claim, Correction, Source
from articles.seed import BURGUAN_INTEREST
from tests.api import writes_support
from tests.api.writes_support import (
    API,
    last_history,
)

pytestmark = pytest.mark.django_db

# Fixtures shared by the write tests (tests/api/writes_support.py).
editor_api = writes_support.editor_api
reporter_api = writes_support.reporter_api

BURGUAN = "burguan-san-bernardino-not-a-sanctuary-city"
#: A draft made from the seed article's own words (San Bernardino's chief,
#: "his department first expressed interest in the program").
DRAFT = {
    "text": "San Bernardino's police department first expressed interest in the program",
    "wording": "reported",
    "claimant": "jarrod-burguan",
    "city": "san-bernardino-ca",
    "stated_on": "2017-08-03",
    "reason": "From the Reuters story of Aug. 3, 2017",
}


def _claim_path(slug: str) -> str:
    return f"{API}/claims/{slug}/"


def _article() -> Source:
    return Source.objects.get(publisher__slug="reuters")


def _snapshot(slug: str) -> dict:
    claim = Claim.objects.get(slug=slug)
    return {
        "text": claim.text,
        "rating": claim.rating_id,
        "publication": claim.publication,
        "version": claim.version,
        "history": claim.history.count(),
        "corrections": Correction.objects.filter(claim=claim).count(),
    }


def test_a_reporter_drafts_a_claim(seeded, reporter_api, role_reporter):
    reply = reporter_api.post(f"{API}/claims/", DRAFT)
    assert reply.status_code == 201, reply.json()
    body = reply.json()
    assert body["publication"] == "draft"
    assert body["claimant"]["slug"] == "jarrod-burguan"
    assert body["city"]["slug"] == "san-bernardino-ca"
    assert body["stated_on"] == "2017-08-03"
    assert body["slug"]  # made from the text
    claim = Claim.objects.get(slug=body["slug"])
    record = last_history(claim)
    assert record.history_user == role_reporter
    assert record.history_change_reason == "From the Reuters story of Aug. 3, 2017"
    assert reply.headers["ETag"].startswith('"1.')


def test_a_reporter_may_not_rate_a_claim(seeded, reporter_api):
    count = Claim.objects.count()
    reply = reporter_api.post(f"{API}/claims/", {**DRAFT, "rating": "mostly-true"})
    assert reply.status_code == 403
    assert "rate_claim" in reply.json()["detail"]
    assert Claim.objects.count() == count


def test_a_reporter_may_not_publish_but_may_send_to_review(seeded, reporter_api):
    slug = reporter_api.post(f"{API}/claims/", DRAFT).json()["slug"]
    path = _claim_path(slug)
    before = _snapshot(slug)
    refused = reporter_api.patch(path, {"publication": "published"}, if_match="*")
    assert refused.status_code == 403
    assert _snapshot(slug) == before
    sent = reporter_api.patch(
        path,
        {"publication": "in_review", "reason": "Ready: quote checked"},
        if_match=reporter_api.get(path).headers["ETag"],
    )
    assert sent.status_code == 200, sent.json()
    assert sent.json()["publication"] == "in_review"


def test_an_editor_rates_cites_and_publishes_a_draft(seeded, editor_api, role_editor):
    slug = editor_api.post(f"{API}/claims/", {**DRAFT, "rating": "default/true"}).json()["slug"]
    cited = editor_api.post(
        f"{API}/citations/",
        {"claim": slug, "source": _article().pk, "quote": BURGUAN_INTEREST},
    )
    assert cited.status_code == 201, cited.json()
    path = _claim_path(slug)
    reply = editor_api.patch(
        path,
        {"publication": "published", "reason": "Checked against the story"},
        if_match=editor_api.get(path).headers["ETag"],
    )
    assert reply.status_code == 200, reply.json()
    body = reply.json()
    assert body["publication"] == "published"
    assert body["rating"] == {"label": "True", "slug": "true", "value": 5, "scale": "default"}
    assert body["citations"][0]["quote"] == BURGUAN_INTEREST
    record = last_history(Claim.objects.get(slug=slug))
    assert record.history_user == role_editor
    assert record.history_change_reason == "Checked against the story"


def test_publishing_an_uncited_claim_is_400_naming_what_is_missing(seeded, editor_api):
    slug = editor_api.post(f"{API}/claims/", {**DRAFT, "not_rated": True}).json()["slug"]
    reply = editor_api.patch(_claim_path(slug), {"publication": "published"}, if_match="*")
    assert reply.status_code == 400
    assert "no citation" in reply.json()["publication"][0]
    assert Claim.objects.get(slug=slug).publication == "draft"


def test_a_refused_workflow_move_is_409_with_the_allowed_moves(seeded, editor_api):
    before = _snapshot(BURGUAN)
    reply = editor_api.patch(_claim_path(BURGUAN), {"publication": "in_review"}, if_match="*")
    assert reply.status_code == 409
    body = reply.json()
    assert "publication" in body
    assert body["allowed"] == ["retracted"]
    assert _snapshot(BURGUAN) == before


def test_changing_a_published_claims_text_needs_a_reason_and_a_note(seeded, editor_api):
    path = _claim_path(BURGUAN)
    before = _snapshot(BURGUAN)
    text = "San Bernardino is not a “sanctuary” city and does not control the local jail"
    refused = editor_api.patch(path, {"text": text}, if_match="*")
    assert refused.status_code == 400
    assert {"reason", "correction"} & set(refused.json())
    assert _snapshot(BURGUAN) == before
    reply = editor_api.patch(
        path,
        {
            "text": text,
            "reason": "Closer to the article's words",
            "correction": {"kind": "correction", "text": "We reworded the claim to the article's."},
        },
        if_match=editor_api.get(path).headers["ETag"],
    )
    assert reply.status_code == 200, reply.json()
    assert reply.json()["text"] == text
    assert reply.json()["corrections"][-1]["text"] == "We reworded the claim to the article's."


def test_retracting_needs_a_note_readers_see(seeded, editor_api):
    path = _claim_path(BURGUAN)
    refused = editor_api.patch(path, {"publication": "retracted"}, if_match="*")
    assert refused.status_code == 400
    assert "retraction_note" in refused.json()
    reply = editor_api.patch(
        path,
        {"publication": "retracted", "retraction_note": "Attributed to the wrong chief."},
        if_match="*",
    )
    assert reply.status_code == 200, reply.json()
    assert reply.json()["retraction_note"] == "Attributed to the wrong chief."


def test_a_published_claim_keeps_its_slug(seeded, editor_api):
    reply = editor_api.patch(
        _claim_path(BURGUAN), {"slug": "new-address", "reason": "Shorter"}, if_match="*"
    )
    assert reply.status_code == 400
    assert "slug" in reply.json()
    assert Claim.objects.filter(slug=BURGUAN).exists()


def test_an_unknown_rating_is_400_naming_rating(seeded, editor_api):
    reply = editor_api.post(f"{API}/claims/", {**DRAFT, "rating": "pants-on-fire"})
    assert reply.status_code == 400
    assert reply.json() == {"rating": ["No rating “pants-on-fire”."]}


def test_a_claim_has_no_delete(seeded, editor_api):
    reply = editor_api.delete(_claim_path(BURGUAN), if_match="*")
    assert reply.status_code == 405
    assert Citation.objects.filter(claim__slug=BURGUAN).exists()


def test_a_claim_update_needs_a_current_if_match(seeded, editor_api):
    path = _claim_path(BURGUAN)
    etag = editor_api.get(path).headers["ETag"]
    assert etag.startswith(f'"{Claim.objects.get(slug=BURGUAN).version}.')
    # Not a fact readers rely on (no correction note needed): how it was worded.
    body = {"wording": "direct", "reason": "Note"}
    before = _snapshot(BURGUAN)
    missing = editor_api.patch(path, body)
    assert missing.status_code == 428
    assert list(missing.json()) == ["If-Match"]
    assert _snapshot(BURGUAN) == before
    saved = editor_api.patch(path, body, if_match=etag)
    assert saved.status_code == 200, saved.json()
    assert saved.json()["wording"] == "direct"
    stale = editor_api.patch(path, {"wording": "reported", "reason": "Undo"}, if_match=etag)
    assert stale.status_code == 412
    assert stale.json()["changed_meanwhile"][0]["reason"] == "Note"
    assert Claim.objects.get(slug=BURGUAN).wording == "direct"
