"""One visibility rule (issue item 5; DESIGN.md, "Public pages"): every
QuerySet's ``visible_to(user)``, and every selector, page and API viewset
going through it.

The scene: the seed article is loaded (all published), and an editor has
drafted one more claim from the article's sentence about New York's
attorney general, citing a copy of that sentence as its own source. The
draft is the only record that names New York, Eric Schneiderman, his office
and that source, so readers must not see any of them; an editor holding
``articles.view_unpublished`` sees them all.
"""

import datetime
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from articles.models import City, Claim, Organization, Person, Publication, Response, Source
from tests import factories

pytestmark = pytest.mark.django_db

# The article's sentence (line 16 of the seed file), word for word.
NEW_YORK_SENTENCE = (
    "New York Attorney General Eric Schneiderman and acting Brooklyn District Attorney Eric "
    "Gonzalez on Thursday called on U.S. Immigration and Customs Enforcement (ICE) to stop "
    "making arrests in courthouses amid concerns it has a chilling effect on local policing "
    "and is sweeping up those with low-level misdemeanor cases."
)
NEW_YORK_QUOTE = (
    "called on U.S. Immigration and Customs Enforcement (ICE) to stop making arrests in courthouses"
)

# What the seed publishes (DESIGN.md, "What the seed article becomes").
SEED_CITIES = {"albuquerque-nm", "baltimore-md", "san-bernardino-ca", "stockton-ca"}
SEED_PEOPLE = {"jeff-sessions", "kevin-davis", "jarrod-burguan", "rachael-yong-yow"}
SEED_ORGANIZATIONS = {
    "reuters",
    "justice-department",
    "ice",
    "albuquerque-police-department",
    "baltimore-police-department",
    "san-bernardino-police-department",
    "stockton-police-department",
}


@pytest.fixture
def draft(seeded):
    """The draft claim and the records only it refers to."""
    city = factories.CityFactory(name="New York", state="NY", slug="new-york-ny")
    office = factories.OrganizationFactory(
        name="New York Attorney General's office",
        slug="new-york-attorney-general",
        kind=Organization.Kind.PROSECUTOR,
        city=city,
    )
    person = factories.PersonFactory(
        name="Eric Schneiderman",
        slug="eric-schneiderman",
        title="New York Attorney General",
        organization=office,
    )
    source = factories.SourceFactory(
        title="Schneiderman and Gonzalez on ICE arrests in courthouses",
        publisher=office,
        text=NEW_YORK_SENTENCE,
    )
    claim = factories.ClaimFactory(
        slug="schneiderman-ice-courthouse-arrests",
        text=NEW_YORK_QUOTE,
        wording=Claim.Wording.REPORTED,
        claimant=person,
        city=city,
        publication=Publication.DRAFT,
    )
    factories.CitationFactory(claim=claim, source=source, quote=NEW_YORK_QUOTE)
    return SimpleNamespace(city=city, office=office, person=person, source=source, claim=claim)


def _pages(d) -> list[str]:
    return [
        d.claim.get_absolute_url(),
        d.source.get_absolute_url(),
        d.person.get_absolute_url(),
        d.city.get_absolute_url(),
    ]


def _api_details(d) -> list[str]:
    return [
        f"/api/v1/claims/{d.claim.slug}/",
        f"/api/v1/sources/{d.source.pk}/",
        f"/api/v1/people/{d.person.slug}/",
        f"/api/v1/cities/{d.city.slug}/",
        f"/api/v1/organizations/{d.office.slug}/",
    ]


# --- pages and API details: 404 for readers, there for editors ----------------


def test_draft_only_claims_source_person_and_city_pages_are_404_for_readers(reader_client, draft):
    for url in _pages(draft):
        assert reader_client.get(url).status_code == 404, url


def test_draft_only_claims_source_person_and_city_pages_are_visible_to_an_editor(
    editor_client, draft
):
    for url in _pages(draft):
        assert editor_client.get(url).status_code == 200, url


