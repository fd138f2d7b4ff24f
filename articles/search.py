"""Search: ``/search/?q=`` over claims, quotes, sources, people, cities and
inquiries, ranked, with highlighted snippets (issue 7, "Search").

The index
    One denormalised table, :class:`~articles.models.SearchEntry`: a row per
    searchable record, with ``title`` (weighs more) and ``body`` (weighs
    less), both searched, plus ``heading``/``detail`` (shown, not searched)
    and ``slug`` (addresses the record's page). What each kind indexes:

    ========  ==========================  =====================================
    kind      title                       body
    ========  ==========================  =====================================
    claim     the claim's text            claimant's name, rating label, rating
                                          explanation
    quote     (none)                      ``Citation.quote``; links to the claim
    source    the title                   publisher's name, and the full text
                                          only when ``publishable`` (DESIGN.md:
                                          third-party articles are cited, not
                                          reprinted: a snippet would reprint)
    person    the name                    title, organization's name
    city      "Stockton, CA"              the state's name ("California")
    inquiry   the title                   requester's name, questions,
                                          description
    ========  ==========================  =====================================

    The full-text structures are built by the database from that table, in
    the same transaction as the row (migration ``0012_search_entry``):

    - PostgreSQL: a ``tsvector`` column (``search_vector``, English
      stemming, title weight A, body weight B) set by a ``BEFORE INSERT OR
      UPDATE`` trigger, with a GIN index. A search is ``search_vector @@
      plainto_tsquery('english', ...)``: an index scan, never a table scan.
    - SQLite: an FTS5 table ``articles_searchentry_fts`` (``porter unicode61
      remove_diacritics 2``) with the entry table as external content, kept
      by insert/update/delete triggers. A search is ``... MATCH ...``, never
      ``LIKE '%…%'``.

Kept in step with every write
    Every write of a tracker record goes through ``Model.save()`` or
    ``Model.delete()`` (the services, the admin through them, the seed
    loader, django-simple-history's revert, ``loaddata``; nothing calls
    ``QuerySet.update()`` on these models), so ``post_save``/``post_delete``
    receivers (connected in :meth:`articles.apps.ArticlesConfig.ready`)
    rewrite the entries of the record *and of the records that show its
    name*: renaming a person rewrites their claims' entries, renaming a
    source its quotes', an organization its people's, sources', claims'
    and inquiries' (:func:`_affected`). They run inside the writer's
    transaction: a refused save leaves the index as it was. The
    many-to-many lists (an inquiry's sources) change no indexed text, and
    visibility is not stored (below), so they need no receiver. A bulk
    ``QuerySet.update()`` or a data migration bypasses signals: run
    ``manage.py rebuild_search_index`` after one (the migration's backfill
    and that command call :func:`rebuild_index`).

Who finds what
    Nothing about publication is stored in the index. Each query keeps an
    entry only when its record passes the record's own ``visible_to(user)``
    (an ``Exists`` subquery per kind, in the same query:
    :class:`~articles.querysets.SearchEntryQuerySet`), and ``.listed()``
    drops retracted claims and inquiries (and the quotes of retracted
    claims), as every list does. A reader therefore never receives a row,
    let alone a snippet, of a draft; an editor holding
    ``articles.view_unpublished`` finds drafts too.

The query is ours, not the database's
    :func:`parse_query` keeps only word tokens (runs of Unicode letters and
    digits, after NFC normalisation): quotes, parentheses, ``*``, ``-``,
    ``NEAR(``, NUL and control characters are dropped, and ``AND``/``OR``/
    ``NOT`` are plain words. More than :data:`MAX_QUERY_CHARS` characters
    or :data:`MAX_TERMS` distinct words is refused (a 400 naming ``q``,
    rather than a silent truncation that would answer a different
    question). The database receives the tokens as data: on PostgreSQL
    ``plainto_tsquery('english', 'w1 w2')`` (every word must match, English
    stop words ignored); on SQLite the FTS5 expression ``"w1" "w2"`` (each
    token double-quoted, so never an operator; every word must match). No
    prefix matching: a search is for words (``Burgu`` finds nothing,
    ``Burguan`` does).

Ranking and snippets
    PostgreSQL: ``ts_rank_cd`` (cover density) with weights A/B, divided by
    1 + log(length) (normalization 1: a long text does not win by length
    alone, as BM25's length normalisation does on SQLite),
    ``ts_headline`` for the title (every hit marked) and the body (up to two
    fragments). SQLite: ``bm25`` with weights 10 (title) and 1 (body),
    ``highlight()`` for the title and ``snippet()`` for the body. Ties go to
    the kind's order in :class:`~articles.models.SearchEntry.Kind`, then
    the oldest entry. The database marks hits with two private-use
    characters (:data:`~articles.models.search.MARK_START`, ``MARK_END``)
    that the indexer strips from every stored text; the page escapes the
    whole snippet and only then turns the markers into ``<mark>``
    (:func:`~articles.models.search.highlight`): a stored ``<script>`` comes
    out as text.

Queries per page
    Three, whatever the number of rows and hits: the counts per kind, the
    paginator's count and the page of ranked rows (titles, details and
    addresses are in the entry, so nothing else is fetched).

Known differences between the databases: PostgreSQL drops English stop
words (a search for "the" finds nothing), SQLite does not; SQLite folds
accents ("Jose" finds "José"), PostgreSQL's ``english`` configuration does
not; PostgreSQL's parser skips anything shaped like an HTML tag, and the
content of ``<script>``/``<style>``, so words there are found on SQLite
only (stored texts are plain text; the page escapes them either way).
"""

