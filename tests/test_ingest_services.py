"""Ingestion's writes (issue "Wire-story ingestion", items 1 and 3):
importing the seed story, and accepting or rejecting what was found.

The extractor is replaced by a hand-made extraction of the seed
(tests/ingest_support.py), so these tests do not depend on its quality."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from articles.choices import Publication
from articles.ingest import extract as extract_module
from articles.ingest import reading, services
from articles.locking import StaleVersionError
from articles.models import (
    Citation,
    City,
    Claim,
    Organization,
    Person,
    Response,
    Source,
    Suggestion,
)
from tests import factories
from tests.admin_pages import role_group
from tests.ingest_support import (
    DAVIS_QUOTE,
    SEED_DATE,
    key,
    seed_extraction,
    seed_text,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def fake_extract(monkeypatch):
    monkeypatch.setattr(extract_module, "extract", seed_extraction)


@pytest.fixture
def reporter(role_reporter):
    return role_reporter


@pytest.fixture
def imported(fake_extract, reporter):
    return services.story_import(
        text=seed_text(), acting_user=reporter, published_on=SEED_DATE
    ).source


def _one(source, kind, label):
    return source.suggestions.get(kind=kind, label=label)


def _rows():
    return (
        Source.objects.count(),
        Suggestion.objects.count(),
        Organization.objects.count(),
        Source.history.count(),
        Suggestion.history.count(),
        Organization.history.count(),
    )


def test_import_stores_the_story_and_its_suggestions(fake_extract, reporter):
    result = services.story_import(text=seed_text(), acting_user=reporter, published_on=SEED_DATE)
    source = result.source
    assert result.created is True
    assert result.counts == {"place": 3, "person": 3, "quote": 3, "signal": 2}
    assert source.kind == Source.Kind.NEWS_ARTICLE
    assert source.title.startswith("U.S. cities that refuse to step up efforts")
    assert source.title.endswith("Attorney General Jeff Sessions said on Thursday.")
    assert source.dateline == "WASHINGTON/NEW YORK (Reuters)"
    assert source.publisher.name == "Reuters"
    assert source.publisher.kind == Organization.Kind.NEWS_ORGANIZATION
    assert source.published_on == datetime.date(2017, 8, 3)
    assert source.text == seed_text()
    assert source.text_sha256 == reading.text_digest(seed_text())
    labels = set(source.suggestions.values_list("label", flat=True))
    assert {
        "Stockton, CA",
        "Kevin Davis, Police Commissioner, Baltimore Police",
        "San Bernardino: acknowledged",
        "Kevin Davis: “Baltimore is a welcoming city. We do not enforce federal…”",
    } <= labels
    quote = source.suggestions.get(kind="quote", speaker__data__name="Kevin Davis")
    assert quote.text == DAVIS_QUOTE
    assert source.text[quote.start : quote.end] == DAVIS_QUOTE
    history = source.history.get()
    assert history.history_user == reporter


def test_import_twice_writes_nothing_new(fake_extract, reporter):
    first = services.story_import(text=seed_text(), acting_user=reporter)
    before = _rows()
    # Other line breaks and spacing: the same story by its digest.
    again = services.story_import(text=seed_text().replace("\n", "\n\n  "), acting_user=reporter)
    assert again.created is False
    assert again.source == first.source
    assert again.counts == {}
    assert _rows() == before


def test_import_race_ends_with_one_source(monkeypatch, fake_extract, reporter):
    """Another import of the same text commits between this one's check and
    its save: the unique digest decides, and the other's source is returned."""
    text = seed_text()
    theirs = Source.objects.create(
        kind="news_article", title="Theirs", text=text, text_sha256=reading.text_digest(text)
    )
    calls = []
    real = services.imported_source

    def late(digest):  # the first check runs before theirs is committed
        calls.append(digest)
        return None if len(calls) == 1 else real(digest)

    monkeypatch.setattr(services, "imported_source", late)
    result = services.story_import(text=text, acting_user=reporter)
    assert result.created is False
    assert result.source == theirs
    assert len(calls) == 2
    assert Source.objects.count() == 1
    assert Suggestion.objects.count() == 0


