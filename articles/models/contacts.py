"""The editors' desk: the log of contacts with the places asked, and the
deadline alerts sent (issue "The editors' desk", items 4 and 5).

Both are internal: readers never see a contact's note or an alert. The
public page shows only the response's "last checked" date (``as_of``),
which a contact that confirms the status moves forward through
:func:`articles.services.contact_log`.
"""

from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from ..formats import ap_date
from ..clock import newsroom_zone
from .base import TimeStampedModel, normalize_newlines, not_in_the_future, sha256_validator
from .inquiries import Response


class Contact(TimeStampedModel):
    """One contact about a response: an email sent, a call taken, a letter
    received. ``contacted_on`` is a calendar date in the newsroom's zone (no
    time is invented); ``logged_by`` is the newsroom member who logged it,
    ``contact_name`` the person at the place, as they gave their name."""

    class Direction(models.TextChoices):
        OUTGOING = "outgoing", "We contacted them"
        INCOMING = "incoming", "They contacted us"

    class Method(models.TextChoices):
        EMAIL = "email", "Email"
        PHONE = "phone", "Phone"
        LETTER = "letter", "Letter"
        IN_PERSON = "in_person", "In person"
        WEB_FORM = "web_form", "Web form"

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="contacts")
    contacted_on = models.DateField(
        "date", validators=[not_in_the_future], help_text="The day of the contact."
    )
    direction = models.CharField(max_length=16, choices=Direction.choices)
    method = models.CharField(max_length=16, choices=Method.choices)
    contact_name = models.CharField(
        "who",
        max_length=200,
        blank=True,
        help_text="The person at the place, e.g. “Lt. Paul Dean, public information officer”.",
    )
    note = models.TextField(blank=True, help_text="Internal: never shown to readers.")
    confirms_status = models.BooleanField(
        "confirms the status",
        default=False,
        help_text="Tick when this contact confirmed the response's current status: "
        "its “status as of” date moves forward to this contact's date.",
    )
    document = models.FileField(
        upload_to="contacts/%Y/%m/",
        blank=True,
        help_text="Optional: the email, letter or notes as a file (PDF, image or plain text).",
    )
    document_sha256 = models.CharField(
        "document SHA-256",
        max_length=64,
        blank=True,
        editable=False,
        validators=[sha256_validator],
    )
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="contacts_logged",
    )

    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["-contacted_on", "-id"]
        verbose_name = "contact"
        verbose_name_plural = "contact log"
        indexes: ClassVar = [
            models.Index(fields=["response", "-contacted_on"], name="contact_response_date"),
        ]

    def __str__(self) -> str:
        return f"{self.get_method_display()} {self.contacted_on:%Y-%m-%d} ({self.response})"

    def get_absolute_url(self) -> str:
        """The contact's page in the admin: the log is internal, readers
        have no page for it."""
        return reverse("admin:articles_contact_change", args=[self.pk])

    def clean(self) -> None:
        """Cross-table rule: a contact about an inquiry cannot predate it
        (the contact is dated in the newsroom's zone, like the inquiry's
        ``sent_on``; DESIGN.md, "Rules that cross tables").

        Raises:
            ValidationError: keyed ``contacted_on``.
        """
        self.note = normalize_newlines(self.note)
        try:
            response = self.response
        except Contact.response.RelatedObjectDoesNotExist:
            return
        sent_on = response.inquiry.sent_on
        if self.contacted_on is not None and sent_on is not None and self.contacted_on < sent_on:
            raise ValidationError(
                {
                    "contacted_on": (
                        f"Date ({ap_date(self.contacted_on)}) precedes the inquiry's sent on "
                        f"date ({ap_date(sent_on)}): a contact about it cannot come first."
                    )
                }
            )


class DeadlineAlert(models.Model):
    """A record that one alert was sent: one response, one event, one key.

    ``key`` is the date the event is about, so that the same event is not
    sent twice but a new one is: the due date for ``due_soon`` and
    ``overdue``, the ``as_of`` date that went stale for ``needs_check``
    (confirming the status and letting it go stale again is a new event).
    ``sent_at`` is an aware datetime (UTC in the database).
    """

    class Event(models.TextChoices):
        DUE_SOON = "due_soon", "Due within 3 days"
        OVERDUE = "overdue", "Overdue"
        NEEDS_CHECK = "needs_check", "Needs a check"

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="alerts")
    event = models.CharField(max_length=16, choices=Event.choices)
    key = models.DateField(help_text="The date the event is about (see the class docstring).")
    recipients = models.TextField(help_text="Addresses the alert went to, one per line.")
    sent_at = models.DateTimeField()

    class Meta:
        ordering: ClassVar = ["-sent_at", "-id"]
        verbose_name = "deadline alert"
        verbose_name_plural = "deadline alerts"
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["response", "event", "key"],
                name="deadlinealert_once_per_event",
                violation_error_message="This alert was already sent.",
            ),
            models.CheckConstraint(
                condition=~Q(recipients=""),
                name="deadlinealert_has_recipients",
                violation_error_message="An alert goes to at least one address.",
            ),
        ]

    def __str__(self) -> str:
        """``Overdue: Stockton, CA — … (sent 2017-08-20 09:00 EDT)``: the
        time in the newsroom's zone, as the admin shows times."""
        sent = self.sent_at.astimezone(newsroom_zone()) if self.sent_at else None
        when = f" (sent {sent:%Y-%m-%d %H:%M %Z})" if sent else ""
        return f"{self.get_event_display()}: {self.response}{when}"