import re
import unicodedata
from collections.abc import Iterable, Iterator
from typing import Any

from django.apps import apps as global_apps
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import Case, Count, F, IntegerField, QuerySet, Value, When
from django.db.models.signals import post_delete, post_save

from .choices import US_STATES
from .models.search import MARK_END, MARK_START

#: Longest search accepted, in characters (before any cleaning).
MAX_QUERY_CHARS = 200
#: Most distinct words a search may hold.
MAX_TERMS = 10

#: Text search configuration (PostgreSQL) used by the trigger and queries.
PG_CONFIG = "english"

FTS_TABLE = "articles_searchentry_fts"

#: What migration 0012 runs on SQLite (and what a later migration that
#: remakes ``articles_searchentry`` must run again): the FTS5 table over the
#: entries and the triggers that keep it in step.
SQLITE_FTS_SQL: tuple[str, ...] = (
    "CREATE VIRTUAL TABLE articles_searchentry_fts USING fts5("
    "title, body, content='articles_searchentry', content_rowid='id', "
    "tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER articles_searchentry_fts_insert AFTER INSERT ON articles_searchentry "
    "BEGIN INSERT INTO articles_searchentry_fts(rowid, title, body) "
    "VALUES (new.id, new.title, new.body); END",
    "CREATE TRIGGER articles_searchentry_fts_delete AFTER DELETE ON articles_searchentry "
    "BEGIN INSERT INTO articles_searchentry_fts(articles_searchentry_fts, rowid, title, body) "
    "VALUES ('delete', old.id, old.title, old.body); END",
    "CREATE TRIGGER articles_searchentry_fts_update AFTER UPDATE ON articles_searchentry "
    "BEGIN INSERT INTO articles_searchentry_fts(articles_searchentry_fts, rowid, title, body) "
    "VALUES ('delete', old.id, old.title, old.body); "
    "INSERT INTO articles_searchentry_fts(rowid, title, body) "
    "VALUES (new.id, new.title, new.body); END",
)
SQLITE_FTS_DROP_SQL: tuple[str, ...] = (
    "DROP TRIGGER IF EXISTS articles_searchentry_fts_insert",
    "DROP TRIGGER IF EXISTS articles_searchentry_fts_delete",
    "DROP TRIGGER IF EXISTS articles_searchentry_fts_update",
    "DROP TABLE IF EXISTS articles_searchentry_fts",
)

