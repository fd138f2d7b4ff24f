"""Claim filters on /api/v1/claims/ (DESIGN.md: rating among the filters)."""

import pytest

from articles.models import Claim, Rating

pytestmark = pytest.mark.django_db

LIST = "/api/v1/claims/"


def slugs(response) -> set[str]:
    return {row["slug"] for row in response.json()["results"]}


def test_the_seed_claims_are_all_unrated(client, seeded):
    assert client.get(LIST, {"rated": "false"}).json()["count"] == 4
    assert client.get(LIST, {"rated": "true"}).json()["count"] == 0


def test_filter_by_rating_slug(client, seeded):
    false = Rating.objects.get(scale__slug="default", slug="false")
    # The seed publishes its claims unrated ("publish without a rating");
    # a claim has a rating or that decision, never both.
    Claim.objects.filter(slug="yong-yow-ice-arrests-case-by-case").update(
        rating=false, not_rated=False
    )
    assert slugs(client.get(LIST, {"rating": "false"})) == {"yong-yow-ice-arrests-case-by-case"}
    assert client.get(LIST, {"rating": "true,mostly-true"}).json()["count"] == 0


def test_filter_by_city_and_claimant(client, seeded):
    assert slugs(client.get(LIST, {"city": "baltimore-md"})) == {
        "davis-baltimore-is-a-welcoming-city"
    }
    assert slugs(client.get(LIST, {"claimant": "jeff-sessions"})) == {
        "sessions-sanctuary-policies-make-us-less-safe"
    }
    assert slugs(client.get(LIST, {"wording": "reported"})) == {
        "burguan-san-bernardino-not-a-sanctuary-city",
        "yong-yow-ice-arrests-case-by-case",
    }


@pytest.mark.parametrize(
    ("param", "value"),
    [("rating", "bogus"), ("rated", "maybe"), ("city", "atlantis-xx"), ("wording", "shouted")],
)
def test_a_bad_claim_filter_is_a_400_naming_it(client, seeded, param, value):
    response = client.get(LIST, {param: value})
    assert response.status_code == 400
    assert list(response.json()) == [param]
