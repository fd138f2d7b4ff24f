"""Writing sources, inquiries, citations and corrections through the API,
through the admin's services, with history user and reason; what may not
be written (corrections stand, nothing published is deleted).

Facts from the seed article (articles/seed.py): the Reuters story of Aug. 3,
2017 is the source of every claim; the Justice Department's questions were
announced that day and due Aug. 18, 2017; Reuters asked the four police
departments for comment.
"""

import pytest

from articles.models import Citation, Claim, Correction, Inquiry, Source
from articles.seed import BURGUAN_INTEREST, DOJ_INQUIRY_SLUG
from tests.api import writes_support
from tests.api.writes_support import (
    API,
    doj_response,
    last_history,
)

pytestmark = pytest.mark.django_db

# Fixtures shared by the write tests (tests/api/writes_support.py).
editor_api = writes_support.editor_api
reporter_api = writes_support.reporter_api

BURGUAN = "burguan-san-bernardino-not-a-sanctuary-city"


def _article() -> Source:
    return Source.objects.get(publisher__slug="reuters")


# --- sources -----------------------------------------------------------------


def test_a_reporter_adds_a_source_and_an_editor_updates_it(
    seeded, reporter_api, editor_api, role_reporter, role_editor
):
    reply = reporter_api.post(
        f"{API}/sources/",
        {
            "kind": "letter",
            "title": "Justice Department letter to the Stockton Police Department",
            "publisher": "justice-department",
            "published_on": "2017-08-03",
            "reason": "The letter the story mentions",
        },
    )
    assert reply.status_code == 201, reply.json()
    body = reply.json()
    assert body["publisher"]["slug"] == "justice-department"
    assert body["published_on"] == "2017-08-03"
    source = Source.objects.get(pk=body["id"])
    assert last_history(source).history_user == role_reporter
    assert last_history(source).history_change_reason == "The letter the story mentions"
    path = f"{API}/sources/{source.pk}/"
    etag = editor_api.get(path).headers["ETag"]
    changed = editor_api.patch(
        path,
        {"source_url": "https://www.justice.gov/opa/pr/example", "reason": "Found online"},
        if_match=etag,
    )
    assert changed.status_code == 200, changed.json()
    assert changed.json()["source_url"] == "https://www.justice.gov/opa/pr/example"
    assert changed.headers["ETag"] != etag
    assert last_history(source).history_user == role_editor
    assert last_history(source).history_change_reason == "Found online"


def test_a_source_update_needs_if_match(seeded, editor_api):
    article = _article()
    reply = editor_api.patch(f"{API}/sources/{article.pk}/", {"title": "Another title"})
    assert reply.status_code == 428
    assert Source.objects.get(pk=article.pk).title == article.title


def test_put_needs_every_required_field(seeded, editor_api):
    article = _article()
    reply = editor_api.put(f"{API}/sources/{article.pk}/", {"title": "x"}, if_match="*")
    assert reply.status_code == 400
    assert reply.json() == {"kind": ["This field is required."]}


def test_a_source_readers_see_is_not_deleted(seeded, editor_api):
    article = _article()
    assert editor_api.delete(f"{API}/sources/{article.pk}/", if_match="*").status_code == 405
    assert Source.objects.filter(pk=article.pk).exists()


# --- inquiries ----------------------------------------------------------------


def test_an_inquiry_is_created_as_a_draft_and_its_deadline_changed(
    seeded, reporter_api, editor_api, role_reporter
):
    reply = reporter_api.post(
        f"{API}/inquiries/",
        {
            "title": "Justice Department's follow-up questions",
            "kind": "government_request",
            "requester": "justice-department",
            "sent_on": "2017-08-03",
            "due_on": "2017-08-18",
            "sources": [_article().pk],
            "reason": "Drafted from the story",
        },
    )
    assert reply.status_code == 201, reply.json()
    body = reply.json()
    assert body["publication"] == "draft"
    assert body["due_timezone"] == "America/New_York"
    assert body["deadline"] == "2017-08-19T00:00:00-04:00"
    inquiry = Inquiry.objects.get(slug=body["slug"])
    assert list(inquiry.sources.all()) == [_article()]
    assert last_history(inquiry).history_user == role_reporter
    path = f"{API}/inquiries/{inquiry.slug}/"
    bad = editor_api.patch(path, {"due_on": "2017-08-01"}, if_match="*")
    assert bad.status_code == 400
    assert "due_on" in bad.json()  # before sent_on: the database's own rule
    ok = editor_api.patch(
        path, {"due_on": "2017-08-25", "reason": "Extended"}, if_match=bad.headers.get("ETag", "*")
    )
    assert ok.status_code == 200, ok.json()
    assert ok.json()["deadline"] == "2017-08-26T00:00:00-04:00"


