"""Migrations keep what is stored (the house rule: nothing stored is lost)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("articles", "0006_reported_dates_and_opening_event")]
AFTER = [("articles", "0007_visibility_notes_publishable")]


@pytest.mark.django_db(transaction=True)
def test_an_existing_citation_note_becomes_its_internal_note_and_the_public_note_is_empty():
    """Notes written before the split may be editors' own, so they stay
    hidden (internal); an editor moves a note to the public one deliberately."""
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    reuters = old.get_model("articles", "Organization").objects.create(
        name="Reuters", slug="reuters", kind="news_organization"
    )
    source = old.get_model("articles", "Source").objects.create(
        kind="news_article", title="Reuters, Aug. 3, 2017", publisher=reuters
    )
    person = old.get_model("articles", "Person").objects.create(name="Kevin Davis", slug="kd")
    claim = old.get_model("articles", "Claim").objects.create(
        slug="davis", text="Baltimore is a welcoming city.", claimant=person
    )
    note = "The article breaks the quotation over two lines; the quote keeps the line break."
    old.get_model("articles", "Citation").objects.create(
        claim=claim, source=source, quote="Baltimore is a welcoming city.", note=note
    )

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    citation = new.get_model("articles", "Citation").objects.get()
    assert (citation.internal_note, citation.public_note) == (note, "")
    assert new.get_model("articles", "Source").objects.get().publishable is False

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