def test_duplicate_spans_are_stored_once(monkeypatch, reporter):
    def twice(story):
        found = seed_extraction(story)
        found.places.append(found.places[1])
        found.people.append(found.people[1])
        return found

    monkeypatch.setattr(extract_module, "extract", twice)
    result = services.story_import(text=seed_text(), acting_user=reporter)
    assert result.counts == {"place": 3, "person": 3, "quote": 3, "signal": 2}


@pytest.mark.parametrize(
    ("text", "words"), [("", "empty"), (" \n\t", "empty"), ("x" * 100_001, "100,000")]
)
def test_import_refuses_what_is_not_a_story(fake_extract, reporter, text, words):
    with pytest.raises(reading.StoryError, match=words):
        services.story_import(text=text, acting_user=reporter)
    assert Source.objects.count() == 0


def test_import_needs_permission(fake_extract, django_user_model):
    nobody = django_user_model.objects.create_user(username="nobody", is_staff=True)
    with pytest.raises(PermissionDenied):
        services.story_import(text=seed_text(), acting_user=nobody)
    assert Source.objects.count() == 0


def test_accept_place_makes_the_gazetteer_city(imported, reporter):
    suggestion = _one(imported, "place", "Stockton, CA")
    services.suggestion_accept(suggestion=suggestion, acting_user=reporter)
    city = City.objects.get(name="Stockton", state="CA")
    assert (city.latitude, city.longitude) == (Decimal("37.957700"), Decimal("-121.290780"))
    assert city.gazetteer_id == key("Stockton", "CA")
    suggestion.refresh_from_db()
    assert suggestion.status == Suggestion.Status.ACCEPTED
    assert suggestion.city == city
    assert suggestion.decided_by == reporter
    record = suggestion.history.latest()
    assert record.history_user == reporter
    assert record.status == "accepted"


def test_ambiguous_place_needs_a_choice(imported, reporter):
    suggestion = imported.suggestions.get(kind="place", text="WASHINGTON")
    with pytest.raises(ValidationError) as refused:
        services.suggestion_accept(suggestion=suggestion, acting_user=reporter)
    assert "Washington, DC" in refused.value.message_dict["key"][0]
    assert "Washington (state)" in refused.value.message_dict["key"][0]
    with pytest.raises(ValidationError) as refused:
        services.suggestion_accept(
            suggestion=suggestion, acting_user=reporter, choice={"key": "usps:OR"}
        )
    assert "key" in refused.value.message_dict
    suggestion.refresh_from_db()
    services.suggestion_accept(
        suggestion=suggestion, acting_user=reporter, choice={"key": key("Washington", "DC")}
    )
    assert City.objects.get(gazetteer_id=key("Washington", "DC")).state == "DC"


def test_accept_person(imported, reporter):
    suggestion = imported.suggestions.get(kind="person", data__name="Rachael Yong Yow")
    services.suggestion_accept(suggestion=suggestion, acting_user=reporter)
    person = Person.objects.get(name="Rachael Yong Yow")
    assert person.title == "spokeswoman"
    assert person.organization.name == "ICE"
    assert suggestion.person == person


def test_accept_quote_makes_a_draft_claim_in_review(imported, reporter, client):
    suggestion = imported.suggestions.get(kind="quote", start=seed_text().index(DAVIS_QUOTE))
    services.suggestion_accept(suggestion=suggestion, acting_user=reporter)
    claim = Claim.objects.get()
    assert claim.text == DAVIS_QUOTE[:-1]  # the comma that stands for a full stop dropped
    assert claim.wording == Claim.Wording.DIRECT
    assert claim.publication == Publication.IN_REVIEW
    assert claim.claimant.name == "Kevin Davis"
    assert claim.stated_on == SEED_DATE
    citation = Citation.objects.get()
    assert citation.quote == DAVIS_QUOTE
    assert citation.source == imported
    # The speaker's person suggestion was accepted with it.
    assert suggestion.speaker.status == Suggestion.Status.ACCEPTED
    assert suggestion.claim == claim and suggestion.citation == citation
    # Nothing reaches readers.
    assert client.get(reverse("articles:source_detail", args=[imported.pk])).status_code == 404
    page = client.get(reverse("articles:claim_list"))
    assert page.status_code == 200
    assert "welcoming city" not in page.content.decode()
    assert client.get(claim.get_absolute_url()).status_code == 404