def test_draft_only_records_are_404_in_the_api_for_readers_like_missing_ones(reader_client, draft):
    missing = [
        "/api/v1/claims/no-such-claim/",
        "/api/v1/sources/987654/",
        "/api/v1/people/nobody-at-all/",
        "/api/v1/cities/atlantis-zz/",
        "/api/v1/organizations/no-such-body/",
    ]
    for url, missing_url in zip(_api_details(draft), missing, strict=True):
        reply = reader_client.get(url)
        assert reply.status_code == 404, url
        assert reply.json() == reader_client.get(missing_url).json()


def test_draft_only_records_are_in_the_api_for_an_editor(editor_client, draft):
    assert editor_client.get(f"/api/v1/people/{draft.person.slug}/").json()["name"] == (
        "Eric Schneiderman"
    )
    for url in _api_details(draft):
        assert editor_client.get(url).status_code == 200, url


def test_a_staff_user_without_the_permission_is_a_reader(draft, django_user_model):
    staff = django_user_model.objects.create_user(username="intern", is_staff=True)
    client = Client()
    client.force_login(staff)
    for url in [*_pages(draft), *_api_details(draft)]:
        assert client.get(url).status_code == 404, url


def test_a_superuser_sees_drafts(draft, editor):
    client = Client()
    client.force_login(editor)
    for url in [*_pages(draft), *_api_details(draft)]:
        assert client.get(url).status_code == 200, url


# --- lists ------------------------------------------------------------------------


def _api_slugs(client, resource: str, key: str = "slug") -> set:
    body = client.get(f"/api/v1/{resource}/", {"page_size": 100}).json()
    return {row[key] for row in body["results"]}


def test_api_lists_show_readers_exactly_what_the_seed_publishes(reader_client, draft):
    assert _api_slugs(reader_client, "cities") == SEED_CITIES
    assert _api_slugs(reader_client, "people") == SEED_PEOPLE
    assert _api_slugs(reader_client, "organizations") == SEED_ORGANIZATIONS
    assert _api_slugs(reader_client, "sources", "id") == {
        Source.objects.get(publisher__slug="reuters").pk
    }
    assert draft.claim.slug not in _api_slugs(reader_client, "claims")
    assert len(_api_slugs(reader_client, "claims")) == 4  # Sessions, Davis, Burguan, Yong Yow


def test_api_lists_show_an_editor_the_draft_and_what_it_names(editor_client, draft):
    assert _api_slugs(editor_client, "cities") == SEED_CITIES | {"new-york-ny"}
    assert _api_slugs(editor_client, "people") == SEED_PEOPLE | {"eric-schneiderman"}
    assert _api_slugs(editor_client, "organizations") == SEED_ORGANIZATIONS | {
        "new-york-attorney-general"
    }
    assert draft.source.pk in _api_slugs(editor_client, "sources", "id")
    assert draft.claim.slug in _api_slugs(editor_client, "claims")


def test_claim_list_page_leaves_the_draft_out_for_readers_and_marks_it_for_editors(
    reader_client, editor_client, draft
):
    reader_claims = reader_client.get("/claims/").context["claims"]
    assert draft.claim not in list(reader_claims)
    assert len(reader_claims) == 4
    editor_page = editor_client.get("/claims/")
    assert draft.claim in list(editor_page.context["claims"])
    soup = BeautifulSoup(editor_page.content, "html.parser")
    tags = [tag.get_text(strip=True) for tag in soup.select(".claim .tag--draft")]
    assert tags == ["Draft — not public"]  # the one draft, marked


def test_source_page_leaves_out_draft_citations_for_readers(reader_client, draft):
    seed_source = Source.objects.get(publisher__slug="reuters")
    factories.CitationFactory(
        claim=draft.claim, source=seed_source, quote="Immigration and Customs Enforcement (ICE)"
    )
    page = reader_client.get(seed_source.get_absolute_url())
    claimants = {c.claim.claimant.name for c in page.context["citations"]}
    assert claimants == {"Jeff Sessions", "Kevin Davis", "Jarrod Burguan", "Rachael Yong Yow"}


