"""``/search/`` (articles/search.py): words of the seed article found with
the right record first, the one visibility rule, safe highlights, hostile
queries answered 400 or empty (never 500), an index that follows every
write, a full-text index used (GIN on PostgreSQL, FTS5 MATCH on SQLite) and
a fixed number of queries."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from lxml import html as lxml_html

from articles import search, selectors, services
from articles.models import Claim, Publication, SearchEntry
from articles.models.search import MARK_END, MARK_START, highlight
from tests.factories import CitationFactory, ClaimFactory, PersonFactory, SourceFactory

pytestmark = pytest.mark.django_db

SEARCH = reverse("articles:search")
#: A word no seed or factory text holds.
WORD = "zanzibar"

on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite only")
on_postgres = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")


def results(response) -> list[tuple[str, str]]:
    """``[(kind label, link)]`` of a search page's results, in order."""
    page = lxml_html.fromstring(response.content)
    return [
        (
            item.find_class("kicker")[0].text_content().strip(),
            item.find_class("search-result__title")[0].find("a").get("href"),
        )
        for item in page.find_class("search-result")
    ]


def get(client, raw_query: str):
    """GET ``/search/?<raw_query>`` exactly as written (already encoded)."""
    return client.get(f"{SEARCH}?{raw_query}")


# --- Finding the seed article's words ------------------------------------------


@pytest.mark.parametrize(
    ("words", "first"),
    [
        ("Stockton", ("City", "/cities/stockton-ca/")),
        ("Burguan", ("Person", "/people/jarrod-burguan/")),
        ("welcoming city", ("Claim", "/claims/davis-baltimore-is-a-welcoming-city/")),
        ("Kevin Davis", ("Person", "/people/kevin-davis/")),
    ],
)
def test_a_seed_word_finds_the_record_it_names_first(seeded, reader_client, words, first):
    response = reader_client.get(SEARCH, {"q": words})
    assert response.status_code == 200
    assert results(response)[0] == first


def test_welcoming_city_marks_both_words_of_davis_claim(seeded, reader_client):
    response = reader_client.get(SEARCH, {"q": "welcoming city"})
    assert (
        "Baltimore is a <mark>welcoming</mark> <mark>city</mark>. We do not enforce federal "
        "immigration laws" in response.content.decode()
    )
    # The quote backing it, from the article, comes after the claim.
    assert results(response)[:2] == [
        ("Claim", "/claims/davis-baltimore-is-a-welcoming-city/"),
        ("Quote", "/claims/davis-baltimore-is-a-welcoming-city/"),
    ]


def test_sanctuary_finds_the_two_claims_and_the_justice_department_inquiry_before_quotes(
    seeded, reader_client
):
    """Sessions's and Burguan's claims and the Justice Department's
    questions all carry "sanctuary" in their title; which of the three comes
    first is the database's ranking (bm25 or ts_rank_cd), so the test pins
    the three, then the quotes of the article that say it."""
    found = results(reader_client.get(SEARCH, {"q": "sanctuary"}))
    assert set(found[:3]) == {
        ("Claim", "/claims/sessions-sanctuary-policies-make-us-less-safe/"),
        ("Claim", "/claims/burguan-san-bernardino-not-a-sanctuary-city/"),
        ("Inquiry", "/inquiries/justice-department-sanctuary-questions/"),
    }
    assert [kind for kind, _ in found[3:]] == ["Quote", "Quote"]


def test_english_stemming_finds_sanctuaries_for_sanctuary(seeded, reader_client):
    assert len(results(reader_client.get(SEARCH, {"q": "sanctuaries"}))) == 5


def test_a_state_name_finds_its_cities(seeded, reader_client):
    found = results(reader_client.get(SEARCH, {"q": "California", "kind": "city"}))
    assert found == [("City", "/cities/san-bernardino-ca/"), ("City", "/cities/stockton-ca/")] or (
        found == [("City", "/cities/stockton-ca/"), ("City", "/cities/san-bernardino-ca/")]
    )