def test_accept_signal_marks_the_response_acknowledged(imported, reporter):
    city = factories.CityFactory(name="San Bernardino", state="CA")
    inquiry = factories.InquiryFactory(publication=Publication.DRAFT)
    response = factories.ResponseFactory(
        inquiry=inquiry, city=city, as_of=datetime.date(2017, 8, 1)
    )
    suggestion = _one(imported, "signal", "San Bernardino: acknowledged")
    services.suggestion_accept(suggestion=suggestion, acting_user=reporter)
    response.refresh_from_db()
    assert response.status == Response.Status.ACKNOWLEDGED
    assert response.acknowledged_on == SEED_DATE
    assert response.as_of == SEED_DATE
    assert response.status_source == imported
    assert list(response.sources.all()) == [imported]
    marked = response.history.filter(history_change_reason__startswith="Accepted").first()
    assert marked.history_user == reporter
    assert marked.status == "acknowledged"
    assert suggestion.response == response
    # One history record holds the status and the story joining its sources
    # (newcomer's report: there were two).
    assert response.history.count() == 2  # made by the factory, then accepted
    assert list(marked.sources.values_list("source_id", flat=True)) == [imported.pk]


def test_signal_needs_one_open_response_and_a_dated_story(imported, reporter):
    suggestion = _one(imported, "signal", "San Bernardino: acknowledged")
    with pytest.raises(ValidationError) as refused:
        services.suggestion_accept(suggestion=suggestion, acting_user=reporter)
    assert "San Bernardino has no open response" in refused.value.message_dict["response"][0]
    response = factories.ResponseFactory(inquiry=factories.InquiryFactory(publication="draft"))
    Source.objects.filter(pk=imported.pk).update(published_on=None)
    suggestion = Suggestion.objects.get(pk=suggestion.pk)
    with pytest.raises(ValidationError) as refused:
        services.suggestion_accept(
            suggestion=suggestion, acting_user=reporter, choice={"response": response}
        )
    assert "no date" in refused.value.message_dict["published_on"][0]


def test_reject_needs_a_reason(imported, reporter):
    suggestion = _one(imported, "place", "Stockton, CA")
    with pytest.raises(ValidationError) as refused:
        services.suggestion_reject(suggestion=suggestion, acting_user=reporter, reason="  ")
    assert "reject_reason" in refused.value.message_dict
    services.suggestion_reject(suggestion=suggestion, acting_user=reporter, reason="Not a place")
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.reject_reason) == ("rejected", "Not a place")
    assert suggestion.history.latest().history_change_reason == "Rejected: Not a place"
    with pytest.raises(ValidationError) as refused:
        services.suggestion_accept(suggestion=suggestion, acting_user=reporter)
    assert "already rejected by reporter" in refused.value.message_dict["status"][0]


def test_bulk_accept_reports_the_refused(imported, reporter):
    accepted, refused = services.suggestions_accept(
        suggestions=imported.suggestions.filter(kind__in=["place", "person"]), acting_user=reporter
    )
    assert len(accepted) == 5
    washington = imported.suggestions.get(text="WASHINGTON")
    assert list(refused) == [washington.pk]
    assert "pick one" in refused[washington.pk]
    assert washington.status == "pending"
    assert City.objects.filter(name__in=["Stockton", "San Bernardino"]).count() == 2