#: What migration 0012 runs on PostgreSQL: the trigger that sets
#: ``search_vector`` and the GIN index on it.
POSTGRES_SQL: tuple[str, ...] = (
    "CREATE FUNCTION articles_searchentry_vector() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN NEW.search_vector := "
    f"setweight(to_tsvector('{PG_CONFIG}', coalesce(NEW.title, '')), 'A') || "
    f"setweight(to_tsvector('{PG_CONFIG}', coalesce(NEW.body, '')), 'B'); "
    "RETURN NEW; END $$",
    "CREATE TRIGGER articles_searchentry_vector BEFORE INSERT OR UPDATE OF title, body "
    "ON articles_searchentry FOR EACH ROW EXECUTE FUNCTION articles_searchentry_vector()",
    "CREATE INDEX articles_searchentry_vector_gin ON articles_searchentry "
    "USING gin (search_vector)",
)
POSTGRES_DROP_SQL: tuple[str, ...] = (
    "DROP INDEX IF EXISTS articles_searchentry_vector_gin",
    "DROP TRIGGER IF EXISTS articles_searchentry_vector ON articles_searchentry",
    "DROP FUNCTION IF EXISTS articles_searchentry_vector()",
)

_WORD = re.compile(r"[^\W_]+")
_STATE_NAMES = dict(US_STATES)
_BATCH = 500


#: English stop words, left out of every search on both databases: the list
#: PostgreSQL's ``english`` configuration ignores (its
#: ``tsearch_data/english.stop``, from the Snowball project), so that a search
#: means the same on SQLite's FTS5, which would otherwise require them
#: ("sanctuary OR jail" found nothing there, three results on PostgreSQL).
STOP_WORDS = frozenset(
    [
        "i",
        "me",
        "my",
        "myself",
        "we",
        "our",
        "ours",
        "ourselves",
        "you",
        "your",
        "yours",
        "yourself",
        "yourselves",
        "he",
        "him",
        "his",
        "himself",
        "she",
        "her",
        "hers",
        "herself",
        "it",
        "its",
        "itself",
        "they",
        "them",
        "their",
        "theirs",
        "themselves",
        "what",
        "which",
        "who",
        "whom",
        "this",
        "that",
        "these",
        "those",
        "am",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "have",
        "has",
        "had",
        "having",
        "do",
        "does",
        "did",
        "doing",
        "a",
        "an",
        "the",
        "and",
        "but",
        "if",
        "or",
        "because",
        "as",
        "until",
        "while",
        "of",
        "at",
        "by",
        "for",
        "with",
        "about",
        "against",
        "between",
        "into",
        "through",
        "during",
        "before",
        "after",
        "above",
        "below",
        "to",
        "from",
        "up",
        "down",
        "in",
        "out",
        "on",
        "off",
        "over",
        "under",
        "again",
        "further",
        "then",
        "once",
        "here",
        "there",
        "when",
        "where",
        "why",
        "how",
        "all",
        "any",
        "both",
        "each",
        "few",
        "more",
        "most",
        "other",
        "some",
        "such",
        "no",
        "nor",
        "not",
        "only",
        "own",
        "same",
        "so",
        "than",
        "too",
        "very",
        "s",
        "t",
        "can",
        "will",
        "just",
        "don",
        "should",
        "now",
    ]
)


class SearchQueryError(ValueError):
    """A search the page refuses; ``str(exc)`` says why, in words a reader
    can act on (the view answers 400 naming ``q``)."""


def parse_query(raw: str) -> tuple[str, ...]:
    """The words of a search, lowercased, in order, each once.

    Args:
        raw: the ``q`` parameter as typed (any string).

    Returns:
        The word tokens (runs of Unicode letters and digits, after NFC
        normalisation), less :data:`STOP_WORDS` ("the", "or", "and"...);
        everything else (punctuation, quotes, operators, emoji, control
        characters) is dropped. An empty tuple means there is nothing to
        search for. The limits count the words as typed, stop words
        included.

    Raises:
        SearchQueryError: ``raw`` is longer than :data:`MAX_QUERY_CHARS`
            characters, or holds more than :data:`MAX_TERMS` distinct words.
    """
    if len(raw) > MAX_QUERY_CHARS:
        raise SearchQueryError(
            f"Search for at most {MAX_QUERY_CHARS} characters; this search has {len(raw):,}."
        )
    words = dict.fromkeys(m.lower() for m in _WORD.findall(unicodedata.normalize("NFC", raw)))
    if len(words) > MAX_TERMS:
        raise SearchQueryError(
            f"Search for at most {MAX_TERMS} words; this search has {len(words):,}."
        )
    return tuple(w for w in words if w not in STOP_WORDS)


def words_of(raw: str) -> tuple[str, ...]:
    """The word tokens of ``raw`` as :func:`parse_query` finds them, lowercased,
    stop words included and no limit applied: ``"the"`` -> ``("the",)``,
    ``'"*'`` -> ``()`` (a page tells "only common words" from "nothing typed")."""
    return tuple(m.lower() for m in _WORD.findall(unicodedata.normalize("NFC", raw)))


