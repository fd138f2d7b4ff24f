"""Evidence: sources, and the citations that tie claims to their exact words."""

from typing import ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from ..querysets import SourceQuerySet
from .base import TimeStampedModel, not_in_the_future, sha256_validator
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
    text = models.TextField(
        blank=True,
        help_text="Full text, verbatim. Citation quotes are checked against it.",
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


class Citation(TimeStampedModel):
    """A claim backed by a source, with the exact words quoted from it."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="citations")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="citations")
    quote = models.TextField(
        help_text="The exact words from the source, character for character.",
    )
    note = models.TextField(blank=True)

    history = HistoricalRecords()

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

    def clean(self) -> None:
        """The quote must appear verbatim in the source's text, when the
        source has text (the tracker's rule: every claim traceable)."""
        if (
            self.source_id
            and self.quote
            and self.source.text
            and self.quote not in self.source.text
        ):
            raise ValidationError(
                {"quote": "Quote does not appear word for word in the source's text."}
            )
