"""Corrections readers see, and review comments they never see (DESIGN.md,
"Editorial workflow")."""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from ..choices import CorrectionKind
from ..querysets import CorrectionQuerySet, ReviewCommentQuerySet
from .base import TimeStampedModel, normalize_newlines
from .claims import Claim
from .inquiries import Inquiry, Response


#: ``Q`` that holds when exactly one of ``fields`` is set.
def _exactly_one(*fields: str) -> Q:
    condition = Q()
    for field in fields:
        others = [f for f in fields if f != field]
        term = Q(**{f"{field}__isnull": False})
        for other in others:
            term &= Q(**{f"{other}__isnull": True})
        condition |= term
    return condition


class Correction(TimeStampedModel):
    """A note at the foot of a public page saying what changed and why: a
    correction, an update or a clarification (:class:`~articles.choices.CorrectionKind`).

    Concerns exactly one record: a claim, an inquiry, or a response (shown
    on its inquiry's page). Written by editors through
    :func:`articles.workflow.correction_add`, or with the change it
    explains (:func:`articles.services.object_save` ``correction=``).
    ``issued_at`` is an aware datetime (UTC in the database), shown in the
    newsroom's zone; it is the ClaimReview's ``dateModified``.
    """

    kind = models.CharField(
        max_length=16, choices=CorrectionKind, default=CorrectionKind.CORRECTION
    )
    text = models.TextField(help_text="What was wrong or what changed, in words readers see.")
    issued_at = models.DateTimeField(
        default=timezone.now,
        editable=False,
        help_text="When the note was published; set when it is, never edited.",
    )
    claim = models.ForeignKey(
        Claim, on_delete=models.PROTECT, null=True, blank=True, related_name="corrections"
    )
    inquiry = models.ForeignKey(
        Inquiry, on_delete=models.PROTECT, null=True, blank=True, related_name="corrections"
    )
    response = models.ForeignKey(
        Response, on_delete=models.PROTECT, null=True, blank=True, related_name="corrections"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="corrections_written",
        help_text="The editor who wrote it.",
    )

    history = HistoricalRecords()
    objects = CorrectionQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["-issued_at", "-pk"]
        verbose_name = "correction"
        verbose_name_plural = "corrections"
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=_exactly_one("claim", "inquiry", "response"),
                name="correction_concerns_one_record",
                violation_error_message="A correction concerns one record: a claim, an inquiry or a response.",
            ),
            models.CheckConstraint(
                condition=~Q(text=""),
                name="correction_text_not_empty",
                violation_error_code="text_not_empty",
                violation_error_message="A correction needs its text: say what changed.",
            ),
        ]
        indexes: ClassVar = [models.Index(fields=["-issued_at"], name="correction_issued_idx")]

    constraint_fields: ClassVar[dict[str, str]] = {"text_not_empty": "text"}

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to “{self.record}”"

    @property
    def record(self) -> models.Model | None:
        """The claim, inquiry or response it concerns."""
        return self.claim or self.inquiry or self.response

    def clean(self) -> None:
        """Line breaks as ``\\n``; surrounding blanks dropped."""
        self.text = normalize_newlines(self.text).strip()
        super().clean()

    def get_absolute_url(self) -> str:
        """The page it sits at the foot of (a response's: its inquiry's)."""
        if self.response_id:
            return self.response.inquiry.get_absolute_url()
        return self.record.get_absolute_url()


class ReviewComment(TimeStampedModel):
    """An internal comment on a claim or an inquiry in review: the editors'
    and reporters' conversation, never shown to readers (no page, feed or
    API representation reads this model).

    ``kind`` says whether it is a plain comment, the note sent with a
    submission, or an editor's reason for sending the record back.
    """

    class Kind(models.TextChoices):
        COMMENT = "comment", "Comment"
        SUBMITTED = "submitted", "Sent to review"
        SENT_BACK = "sent_back", "Sent back"

    kind = models.CharField(max_length=16, choices=Kind, default=Kind.COMMENT)
    text = models.TextField()
    claim = models.ForeignKey(
        Claim, on_delete=models.CASCADE, null=True, blank=True, related_name="review_comments"
    )
    inquiry = models.ForeignKey(
        Inquiry, on_delete=models.CASCADE, null=True, blank=True, related_name="review_comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="review_comments",
    )

    history = HistoricalRecords()
    objects = ReviewCommentQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["created_at", "pk"]
        verbose_name = "internal comment"
        verbose_name_plural = "internal comments"
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=_exactly_one("claim", "inquiry"),
                name="review_comment_concerns_one_record",
                violation_error_message="A comment concerns one record: a claim or an inquiry.",
            ),
            models.CheckConstraint(
                condition=~Q(text=""),
                name="review_comment_text_not_empty",
                violation_error_code="text_not_empty",
                violation_error_message="Write the comment.",
            ),
        ]

    constraint_fields: ClassVar[dict[str, str]] = {"text_not_empty": "text"}

    def __str__(self) -> str:
        return f"{self.get_kind_display()} by {self.author or 'the system'} on “{self.claim or self.inquiry}”"

    def clean(self) -> None:
        """Line breaks as ``\\n``; surrounding blanks dropped."""
        self.text = normalize_newlines(self.text).strip()
        super().clean()
