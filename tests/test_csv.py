"""CSV downloads (articles/exports.py): UTF-8 with a BOM, formula injection
neutralised, the pages' filters honoured (a bad one is a 400 naming it),
a filename that says what and when, streamed, a fixed number of queries."""

import csv
import datetime
import io
import tracemalloc

import pytest
from django.db import connection

from articles import exports
from articles.models import City, Claim, Inquiry, Publication, Rating, Response
from tests import factories

pytestmark = pytest.mark.django_db

DOJ = "justice-department-sanctuary-questions"
RFC = "reuters-request-for-comment"


def _csv(response) -> list[dict[str, str]]:
    """The streamed file's rows as dicts, read as Excel would (utf-8-sig)."""
    assert response.status_code == 200, response.status_code
    assert response.streaming
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")  # the UTF-8 byte-order mark
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"), newline="")))


def test_pending_csv_lists_the_seed_story_with_iso_dates(client, seeded):
    rows = _csv(client.get("/responses/pending.csv"))
    doj = {
        r["city"]: r
        for r in rows
        if r["inquiry"] == "Justice Department’s questions on “sanctuary” policies"
    }
    # Albuquerque, Baltimore and Stockton had not answered; San Bernardino's
    # chief "will answer the department's questions" (acknowledged).
    assert sorted(doj) == ["Albuquerque", "Baltimore", "San Bernardino", "Stockton"]
    baltimore = doj["Baltimore"]
    assert baltimore["state"] == "MD"
    assert baltimore["status"] == "pending"
    assert baltimore["sent_on"] == "2017-08-03"
    assert baltimore["due_on"] == "2017-08-18"
    assert baltimore["due_time_zone"] == "Eastern time"
    assert baltimore["due_time_zone_iana"] == "America/New_York"
    # "by Aug. 18": the deadline passes at midnight after Aug. 18 in New York (EDT).
    assert baltimore["deadline_passes_at"] == "2017-08-19T00:00:00-04:00"
    assert baltimore["as_of"] == "2017-08-03"
    # Confirmed Aug. 3, before the due day ended: nobody can vouch it is overdue.
    assert baltimore["deadline_state"] == "Needs a check"
    assert baltimore["needs_check"] == "true"
    assert baltimore["overdue"] == "false"
    assert baltimore["organization"] == "Baltimore Police Department"
    assert baltimore["page_url"] == (
        "http://testserver/inquiries/justice-department-sanctuary-questions/#response-baltimore-md"
    )
    assert doj["San Bernardino"]["status"] == "acknowledged"
    assert doj["San Bernardino"]["acknowledged_on"] == "2017-08-03"
    assert doj["San Bernardino"]["dates_are_the_reports"] == "true"
    assert doj["San Bernardino"]["respondent"] == "Jarrod Burguan"


def test_received_csv_lists_the_two_answers(client, seeded):
    rows = _csv(client.get("/responses/received.csv"))
    assert sorted(r["city"] for r in rows) == ["Baltimore", "San Bernardino"]
    baltimore = next(r for r in rows if r["city"] == "Baltimore")
    assert baltimore["received_on"] == "2017-08-03"
    assert baltimore["respondent"] == "Kevin Davis"
    assert baltimore["respondent_title"] == "Police Commissioner"
    assert baltimore["deadline_state"] == "No deadline"  # a request for comment sets none
    assert baltimore["due_time_zone"] == ""


def test_claims_csv(client, seeded):
    rows = _csv(client.get("/claims.csv"))
    assert len(rows) == 4
    davis = next(r for r in rows if r["claimant"] == "Kevin Davis")
    assert davis["claim"] == (
        "Baltimore is a welcoming city. We do not enforce federal immigration laws"
    )
    assert davis["claimant_title"] == "Police Commissioner"
    assert davis["claimant_organization"] == "Baltimore Police Department"
    assert davis["city"] == "Baltimore"
    assert davis["rating"] == "Not rated"
    assert davis["sources"].startswith("Reuters: “U.S. cities that refuse")
    assert davis["page_url"] == "http://testserver/claims/davis-baltimore-is-a-welcoming-city/"
    sessions = next(r for r in rows if r["claimant"] == "Jeff Sessions")
    assert sessions["stated_on"] == "2017-08-03"


def test_claims_csv_filters_by_rating_and_leaves_out_drafts(client, seeded):
    mostly_false = Rating.objects.get(scale__slug="default", slug="mostly-false")
    Claim.objects.filter(slug="sessions-sanctuary-policies-make-us-less-safe").update(
        rating=mostly_false, not_rated=False
    )
    factories.ClaimFactory(text="Draft words", publication=Publication.DRAFT)
    rows = _csv(client.get("/claims.csv?rating=mostly-false"))
    assert [(r["claimant"], r["rating"], r["rating_value"], r["rating_scale"]) for r in rows] == [
        ("Jeff Sessions", "Mostly false", "2", "True to false")
    ]
    assert "Draft words" not in {r["claim"] for r in _csv(client.get("/claims.csv"))}