def fts5_expression(terms: Iterable[str]) -> str:
    """The SQLite FTS5 query for ``terms`` (tokens from :func:`parse_query`):
    each double-quoted (a string, never an operator), space-separated (all
    must match). ``('welcoming', 'city')`` -> ``'"welcoming" "city"'``."""
    return " ".join('"{}"'.format(t.replace('"', '""')) for t in terms)


# --- Building entries --------------------------------------------------------


def _clean(text: str | None) -> str:
    """``text`` without the highlight markers and NUL (PostgreSQL text
    holds no NUL; a marker in stored text could fake a highlight)."""
    return (text or "").replace(MARK_START, "").replace(MARK_END, "").replace("\x00", "")


def _lines(*parts: str | None) -> str:
    return "\n".join(p for p in parts if p)


def _rows(apps, model: str, pks: list[int] | None, *fields: str):
    manager = apps.get_model("articles", model)._default_manager
    queryset = manager.all() if pks is None else manager.filter(pk__in=pks)
    return queryset.order_by("pk").values("pk", *fields).iterator(chunk_size=_BATCH)


def _claims(apps, pks):
    for r in _rows(
        apps,
        "Claim",
        pks,
        "slug",
        "text",
        "rating_explanation",
        "claimant__name",
        "claimant__title",
        "claimant_organization__name",
        "rating__label",
    ):
        who = r["claimant__name"] or r["claimant_organization__name"] or ""
        yield {
            "object_id": r["pk"],
            "slug": r["slug"],
            "title": r["text"],
            "body": _lines(who, r["rating__label"], r["rating_explanation"]),
            "heading": r["text"],
            "detail": ", ".join(p for p in (who, r["claimant__title"]) if p),
        }


def _quotes(apps, pks):
    for r in _rows(
        apps,
        "Citation",
        pks,
        "quote",
        "claim__slug",
        "claim__text",
        "source__title",
        "source__publisher__name",
    ):
        where = r["source__title"]
        if r["source__publisher__name"]:
            where += f", {r['source__publisher__name']}"
        yield {
            "object_id": r["pk"],
            "slug": r["claim__slug"],
            "title": "",
            "body": r["quote"],
            "heading": r["claim__text"],
            "detail": f"Quoted from {where}",
        }


def _sources(apps, pks):
    for r in _rows(apps, "Source", pks, "title", "text", "publishable", "publisher__name", "kind"):
        kind = r["kind"].replace("_", " ").capitalize()
        yield {
            "object_id": r["pk"],
            "slug": str(r["pk"]),
            "title": r["title"],
            # Full text only when readers may read it (DESIGN.md: cited, not reprinted).
            "body": _lines(r["publisher__name"], r["text"] if r["publishable"] else ""),
            "heading": r["title"],
            "detail": ", ".join(p for p in (kind, r["publisher__name"]) if p),
        }


def _people(apps, pks):
    for r in _rows(apps, "Person", pks, "slug", "name", "title", "organization__name"):
        detail = ", ".join(p for p in (r["title"], r["organization__name"]) if p)
        yield {
            "object_id": r["pk"],
            "slug": r["slug"],
            "title": r["name"],
            "body": detail,
            "heading": r["name"],
            "detail": detail,
        }


def _cities(apps, pks):
    for r in _rows(apps, "City", pks, "slug", "name", "state"):
        state = _STATE_NAMES.get(r["state"], "")
        yield {
            "object_id": r["pk"],
            "slug": r["slug"],
            "title": f"{r['name']}, {r['state']}",
            "body": state,
            "heading": f"{r['name']}, {r['state']}",
            "detail": state,
        }


def _inquiries(apps, pks):
    for r in _rows(
        apps, "Inquiry", pks, "slug", "title", "questions", "description", "requester__name"
    ):
        yield {
            "object_id": r["pk"],
            "slug": r["slug"],
            "title": r["title"],
            "body": _lines(r["requester__name"], r["questions"], r["description"]),
            "heading": r["title"],
            "detail": f"Asked by {r['requester__name']}" if r["requester__name"] else "",
        }


