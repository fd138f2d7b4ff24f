"""The search index: one denormalised row per searchable record
(:mod:`articles.search` explains the design)."""

import re
from typing import ClassVar

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from ..querysets import SearchEntryQuerySet

#: Where the database starts and ends a hit in a title or snippet: two
#: private-use characters, stripped from every text the index stores
#: (:func:`articles.search.reindex`), so only the database can write them.
MARK_START = "\ue000"
MARK_END = "\ue001"


def highlight(marked: str | None, *, separator: str = " · ") -> SafeString:
    """HTML for a title or snippet the database marked: the whole text
    escaped first, then each marked hit wrapped in ``<mark>``. Database text
    is never trusted: ``<script>`` comes out as ``&lt;script&gt;``.

    Args:
        marked: text with hits between :data:`MARK_START` and
            :data:`MARK_END` (None reads as ""). Line breaks (between
            stored fields) come out as ``separator``.
        separator: " · " between fields; a quote's body is one field, the
            quote itself, whose line breaks are the source's and read as
            a space (" ").
    """
    # Fields are stored one per line (a requester's name, then the
    # questions): a line break between them reads as a separator, not as
    # one run-on sentence.
    text = re.sub(r"\s*\n\s*", separator, escape(marked or "").strip())
    return mark_safe(text.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))  # noqa: S308


class SearchEntry(models.Model):
    """What ``/search/`` finds: one row per claim, quote (citation), source,
    person, city and inquiry, written by :mod:`articles.search` whenever the
    record (or a record whose name it shows) is saved or deleted.

    ``title`` and ``body`` are searched (the title weighs more); ``heading``
    and ``detail`` are only shown. Who may see a row is not stored: it is
    decided at query time from the record itself
    (:meth:`~articles.querysets.SearchEntryQuerySet.visible_to`).

    Database side, made by migration ``0012_search_entry`` (not by Django's
    model state, which cannot say "PostgreSQL only"):

    - PostgreSQL: ``search_vector`` is kept by a ``BEFORE INSERT OR UPDATE``
      trigger (``setweight(to_tsvector('english', title), 'A') ||
      setweight(to_tsvector('english', body), 'B')``) and indexed with GIN
      (``articles_searchentry_vector_gin``).
    - SQLite: ``search_vector`` stays NULL; the FTS5 table
      ``articles_searchentry_fts`` (external content: this table) is kept by
      three triggers. A later migration that alters this model on SQLite
      remakes the table, which drops those triggers: it must create them
      again (``articles.search.SQLITE_FTS_SQL``);
      ``tests/test_search.py`` checks they exist.
    """

    class Kind(models.TextChoices):
        CLAIM = "claim", "Claim"
        QUOTE = "quote", "Quote"
        SOURCE = "source", "Source"
        PERSON = "person", "Person"
        CITY = "city", "City"
        INQUIRY = "inquiry", "Inquiry"

    kind = models.CharField(max_length=16, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField(
        help_text="Primary key of the record (for a quote: of the citation)."
    )
    slug = models.CharField(
        max_length=255,
        help_text="What the record's public page is addressed by: its slug, a source's "
        "id, a quote's claim's slug.",
    )
    title = models.TextField(blank=True)
    body = models.TextField(blank=True)
    heading = models.TextField(blank=True)
    detail = models.TextField(blank=True)
    search_vector = SearchVectorField(null=True, editable=False)

    objects = SearchEntryQuerySet.as_manager()

    #: Each kind's name in the plural, for the page's filter links.
    PLURALS: ClassVar[dict[str, str]] = {
        Kind.CLAIM: "Claims",
        Kind.QUOTE: "Quotes",
        Kind.SOURCE: "Sources",
        Kind.PERSON: "People",
        Kind.CITY: "Cities",
        Kind.INQUIRY: "Inquiries",
    }

    #: URL name and keyword of each kind's public page.
    PAGES: ClassVar[dict[str, tuple[str, str]]] = {
        Kind.CLAIM: ("articles:claim_detail", "slug"),
        Kind.QUOTE: ("articles:claim_detail", "slug"),
        Kind.SOURCE: ("articles:source_detail", "pk"),
        Kind.PERSON: ("articles:person_detail", "slug"),
        Kind.CITY: ("articles:city_detail", "slug"),
        Kind.INQUIRY: ("articles:inquiry_detail", "slug"),
    }

    class Meta:
        ordering: ClassVar = ["kind", "object_id"]
        verbose_name = "search entry"
        verbose_name_plural = "search entries"
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["kind", "object_id"], name="searchentry_unique_kind_object"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.heading}"

    def get_absolute_url(self) -> str:
        """The record's public page (a quote's is the claim it backs)."""
        name, kwarg = self.PAGES[self.kind]
        value = int(self.slug) if kwarg == "pk" else self.slug
        return reverse(name, kwargs={kwarg: value})

    @property
    def title_html(self) -> SafeString:
        """The title with hits in ``<mark>`` (entries from
        :func:`articles.search.ranked`; plain escaped title otherwise)."""
        return highlight(getattr(self, "title_marked", self.title))

    @property
    def snippet_html(self) -> SafeString:
        """Up to two fragments of the body with hits in ``<mark>``, or ""
        when the body holds no hit (except a quote's, always shown: the
        quote is the result)."""
        marked = getattr(self, "body_marked", "") or ""
        if MARK_START not in marked and self.kind != self.Kind.QUOTE:
            return SafeString("")
        return highlight(marked, separator=" " if self.kind == self.Kind.QUOTE else " · ")
