"""Evidence: sources, and the citations that tie claims to their exact words."""

from functools import cached_property
from typing import ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from ..choices import Publication
from ..passages import Passage, passage_of
from ..querysets import CitationQuerySet, SourceQuerySet
from .base import (
    TimeStampedModel,
    normalize_newlines,
    not_in_the_future,
    sha256_validator,
    web_url_only,
)
from .claims import Claim
from .people import Organization


class Source(TimeStampedModel):
    """Evidence: a news article, statement, press release, letter, document
    or court record. Claims and responses point at sources."""

    class Kind(models.TextChoices):
        NEWS_ARTICLE = "news_article", "News article"
        STATEMENT = "statement", "Statement"
        PRESS_RELEASE = "press_release", "Press release"
        LETTER = "letter", "Letter"
        DOCUMENT = "document", "Document"
        COURT_RECORD = "court_record", "Court record"

    kind = models.CharField(max_length=32, choices=Kind.choices)
    title = models.CharField(max_length=300)
    publisher = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sources",
    )
    url = models.URLField(max_length=500, blank=True, help_text="Where the source was published.")
    published_on = models.DateField(
        validators=[not_in_the_future],
        null=True,
        blank=True,
        help_text="Date of publication as the source gives it (a calendar date; no time is invented).",
    )
    archive_url = models.URLField(
        max_length=500, blank=True, help_text="A permanent copy (e.g. a web archive)."
    )
    file = models.FileField(upload_to="sources/%Y/%m/", blank=True)
    sha256 = models.CharField(
        "SHA-256",
        max_length=64,
        blank=True,
        validators=[sha256_validator],
        help_text="Digest of the file, filled in when a file is attached.",
    )
    file_type = models.CharField(
        max_length=100,
        blank=True,
        editable=False,
        help_text="The file's media type, read from its content (not its name) when attached.",
    )
    file_size = models.PositiveBigIntegerField(
        null=True, blank=True, editable=False, help_text="The file's size in bytes."
    )
    text = models.TextField(
        blank=True,
        help_text="Full text, verbatim. Citation quotes are checked against it.",
    )
    text_sha256 = models.CharField(
        "text SHA-256",
        max_length=64,
        blank=True,
        editable=False,
        help_text=(
            "Digest of the normalised text of an imported story (articles.ingest.reading."
            "text_digest): the same story imported twice is found by it, not stored twice."
        ),
    )
    dateline = models.CharField(
        max_length=200,
        blank=True,
        help_text="The story's dateline as printed, e.g. “WASHINGTON/NEW YORK (Reuters)”.",
    )
    publishable = models.BooleanField(
        "full text publishable",
        default=False,
        help_text=(
            "Tick only when readers may see the full text: the newsroom's own reporting, "
            "public documents, press releases. Other sources (e.g. another outlet's "
            "article) are cited, not reprinted: readers see each quoted passage with its "
            "sentence and a link to the original."
        ),
    )

    history = HistoricalRecords()
    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["-published_on", "title"]
        verbose_name = "source"
        verbose_name_plural = "sources"
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=~Q(title=""),
                name="source_title_not_empty",
                violation_error_message="Title must not be empty.",
            ),
            models.UniqueConstraint(
                fields=["text_sha256"],
                condition=~Q(text_sha256=""),
                name="source_text_sha256_unique",
                violation_error_message="This story has already been imported.",
            ),
            models.CheckConstraint(
                condition=Q(sha256="") | Q(sha256__length=64),
                name="source_sha256_length",
                violation_error_message="SHA-256 must be 64 hex digits.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("articles:source_detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        """Citations stay true (issue, "Citations stay true"): an edit of
        ``text`` that would drop the words an existing citation quotes is
        refused, so every stored quote remains a substring of its source's
        text. Checked only when ``text`` changes (two queries: the stored
        text, then the citations).

        An ``archive_url`` must be a web address, http or https
        (:func:`~articles.models.base.web_url_only`; newcomer's report on
        issue 9: ``ftp://`` was accepted).

        The same holds for suggestions of an imported story still waiting
        for review (issue "Wire-story ingestion"): each points at
        characters of the text, so an edit that moves or drops them is
        refused until they are decided.

        Raises:
            ValidationError: keyed ``archive_url`` (not http/https); keyed
                ``text``, one message per affected citation naming its
                claim and the start of its quote, or one for the waiting
                suggestions the edit would move.
        """
        super().clean()
        self.text = normalize_newlines(self.text)
        try:
            web_url_only(self.archive_url)
        except ValidationError as exc:
            raise ValidationError({"archive_url": exc}) from exc
        if self.pk is None:
            return
        stored = Source.objects.filter(pk=self.pk).values_list("text", flat=True).first()
        if stored is None or stored == self.text:
            return
        citations = self.citations.select_related(
            "claim__claimant", "claim__claimant_organization"
        ).order_by("claim__slug", "pk")
        broken = [c for c in citations if c.quote not in self.text]
        if broken:
            raise ValidationError(
                {
                    "text": [
                        ValidationError(
                            "This edit drops the words quoted by the citation for the claim "
                            "“%(claim)s” (%(slug)s): “%(quote)s” no longer appears in the text. "
                            "Restore those words, or change that citation first.",
                            code="quote_dropped",
                            params={
                                "claim": citation.claim,
                                "slug": citation.claim.slug,
                                "quote": citation.quote_excerpt,
                            },
                        )
                        for citation in broken
                    ]
                }
            )
        moved = self.suggestions.filter(status="pending").values_list("start", "end", "text")
        shifted = sum(1 for start, end, words in moved if self.text[start:end] != words)
        if shifted:
            raise ValidationError(
                {
                    "text": ValidationError(
                        "This edit moves or drops the words of %(count)s suggestion(s) still "
                        "waiting for review (each points at characters of this text). Accept "
                        "or reject them first, then edit the text.",
                        code="suggestions_waiting",
                        params={"count": shifted},
                    )
                }
            )


class Citation(TimeStampedModel):
    """A claim backed by a source, with the exact words quoted from it."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="citations")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="citations")
    quote = models.TextField(
        help_text="The exact words from the source, character for character.",
    )
    public_note = models.TextField(
        blank=True,
        help_text="Shown to readers beside the quote, e.g. how the source prints it.",
    )
    internal_note = models.TextField(
        blank=True,
        help_text="For editors only: never shown on a public page or in the API.",
    )

    history = HistoricalRecords()
    objects = CitationQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["claim", "pk"]
        verbose_name = "citation"
        verbose_name_plural = "citations"
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=~Q(quote=""),
                name="citation_quote_not_empty",
                violation_error_message="Quote must not be empty.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.claim.slug} ← {self.source}"

    def get_absolute_url(self) -> str:
        return self.claim.get_absolute_url()

    @property
    def quote_excerpt(self) -> str:
        """The quote on one line, cut to 80 characters (for messages and lists)."""
        flat = " ".join(self.quote.split())
        return flat if len(flat) <= 80 else flat[:79] + "…"

    @cached_property
    def passage(self) -> Passage:
        """The quote inside its sentence(s) of the source's text
        (:func:`articles.passages.passage_of`), for the source page. Reads
        ``self.source``: fetch citations joined with (or prefetched from)
        their source."""
        return passage_of(self.source.text, self.quote)

    def clean(self) -> None:
        """The quote must appear verbatim in the source's text, when the
        source has text (the tracker's rule: every claim traceable); and a
        citation cannot be moved off a published claim it is the only
        citation of (issue, "A claim cannot be published without at least
        one citation")."""
        self.quote = normalize_newlines(self.quote)
        if (
            self.source_id
            and self.quote
            and self.source.text
            and self.quote not in self.source.text
        ):
            raise ValidationError(
                {"quote": "Quote does not appear word for word in the source's text."}
            )
        if self.pk is not None and self.claim_id is not None:
            stored = Citation.objects.filter(pk=self.pk).values_list("claim", flat=True).first()
            if (
                stored is not None
                and stored != self.claim_id
                and Claim.objects.filter(pk=stored, publication=Publication.PUBLISHED).exists()
                and not Citation.objects.filter(claim=stored).exclude(pk=self.pk).exists()
            ):
                raise ValidationError(
                    {
                        "claim": "This is the only citation of a published claim; "
                        "add another citation to that claim before moving this one."
                    }
                )