_BUILDERS = {
    "claim": _claims,
    "quote": _quotes,
    "source": _sources,
    "person": _people,
    "city": _cities,
    "inquiry": _inquiries,
}


def _entries(apps, kind: str, pks: list[int] | None) -> Iterator[Any]:
    SearchEntry = apps.get_model("articles", "SearchEntry")
    for values in _BUILDERS[kind](apps, pks):
        yield SearchEntry(
            kind=kind, **{k: _clean(v) if isinstance(v, str) else v for k, v in values.items()}
        )


def reindex(kind: str, pks: Iterable[int], *, apps=global_apps) -> None:
    """Rewrite the entries of ``kind`` for the records ``pks`` (ids; for
    quotes, citation ids): delete theirs, insert them again from the
    records as stored now (a record that no longer exists gets none).

    Args:
        kind: a ``SearchEntry.Kind`` value.
        pks: primary keys (any iterable, e.g. a ``values_list`` QuerySet).
        apps: the app registry (a migration passes its historical one).
    """
    SearchEntry = apps.get_model("articles", "SearchEntry")
    pks = list(pks)
    for start in range(0, len(pks), _BATCH):
        batch = pks[start : start + _BATCH]
        SearchEntry._default_manager.filter(kind=kind, object_id__in=batch).delete()
        SearchEntry._default_manager.bulk_create(_entries(apps, kind, batch), batch_size=_BATCH)


def rebuild_index(*, apps=global_apps) -> int:
    """Empty the index and build it again from every record (the migration's
    backfill; ``manage.py rebuild_search_index``). Returns the number of
    entries written."""
    SearchEntry = apps.get_model("articles", "SearchEntry")
    SearchEntry._default_manager.all().delete()
    for kind in _BUILDERS:
        SearchEntry._default_manager.bulk_create(_entries(apps, kind, None), batch_size=_BATCH)
    return SearchEntry._default_manager.count()


# --- Keeping it in step ------------------------------------------------------


def _affected(model_name: str, pk: int) -> list[tuple[str, Iterable[int]]]:
    """The entries to rewrite when the record ``model_name``/``pk`` is
    saved: its own, and those of the records that show its name or text."""

    def ids(model: str, **lookup) -> Iterable[int]:
        manager = global_apps.get_model("articles", model)._default_manager
        return manager.filter(**lookup).values_list("pk", flat=True)

    match model_name:
        case "Claim":
            return [("claim", [pk]), ("quote", ids("Citation", claim=pk))]
        case "Citation":
            return [("quote", [pk])]
        case "Source":
            return [("source", [pk]), ("quote", ids("Citation", source=pk))]
        case "Person":
            return [("person", [pk]), ("claim", ids("Claim", claimant=pk))]
        case "City":
            return [("city", [pk])]
        case "Inquiry":
            return [("inquiry", [pk])]
        case "Organization":
            return [
                ("person", ids("Person", organization=pk)),
                ("claim", ids("Claim", claimant_organization=pk)),
                ("source", ids("Source", publisher=pk)),
                ("quote", ids("Citation", source__publisher=pk)),
                ("inquiry", ids("Inquiry", requester=pk)),
            ]
        case "Rating":
            return [("claim", ids("Claim", rating=pk))]
    return []


#: Models whose writes change the index, and the kind of their own entry.
WATCHED: dict[str, str | None] = {
    "Claim": "claim",
    "Citation": "quote",
    "Source": "source",
    "Person": "person",
    "City": "city",
    "Inquiry": "inquiry",
    "Organization": None,
    "Rating": None,
}


def _saved(sender, instance, **kwargs) -> None:
    """``post_save``: rewrite the record's entries and its dependents'."""
    for kind, pks in _affected(sender.__name__, instance.pk):
        reindex(kind, pks)


def _deleted(sender, instance, **kwargs) -> None:
    """``post_delete``: drop the record's own entry (records that show its
    name point at it with PROTECT, so none is left showing it)."""
    kind = WATCHED.get(sender.__name__)
    if kind:
        SearchEntry = global_apps.get_model("articles", "SearchEntry")
        SearchEntry.objects.filter(kind=kind, object_id=instance.pk).delete()


def connect_signals() -> None:
    """Connect the receivers to every watched model (called once from
    :meth:`articles.apps.ArticlesConfig.ready`)."""
    for name in WATCHED:
        model = global_apps.get_model("articles", name)
        post_save.connect(_saved, sender=model, dispatch_uid=f"search-index-save-{name}")
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"search-index-delete-{name}")


