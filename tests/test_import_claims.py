"""``manage.py import_claims``: the PolitiFact archive (LIAR sample) as
published claims (issue 9, item 8; articles.archive).

Expected values are the cells of ``tests/data/liar-excerpt.csv``: 19 rows
copied byte for byte (CRLF line ends included) from
``shared/corpus/liar-statements.csv``, written out here as the file has them.
"""

import io
import json
import os
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.archive import (
    STATEMENT_MAX_LENGTH,
    read_archive,
    read_archive_file,
    speaker_name,
    state_code,
)
from articles.choices import Publication
from articles.models import Citation, Claim, Organization, Person, Rating, RatingScale, Source

pytestmark = pytest.mark.django_db

EXCERPT = Path(__file__).resolve().parent / "data" / "liar-excerpt.csv"
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "liar-statements.csv"

TRUMP_AD = "A Trump television ad shows Mexicans swarming over our southern border."


def run(path, *args) -> tuple[str, str]:
    """Run the command; return (stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    call_command("import_claims", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def excerpt_lines() -> list[str]:
    """The excerpt's lines, line ends kept (header first)."""
    return EXCERPT.read_bytes().decode("utf-8").splitlines(keepends=True)


def write(tmp_path, text: str | bytes, name="archive.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def assert_nothing_imported():
    assert Claim.objects.count() == 0
    assert Person.objects.count() == 0
    assert Source.objects.count() == 0
    assert Citation.objects.count() == 0
    assert not RatingScale.objects.filter(slug="politifact-truth-o-meter").exists()


# --- A clean file ---------------------------------------------------------


def test_excerpt_becomes_19_published_claims_by_17_people():
    out, err = run(EXCERPT)
    assert Claim.objects.filter(external_id__startswith="liar:").count() == 19
    assert Claim.objects.filter(publication=Publication.PUBLISHED).count() == 19
    assert Person.objects.filter(external_id__startswith="politifact:").count() == 17
    assert "Claims: 19 created, 0 already present; people: 17 created" in out
    assert err == ""


def test_trump_television_ad_row_as_the_file_has_it():
    run(EXCERPT)
    claim = Claim.objects.get(external_id="liar:11728.json")
    assert claim.text == TRUMP_AD
    assert claim.rating.slug == "pants-fire"
    assert claim.rating.label == "Pants on Fire"
    assert claim.rating.value == 0
    assert claim.rating.scale.slug == "politifact-truth-o-meter"
    assert claim.rating.scale.name == "PolitiFact Truth-O-Meter"
    assert claim.context == "a television ad"
    assert claim.subjects == "immigration"
    assert claim.wording == Claim.Wording.DIRECT
    assert claim.stated_on is None  # LIAR has no dates: none invented
    assert claim.published_at is not None
    person = claim.claimant
    assert person.external_id == "politifact:donald-trump"
    assert person.name == "Donald Trump"
    assert person.title == "President-Elect"
    assert person.home_state == "NY"
    assert person.party == "republican"


def test_every_claim_cites_a_politifact_source_holding_its_statement():
    run(EXCERPT)
    politifact = Organization.objects.get(name="PolitiFact")
    assert politifact.kind == Organization.Kind.NEWS_ORGANIZATION
    for claim in Claim.objects.all():
        (citation,) = claim.citations.select_related("source")
        assert citation.quote == claim.text
        assert citation.quote in citation.source.text
        assert citation.source.publisher == politifact
        assert citation.source.publishable is False
    source = Claim.objects.get(external_id="liar:11728.json").citations.get().source
    assert source.title == f"PolitiFact ruling on Donald Trump: “{TRUMP_AD}”"


def test_a_speaker_on_two_rows_is_one_person():
    run(EXCERPT)
    trump = Person.objects.get(external_id="politifact:donald-trump")
    assert set(trump.claims.values_list("external_id", flat=True)) == {
        "liar:11728.json",
        "liar:13217.json",
    }
    # Kasim Reed: row 18 "Atlanta Mayor " / Georgia, row 20 blank job and state.
    reed = Person.objects.get(external_id="politifact:kasim-reed")
    assert (reed.name, reed.title, reed.home_state, reed.party) == (
        "Kasim Reed",
        "Atlanta Mayor",
        "GA",
        "democrat",
    )
    assert reed.claims.count() == 2


@pytest.mark.parametrize(
    ("speaker", "home_state"),
    [
        ("phil-kerpen", "DC"),  # "Washington, D.C."
        ("barbara-cargill", "TN"),  # "Tennesse", as the file spells it
        ("xi-jinping", ""),  # "China"
        ("laura-ingraham", ""),  # blank
        ("ted-cruz", "TX"),
    ],
)
def test_home_state_from_the_state_column(speaker, home_state):
    run(EXCERPT)
    assert Person.objects.get(external_id=f"politifact:{speaker}").home_state == home_state


def test_says_statements_are_reported_speech():
    run(EXCERPT)
    claim = Claim.objects.get(external_id="liar:10518.json")
    assert claim.text.startswith("Says Supreme Court Justice Sonia Sotomayor")
    assert claim.wording == Claim.Wording.REPORTED


def test_ratings_follow_the_label_column():
    run(EXCERPT)
    counts = {
        slug: Claim.objects.filter(
            rating__slug=slug, rating__scale__slug="politifact-truth-o-meter"
        ).count()
        for slug in ("true", "mostly-true", "half-true", "barely-true", "false", "pants-fire")
    }
    assert counts == {
        "true": 2,
        "mostly-true": 4,
        "half-true": 5,
        "barely-true": 4,
        "false": 2,
        "pants-fire": 2,
    }


def test_truth_o_meter_has_six_steps_pants_fire_0_to_true_5():
    run(EXCERPT)
    steps = list(
        Rating.objects.filter(scale__slug="politifact-truth-o-meter")
        .order_by("order")
        .values_list("slug", "label", "value")
    )
    assert steps == [
        ("true", "True", 5),
        ("mostly-true", "Mostly True", 4),
        ("half-true", "Half True", 3),
        # PolitiFact renamed Barely True to Mostly False on July 27, 2011.
        ("barely-true", "Mostly False", 2),
        ("false", "False", 1),
        ("pants-fire", "Pants on Fire", 0),
    ]


def test_running_twice_creates_nothing_new():
    run(EXCERPT)
    models = (Claim, Person, Source, Citation, Organization, RatingScale, Rating)
    before = {m: m.objects.count() for m in models}
    history = {m: m.history.count() for m in models}
    out, _ = run(EXCERPT)
    assert "Claims: 0 created, 19 already present; people: 0 created" in out
    assert {m: m.objects.count() for m in models} == before
    assert {m: m.history.count() for m in models} == history


def test_a_second_run_costs_the_same_queries_for_5_rows_as_for_19(tmp_path):
    run(EXCERPT)
    five = write(tmp_path, "".join(excerpt_lines()[:6]))
    with CaptureQueriesContext(connection) as small:
        run(five)
    with CaptureQueriesContext(connection) as large:
        run(EXCERPT)
    assert len(small.captured_queries) == len(large.captured_queries)


def test_an_editors_change_to_an_imported_person_is_kept():
    run(EXCERPT)
    Person.objects.filter(external_id="politifact:ted-cruz").update(name="Rafael Edward Cruz")
    run(EXCERPT)
    assert Person.objects.get(external_id="politifact:ted-cruz").name == "Rafael Edward Cruz"


def test_history_says_the_claim_was_imported():
    run(EXCERPT)
    claim = Claim.objects.get(external_id="liar:11728.json")
    reasons = list(
        claim.history.order_by("history_id").values_list("history_change_reason", flat=True)
    )
    assert reasons == [
        "Imported from the PolitiFact archive (LIAR)",
        "Imported from the PolitiFact archive (LIAR)",
    ]
    assert claim.history.order_by("history_id").last().publication == Publication.PUBLISHED


def test_imported_claims_are_found_by_search(client):
    run(EXCERPT)
    response = client.get("/search/", {"q": "Mexicans swarming"})
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    claim = Claim.objects.get(external_id="liar:11728.json")
    assert soup.find("a", href=claim.get_absolute_url()) is not None


def test_drafts_option_leaves_claims_unpublished(client):
    out, _ = run(EXCERPT, "--drafts")
    assert Claim.objects.filter(publication=Publication.DRAFT).count() == 19
    claim = Claim.objects.get(external_id="liar:11728.json")
    assert client.get(claim.get_absolute_url()).status_code == 404


# --- What readers see ------------------------------------------------------


def test_claim_page_has_claimreview_pants_on_fire_0_of_0_to_5(client):
    run(EXCERPT)
    claim = Claim.objects.get(external_id="liar:11728.json")
    response = client.get(claim.get_absolute_url())
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    (review,) = [json.loads(s.string) for s in soup.find_all("script", type="application/ld+json")]
    assert review["@type"] == "ClaimReview"
    assert review["claimReviewed"] == TRUMP_AD
    assert review["reviewRating"] == {
        "@type": "Rating",
        "alternateName": "Pants on Fire",
        "ratingValue": 0,
        "bestRating": 5,
        "worstRating": 0,
    }
    assert review["itemReviewed"]["author"] == {
        "@type": "Person",
        "name": "Donald Trump",
        "jobTitle": "President-Elect",
    }


def test_claim_page_says_where_it_was_said(client):
    run(EXCERPT)
    claim = Claim.objects.get(external_id="liar:11728.json")
    soup = BeautifulSoup(client.get(claim.get_absolute_url()).content, "html.parser")
    facts = {
        div.dt.get_text(strip=True): div.dd.get_text(" ", strip=True)
        for div in soup.select("dl.facts > div")
    }
    assert facts["Where"] == "a television ad"


def test_claims_list_shows_the_imported_claims_in_seven_queries(client, django_assert_num_queries):
    run(EXCERPT)
    # As tests/test_views.py's claim list: count, page, citations, their
    # sources, the sources' publishers; the filter form's ratings and states.
    with django_assert_num_queries(7):
        response = client.get("/claims/")
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == 19


def test_person_page_lists_both_trump_claims(client):
    run(EXCERPT)
    trump = Person.objects.get(external_id="politifact:donald-trump")
    response = client.get(trump.get_absolute_url())
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    for key in ("liar:11728.json", "liar:13217.json"):
        url = Claim.objects.get(external_id=key).get_absolute_url()
        assert soup.find("a", href=url) is not None


# --- Bad input: row-level errors, nothing imported ----------------------------


def bad_file(tmp_path, row: int, old: str, new: str) -> Path:
    """The excerpt with ``old`` replaced by ``new`` on spreadsheet row ``row``."""
    lines = excerpt_lines()
    assert old in lines[row - 1]
    lines[row - 1] = lines[row - 1].replace(old, new, 1)
    return write(tmp_path, "".join(lines))


def refused(path, *args) -> tuple[str, str]:
    """Run the command expecting a refusal; return (message, stderr)."""
    err = io.StringIO()
    with pytest.raises(CommandError) as exc:
        call_command("import_claims", str(path), *args, stdout=io.StringIO(), stderr=err)
    return str(exc.value), err.getvalue()


def test_unknown_label_names_row_and_column(tmp_path):
    path = bad_file(tmp_path, 2, ",pants-fire,", ",pants-on-fire,")
    message, err = refused(path)
    assert (
        "Row 2 (ID 11728.json), column “Label”: “pants-on-fire” is not a Truth-O-Meter "
        "rating; expected one of true, mostly-true, half-true, barely-true, false, pants-fire."
    ) in err
    assert "1 of 19 rows have errors" in message
    assert "nothing was imported" in message
    assert_nothing_imported()


def test_missing_speaker_is_an_error(tmp_path):
    path = bad_file(tmp_path, 3, ",jeb-bush,", ",,")
    _, err = refused(path)
    assert "Row 3 (ID 11487.json), column “Speaker”: is blank." in err
    assert_nothing_imported()


def test_duplicate_id_names_both_rows(tmp_path):
    lines = excerpt_lines()
    path = write(tmp_path, "".join([*lines, lines[1]]))
    _, err = refused(path)
    assert "Row 21 (ID 11728.json), column “ID”: repeats the ID of row 2" in err
    assert_nothing_imported()


def test_over_long_statement_names_the_limit(tmp_path):
    long = "x" * (STATEMENT_MAX_LENGTH + 1)
    path = bad_file(tmp_path, 2, TRUMP_AD, long)
    _, err = refused(path)
    assert (
        "Row 2 (ID 11728.json), column “Statement”: is 1,001 characters long; the limit is 1,000."
    ) in err
    assert_nothing_imported()


def test_over_long_context_names_the_field_limit(tmp_path):
    path = bad_file(tmp_path, 2, "a television ad", "a" * 301)
    _, err = refused(path)
    assert "column “Context”: is 301 characters long; the limit is 300." in err
    assert_nothing_imported()


@pytest.mark.parametrize(
    ("char", "name"), [("\x00", "U+0000"), ("\x1b", "U+001B"), ("\t", "U+0009")]
)
def test_control_character_in_a_cell_names_row_and_column(tmp_path, char, name):
    path = bad_file(tmp_path, 4, "a broadcast of", f"a broad{char}cast of")
    _, err = refused(path)
    assert (
        f"Row 4 (ID 10518.json), column “Context”: contains control characters ({name}); "
        "a cell is one line of text."
    ) in err
    assert_nothing_imported()


def test_wrong_columns_are_refused_naming_the_missing_ones(tmp_path):
    lines = excerpt_lines()
    lines[0] = lines[0].replace("Label", "Rating").replace("Speaker,", "Who,")
    message, _ = refused(write(tmp_path, "".join(lines)))
    assert "The file lacks the columns “Label”, “Speaker”" in message
    assert "Nothing was imported." in message
    assert_nothing_imported()


def test_a_file_that_is_not_csv_at_all_is_refused(tmp_path):
    message, _ = refused(write(tmp_path, b"%PDF-1.7\n1 0 obj\n"))
    assert "The file lacks the columns" in message
    assert_nothing_imported()


def test_non_utf8_file_is_refused(tmp_path):
    latin1 = EXCERPT.read_bytes().decode("utf-8").replace("Mexicans", "Mexicáns")
    message, _ = refused(write(tmp_path, latin1.encode("latin-1", errors="replace")))
    assert message.startswith("The file is not UTF-8 text: byte ")
    assert "(line 2) is 0xe1" in message
    assert_nothing_imported()


def test_empty_and_missing_files_are_refused(tmp_path):
    message, _ = refused(write(tmp_path, b""))
    assert message == "The file is empty: expected a CSV with a header row. Nothing was imported."
    message, _ = refused(tmp_path / "nowhere.csv")
    assert message.startswith(f"Cannot read {tmp_path / 'nowhere.csv'}: No such file")
    assert_nothing_imported()


def test_a_row_with_too_few_cells_is_an_error(tmp_path):
    lines = excerpt_lines()
    path = write(tmp_path, "".join([*lines, "99,1.json,true\r\n"]))
    _, err = refused(path)
    assert "Row 21 (ID 1.json): has 3 cells; the header has 15 columns." in err
    assert_nothing_imported()


def test_skip_invalid_rows_imports_the_others(tmp_path):
    path = bad_file(tmp_path, 3, ",jeb-bush,", ",,")
    out, err = run(path, "--skip-invalid-rows")
    assert "Row 3 (ID 11487.json), column “Speaker”: is blank." in err
    assert (
        "Claims: 18 created, 0 already present; people: 16 created; rows skipped for errors: 1"
        in out
    )
    assert not Claim.objects.filter(external_id="liar:11487.json").exists()


def test_a_conflicting_stored_row_stops_the_import_with_nothing_imported():
    # Another scale already holds the name: a model rule the import cannot
    # keep. A clear message, no traceback, no claim.
    RatingScale.objects.create(name="PolitiFact Truth-O-Meter", slug="someone-elses")
    message, _ = refused(EXCERPT)
    assert message.startswith("Import stopped, nothing was imported:")
    assert "Rating scale with this Name already exists." in message
    assert Claim.objects.count() == 0
    assert Person.objects.count() == 0


def test_unknown_user_is_refused():
    message, _ = refused(EXCERPT, "--user", "nobody")
    assert message == "No user “nobody”; nothing was imported."


def test_reporter_may_not_import(role_reporter):
    message, _ = refused(EXCERPT, "--user", role_reporter.get_username())
    assert message.startswith("Import stopped, nothing was imported:")
    assert Claim.objects.count() == 0


def test_editor_import_is_recorded_as_theirs(role_editor):
    run(EXCERPT, "--user", role_editor.get_username())
    claim = Claim.objects.get(external_id="liar:11728.json")
    assert claim.history.earliest("history_id").history_user == role_editor


# --- Progress bar -------------------------------------------------------------


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_on_a_terminal_only():
    terminal = Terminal()
    call_command("import_claims", str(EXCERPT), stdout=io.StringIO(), stderr=terminal)
    assert "Importing: 100%" in terminal.getvalue()
    assert "19/19" in terminal.getvalue()


# --- Reading ------------------------------------------------------------------


def test_speaker_names_are_derived_from_slugs():
    assert speaker_name("ted-cruz") == "Ted Cruz"
    assert speaker_name("chain-email") == "Chain Email"


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("New York", "NY"),
        ("Georgia ", "GA"),
        ("Washington, D.C.", "DC"),
        ("Washington D.C.", "DC"),
        ("District of Columbia", "DC"),
        ("Washington state", "WA"),
        ("Washington", "WA"),
        ("Tennesse", "TN"),
        ("Atlanta", ""),
        ("United Kingdom", ""),
        ("", ""),
    ],
)
def test_state_code(value, code):
    assert state_code(value) == code