def test_kind_filter_keeps_one_kind_and_the_counts_of_all(seeded, reader_client):
    response = reader_client.get(SEARCH, {"q": "Burguan", "kind": "person"})
    assert results(response) == [("Person", "/people/jarrod-burguan/")]
    nav = lxml_html.fromstring(response.content).find_class("search-kinds")[0].text_content()
    # Burguan's claim names him (claimant); the article's quote of it does not.
    assert " ".join(nav.split()) == "All (2) Claims (1) People (1)"


# --- Who finds what ---------------------------------------------------------------


def test_a_reader_does_not_find_a_draft_and_an_editor_does(reader_client, editor_client):
    draft = ClaimFactory(text=f"The {WORD} accord stands.", publication=Publication.DRAFT)
    assert results(reader_client.get(SEARCH, {"q": WORD})) == []
    assert results(editor_client.get(SEARCH, {"q": WORD})) == [("Claim", draft.get_absolute_url())]


def test_a_drafts_words_never_reach_a_readers_page(reader_client):
    ClaimFactory(text=f"The {WORD} accord stands.")
    ClaimFactory(text=f"The {WORD} accord is secretly void.", publication=Publication.DRAFT)
    response = reader_client.get(SEARCH, {"q": WORD})
    assert len(results(response)) == 1
    assert "secretly" not in response.content.decode()


def test_a_person_only_a_draft_refers_to_is_not_found_by_readers(reader_client, editor_client):
    person = PersonFactory(name=f"Ana {WORD.title()}")
    ClaimFactory(claimant=person, publication=Publication.DRAFT)
    assert results(reader_client.get(SEARCH, {"q": WORD})) == []
    assert ("Person", person.get_absolute_url()) in results(editor_client.get(SEARCH, {"q": WORD}))


def test_a_retracted_claim_and_its_quote_leave_the_results(reader_client):
    claim = ClaimFactory(
        text=f"The {WORD} accord stands.",
        publication=Publication.RETRACTED,
        retracted_at="2017-08-04T12:00:00Z",
        retraction_note="Misquoted.",
    )
    CitationFactory(
        claim=claim,
        source=SourceFactory(text=f"“The {WORD} accord stands.”"),
        quote=f"The {WORD} accord stands.",
    )
    assert results(reader_client.get(SEARCH, {"q": WORD})) == []


def test_a_non_publishable_sources_full_text_is_not_searched_until_publishable(reader_client):
    source = SourceFactory(title="Letter", text=f"Preamble on the {WORD} accord. I jump.")
    CitationFactory(source=source, quote="I jump.")
    assert results(reader_client.get(SEARCH, {"q": WORD})) == []
    source.publishable = True
    source.save()
    response = reader_client.get(SEARCH, {"q": WORD})
    assert results(response) == [("Source", source.get_absolute_url())]
    assert f"Preamble on the <mark>{WORD}</mark> accord" in response.content.decode()


# --- Safe highlights -------------------------------------------------------------


def test_a_stored_script_comes_out_escaped_with_the_hit_marked(reader_client):
    """The hit is outside the tags: PostgreSQL's parser skips tags and a
    script's content (SQLite's does not); either way the stored markup is
    text on the page."""
    ClaimFactory(text=f'<script>alert("x")</script> The {WORD} <b>accord</b>')
    body = reader_client.get(SEARCH, {"q": WORD}).content.decode()
    assert (
        f"&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; The <mark>{WORD}</mark> "
        "&lt;b&gt;accord&lt;/b&gt;" in body
    )
    assert "<script>alert" not in body
    assert "<b>accord" not in body


def test_marker_characters_in_stored_text_cannot_fake_a_highlight(reader_client):
    ClaimFactory(text=f"{MARK_START}fake{MARK_END} {WORD}")
    body = reader_client.get(SEARCH, {"q": WORD}).content.decode()
    assert f"fake <mark>{WORD}</mark>" in body
    assert "<mark>fake" not in body


def test_highlight_escapes_first_then_marks():
    assert highlight(f"<b>{MARK_START}x{MARK_END} & y") == "&lt;b&gt;<mark>x</mark> &amp; y"
    assert highlight(None) == ""