def test_bom_and_canon_city_round_trip(client, seeded):
    city = factories.CityFactory(name="Cañon City", state="CO", slug="canon-city-co")
    factories.ResponseFactory(inquiry=Inquiry.objects.get(slug=DOJ), city=city)
    response = client.get("/responses/pending.csv?city=canon-city-co")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = _csv(response)
    assert [(r["city"], r["state"]) for r in rows] == [("Cañon City", "CO")]


@pytest.mark.parametrize(
    ("stored", "written"),
    [
        (
            '=HYPERLINK("http://evil.example","click")',
            '\'=HYPERLINK("http://evil.example","click")',
        ),
        ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(1+1)", "'@SUM(1+1)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("A plain summary", "A plain summary"),
    ],
)
def test_formula_injection_is_neutralised(client, seeded, stored, written):
    Response.objects.filter(inquiry__slug=RFC, city__slug="baltimore-md").update(summary=stored)
    rows = _csv(client.get("/responses/received.csv?city=baltimore-md"))
    assert [r["summary"] for r in rows] == [written]


def test_formula_injection_in_a_city_name_and_a_claim(client, seeded):
    city = factories.CityFactory(name="=cmd", state="CA", slug="cmd-ca")
    factories.ResponseFactory(inquiry=Inquiry.objects.get(slug=DOJ), city=city)
    factories.ClaimFactory(text="@attack", city=city)
    assert [r["city"] for r in _csv(client.get("/responses/pending.csv?city=cmd-ca"))] == ["'=cmd"]
    assert [r["claim"] for r in _csv(client.get("/claims.csv?city=cmd-ca"))] == ["'@attack"]


def test_control_characters_are_dropped_from_cells_as_pages_and_feeds_drop_them(client, seeded):
    # ^A ^K ^[ ^H, U+FFFF and a NUL (SQLite stores it; PostgreSQL refuses NUL in text).
    nul = "\x00" if connection.vendor == "sqlite" else ""
    junk = f"\x01\x0b\x1b\x08\uffff{nul}"
    Response.objects.filter(inquiry__slug=RFC, city__slug="baltimore-md").update(
        summary=f"Control{junk}chars\ttab\nline"
    )
    city = factories.CityFactory(name=f"Cañon{junk} City", state="CO", slug="canon-city-co")
    factories.ClaimFactory(text=f"Control{junk}chars 🛡", city=city)
    (received,) = _csv(client.get("/responses/received.csv?city=baltimore-md"))
    assert received["summary"] == "Control" + "chars\ttab\nline"  # tab and line feed kept
    (claim,) = _csv(client.get("/claims.csv?city=canon-city-co"))
    assert claim["claim"] == "Controlchars 🛡"
    assert claim["city"] == "Cañon City"


def test_a_formula_behind_control_characters_is_still_neutralised():
    # Dropping ^A first must not unmask a formula.
    assert exports.neutralise("\x01=1+1") == "'=1+1"
    assert exports.neutralise("\x1b\t=1+1") == "'\t=1+1"
    assert exports.neutralise("\x01\r=1+1") == "'\r=1+1"


def test_neutralise_leaves_numbers_dates_and_booleans_alone():
    assert exports.neutralise(12) == 12
    assert exports.neutralise(datetime.date(2017, 8, 18)) == "2017-08-18"
    assert exports.neutralise(True) == "true"
    assert exports.neutralise(None) == ""


def test_filters_are_honoured(client, seeded):
    received = _csv(client.get("/responses/received.csv?city=san-bernardino-ca"))
    assert [(r["city"], r["inquiry"]) for r in received] == [
        ("San Bernardino", "Reuters’ requests for comment")
    ]
    pending = _csv(client.get(f"/responses/pending.csv?inquiry={DOJ}&status=acknowledged"))
    assert [r["city"] for r in pending] == ["San Bernardino"]
    california = _csv(client.get("/responses/pending.csv?state=CA"))
    assert sorted(r["city"] for r in california) == [
        "San Bernardino",
        "Stockton",
        "Stockton",
    ]
    # The received list with status=received: both answers, no pending row.
    assert {r["status"] for r in _csv(client.get("/responses/received.csv?status=received"))} == {
        "received"
    }


@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        ("/responses/pending.csv?status=maybe", "status"),
        ("/responses/received.csv?city=atlantis", "city"),
        ("/responses/pending.csv?is_overdue=perhaps", "is_overdue"),
        ("/responses/received.csv?received_after=Aug.+3", "received_after"),
        ("/claims.csv?rating=very-true", "rating"),
        ("/claims.csv?stated_before=yesterday", "stated_before"),
    ],
)
def test_bad_filter_is_a_400_naming_it_not_an_unfiltered_file(client, seeded, url, parameter):
    response = client.get(url)
    assert response.status_code == 400
    assert not response.streaming
    assert response["Content-Type"].startswith("text/html")
    assert f"<code>{parameter}</code>" in response.content.decode()


def test_nul_in_a_filter_is_a_400(client, seeded):
    response = client.get("/responses/pending.csv?city=balt%00imore")
    assert response.status_code == 400


