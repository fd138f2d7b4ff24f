"""Wire-story ingestion (issue "Wire-story ingestion"): what the tracker
found in an imported story, waiting for an editor's decision.

A :class:`Suggestion` points at the exact characters of its source's text
(``start``/``end``, offsets into ``Source.text``, end exclusive) and never
reaches readers by itself: accepting one goes through the services
(:mod:`articles.ingest.services`), which create drafts (a claim enters the
review queue) or change a response through the response services.
"""

from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from .base import TimeStampedModel
from .claims import Claim
from .evidence import Citation, Source
from .inquiries import Response
from .people import Organization, Person
from .places import City


class Suggestion(TimeStampedModel):
    """One finding in an imported story, for an editor to accept or reject.

    ``kind``:
        ``place``: a U.S. place (``data``: ``name``, ``state`` (USPS code or
        ""), ``key`` (gazetteer key, "" when not resolved), ``candidates``
        (gazetteer keys when the name is ambiguous), ``dateline`` (bool:
        named in the dateline), ``mentions``: later mentions of the same
        place as ``[start, end]`` pairs; one suggestion per place and story);
        ``person``: a person (``data``: ``name``, ``title``,
        ``organization``, ``mentions``: later mentions as ``[start, end]``
        pairs, surnames and pronouns);
        ``quote``: direct speech (the span is the words inside the quote
        marks; ``data``: ``speaker`` (name as the story gives it, "" when
        unknown), ``speaker_span`` ``[start, end]`` or null; ``speaker``
        links the person suggestion);
        ``signal``: a response signal (``data``: ``status`` (a
        ``ResponseStatus`` value), ``subject`` (the organisation or place it
        concerns, "" when the story does not say), ``place`` (``[name,
        state]`` or null)).

    ``status`` moves once, from pending to accepted or rejected; the
    records an acceptance made are linked (``city``, ``person``,
    ``claim``, ``citation``, ``response``).
    """

    class Kind(models.TextChoices):
        PLACE = "place", "Place"
        PERSON = "person", "Person"
        QUOTE = "quote", "Quote"
        SIGNAL = "signal", "Response signal"

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for review"
        ACCEPTED = "accepted", "Accepted"
        REJECTED = "rejected", "Rejected"

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="suggestions")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    start = models.PositiveIntegerField(
        help_text="First character of the span in the source's text (0-based)."
    )
    end = models.PositiveIntegerField(help_text="One past the span's last character.")
    text = models.TextField(help_text="The span, character for character.")
    label = models.CharField(
        max_length=300,
        blank=True,
        help_text="What was found, as an editor reads it, e.g. “Stockton, CA”.",
    )
    data = models.JSONField(
        default=dict, blank=True, help_text="What the extractor found (see the class docstring)."
    )
    speaker = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="quotes",
        limit_choices_to={"kind": "person"},
        help_text="For a quote: the person suggestion of its speaker.",
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True, editable=False)
    reject_reason = models.TextField(blank=True, help_text="Why it was rejected.")
    city = models.ForeignKey(
        City, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    person = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    claim = models.ForeignKey(
        Claim, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    citation = models.ForeignKey(
        Citation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    response = models.ForeignKey(
        Response, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["source", "start", "kind", "pk"]
        verbose_name = "suggestion"
        verbose_name_plural = "suggestions"
        indexes: ClassVar = [models.Index(fields=["status", "kind"], name="suggestion_status_kind")]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(end__gt=F("start")),
                name="suggestion_span_not_empty",
                violation_error_message="A suggestion's span must end after it starts.",
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(reject_reason=""),
                name="suggestion_rejected_with_reason",
                violation_error_message="A rejection needs a reason.",
                violation_error_code="reject_reason",
            ),
            models.UniqueConstraint(
                fields=["source", "kind", "start", "end"], name="suggestion_unique_span"
            ),
        ]

    constraint_fields: ClassVar = {"reject_reason": "reject_reason"}

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.label or self.text[:60]}"

    def clean(self) -> None:
        """The span must be the source's own characters when the suggestion
        is made: ``text`` equals ``source.text[start:end]`` (the tracker's
        rule: every claim traceable to its source)."""
        super().clean()
        span_known = None not in (self.source_id, self.start, self.end)
        # Checked when the suggestion is made: the source's text may change
        # once the suggestions pointing at it are decided (Source.clean).
        if (
            self._state.adding
            and span_known
            and self.source.text[self.start : self.end] != self.text
        ):
            raise ValidationError(
                {"text": "The span does not match the source's text at these offsets."}
            )