# --- Hostile and odd queries ------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        "q=%22",  # "
        "q=%27",  # '
        "q=*",
        "q=(",
        "q=-",
        "q=%22%22%22",
        "q=%F0%9F%98%80",  # emoji
        "q=%28%29%7B%7D%5B%5D%3A%5E",  # ( ) { } [ ] : ^
        "q=%01%02%1F",  # control characters
        "q=",
        "",
        "q=+++",
    ],
)
def test_a_query_with_no_words_is_the_empty_form(reader_client, raw):
    response = get(reader_client, raw)
    assert response.status_code == 200
    assert "Enter a search" in response.content.decode()


@pytest.mark.parametrize(
    "raw",
    [
        "q=AND+OR+NOT",
        "q=NEAR(",
        "q=sanctuary+NEAR(",
        "q=%22sanctuary",
        "q=sanctuary*",
        "q=-sanctuary",
        "q=title%3Asanctuary",
        "q=" + "a" * 200,
        "q=%E2%80%9Csanctuary%E2%80%9D+%F0%9F%98%80",
    ],
)
def test_operators_and_odd_quoting_are_plain_words(seeded, reader_client, raw):
    assert get(reader_client, raw).status_code == 200


def test_operator_characters_around_a_word_still_find_it(seeded, reader_client):
    assert results(get(reader_client, "q=%22Burguan*"))[0] == ("Person", "/people/jarrod-burguan/")


def test_a_nul_byte_is_400_naming_q(reader_client):
    response = get(reader_client, "q=sanc%00tuary")
    assert response.status_code == 400
    assert b"<code>q</code>" in response.content


def test_a_three_hundred_word_query_is_400_naming_q_with_the_limit(seeded, reader_client):
    # 3,000 bytes: long past q's 200 characters, short of the request line's
    # 4,094 bytes (a longer line is a 414 before any view: test_request_limits).
    words = " ".join(["sanctuary"] * 300)
    with CaptureQueriesContext(connection) as queries:
        response = reader_client.get(SEARCH, {"q": words})
    assert response.status_code == 400
    body = response.content.decode()
    assert "<code>q</code>" in body and "at most 200 characters" in body
    assert len(queries) == 0


def test_eleven_words_is_400_naming_q_with_the_limit(reader_client):
    response = reader_client.get(
        SEARCH, {"q": "one two three four five six seven eight nine ten eleven"}
    )
    assert response.status_code == 400
    assert "at most 10 words; this search has 11" in response.content.decode()


def test_a_very_long_single_word_is_400(reader_client):
    assert get(reader_client, "q=" + "x" * 201).status_code == 400


def test_an_unknown_kind_is_400_naming_kind(reader_client):
    response = reader_client.get(SEARCH, {"q": "sanctuary", "kind": "responses"})
    assert response.status_code == 400
    assert "<code>kind</code>" in response.content.decode()


def test_a_repeated_q_is_400_naming_q(reader_client):
    response = get(reader_client, "q=sanctuary&q=Stockton")
    assert response.status_code == 400
    assert "Give q once" in response.content.decode()


@pytest.mark.parametrize(("page", "status"), [("abc", 400), ("9", 404), ("0", 404)])
def test_a_bad_page_is_4xx_naming_page(seeded, reader_client, page, status):
    response = reader_client.get(SEARCH, {"q": "sanctuary", "page": page})
    assert response.status_code == status
    assert "<code>page</code>" in response.content.decode()


def test_parse_query_keeps_words_once_in_order_lowercased():
    # "and" is an English stop word (STOP_WORDS), left out like punctuation.
    assert search.parse_query("“Welcoming” city, CITY! AND (NEAR) 😀 e\u0301") == (
        "welcoming",
        "city",
        "near",
        "é",
    )


def test_fts5_expression_quotes_every_token():
    assert search.fts5_expression(("near", "and")) == '"near" "and"'


# --- The page ---------------------------------------------------------------------


