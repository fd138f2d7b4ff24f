"""``?search=`` over what a desk expects (issue 8, "Strict and honest"),
checked against the seed article (articles/seed.py): every word must
match one of the resource's fields, case-insensitively."""

import pytest

pytestmark = pytest.mark.django_db


def _search(client, endpoint: str, words: str) -> dict:
    response = client.get(f"/api/v1/{endpoint}/", {"search": words})
    assert response.status_code == 200, response.content
    return response.json()


def _claimants(body) -> list[str]:
    return sorted(row["claimant"]["name"] for row in body["results"])


def test_claims_by_a_word_only_in_a_quote(client, seeded):
    # "Rachael Yong Yow, an ICE spokeswoman, said ..." is the quote; the
    # claim's own text does not say "spokeswoman".
    assert _claimants(_search(client, "claims", "spokeswoman")) == ["Rachael Yong Yow"]


def test_claims_by_claimant_name(client, seeded):
    assert _claimants(_search(client, "claims", "Burguan")) == ["Jarrod Burguan"]


def test_claims_by_city_name(client, seeded):
    assert _claimants(_search(client, "claims", "San Bernardino")) == ["Jarrod Burguan"]


def test_claims_by_text(client, seeded):
    assert _claimants(_search(client, "claims", "welcoming city")) == ["Kevin Davis"]


def test_no_seed_claim_concerns_stockton(client, seeded):
    # The article quotes nobody from Stockton and no claim is about it: an
    # empty answer is the truth here, not a search that fails to look.
    assert _search(client, "claims", "Stockton")["count"] == 0
    # ... while its two responses (questions and comment request) are found.
    body = _search(client, "responses", "Stockton")
    assert body["count"] == 2
    assert {row["city"]["slug"] for row in body["results"]} == {"stockton-ca"}


def test_a_claim_with_several_matching_citations_is_listed_once(client, seeded):
    body = _search(client, "claims", "Baltimore")
    slugs = [row["slug"] for row in body["results"]]
    assert len(slugs) == len(set(slugs))
    assert "davis-baltimore-is-a-welcoming-city" in slugs


def test_responses_by_text(client, seeded):
    # Both unanswered comment requests quote "did not immediately respond".
    body = _search(client, "responses", "immediately respond")
    assert sorted(row["city"]["slug"] for row in body["results"]) == [
        "albuquerque-nm",
        "stockton-ca",
    ]


def test_responses_by_summary(client, seeded):
    # Only the summary of Baltimore's answer says "no formal selection process".
    body = _search(client, "responses", "formal selection")
    assert [row["city"]["slug"] for row in body["results"]] == ["baltimore-md"]


def test_responses_by_respondent_name(client, seeded):
    body = _search(client, "responses", "Kevin Davis")
    assert [row["city"]["slug"] for row in body["results"]] == ["baltimore-md"]
    assert body["results"][0]["status"] == "received"


def test_responses_by_inquiry_title(client, seeded):
    body = _search(client, "responses", "requests for comment")
    assert body["count"] == 4


def test_every_word_must_match(client, seeded):
    assert _search(client, "responses", "Stockton Baltimore")["count"] == 0


def test_people_by_name_and_sources_by_title(client, seeded):
    people = _search(client, "people", "Sessions")["results"]
    assert [p["name"] for p in people] == ["Jeff Sessions"]
    sources = _search(client, "sources", "Reuters")["results"]
    assert len(sources) == 1
