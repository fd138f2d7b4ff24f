"""ClaimReview JSON-LD read back as a search engine would (the issue
"Readers' side", "Structured data"): each published, rated claim page is
parsed with extruct, and every value is checked against the stored claim.

Expected values come from the seed article and DESIGN.md ("Claim rating":
the default scale runs True 5 ... False 1, with Unverifiable unvalued), not
from the builder's output.
"""

import datetime

import extruct
import pytest

from articles import workflow
from articles.clock import newsroom_zone
from articles.models import Claim, Publication, Rating, RatingScale, Source
from articles.structured_data import SITE_NAME
from tests import factories

BASE = "http://testserver"

#: The seed's four claims, each given a different step of the default scale
#: (the article rates nothing: the seed publishes them unrated).
RATED_SEED = {
    "sessions-sanctuary-policies-make-us-less-safe": "false",
    "davis-baltimore-is-a-welcoming-city": "mostly-true",
    "burguan-san-bernardino-not-a-sanctuary-city": "half-true",
    "yong-yow-ice-arrests-case-by-case": "unverifiable",
}

#: DESIGN.md, "Claim rating": label -> value on the default scale.
DEFAULT_SCALE = {"False": 1, "Mostly true": 4, "Half true": 3, "Unverifiable": None}


def _claim_reviews(client, claim: Claim) -> list[dict]:
    """The ClaimReview objects extruct finds in the claim's page."""
    response = client.get(claim.get_absolute_url())
    assert response.status_code == 200
    data = extruct.extract(
        response.content.decode(),
        base_url=BASE + claim.get_absolute_url(),
        syntaxes=["json-ld", "microdata"],
        uniform=True,
    )
    found = data["json-ld"] + data["microdata"]
    return [item for item in found if item.get("@type") == "ClaimReview"]


def _rate(slug: str, rating_slug: str) -> Claim:
    rating = Rating.objects.get(scale__slug="default", slug=rating_slug)
    Claim.objects.filter(slug=slug).update(rating=rating, not_rated=False)
    return Claim.objects.select_related("claimant", "rating__scale").get(slug=slug)


@pytest.fixture
def rated_seed(seeded) -> list[Claim]:
    """The seed's published claims, each rated (see :data:`RATED_SEED`)."""
    return [_rate(slug, rating) for slug, rating in RATED_SEED.items()]


def test_every_published_rated_seed_claim_carries_its_claim_review(reader_client, rated_seed):
    assert len(rated_seed) == 4
    for claim in rated_seed:
        (review,) = _claim_reviews(reader_client, claim)
        assert review["@context"] == "https://schema.org"
        assert review["url"] == f"{BASE}/claims/{claim.slug}/"
        assert review["claimReviewed"] == claim.text
        assert review["author"] == {"@type": "Organization", "name": SITE_NAME}
        assert SITE_NAME == "City response tracker"

        rating = review["reviewRating"]
        assert rating["@type"] == "Rating"
        assert rating["alternateName"] == claim.rating.label
        value = DEFAULT_SCALE[claim.rating.label]
        assert claim.rating.value == value
        if value is None:
            # Unverifiable: the label only.
            assert set(rating) == {"@type", "alternateName"}
        else:
            assert rating["ratingValue"] == value
            assert (rating["bestRating"], rating["worstRating"]) == (5, 1)

        item = review["itemReviewed"]
        assert item["@type"] == "Claim"
        assert item["author"]["@type"] == "Person"
        assert item["author"]["name"] == claim.claimant.name
        assert item["author"]["jobTitle"] == claim.claimant.title
        if claim.stated_on:
            assert item["datePublished"] == claim.stated_on.isoformat()
        else:
            assert "datePublished" not in item
        # The seed article has no URL (the seed invents none): no appearance.
        urls = [c.source.url for c in claim.citations.select_related("source") if c.source.url]
        assert urls == []
        assert "appearance" not in item

        published = datetime.datetime.fromisoformat(review["datePublished"])
        assert published == claim.published_at.replace(microsecond=0)
        assert published.utcoffset() == claim.published_at.astimezone(newsroom_zone()).utcoffset()
        assert "dateModified" not in review  # no correction yet


def test_seed_claimants_and_labels_read_back(reader_client, rated_seed):
    """The values a reader of the article would expect, written out."""
    got = {}
    for claim in rated_seed:
        (review,) = _claim_reviews(reader_client, claim)
        author = review["itemReviewed"]["author"]
        got[author["name"]] = (author["jobTitle"], review["reviewRating"]["alternateName"])
    assert got == {
        "Jeff Sessions": ("Attorney General", "False"),
        "Kevin Davis": ("Police Commissioner", "Mostly true"),
        "Jarrod Burguan": ("Police Chief", "Half true"),
        "Rachael Yong Yow": ("Spokeswoman", "Unverifiable"),
    }


