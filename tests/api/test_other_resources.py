"""``organizations``, ``people``, ``sources`` and ``claims``: detail routes,
published-only claims, and the seed's claims with their citations.

Readers see an organization, person or source only when a published record
refers to them, so each one here is named by a published claim."""

import pytest

from articles.models import Organization, Publication
from tests.factories import (
    CitationFactory,
    CityFactory,
    ClaimFactory,
    OrganizationFactory,
    PersonFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db


def test_organization_detail_by_slug_is_its_absolute_url(client):
    city = CityFactory(name="Baltimore", state="MD", slug="baltimore-md")
    police = OrganizationFactory(
        name="Baltimore Police Department",
        slug="baltimore-police-department",
        kind=Organization.Kind.POLICE_DEPARTMENT,
        city=city,
    )
    ClaimFactory(claimant=None, claimant_organization=police)
    assert police.get_absolute_url() == "/api/v1/organizations/baltimore-police-department/"
    body = client.get(police.get_absolute_url()).json()
    assert body["name"] == "Baltimore Police Department"
    assert body["kind"] == "police_department"
    assert body["city"]["slug"] == "baltimore-md"


def test_national_organization_has_null_city(client):
    doj = OrganizationFactory(slug="justice-department", kind=Organization.Kind.FEDERAL_AGENCY)
    ClaimFactory(claimant=None, claimant_organization=doj)
    assert client.get("/api/v1/organizations/justice-department/").json()["city"] is None


def test_person_detail_by_slug(client):
    police = OrganizationFactory(name="Baltimore Police Department", slug="bpd")
    davis = PersonFactory(
        name="Kevin Davis", slug="kevin-davis", title="Police Commissioner", organization=police
    )
    ClaimFactory(claimant=davis)
    body = client.get("/api/v1/people/kevin-davis/").json()
    assert body["name"] == "Kevin Davis"
    assert body["title"] == "Police Commissioner"
    assert body["organization"]["slug"] == "bpd"
    assert body["html_url"] == "http://testserver/people/kevin-davis/"


def test_source_detail_by_id_names_its_link_source_url(client):
    source = SourceFactory(title="Justice Dept. presses cities", url="https://example.org/story")
    CitationFactory(source=source)
    body = client.get(f"/api/v1/sources/{source.pk}/").json()
    assert body["id"] == source.pk
    assert body["url"] == f"http://testserver/api/v1/sources/{source.pk}/"
    assert body["source_url"] == "https://example.org/story"
    assert body["published_on"] == "2017-08-03"


def test_draft_claims_are_hidden_from_list_and_detail(client):
    ClaimFactory(slug="published-claim")
    ClaimFactory(slug="draft-claim", publication=Publication.DRAFT)
    body = client.get("/api/v1/claims/").json()
    assert [row["slug"] for row in body["results"]] == ["published-claim"]
    assert client.get("/api/v1/claims/draft-claim/").status_code == 404


def test_claim_lists_its_citations_with_the_quote(client):
    citation = CitationFactory(claim=ClaimFactory(slug="fox-claim"), quote="I jump.")
    body = client.get("/api/v1/claims/fox-claim/").json()
    assert body["citations"] == [
        {
            "id": citation.pk,
            "url": f"http://testserver/api/v1/citations/{citation.pk}/",
            "source": {
                "id": citation.source.pk,
                "slug": None,  # sources are addressed by id
                "name": citation.source.title,
                "url": f"http://testserver/api/v1/sources/{citation.source.pk}/",
                "html_url": f"http://testserver/sources/{citation.source.pk}/",
            },
            "quote": "I jump.",
            "public_note": "",
        }
    ]
    assert body["rating"] is None


def test_seed_claims_are_the_four_speakers_each_cited(client, seeded):
    body = client.get("/api/v1/claims/").json()
    speakers = sorted(row["claimant"]["name"] for row in body["results"])
    assert speakers == ["Jarrod Burguan", "Jeff Sessions", "Kevin Davis", "Rachael Yong Yow"]
    assert all(len(row["citations"]) >= 1 for row in body["results"])