def test_blank_lines_are_no_rows():
    read = read_archive(EXCERPT.read_bytes() + b"\r\n,,,\r\n\r\n")
    assert (read.records, len(read.rows), read.errors) == (19, 19, [])


def test_utf8_byte_order_mark_is_accepted():
    read = read_archive(b"\xef\xbb\xbf" + EXCERPT.read_bytes())
    assert (read.records, len(read.rows), read.errors) == (19, 19, [])


def test_the_full_corpus_reads_with_one_broken_row():
    """The sample's row 2142 (record 1,344) holds two LIAR statements run
    together with tabs and a line break (a quoting slip in the original
    TSV) and no speaker: refused; the other 1,502 rows are clean."""
    if not CORPUS.exists():
        if os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no"}:
            pytest.fail(f"CI run without the shared corpus: {CORPUS} is missing")
        pytest.skip("../shared is not beside this clone")
    read = read_archive_file(CORPUS)
    assert read.records == 1503
    assert len(read.rows) == 1502
    assert [str(e) for e in read.errors] == [
        "Row 1345 (ID 638.json), column “Statement”: contains control characters "
        "(U+0009, U+000A); a cell is one line of text.",
        "Row 1345 (ID 638.json), column “Speaker”: is blank.",
    ]


def test_a_database_failure_is_a_message_not_a_traceback(monkeypatch):
    from django.db import OperationalError

    from articles.management.commands import import_claims

    def locked(**kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(import_claims, "archive_import", locked)
    message, _ = refused(EXCERPT)
    assert message == "Import stopped by the database, nothing was imported: database is locked"


def test_many_errors_are_listed_fifty_then_counted(tmp_path):
    lines = excerpt_lines()
    bad = [
        lines[1].replace("11728.json", f"{n}.json").replace(",donald-trump,", ",,")
        for n in range(60)
    ]
    message, err = refused(write(tmp_path, "".join([lines[0], *bad])))
    assert err.count("column “Speaker”: is blank.") == 50
    assert "... and 10 more errors." in err
    assert message.startswith("60 of 60 rows have errors")
    assert_nothing_imported()


# --- People the newsroom already tracks (newcomer's report on issue 9) -----

# One row copied byte for byte from shared/corpus/liar-statements.csv (its
# only row by jeff-sessions: ID 7650.json, blank Speaker Job, Alabama,
# republican), under the corpus's header.
SESSIONS_ROW = Path(__file__).resolve().parent / "data" / "liar-jeff-sessions.csv"
SESSIONS_STATEMENT = (
    "Says President Barack Obama has allowed, each year hes been here, the prosecutions "
    "of gun cases (for background check failures) to go down. ... Theyve declined every "
    "year since President Bush left office."
)


def test_the_seeds_jeff_sessions_is_the_archives_speaker_not_a_second_person(seeded):
    before = Person.objects.count()
    out, err = run(SESSIONS_ROW)
    assert "Claims: 1 created, 0 already present; people: 0 created" in out
    assert "Speaker “jeff-sessions” is the person already tracked as “jeff-sessions”." in out
    assert err == ""
    assert Person.objects.count() == before
    assert not Person.objects.filter(slug="jeff-sessions-2").exists()
    sessions = Person.objects.get(slug="jeff-sessions")
    claim = Claim.objects.get(external_id="liar:7650.json")
    assert claim.text == SESSIONS_STATEMENT
    assert claim.claimant == sessions
    assert sessions.external_id == "politifact:jeff-sessions"
    # What the seed (the article) says is kept: "Attorney General Jeff Sessions".
    assert (sessions.name, sessions.title) == ("Jeff Sessions", "Attorney General")
    assert sessions.organization.slug == "justice-department"
    # Blank in the seed, filled from the row's State and Party Aff cells.
    assert (sessions.home_state, sessions.party) == ("AL", "republican")
    latest = sessions.history.order_by("history_id").last()
    assert latest.history_change_reason == (
        "Imported from the PolitiFact archive (LIAR): matched by name to the speaker "
        "“jeff-sessions”"
    )
    # A second run finds him by his key now: nothing new.
    out, _ = run(SESSIONS_ROW)
    assert "Claims: 0 created, 1 already present; people: 0 created" in out
    assert "already tracked" not in out
    assert Person.objects.count() == before


def test_a_matched_person_keeps_what_an_editor_entered(seeded):
    Person.objects.filter(slug="jeff-sessions").update(party="Republican", home_state="DC")
    run(SESSIONS_ROW)
    sessions = Person.objects.get(slug="jeff-sessions")
    assert sessions.external_id == "politifact:jeff-sessions"
    assert (sessions.home_state, sessions.party) == ("DC", "Republican")


def test_the_name_matches_whatever_its_case(seeded):
    Person.objects.filter(slug="jeff-sessions").update(name="JEFF SESSIONS")
    run(SESSIONS_ROW)
    assert Claim.objects.get(external_id="liar:7650.json").claimant.slug == "jeff-sessions"


def test_two_tracked_people_of_that_name_are_left_alone_and_reported(seeded):
    from tests.factories import PersonFactory

    other = PersonFactory(name="Jeff Sessions", slug="jeff-sessions-senator")
    out, err = run(SESSIONS_ROW)
    assert "Claims: 1 created, 0 already present; people: 1 created" in out
    assert err == (
        "Speaker “jeff-sessions”: several people share the name (jeff-sessions, "
        "jeff-sessions-senator); created a new person: merge or tell them apart in the admin.\n"
    )
    new = Claim.objects.get(external_id="liar:7650.json").claimant
    assert new.external_id == "politifact:jeff-sessions"
    assert new.pk not in {other.pk, Person.objects.get(slug="jeff-sessions").pk}
    assert Person.objects.get(slug="jeff-sessions").external_id == ""
    other.refresh_from_db()
    assert other.external_id == ""


def test_a_person_keyed_to_another_record_is_not_taken(seeded):
    Person.objects.filter(slug="jeff-sessions").update(external_id="other-archive:7")
    out, _ = run(SESSIONS_ROW)
    assert "people: 1 created" in out
    assert Person.objects.get(slug="jeff-sessions").external_id == "other-archive:7"
    assert Claim.objects.get(external_id="liar:7650.json").claimant.slug != "jeff-sessions"