# --- filters: a hidden slug is an unknown one -------------------------------------


def test_claim_filters_treat_a_hidden_city_or_claimant_like_an_unknown_one(reader_client, draft):
    for param, hidden, unknown in [
        ("city", "new-york-ny", "atlantis-zz"),
        ("claimant", "eric-schneiderman", "nobody-at-all"),
    ]:
        hidden_reply = reader_client.get("/api/v1/claims/", {param: hidden})
        unknown_reply = reader_client.get("/api/v1/claims/", {param: unknown})
        assert hidden_reply.status_code == unknown_reply.status_code == 400
        assert hidden_reply.json() == {
            param: [f"Select a valid choice. {hidden} is not one of the available choices."]
        }
        assert unknown_reply.json() == {
            param: [f"Select a valid choice. {unknown} is not one of the available choices."]
        }


def test_claim_filters_find_the_draft_for_an_editor(editor_client, draft):
    body = editor_client.get("/api/v1/claims/", {"city": "new-york-ny"}).json()
    assert [row["slug"] for row in body["results"]] == ["schneiderman-ice-courthouse-arrests"]


def test_response_filters_treat_a_draft_inquiry_and_its_only_city_as_unknown(
    reader_client, editor_client, seeded
):
    inquiry = factories.InquiryFactory(
        slug="draft-questions", title="Draft questions", publication=Publication.DRAFT
    )
    factories.ResponseFactory(
        inquiry=inquiry, city=factories.CityFactory(name="Brooklyn", state="NY", slug="brooklyn-ny")
    )
    for param, value in [("inquiry", "draft-questions"), ("city", "brooklyn-ny")]:
        api = reader_client.get("/api/v1/responses/", {param: value})
        assert api.status_code == 400
        assert api.json() == {
            param: [f"Select a valid choice. {value} is not one of the available choices."]
        }
        page = reader_client.get("/responses/pending/", {param: value})
        assert page.status_code == 400
        assert [name for name, _ in page.context["errors"]] == [param]
        editor_page = editor_client.get("/responses/pending/", {param: value})
        assert editor_page.status_code == 200
        assert [r.city.slug for r in editor_page.context["responses"]] == ["brooklyn-ny"]


# --- drafts of inquiries -----------------------------------------------------------


def test_a_city_and_respondent_named_only_by_a_draft_inquiry_are_hidden(
    reader_client, editor_client, seeded
):
    inquiry = factories.InquiryFactory(slug="draft-questions", publication=Publication.DRAFT)
    city = factories.CityFactory(name="Brooklyn", state="NY", slug="brooklyn-ny")
    gonzalez = factories.PersonFactory(
        name="Eric Gonzalez", slug="eric-gonzalez", title="acting Brooklyn District Attorney"
    )
    factories.ResponseFactory(
        inquiry=inquiry,
        city=city,
        status=Response.Status.ACKNOWLEDGED,
        acknowledged_on=inquiry.sent_on,
        respondent=gonzalez,
    )
    for url in [inquiry.get_absolute_url(), city.get_absolute_url(), gonzalez.get_absolute_url()]:
        assert reader_client.get(url).status_code == 404, url
        assert editor_client.get(url).status_code == 200, url
    assert "brooklyn-ny" not in {
        r.city.slug for r in reader_client.get("/responses/pending/").context["responses"]
    }


def test_a_draft_inquiry_page_carries_the_draft_banner_for_editors(editor_client, seeded):
    inquiry = factories.InquiryFactory(title="Draft questions", publication=Publication.DRAFT)
    soup = BeautifulSoup(editor_client.get(inquiry.get_absolute_url()).content, "html.parser")
    banner = soup.select_one(".banner--draft")
    assert banner is not None
    assert banner.get_text(" ", strip=True).startswith("Draft — not public.")