def test_the_page_is_noindex_with_a_title_and_the_query_kept_in_the_box(seeded, reader_client):
    page = lxml_html.fromstring(reader_client.get(SEARCH, {"q": "Stockton"}).content)
    assert page.xpath("//meta[@name='robots']/@content") == ["noindex"]
    assert page.findtext(".//title").startswith("Search: Stockton")
    assert page.xpath("//input[@name='q']/@value") == ["Stockton"]


def test_the_empty_page_asks_no_query(reader_client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = reader_client.get(SEARCH)
    assert "Enter a search" in response.content.decode()


@pytest.mark.parametrize("rows", [1, 100])
def test_the_results_page_runs_three_queries_whatever_the_number_of_hits(
    reader_client, django_assert_num_queries, rows
):
    for n in range(rows):
        ClaimFactory(text=f"The {WORD} accord, clause {n}.")
    ClaimFactory(text=f"The {WORD} accord, in draft.", publication=Publication.DRAFT)
    # Counts per kind, the paginator's count, the page of ranked rows.
    with django_assert_num_queries(3):
        response = reader_client.get(SEARCH, {"q": WORD})
    assert len(results(response)) == min(rows, 50)
    assert f"{rows} result" in response.content.decode()


# --- The index follows every write ------------------------------------------------


def test_the_index_follows_an_edit_through_the_services(role_editor):
    claim = ClaimFactory(text=f"The {WORD} accord stands.", publication=Publication.DRAFT)
    claim.text = "The Lisbon accord stands."
    services.object_save(instance=claim, acting_user=role_editor)
    assert list(selectors.search_results(user=role_editor, terms=(WORD,))) == []
    assert [e.object_id for e in selectors.search_results(user=role_editor, terms=("lisbon",))] == [
        claim.pk
    ]


def test_the_index_follows_a_published_claims_corrected_edit(role_editor):
    claim = ClaimFactory(text=f"The {WORD} accord stands.")
    claim.text = "The Lisbon accord stands."
    services.object_save(
        instance=claim,
        acting_user=role_editor,
        reason="Misquoted",
        correction=services.CorrectionNote(kind="correction", text="We misquoted the accord."),
    )
    assert list(selectors.search_results(user=None, terms=(WORD,))) == []
    assert len(selectors.search_results(user=None, terms=("lisbon",))) == 1


def test_the_index_follows_a_deletion(role_editor):
    claim = ClaimFactory(text=f"The {WORD} accord stands.", publication=Publication.DRAFT)
    pk = claim.pk
    services.object_delete(instance=claim, acting_user=role_editor)
    assert not SearchEntry.objects.filter(kind="claim", object_id=pk).exists()
    assert list(selectors.search_results(user=role_editor, terms=(WORD,))) == []


def test_renaming_a_person_rewrites_their_claims_entries(role_editor):
    person = PersonFactory(name="Ana Lopez")
    ClaimFactory(claimant=person, publication=Publication.DRAFT, text="I jump.")
    person.name = f"Ana {WORD.title()}"
    services.object_save(instance=person, acting_user=role_editor)
    kinds = {e.kind for e in selectors.search_results(user=role_editor, terms=(WORD,))}
    assert kinds == {"person", "claim"}
    assert SearchEntry.objects.get(kind="claim").detail.startswith(f"Ana {WORD.title()}")


def test_renaming_a_source_rewrites_its_quotes_detail():
    citation = CitationFactory()
    source = citation.source
    source.title = f"The {WORD} papers"
    source.save()
    detail = SearchEntry.objects.get(kind="quote").detail
    assert detail == f"Quoted from The {WORD} papers, {source.publisher.name}"


def test_rebuild_search_index_restores_a_lost_index(seeded, reader_client):
    SearchEntry.objects.all().delete()
    assert results(reader_client.get(SEARCH, {"q": "Burguan"})) == []
    call_command("rebuild_search_index", verbosity=0)
    assert results(reader_client.get(SEARCH, {"q": "Burguan"}))[0] == (
        "Person",
        "/people/jarrod-burguan/",
    )


def test_the_seed_indexes_every_searchable_record(seeded):
    counts = {
        kind: SearchEntry.objects.filter(kind=kind).count() for kind in SearchEntry.Kind.values
    }
    # Four cities, four people, one article, four claims each quoted once, two inquiries.
    assert counts == {"claim": 4, "quote": 4, "source": 1, "person": 4, "city": 4, "inquiry": 2}
    assert Claim.objects.count() == 4


# --- The full-text index is used, never a scan ------------------------------------


@on_sqlite
def test_sqlite_searches_with_fts5_match_not_like(seeded):
    with CaptureQueriesContext(connection) as queries:
        list(selectors.search_results(user=None, terms=("sanctuary",)))
    sql = queries[-1]["sql"]
    assert "articles_searchentry_fts MATCH" in sql
    assert "LIKE" not in sql.upper()


@on_sqlite
def test_sqlite_fts_triggers_exist():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'articles_searchentry_fts_%'"
        )
        names = {row[0] for row in cursor.fetchall()}
    assert names == {
        "articles_searchentry_fts_insert",
        "articles_searchentry_fts_delete",
        "articles_searchentry_fts_update",
    }