def test_a_reporter_may_not_change_a_published_inquiry(seeded, reporter_api):
    inquiry = Inquiry.objects.get(slug=DOJ_INQUIRY_SLUG)
    reply = reporter_api.patch(
        f"{API}/inquiries/{inquiry.slug}/", {"questions": "x", "reason": "y"}, if_match="*"
    )
    assert reply.status_code == 403
    assert Inquiry.objects.get(pk=inquiry.pk).questions == inquiry.questions


def test_an_unknown_source_id_is_400_naming_sources(seeded, editor_api):
    reply = editor_api.patch(
        f"{API}/inquiries/{DOJ_INQUIRY_SLUG}/", {"sources": [999999]}, if_match="*"
    )
    assert reply.status_code == 400
    assert reply.json() == {"sources": ["No source “999999”."]}


# --- citations ------------------------------------------------------------------


def _draft_claim(api) -> str:
    return api.post(
        f"{API}/claims/",
        {
            "text": "San Bernardino's police department first expressed interest in the program",
            "claimant": "jarrod-burguan",
        },
    ).json()["slug"]


def test_citations_are_listed_with_their_claim_and_source(seeded, reporter_api):
    body = reporter_api.get(f"{API}/citations/").json()
    assert body["count"] == 4  # one per claim of the seed
    slugs = {row["claim"]["slug"] for row in body["results"]}
    assert BURGUAN in slugs
    assert {row["source"]["id"] for row in body["results"]} == {_article().pk}


def test_a_reporter_cites_a_draft_and_deletes_the_citation(seeded, reporter_api, role_reporter):
    slug = _draft_claim(reporter_api)
    reply = reporter_api.post(
        f"{API}/citations/",
        {
            "claim": slug,
            "source": _article().pk,
            "quote": BURGUAN_INTEREST,
            "reason": "The sentence that says it",
        },
    )
    assert reply.status_code == 201, reply.json()
    citation = Citation.objects.get(pk=reply.json()["id"])
    assert reply.json()["quote"] == BURGUAN_INTEREST
    assert last_history(citation).history_user == role_reporter
    path = f"{API}/citations/{citation.pk}/"
    assert reporter_api.delete(path).status_code == 428
    etag = reporter_api.get(path).headers["ETag"]
    typo = reporter_api.send("delete", path, {"reson": "x"}, if_match=etag)
    assert typo.status_code == 400
    assert list(typo.json()) == ["reson"]
    gone = reporter_api.send("delete", path, {"reason": "Wrong sentence"}, if_match=etag)
    assert gone.status_code == 204
    assert not Citation.objects.filter(pk=citation.pk).exists()
    record = Citation.history.filter(id=citation.pk).order_by("-history_id").first()
    assert record.history_type == "-"
    assert record.history_user == role_reporter
    assert record.history_change_reason == "Wrong sentence"


def test_a_quote_not_in_the_source_is_400_naming_quote(seeded, editor_api):
    slug = _draft_claim(editor_api)
    reply = editor_api.post(
        f"{API}/citations/",
        {"claim": slug, "source": _article().pk, "quote": "Words the story never printed"},
    )
    assert reply.status_code == 400
    assert reply.json() == {"quote": ["Quote does not appear word for word in the source's text."]}