def test_a_draft_claim_page_carries_the_draft_banner_and_a_published_one_does_not(
    editor_client, draft
):
    soup = BeautifulSoup(editor_client.get(draft.claim.get_absolute_url()).content, "html.parser")
    assert (
        soup.select_one(".banner--draft")
        .get_text(" ", strip=True)
        .startswith("Draft — not public.")
    )
    published = editor_client.get("/claims/davis-baltimore-is-a-welcoming-city/")
    assert BeautifulSoup(published.content, "html.parser").select_one(".banner--draft") is None


# --- the QuerySets themselves ------------------------------------------------------


def test_what_a_visible_page_links_to_is_visible(db):
    """A person's page names their organization and links its city, so a
    published claim makes all three visible (no link leads to a 404)."""
    city = factories.CityFactory(name="Baltimore", state="MD", slug="baltimore-md")
    police = factories.OrganizationFactory(name="Baltimore Police Department", city=city)
    davis = factories.PersonFactory(name="Kevin Davis", organization=police)
    claim = factories.ClaimFactory(claimant=davis, publication=Publication.DRAFT)
    assert not City.objects.visible_to(None).exists()
    assert not Organization.objects.visible_to(None).exists()
    assert not Person.objects.visible_to(None).exists()
    Claim.objects.filter(pk=claim.pk).update(publication=Publication.PUBLISHED)
    assert list(City.objects.visible_to(None)) == [city]
    assert list(Organization.objects.visible_to(None)) == [police]
    assert list(Person.objects.visible_to(None)) == [davis]


def test_a_source_listed_by_a_published_inquiry_and_its_publisher_are_visible(db):
    reuters = factories.OrganizationFactory(name="Reuters")
    source = factories.SourceFactory(publisher=reuters)
    inquiry = factories.InquiryFactory(publication=Publication.DRAFT)
    inquiry.sources.add(source)
    assert source not in Source.objects.visible_to(None)
    assert reuters not in Organization.objects.visible_to(None)
    inquiry.publication = Publication.PUBLISHED
    inquiry.save()
    assert source in Source.objects.visible_to(None)
    assert reuters in Organization.objects.visible_to(None)


@pytest.mark.parametrize("model", [City, Organization, Person, Source, Claim, Response])
def test_visible_to_a_reader_is_one_query(django_assert_num_queries, draft, model):
    with django_assert_num_queries(1):
        list(model.objects.visible_to(None))


# --- query counts for an editor: fixed whatever the number of rows -----------------

# An editor's request reads the session, the user and the user's permissions
# (own and groups') before the page's own queries.
EDITOR_OVERHEAD = 4


@pytest.mark.parametrize("rows", [1, 100])
@pytest.mark.parametrize(
    ("url", "queries"),
    [
        (
            "/claims/",
            7,
        ),  # count, page, citations, sources, publishers; the form's ratings and states
        ("/api/v1/claims/", 6),  # the same, and corrections
        ("/api/v1/people/", 2),  # count, page
        ("/api/v1/cities/", 2),
    ],
)
def test_editor_list_query_count(editor_client, django_assert_num_queries, rows, url, queries):
    for _ in range(rows):
        claim = factories.ClaimFactory(publication=Publication.DRAFT, city=factories.CityFactory())
        factories.CitationFactory(claim=claim)
    api = url.startswith("/api/")
    with django_assert_num_queries(EDITOR_OVERHEAD + queries):
        reply = editor_client.get(url, {"page_size": 100} if api else {})
    shown = reply.json()["results"] if api else reply.context["claims"]
    assert len(shown) == (rows if api else min(rows, 50))  # the drafts, for an editor


def test_source_that_only_reports_a_visible_status_is_visible_to_readers(client):
    """A response names the source that reports its status; readers may
    follow it even when no claim cites it."""
    source = factories.SourceFactory(title="Police department statement")
    factories.ResponseFactory(
        status="received", received_on=datetime.date(2017, 8, 10), status_source=source
    )
    assert client.get(source.get_absolute_url()).status_code == 200
