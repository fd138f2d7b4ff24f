"""Inquiries put to cities, and each city's response."""

import datetime
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from .. import deadlines
from ..choices import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    PAST_DUE_STATES,
    DeadlineState,
    InquiryEvent,
    Publication,
    ResponseStatus,
)
from ..clock import newsroom_today
from ..formats import ap_date
from ..querysets import InquiryQuerySet, ResponseQuerySet
from .base import (
    AutoSlugMixin,
    Reviewable,
    TimeStampedModel,
    auto_slug_field,
    normalize_newlines,
    not_in_the_future,
)
from .evidence import Source
from .people import Organization, Person
from .places import City


class Inquiry(AutoSlugMixin, Reviewable, TimeStampedModel):
    """Questions put to several cities, with an optional deadline.

    ``due_on`` is the last day an answer is on time, judged in
    ``due_timezone``: "by Aug. 18" ends at 00:00:00 on Aug. 19 there
    (DESIGN.md, "Response status").
    """

    class Kind(models.TextChoices):
        GOVERNMENT_REQUEST = "government_request", "Government request"
        REQUEST_FOR_COMMENT = "request_for_comment", "Request for comment"
        RECORDS_REQUEST = "records_request", "Public-records request"

    slug = auto_slug_field()
    title = models.CharField(max_length=300)
    kind = models.CharField(max_length=32, choices=Kind.choices)
    requester = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="inquiries",
        help_text="Who asked.",
    )
    opening_event = models.CharField(
        "how it began",
        max_length=16,
        choices=InquiryEvent,
        default=InquiryEvent.SENT,
        help_text=(
            "The source's own word for the event: sent (a letter or email), announced "
            "(made public, e.g. at a news conference), requested, filed. Readers see it as "
            "the label of the date below."
        ),
    )
    sent_on = models.DateField(
        "date it began",
        validators=[not_in_the_future],
        null=True,
        blank=True,
        help_text=(
            "When the questions were sent, announced, requested or filed. Blank if the "
            "source does not say (readers then see when the source reported it)."
        ),
    )
    due_on = models.DateField(
        null=True,
        blank=True,
        help_text="Last day an answer is on time (inclusive). Blank = no deadline, never overdue.",
    )
    due_timezone = models.CharField(
        "deadline time zone",
        max_length=64,
        choices=deadlines.DEADLINE_TIME_ZONES,
        default=deadlines.default_deadline_time_zone,
        help_text="The deadline ends at midnight at the end of the due day in this zone.",
    )
    questions = models.TextField(
        blank=True, help_text="The questions, or the source's account of them."
    )
    description = models.TextField(blank=True)
    sources = models.ManyToManyField(Source, blank=True, related_name="inquiries")
    publication = models.CharField(
        max_length=16,
        choices=Publication,
        default=Publication.DRAFT,
        editable=False,
        help_text=(
            "Draft → in review → published → retracted, moved by the workflow's buttons. "
            "Readers see a published inquiry and every response to it."
        ),
    )

    history = HistoricalRecords(m2m_fields=[sources])
    objects = InquiryQuerySet.as_manager()

    constraint_fields: ClassVar[dict[str, str]] = {"due_on_not_before_sent_on": "due_on"}

    class Meta:
        # Undated inquiries last on SQLite and PostgreSQL alike (PostgreSQL puts
        # NULLs first in a descending order, SQLite last).
        ordering: ClassVar = [F("sent_on").desc(nulls_last=True), "title"]
        verbose_name = "inquiry"
        verbose_name_plural = "inquiries"
        permissions: ClassVar = [
            ("publish_inquiry", "Can publish an inquiry or send it back to its reporter"),
            ("retract_inquiry", "Can retract a published inquiry"),
        ]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=~Q(publication="retracted")
                | (Q(retracted_at__isnull=False) & ~Q(retraction_note="")),
                name="inquiry_retraction_has_note",
                violation_error_message="A retracted inquiry needs its retraction note and date.",
            ),
            models.CheckConstraint(
                condition=Q(due_on__isnull=True)
                | Q(sent_on__isnull=True)
                | Q(due_on__gte=F("sent_on")),
                name="inquiry_due_on_not_before_sent_on",
                violation_error_code="due_on_not_before_sent_on",
                violation_error_message="Due on must not precede sent on.",
            ),
            models.CheckConstraint(
                condition=Q(due_timezone__in=sorted(deadlines.DEADLINE_TIME_ZONE_NAMES)),
                name="inquiry_due_timezone_known",
                violation_error_message="Deadline time zone must be one of the listed zones.",
            ),
            models.CheckConstraint(
                condition=~Q(slug=""),
                name="inquiry_slug_not_empty",
                violation_error_message="Slug must not be empty.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("articles:inquiry_detail", kwargs={"slug": self.slug})

    slug_max_length = 60

    def slug_basis(self) -> str:
        """The title."""
        return self.title

    @property
    def deadline(self) -> datetime.datetime | None:
        """The aware instant the deadline passes (00:00 after ``due_on`` in
        ``due_timezone``), or None without a deadline."""
        if self.due_on is None:
            return None
        return deadlines.deadline_end(self.due_on, self.due_timezone)

    def deadline_passed(self, at: datetime.datetime | None = None) -> bool:
        """Whether the due day has ended at ``at`` (aware; default now), in
        ``due_timezone`` (:func:`articles.deadlines.deadline_passed`). False
        without a deadline.

        Raises:
            ValueError: ``at`` is naive.
        """
        return deadlines.deadline_passed(self.due_on, self.due_timezone, at)


class Response(TimeStampedModel):
    """One city's answer to one inquiry.

    Status moves pending -> acknowledged -> received or declined. The
    deadline state (past due, overdue, needs a check, late) is derived,
    never stored: see :meth:`deadline_state_at`, :attr:`days_late` and the
    matching ``ResponseQuerySet`` methods; the rules are in
    :mod:`articles.deadlines`.
    """

    Status = ResponseStatus

    inquiry = models.ForeignKey(Inquiry, on_delete=models.CASCADE, related_name="responses")
    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="responses")
    status = models.CharField(max_length=16, choices=ResponseStatus, default=ResponseStatus.PENDING)
    acknowledged_on = models.DateField(
        validators=[not_in_the_future],
        null=True,
        blank=True,
        help_text="When the city said it will answer. Only with acknowledged, received or declined.",
    )
    received_on = models.DateField(
        validators=[not_in_the_future],
        null=True,
        blank=True,
        help_text="When the answer (or refusal) arrived. Required for received or declined, blank otherwise.",
    )
    as_of = models.DateField(
        "status as of",
        validators=[not_in_the_future],
        default=newsroom_today,
        help_text="The date this status was last confirmed. Shown to readers.",
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="responses",
        help_text="The body answering for the city, e.g. its police department.",
    )
    respondent = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="responses",
        help_text="Who answered, if a person is named.",
    )
    status_source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reported_statuses",
        help_text="The source that reports this status. A response marked acknowledged, "
        "received or declined names the source that reports it; moving the status past "
        "the source's date clears it.",
    )
    dates_as_reported = models.BooleanField(
        "dates are the report's",
        default=False,
        help_text=(
            "Tick when the source gives no date of its own for the acknowledgement or the "
            "answer, so the dates entered are the day the source reported it: readers see "
            "“reported Aug. 3, 2017 by Reuters” instead of a date the newsroom cannot vouch for."
        ),
    )
    summary = models.TextField(blank=True)
    text = models.TextField(blank=True, help_text="The answer, verbatim.")
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_responses",
        help_text="The editor who follows this response up; deadline alerts go to them "
        "(to the Editors group when blank).",
    )
    sources = models.ManyToManyField(Source, blank=True, related_name="responses")

    history = HistoricalRecords(m2m_fields=[sources])
    objects = ResponseQuerySet.as_manager()

    constraint_fields: ClassVar[dict[str, str]] = {
        "received_on_iff_closed": "received_on",
        "acknowledged_on_not_pending": "acknowledged_on",
        "acknowledged_has_date": "acknowledged_on",
        "received_not_before_acknowledged": "received_on",
        "as_of_not_before_its_dates": "as_of",
    }

    class Meta:
        ordering: ClassVar = ["inquiry", "city"]
        verbose_name = "response"
        verbose_name_plural = "responses"
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["inquiry", "city"],
                name="response_unique_inquiry_city",
                violation_error_message="This city already has a response to this inquiry.",
            ),
            models.CheckConstraint(
                condition=(
                    Q(status__in=CLOSED_STATUSES, received_on__isnull=False)
                    | (~Q(status__in=CLOSED_STATUSES) & Q(received_on__isnull=True))
                ),
                name="response_received_on_iff_closed",
                violation_error_code="received_on_iff_closed",
                violation_error_message=(
                    "Received on is required when the status is received or declined, "
                    "and must be blank otherwise."
                ),
            ),
            models.CheckConstraint(
                condition=Q(acknowledged_on__isnull=True) | ~Q(status="pending"),
                name="response_acknowledged_on_not_pending",
                violation_error_code="acknowledged_on_not_pending",
                violation_error_message="Acknowledged on must be blank while the status is pending.",
            ),
            models.CheckConstraint(
                condition=~Q(status="acknowledged") | Q(acknowledged_on__isnull=False),
                name="response_acknowledged_has_date",
                violation_error_code="acknowledged_has_date",
                violation_error_message="Acknowledged on is required when the status is acknowledged.",
            ),
            models.CheckConstraint(
                condition=(
                    Q(acknowledged_on__isnull=True)
                    | Q(received_on__isnull=True)
                    | Q(received_on__gte=F("acknowledged_on"))
                ),
                name="response_received_not_before_acknowledged",
                violation_error_code="received_not_before_acknowledged",
                violation_error_message="Received on must not precede acknowledged on.",
            ),
            models.CheckConstraint(
                condition=(
                    (Q(received_on__isnull=True) | Q(as_of__gte=F("received_on")))
                    & (Q(acknowledged_on__isnull=True) | Q(as_of__gte=F("acknowledged_on")))
                ),
                name="response_as_of_not_before_its_dates",
                violation_error_code="as_of_not_before_its_dates",
                violation_error_message=(
                    "Status as of must not precede the acknowledged on or received on date."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.city} — {self.inquiry}"

    def get_absolute_url(self) -> str:
        return f"{self.inquiry.get_absolute_url()}#response-{self.city.slug}"

    def clean(self) -> None:
        """Rules that cross tables: no date of the response (acknowledged,
        received, status as of) precedes the inquiry's ``sent_on`` (DESIGN.md,
        "Rules that cross tables"); dates marked as the report's need the
        source that reports them.

        Raises:
            ValidationError: keyed by the field at fault.
        """
        self.text = normalize_newlines(self.text)
        self.summary = normalize_newlines(self.summary)
        if self.dates_as_reported and self.status_source_id is None:
            raise ValidationError(
                {"status_source": "Name the source whose report date the dates are."}
            )
        try:
            inquiry = self.inquiry  # may be unsaved: added inline with its inquiry
        except Response.inquiry.RelatedObjectDoesNotExist:
            return
        if inquiry.sent_on is None:
            return
        sent_on = inquiry.sent_on
        errors = {}
        for field in ("acknowledged_on", "received_on", "as_of"):
            value = getattr(self, field)
            if value is not None and value < sent_on:
                label = self._meta.get_field(field).verbose_name.capitalize()
                errors[field] = (
                    f"{label} ({ap_date(value)}) precedes the inquiry's sent on date "
                    f"({ap_date(sent_on)})."
                )
        if errors:
            raise ValidationError(errors)

    @property
    def is_open(self) -> bool:
        """Pending or acknowledged: an answer is still awaited."""
        return self.status in OPEN_STATUSES

    def deadline_state_at(self, at: datetime.datetime | None = None) -> DeadlineState:
        """The :class:`~articles.choices.DeadlineState` at ``at`` (aware
        datetime; default now), by :func:`articles.deadlines.deadline_state`.

        Agrees with ``Response.objects.with_deadline_state(at)`` and the
        ``past_due``/``overdue``/``needs_check`` QuerySet methods.

        Raises:
            ValueError: ``at`` is naive.
        """
        inquiry = self.inquiry
        return deadlines.deadline_state(
            status=self.status,
            due_on=inquiry.due_on,
            due_timezone=inquiry.due_timezone,
            as_of=self.as_of,
            received_on=self.received_on,
            at=at,
        )

    def is_past_due_at(self, at: datetime.datetime | None = None) -> bool:
        """Still pending or acknowledged after the due day ended, at ``at``
        (aware; default now). Agrees with ``Response.objects.past_due(at)``."""
        return self.deadline_state_at(at) in PAST_DUE_STATES

    def is_overdue_at(self, at: datetime.datetime | None = None) -> bool:
        """Past due at ``at`` (aware; default now), and the status was
        confirmed after the due day (``as_of`` later than ``due_on``).
        Agrees with ``Response.objects.overdue(at)``."""
        return self.deadline_state_at(at) == DeadlineState.OVERDUE

    def needs_check_at(self, at: datetime.datetime | None = None) -> bool:
        """Past due at ``at`` (aware; default now), but the status was last
        confirmed on or before the due day: nobody has checked since.
        Agrees with ``Response.objects.needs_check(at)``."""
        return self.deadline_state_at(at) == DeadlineState.NEEDS_CHECK

    @property
    def is_overdue(self) -> bool:
        """Overdue now (see :meth:`is_overdue_at`). Pages and the API judge
        at the request's instant instead (``articles.clock.request_now``)."""
        return self.is_overdue_at(None)

    def days_outstanding_at(self, at: datetime.datetime | None = None) -> int | None:
        """Calendar days an open response has been past due at ``at`` (aware;
        default now), counted in the deadline's zone; None unless past due
        (:func:`articles.deadlines.days_outstanding`)."""
        inquiry = self.inquiry
        return deadlines.days_outstanding(
            status=self.status, due_on=inquiry.due_on, due_timezone=inquiry.due_timezone, at=at
        )

    @property
    def days_to_respond(self) -> int | None:
        """Calendar days from the inquiry's ``sent_on`` to ``received_on`` for
        a received or declined response; None while open
        (:func:`articles.deadlines.days_to_respond`)."""
        return deadlines.days_to_respond(
            status=self.status, sent_on=self.inquiry.sent_on, received_on=self.received_on
        )

    @property
    def days_late(self) -> int | None:
        """Calendar days between the due day and an answer (received or
        declined) that came after it, e.g. 12 for due Aug. 18, answered
        Aug. 30; None otherwise (:func:`articles.deadlines.days_late`)."""
        return deadlines.days_late(
            status=self.status, due_on=self.inquiry.due_on, received_on=self.received_on
        )