def test_filename_says_what_and_when(client, seeded, settings):
    response = client.get("/responses/pending.csv")
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="responses-pending-')
    assert (
        exports.export_filename(
            "responses-received", datetime.datetime(2026, 11, 30, 4, 30, tzinfo=datetime.UTC)
        )
        == "responses-received-2026-11-29.csv"
    )  # still Nov. 29 in New York
    assert (
        exports.export_filename(
            "claims", datetime.datetime(2026, 11, 29, 15, tzinfo=datetime.UTC), filtered=True
        )
        == "claims-filtered-2026-11-29.csv"
    )
    filtered = client.get("/responses/received.csv?state=MD")["Content-Disposition"]
    assert 'filename="responses-received-filtered-' in filtered


def test_page_links_to_its_csv_with_its_filters(client, seeded):
    html = client.get("/responses/pending/?state=CA&page=1").content.decode()
    assert 'href="/responses/pending.csv?state=CA&amp;page=1"' in html
    assert 'href="/responses/received.csv"' in client.get("/responses/received/").content.decode()
    assert 'href="/claims.csv"' in client.get("/claims/").content.decode()


# --- queries and memory ----------------------------------------------------------------


@pytest.mark.parametrize("rows", [1, 100])
@pytest.mark.parametrize(
    ("url", "status", "queries"),
    [
        ("/responses/pending.csv", Response.Status.PENDING, 1),
        ("/responses/received.csv", Response.Status.RECEIVED, 1),
        ("/responses/pending.csv?state=MD", Response.Status.PENDING, 1),
    ],
)
def test_response_csv_query_count(client, django_assert_num_queries, rows, url, status, queries):
    received_on = datetime.date(2017, 8, 4) if status == Response.Status.RECEIVED else None
    factories.ResponseFactory.create_batch(
        rows, status=status, received_on=received_on, respondent=factories.PersonFactory()
    )
    with django_assert_num_queries(queries):
        assert len(_csv(client.get(url))) == rows


@pytest.mark.parametrize("rows", [1, 100])
def test_response_csv_with_a_city_filter_query_count(client, django_assert_num_queries, rows):
    inquiries = factories.InquiryFactory.create_batch(rows)
    city = factories.CityFactory(slug="one-city-md")
    for inquiry in inquiries:
        factories.ResponseFactory(inquiry=inquiry, city=city)
    # the city slug checked against the cities a reader may see; the rows
    with django_assert_num_queries(2):
        assert len(_csv(client.get("/responses/pending.csv?city=one-city-md"))) == rows


@pytest.mark.parametrize("rows", [1, 100])
def test_claims_csv_query_count(client, django_assert_num_queries, rows):
    for claim in factories.ClaimFactory.create_batch(rows):
        factories.CitationFactory(claim=claim)
    # the claims joined; their citations with sources and publishers
    with django_assert_num_queries(2):
        assert len(_csv(client.get("/claims.csv"))) == rows


def test_rows_are_read_lazily_in_chunks(client, db, django_assert_num_queries):
    """The view returns before any row is read: the queryset runs only
    when the body is consumed, through ``iterator()``."""
    factories.ResponseFactory()
    with django_assert_num_queries(0):
        response = client.get("/responses/pending.csv")
    assert response.streaming
    with django_assert_num_queries(1):
        assert len(_csv(response)) == 1


def _bulk_pending(rows: int, *, first: int = 0) -> None:
    """``rows`` pending responses to one inquiry, written in two statements."""
    inquiry = factories.InquiryFactory()
    cities = City.objects.bulk_create(
        City(name=f"Bulk City {n}", state="OH", slug=f"bulk-city-{n}-oh")
        for n in range(first, first + rows)
    )
    Response.objects.bulk_create(
        Response(
            inquiry=inquiry,
            city=city,
            as_of=datetime.date(2017, 8, 3),
            summary="No word yet from the police department, the city or its mayor.",
        )
        for city in cities
    )


def _peak_while_streaming(client) -> tuple[int, int]:
    """Rows read and the peak of traced memory while consuming the CSV,
    each chunk dropped once read (as a server writes it to the socket)."""
    tracemalloc.start()
    try:
        response = client.get("/responses/pending.csv")
        lines = sum(chunk.count(b"\n") for chunk in response.streaming_content)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return lines - 1, peak


@pytest.mark.skipif(connection.vendor != "sqlite", reason="measured once, on the default database")
def test_memory_does_not_grow_with_rows(client, db, monkeypatch):
    monkeypatch.setattr(exports, "CHUNK_SIZE", 100)  # both files span several chunks
    _bulk_pending(200)
    _peak_while_streaming(client)  # warm-up: imports, URL resolver, first queries
    rows_small, peak_small = _peak_while_streaming(client)
    _bulk_pending(1_800, first=200)
    rows_large, peak_large = _peak_while_streaming(client)
    assert (rows_small, rows_large) == (200, 2_000)
    # Ten times the rows; a file built in memory would take about ten times the
    # memory (measured: 7.8 times when the rows are read as a list). Streamed,
    # the peak is about one chunk of rows either way (measured: 1.2 times).
    assert peak_large < 2 * peak_small, (peak_small, peak_large)