def test_a_published_claims_citation_is_never_deleted(seeded, editor_api):
    citation = Citation.objects.get(claim__slug=BURGUAN)
    reply = editor_api.delete(f"{API}/citations/{citation.pk}/", if_match="*")
    assert reply.status_code == 400
    assert "nothing published is deleted" in reply.json()["detail"][0]
    assert Citation.objects.filter(pk=citation.pk).exists()


# --- corrections --------------------------------------------------------------


def test_an_editor_publishes_a_correction_to_a_claim(seeded, editor_api, role_editor):
    reply = editor_api.post(
        f"{API}/corrections/",
        {
            "kind": "clarification",
            "text": "Burguan is San Bernardino's police chief.",
            "claim": BURGUAN,
        },
    )
    assert reply.status_code == 201, reply.json()
    correction = Correction.objects.get(pk=reply.json()["id"])
    assert correction.claim == Claim.objects.get(slug=BURGUAN)
    assert correction.created_by == role_editor
    assert last_history(correction).history_user == role_editor
    assert reply.json()["claim"]["url"].endswith(f"/api/v1/claims/{BURGUAN}/")


def test_a_correction_of_a_response_by_id(seeded, editor_api):
    stockton = doj_response("stockton-ca")
    reply = editor_api.post(
        f"{API}/corrections/",
        {"kind": "update", "text": "Stockton had not answered by Aug. 3.", "response": stockton.pk},
    )
    assert reply.status_code == 201, reply.json()
    assert Correction.objects.get(pk=reply.json()["id"]).response == stockton


def test_a_reporter_may_not_publish_a_correction(seeded, reporter_api):
    reply = reporter_api.post(
        f"{API}/corrections/", {"kind": "update", "text": "x", "claim": BURGUAN}
    )
    assert reply.status_code == 403
    assert not Correction.objects.exists()


def test_a_correction_names_exactly_one_record(seeded, editor_api):
    reply = editor_api.post(
        f"{API}/corrections/",
        {"kind": "update", "text": "x", "claim": BURGUAN, "inquiry": DOJ_INQUIRY_SLUG},
    )
    assert reply.status_code == 400
    assert reply.json() == {"detail": ["Name exactly one record: claim, inquiry or response."]}


def test_a_correction_stands_no_update_no_delete(seeded, editor_api):
    created = editor_api.post(
        f"{API}/corrections/", {"kind": "update", "text": "Checked again.", "claim": BURGUAN}
    ).json()
    path = f"{API}/corrections/{created['id']}/"
    assert editor_api.patch(path, {"text": "Changed"}, if_match="*").status_code == 405
    assert editor_api.put(path, {"text": "Changed"}, if_match="*").status_code == 405
    assert editor_api.delete(path, if_match="*").status_code == 405
    assert Correction.objects.get(pk=created["id"]).text == "Checked again."


@pytest.mark.parametrize("resource", ["cities", "organizations", "people"])
def test_places_people_and_organizations_are_read_only_here(seeded, editor_api, resource):
    reply = editor_api.post(f"{API}/{resource}/", {"name": "x"})
    assert reply.status_code == 405


@pytest.mark.parametrize("rows", [1, 100])
def test_the_citation_list_costs_two_queries_whatever_its_length(
    client, django_assert_num_queries, rows
):
    from tests.factories import CitationFactory

    for _ in range(rows):
        CitationFactory()  # of a published claim (the factory's default)
    with django_assert_num_queries(2):  # COUNT + SELECT, claim and source joined
        body = client.get(f"{API}/citations/", {"page_size": 100}).json()
    assert len(body["results"]) == rows


def test_a_retracted_claims_citation_leaves_the_list_but_keeps_its_address(seeded, editor_api):
    citation = Citation.objects.get(claim__slug=BURGUAN)
    retracted = editor_api.patch(
        f"{API}/claims/{BURGUAN}/",
        {"publication": "retracted", "retraction_note": "Attributed to the wrong chief."},
        if_match="*",
    )
    assert retracted.status_code == 200
    listed = editor_api.get(f"{API}/citations/").json()
    assert citation.pk not in [row["id"] for row in listed["results"]]
    assert editor_api.get(f"{API}/citations/{citation.pk}/").status_code == 200