# --- Querying ------------------------------------------------------------------


def _kind_order() -> Case:
    SearchEntry = global_apps.get_model("articles", "SearchEntry")
    return Case(
        *[When(kind=k, then=Value(i)) for i, k in enumerate(SearchEntry.Kind.values)],
        output_field=IntegerField(),
    )


def _pg_query(terms: tuple[str, ...]) -> SearchQuery:
    return SearchQuery(" ".join(terms), config=PG_CONFIG, search_type="plain")


def matching(queryset: QuerySet, terms: tuple[str, ...]) -> QuerySet:
    """``queryset`` (of ``SearchEntry``) narrowed to the entries matching
    every word of ``terms`` through the full-text index: ``@@`` on the GIN
    indexed ``tsvector`` (PostgreSQL) or FTS5 ``MATCH`` (SQLite).

    Args:
        terms: non-empty, from :func:`parse_query`.
    """
    if connection.vendor == "postgresql":
        return queryset.filter(search_vector=_pg_query(terms))
    # extra(): FTS5's MATCH, bm25() and snippet() need the virtual table in
    # the FROM clause, which no ORM expression puts there. The SQL is
    # constant; the user's words travel only as a parameter.
    return queryset.extra(  # noqa: S610
        tables=[FTS_TABLE],
        where=[f"{FTS_TABLE}.rowid = articles_searchentry.id", f"{FTS_TABLE} MATCH %s"],
        params=[fts5_expression(terms)],
    )


def of_kind(queryset: QuerySet, kind: str) -> QuerySet:
    """A :func:`matching` QuerySet narrowed to entries of ``kind``.

    On SQLite the condition is written ``+kind = %s``: the unary plus (an
    SQLite idiom) keeps the planner off the ``(kind, object_id)`` index,
    which would otherwise walk every entry of the kind and probe FTS5 for
    each (115 ms against 45 ms with 5,000 claims; bench/search.py) instead
    of letting ``MATCH`` find the few that hold the words.
    """
    if connection.vendor == "sqlite":
        return queryset.extra(where=["+articles_searchentry.kind = %s"], params=[kind])  # noqa: S610
    return queryset.filter(kind=kind)


def ranked(queryset: QuerySet, terms: tuple[str, ...]) -> QuerySet:
    """A :func:`matching` QuerySet, best first, each entry carrying
    ``title_marked`` (the whole title) and ``body_marked`` (up to two
    fragments of the body) with hits between
    :data:`~articles.models.search.MARK_START` and ``MARK_END``."""
    if connection.vendor == "postgresql":
        query = _pg_query(terms)
        return queryset.annotate(
            rank=SearchRank(F("search_vector"), query, cover_density=True, normalization=1),
            title_marked=SearchHeadline(
                "title",
                query,
                config=PG_CONFIG,
                start_sel=MARK_START,
                stop_sel=MARK_END,
                highlight_all=True,
            ),
            body_marked=SearchHeadline(
                "body",
                query,
                config=PG_CONFIG,
                start_sel=MARK_START,
                stop_sel=MARK_END,
                max_words=30,
                min_words=12,
                max_fragments=2,
                fragment_delimiter=" … ",
            ),
            kind_order=_kind_order(),
        ).order_by("-rank", "kind_order", "pk")
    return (
        queryset.extra(  # noqa: S610 (constant SQL; see matching())
            select={
                "rank": f"bm25({FTS_TABLE}, 10.0, 1.0)",
                "title_marked": f"highlight({FTS_TABLE}, 0, %s, %s)",
                "body_marked": f"snippet({FTS_TABLE}, 1, %s, %s, %s, 24)",
            },
            select_params=[MARK_START, MARK_END, MARK_START, MARK_END, " … "],
        )
        .annotate(kind_order=_kind_order())
        .order_by("rank", "kind_order", "pk")
    )


def kind_counts(queryset: QuerySet) -> dict[str, int]:
    """``{kind: number of entries}`` in a :func:`matching` QuerySet (one
    query); kinds with none are left out."""
    rows = queryset.order_by().values("kind").annotate(n=Count("pk")).values_list("kind", "n")
    return dict(rows)