def test_stale_version_is_refused(imported, reporter, role_editor):
    mine = _one(imported, "place", "Stockton, CA")
    theirs = Suggestion.objects.get(pk=mine.pk)
    services.suggestion_reject(suggestion=theirs, acting_user=role_editor, reason="Duplicate")
    with pytest.raises(StaleVersionError):
        services.suggestion_accept(suggestion=mine, acting_user=reporter)
    assert not City.objects.filter(name="Stockton").exists()


def test_only_the_newsroom_may_decide(imported, django_user_model):
    from django.contrib.auth.models import AnonymousUser

    suggestion = _one(imported, "place", "Stockton, CA")
    nobody = django_user_model.objects.create_user(username="nobody", is_staff=True)
    for user in (AnonymousUser(), nobody):
        with pytest.raises(PermissionDenied):
            services.suggestion_accept(suggestion=suggestion, acting_user=user)
    assert not City.objects.filter(name="Stockton").exists()
    editor = django_user_model.objects.create_user(username="ed", is_staff=True)
    editor.groups.add(role_group("Editors"))
    services.suggestion_accept(suggestion=suggestion, acting_user=editor)
    assert City.objects.filter(name="Stockton").exists()


def test_a_known_person_is_found_not_made_again(imported, reporter):
    davis = factories.PersonFactory(name="Kevin Davis", title="Commissioner")
    quote = imported.suggestions.get(kind="quote", text=DAVIS_QUOTE)
    services.suggestion_accept(suggestion=quote, acting_user=reporter)
    assert Claim.objects.get().claimant == davis
    assert Person.objects.filter(name="Kevin Davis").count() == 1
    assert Person.objects.get(pk=davis.pk).title == "Commissioner"  # left as the editor had it


def test_a_quote_by_an_organisation_or_by_nobody(imported, reporter):
    quote = imported.suggestions.get(kind="quote", text=DAVIS_QUOTE)
    Suggestion.objects.filter(pk=quote.pk).update(speaker=None, data={"speaker": "the agency"})
    quote = Suggestion.objects.get(pk=quote.pk)
    with pytest.raises(ValidationError) as refused:
        services.suggestion_accept(suggestion=quote, acting_user=reporter)
    assert "it says “the agency”" in refused.value.message_dict["speaker"][0]
    police = factories.OrganizationFactory(name="Baltimore Police Department")
    services.suggestion_accept(suggestion=quote, acting_user=reporter, choice={"claimant": police})
    claim = Claim.objects.get()
    assert (claim.claimant, claim.claimant_organization) == (None, police)


def test_a_signal_on_a_published_inquiry_needs_an_editor_and_a_note(
    imported, reporter, role_editor
):
    city = factories.CityFactory(name="San Bernardino", state="CA")
    response = factories.ResponseFactory(city=city)  # its inquiry is published
    suggestion = _one(imported, "signal", "San Bernardino: acknowledged")
    with pytest.raises(PermissionDenied):
        services.suggestion_accept(suggestion=suggestion, acting_user=reporter)
    suggestion = Suggestion.objects.get(pk=suggestion.pk)
    with pytest.raises(ValidationError) as refused:
        services.suggestion_accept(suggestion=suggestion, acting_user=role_editor)
    assert "correction" in refused.value.message_dict
    suggestion = Suggestion.objects.get(pk=suggestion.pk)
    note = "Reuters reported on Aug. 3, 2017 that San Bernardino will answer."
    services.suggestion_accept(
        suggestion=suggestion, acting_user=role_editor, choice={"note": note}
    )
    response.refresh_from_db()
    assert response.status == Response.Status.ACKNOWLEDGED
    assert response.corrections.get().text == note


def test_bulk_accept_takes_speakers_before_their_quotes(imported, reporter):
    # Quotes listed first: their speakers are still accepted once, before them.
    chosen = sorted(
        imported.suggestions.filter(kind__in=["quote", "person"]), key=lambda s: s.kind != "quote"
    )
    accepted, refused = services.suggestions_accept(suggestions=chosen, acting_user=reporter)
    assert refused == {}
    assert [s.kind for s in accepted] == ["person"] * 3 + ["quote"] * 3
    assert Claim.objects.filter(publication=Publication.IN_REVIEW).count() == 3
    assert set(Claim.objects.values_list("claimant__name", flat=True)) == {
        "Jeff Sessions",
        "Kevin Davis",
        "Rachael Yong Yow",
    }
    assert Person.objects.count() == 3