@on_postgres
def test_postgres_searches_through_the_gin_index(seeded):
    # Ids far past any real row's: PostgreSQL's sequences are not rolled
    # back with a test's transaction, so after the suite's earlier tests a
    # real city may already hold an id such as 10,620.
    SearchEntry.objects.bulk_create(
        SearchEntry(
            kind="city",
            object_id=2_000_000_000 + n,
            slug=f"x-{n}",
            title=f"Town {n}",
            body="Plain text",
        )
        for n in range(2000)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE articles_searchentry")
        cursor.execute("SET LOCAL enable_seqscan = off")
    plan = selectors.search_results(user=None, terms=("sanctuary",)).explain()
    assert "articles_searchentry_vector_gin" in plan
    assert "Seq Scan on articles_searchentry " not in plan


@on_postgres
def test_postgres_vector_is_set_by_the_trigger():
    ClaimFactory(text=f"The {WORD} accord stands.")
    with connection.cursor() as cursor:
        cursor.execute("SELECT search_vector::text FROM articles_searchentry WHERE kind = 'claim'")
        (vector,) = cursor.fetchone()
    assert f"'{WORD}':2A" in vector


def test_stop_words_are_left_out_on_both_databases(reader_client, seeded):
    """PostgreSQL's english configuration ignores "or"; SQLite's FTS5 would
    require it. Both leave it out, so the same search finds the same records."""
    with_or = results(get(reader_client, "q=sanctuary+OR+policies"))
    assert with_or == results(get(reader_client, "q=sanctuary+policies"))
    assert ("Inquiry", "/inquiries/justice-department-sanctuary-questions/") in with_or


def test_a_search_of_only_common_words_says_so(reader_client, seeded):
    response = get(reader_client, "q=the+or")
    assert response.status_code == 200
    text = lxml_html.fromstring(response.content).text_content()
    assert "has only common words" in text
    punctuation = get(reader_client, "q=%22*")
    assert "Enter a search" in lxml_html.fromstring(punctuation.content).text_content()


def test_stored_fields_read_apart_in_a_snippet():
    """A requester's name and the questions are stored on two lines; the
    snippet separates them instead of running them into one sentence."""
    assert str(highlight(f"Justice Department\n{MARK_START}Sessions{MARK_END} singled out")) == (
        "Justice Department · <mark>Sessions</mark> singled out"
    )


def test_a_quote_snippet_keeps_the_quote_whole(seeded, reader_client):
    """A quote's line break is the source's, not a break between fields: no
    middle dot inside the speaker's words."""
    page = lxml_html.fromstring(get(reader_client, "q=welcoming&kind=quote").content)
    (snippet,) = page.find_class("search-result__snippet")
    text = snippet.text_content()
    assert "·" not in text
    assert "Baltimore is a welcoming city. We do not enforce federal immigration laws" in text