def test_appearance_lists_each_cited_source_url(reader_client, seeded):
    claim = _rate("davis-baltimore-is-a-welcoming-city", "mostly-true")
    Source.objects.update(url="https://www.reuters.com/article/us-usa-immigration-idUSKBN1AJ2DW")
    (review,) = _claim_reviews(reader_client, claim)
    assert review["itemReviewed"]["appearance"] == [
        {
            "@type": "CreativeWork",
            "url": "https://www.reuters.com/article/us-usa-immigration-idUSKBN1AJ2DW",
            "headline": Source.objects.get().title,
        }
    ]


def test_unrated_seed_claims_carry_no_claim_review(reader_client, seeded):
    claims = Claim.objects.filter(publication=Publication.PUBLISHED)
    assert claims.count() == 4
    for claim in claims:
        assert claim.rating_id is None
        assert _claim_reviews(reader_client, claim) == []


@pytest.mark.parametrize("state", [Publication.DRAFT, Publication.IN_REVIEW])
def test_unpublished_rated_claims_carry_no_claim_review(editor_client, db, state):
    rating = Rating.objects.get(scale__slug="default", slug="true")
    claim = factories.ClaimFactory(rating=rating, publication=state)
    factories.CitationFactory(claim=claim)
    # Editors open the page (readers get a 404); still no markup.
    assert _claim_reviews(editor_client, claim) == []


def test_retracted_rated_claim_carries_no_claim_review(reader_client, seeded):
    claim = _rate("davis-baltimore-is-a-welcoming-city", "mostly-true")
    assert len(_claim_reviews(reader_client, claim)) == 1
    workflow.retract(record=claim, acting_user=None, note="We misquoted the commissioner.")
    assert _claim_reviews(reader_client, claim) == []


def _scale(*steps: tuple[str, int | None]) -> RatingScale:
    scale = RatingScale.objects.create(name="Test scale", slug="test-scale")
    for order, (label, value) in enumerate(steps, start=1):
        Rating.objects.create(
            scale=scale, label=label, slug=label.lower().replace(" ", "-"), value=value, order=order
        )
    return scale


@pytest.mark.parametrize(
    "steps",
    [
        [("Checked", 1), ("Not checkable", None)],  # one valued step
        [("Holds up", 3), ("Also holds up", 3)],  # two steps, equal values
    ],
)
def test_scale_with_equal_best_and_worst_emits_the_label_only(reader_client, db, steps):
    scale = _scale(*steps)
    label = steps[0][0]
    claim = factories.ClaimFactory(rating=scale.ratings.get(label=label))
    (review,) = _claim_reviews(reader_client, claim)
    assert review["reviewRating"] == {"@type": "Rating", "alternateName": label}


def test_rating_without_value_emits_the_label_only(reader_client, db):
    scale = _scale(("Accurate", 2), ("Inaccurate", 0), ("Too soon to say", None))
    claim = factories.ClaimFactory(rating=scale.ratings.get(label="Too soon to say"))
    (review,) = _claim_reviews(reader_client, claim)
    assert review["reviewRating"] == {"@type": "Rating", "alternateName": "Too soon to say"}


def test_custom_scale_bounds_come_from_its_own_steps(reader_client, db):
    scale = _scale(("Accurate", 2), ("Inaccurate", 0), ("Too soon to say", None))
    claim = factories.ClaimFactory(rating=scale.ratings.get(label="Inaccurate"))
    (review,) = _claim_reviews(reader_client, claim)
    assert review["reviewRating"] == {
        "@type": "Rating",
        "alternateName": "Inaccurate",
        "ratingValue": 0,
        "bestRating": 2,
        "worstRating": 0,
    }


def test_review_body_is_plain_text_and_strings_carry_no_control_characters(reader_client, seeded):
    claim = _rate("davis-baltimore-is-a-welcoming-city", "mostly-true")
    Claim.objects.filter(pk=claim.pk).update(
        text="Baltimore is a welcoming\x01 city",
        rating_explanation=(
            "**Bold reason** <script>alert(1)</script> [x](javascript:alert(1))\n\n"
            "See [the article](https://www.reuters.com/) &amp; the\x0b record."
        ),
    )
    (review,) = _claim_reviews(reader_client, claim)
    # The text a reader sees on the page: Markdown rendered, tags gone, raw
    # HTML shown as the text it was, the refused javascript: link as typed.
    assert review["reviewBody"] == (
        "Bold reason <script>alert(1)</script> [x](javascript:alert(1)) "
        "See the article & the record."
    )
    assert review["claimReviewed"] == "Baltimore is a welcoming city"
    page = reader_client.get(claim.get_absolute_url()).content.decode()
    assert "\\u0001" not in page and "\\u000b" not in page