def test_a_finding_outside_the_text_is_left_out(monkeypatch, reporter):
    def slipped(story):
        found = seed_extraction(story)
        found.places[1].end = len(story) + 5
        found.places[2].end = found.places[2].start
        return found

    monkeypatch.setattr(extract_module, "extract", slipped)
    result = services.story_import(text=seed_text(), acting_user=reporter)
    assert result.counts == {"place": 1, "person": 3, "quote": 3, "signal": 2}


def test_a_reporter_links_a_published_place_typed_by_hand(seeded, fake_extract, reporter):
    """The seed's Stockton (readers see it; no gazetteer key) is linked as it
    is: filling in its key would be an edit of a published record."""
    # load_seed stored the seed story's digest; a second copy of the story
    # (as another outlet might run it) is what is imported here.
    imported = services.story_import(
        text=seed_text() + "\nThe story was first published by Reuters.",
        acting_user=reporter,
        published_on=SEED_DATE,
    ).source
    seed_city = City.objects.get(slug="stockton-ca")
    before = (seed_city.version, seed_city.gazetteer_id, seed_city.latitude)
    suggestion = _one(imported, "place", "Stockton, CA")
    services.suggestion_accept(suggestion=suggestion, acting_user=reporter)
    assert suggestion.city == seed_city
    seed_city.refresh_from_db()
    assert (seed_city.version, seed_city.gazetteer_id, seed_city.latitude) == before
    assert City.objects.filter(name="Stockton").count() == 1


def test_the_text_of_a_story_with_waiting_suggestions_cannot_be_shifted(imported, reporter):
    """A waiting suggestion points at characters of the text: an edit that
    moves them is refused; once every suggestion is decided it is allowed."""
    from django.core.exceptions import ValidationError as Invalid

    from articles.services import object_save

    imported.text = "Updated: " + imported.text
    with pytest.raises(Invalid) as caught:
        object_save(instance=imported, acting_user=reporter, reason="typo")
    assert caught.value.message_dict["text"][0].startswith(
        f"This edit moves or drops the words of {imported.suggestions.count()} suggestion(s)"
    )
    imported.refresh_from_db()
    assert not imported.text.startswith("Updated: ")
    for suggestion in imported.suggestions.all():
        services.suggestion_reject(suggestion=suggestion, acting_user=reporter, reason="test")
    imported.refresh_from_db()
    imported.text = imported.text + " (Reporting by Reuters.)"
    object_save(instance=imported, acting_user=reporter, reason="sign-off")


def test_a_note_for_a_change_readers_would_not_see_is_refused_not_dropped(imported, role_editor):
    """Newcomer's report: an update note typed when the response already
    stood so was silently lost."""
    city = factories.CityFactory(name="San Bernardino", state="CA")
    response = factories.ResponseFactory(
        city=city,
        status=Response.Status.ACKNOWLEDGED,
        acknowledged_on=SEED_DATE,
        as_of=SEED_DATE,
        status_source=imported,
        dates_as_reported=True,
    )
    response.sources.add(imported)
    suggestion = _one(imported, "signal", "San Bernardino: acknowledged")
    with pytest.raises(ValidationError) as refused:
        services.suggestion_accept(
            suggestion=suggestion, acting_user=role_editor, choice={"note": "Will answer."}
        )
    assert refused.value.message_dict["note"] == [
        "Nothing readers see changes (the response already says this), so there is no "
        "update to note: leave the note blank to accept."
    ]
    suggestion = Suggestion.objects.get(pk=suggestion.pk)
    assert suggestion.status == "pending"
    services.suggestion_accept(suggestion=suggestion, acting_user=role_editor)
    assert Suggestion.objects.get(pk=suggestion.pk).status == "accepted"
