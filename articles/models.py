"""The tracker's domain model (DESIGN.md, "Domain model").

Invariants that fit in one row are database constraints (``Meta.constraints``),
so no path around the services can store a bad row; rules that cross tables
live in ``clean()``, which every service calls through ``full_clean()``.
Every model keeps its history with django-simple-history.
"""

import datetime
import unicodedata
from typing import ClassVar
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.text import slugify
from simple_history.models import HistoricalRecords

from . import deadlines
from .querysets import (
    CityQuerySet,
    ClaimQuerySet,
    InquiryQuerySet,
    OrganizationQuerySet,
    PersonQuerySet,
    ResponseQuerySet,
    SourceQuerySet,
)

models.CharField.register_lookup(Length)

# USPS codes: the 50 states, DC, and the inhabited territories and freely
# associated states (USPS Publication 28, Appendix B).
US_STATES: tuple[tuple[str, str], ...] = (
    ("AL", "Alabama"), ("AK", "Alaska"), ("AZ", "Arizona"), ("AR", "Arkansas"),
    ("CA", "California"), ("CO", "Colorado"), ("CT", "Connecticut"), ("DE", "Delaware"),
    ("DC", "District of Columbia"), ("FL", "Florida"), ("GA", "Georgia"), ("HI", "Hawaii"),
    ("ID", "Idaho"), ("IL", "Illinois"), ("IN", "Indiana"), ("IA", "Iowa"),
    ("KS", "Kansas"), ("KY", "Kentucky"), ("LA", "Louisiana"), ("ME", "Maine"),
    ("MD", "Maryland"), ("MA", "Massachusetts"), ("MI", "Michigan"), ("MN", "Minnesota"),
    ("MS", "Mississippi"), ("MO", "Missouri"), ("MT", "Montana"), ("NE", "Nebraska"),
    ("NV", "Nevada"), ("NH", "New Hampshire"), ("NJ", "New Jersey"), ("NM", "New Mexico"),
    ("NY", "New York"), ("NC", "North Carolina"), ("ND", "North Dakota"), ("OH", "Ohio"),
    ("OK", "Oklahoma"), ("OR", "Oregon"), ("PA", "Pennsylvania"), ("RI", "Rhode Island"),
    ("SC", "South Carolina"), ("SD", "South Dakota"), ("TN", "Tennessee"), ("TX", "Texas"),
    ("UT", "Utah"), ("VT", "Vermont"), ("VA", "Virginia"), ("WA", "Washington"),
    ("WV", "West Virginia"), ("WI", "Wisconsin"), ("WY", "Wyoming"),
    ("AS", "American Samoa"), ("GU", "Guam"), ("MP", "Northern Mariana Islands"),
    ("PR", "Puerto Rico"), ("VI", "U.S. Virgin Islands"), ("FM", "Micronesia"),
    ("MH", "Marshall Islands"), ("PW", "Palau"),
)  # fmt: skip
US_STATE_CODES = [code for code, _ in US_STATES]

sha256_validator = RegexValidator(r"^[0-9a-f]{64}$", "A SHA-256 is 64 lowercase hex digits.")


def make_slug(text: str, *, max_length: int = 80) -> str:
    """Return a URL slug for ``text`` that is never empty.

    Accents are folded (``"Peñasco"`` -> ``"penasco"``); text in a script
    with no ASCII folding keeps its letters, lowercased (``"東京 HI"`` ->
    ``"東京-hi"``, matched by the ``<uslug:...>`` URL converter);
    text with no letters or digits at all falls back to ``"item"``.
    """
    folded = "".join(
        ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)
    )
    slug = slugify(folded, allow_unicode=not folded.isascii())
    return (slug or "item")[:max_length].strip("-") or "item"


def human_date(value: datetime.date) -> str:
    """``Aug. 3, 2017``: AP-style month abbreviations (Django's ``N j, Y``)."""
    return dateformat.format(value, "N j, Y")


def not_in_the_future(value: datetime.date) -> None:
    """Field validator: a date that has happened (an answer received, a
    statement made) cannot be later than today anywhere on Earth.

    Compared with today's date in UTC+14 (Pacific/Kiritimati), the first
    zone to reach a date, so an editor in any zone can enter their own today.

    Raises:
        ValidationError: ``value`` is in the future.
    """
    latest_today = timezone.now().astimezone(ZoneInfo("Pacific/Kiritimati")).date()
    if value > latest_today:
        raise ValidationError(
            "%(date)s is in the future; enter the date it happened.",
            code="future_date",
            params={"date": human_date(value)},
        )


def auto_slug_field(
    help_text: str = "Used in URLs. Filled in from the name or title when left blank.",
) -> models.SlugField:
    """The ``slug`` field of models that fill a blank slug in ``clean()``
    (see :class:`AutoSlugMixin`): unique, non-ASCII letters allowed."""
    return models.SlugField(
        max_length=100, unique=True, allow_unicode=True, blank=True, help_text=help_text
    )


class AutoSlugMixin:
    """``clean()`` fills a blank ``slug`` from :meth:`slug_basis` with
    :func:`make_slug` (never empty). Subclasses that override ``clean()``
    call ``super().clean()``."""

    slug_max_length = 80

    def slug_basis(self) -> str:
        """The text the slug is made from; empty = not enough data yet."""
        raise NotImplementedError

    def clean(self) -> None:
        """Fill a blank slug."""
        super().clean()
        if not self.slug and (basis := self.slug_basis().strip()):
            self.slug = make_slug(basis, max_length=self.slug_max_length)


class TimeStampedModel(models.Model):
    """Adds ``created_at``/``updated_at`` (aware datetimes, UTC in the
    database), and reports a broken check constraint on the field it is
    about, so an editor's form shows the error beside that field.

    ``constraint_fields`` maps a constraint's ``violation_error_code`` to
    the field its error belongs to; unmapped errors stay form-wide.
    """

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    constraint_fields: ClassVar[dict[str, str]] = {}

    class Meta:
        abstract = True

    def validate_constraints(self, exclude=None) -> None:
        """Django's constraint validation, with errors moved to their field."""
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as exc:
            errors: dict[str, list[ValidationError]] = {}
            for key, items in exc.error_dict.items():
                for item in items:
                    errors.setdefault(self.constraint_fields.get(item.code, key), []).append(item)
            raise ValidationError(errors) from exc


class EditorialStatus(models.TextChoices):
    """Whether readers may see a record: drafts are editors' only."""

    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class City(AutoSlugMixin, TimeStampedModel):
    """A jurisdiction being tracked: a U.S. city, identified by name and state."""

    name = models.CharField(
        max_length=120, help_text="As a reader knows it, e.g. “San Bernardino”."
    )
    state = models.CharField(
        max_length=2,
        choices=US_STATES,
        help_text="Two-letter USPS code, e.g. CA.",
    )
    slug = auto_slug_field(
        help_text="Used in the city's URL. Filled in from name and state when left blank."
    )
    latitude = models.DecimalField(
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
        help_text="Decimal degrees, WGS 84. Optional.",
    )
    longitude = models.DecimalField(
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
        help_text="Decimal degrees, WGS 84. Optional.",
    )

    history = HistoricalRecords()
    objects = CityQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["name", "state"]
        verbose_name = "city"
        verbose_name_plural = "cities"
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["name", "state"],
                name="city_unique_name_state",
                violation_error_message="A city with this name is already tracked in this state.",
            ),
            models.CheckConstraint(
                condition=~Q(slug=""),
                name="city_slug_not_empty",
                violation_error_message="Slug must not be empty.",
            ),
            models.CheckConstraint(
                condition=Q(state__in=US_STATE_CODES),
                name="city_state_is_usps_code",
                violation_error_message="State must be a two-letter USPS code.",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="city_latitude_in_range",
                violation_error_message="Latitude must be between -90 and 90.",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="city_longitude_in_range",
                violation_error_message="Longitude must be between -180 and 180.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.state}"

    def get_absolute_url(self) -> str:
        return reverse("articles:city_detail", kwargs={"slug": self.slug})

    def slug_basis(self) -> str:
        """Name and state: ``san-bernardino-ca``."""
        return f"{self.name} {self.state}" if self.name else ""


class Organization(AutoSlugMixin, TimeStampedModel):
    """A body that asks, answers or publishes: a police department, a
    federal agency, a city government, a prosecutor's office, a news
    organization."""

    class Kind(models.TextChoices):
        POLICE_DEPARTMENT = "police_department", "Police department"
        FEDERAL_AGENCY = "federal_agency", "Federal agency"
        CITY_GOVERNMENT = "city_government", "City government"
        PROSECUTOR = "prosecutor", "Prosecutor's office"
        NEWS_ORGANIZATION = "news_organization", "News organization"
        OTHER = "other", "Other"

    name = models.CharField(
        max_length=200, help_text="Full name, e.g. “Baltimore Police Department”."
    )
    slug = auto_slug_field()
    kind = models.CharField(max_length=32, choices=Kind.choices, default=Kind.OTHER)
    city = models.ForeignKey(
        City,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organizations",
        help_text="The city it serves, for local bodies; blank for national ones.",
    )

    history = HistoricalRecords()
    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["name"]
        verbose_name = "organization"
        verbose_name_plural = "organizations"
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=~Q(slug=""),
                name="organization_slug_not_empty",
                violation_error_message="Slug must not be empty.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("api:organization-detail", kwargs={"slug": self.slug})

    def slug_basis(self) -> str:
        """The name."""
        return self.name


class Person(AutoSlugMixin, TimeStampedModel):
    """Someone who speaks: an official, a spokesperson."""

    name = models.CharField(
        max_length=200, help_text="As printed in the source, e.g. “Kevin Davis”."
    )
    slug = auto_slug_field()
    title = models.CharField(
        max_length=200,
        blank=True,
        help_text="Title as the source gives it, e.g. “Police Commissioner”.",
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
    )

    history = HistoricalRecords()
    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["name"]
        verbose_name = "person"
        verbose_name_plural = "people"
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=~Q(slug=""),
                name="person_slug_not_empty",
                violation_error_message="Slug must not be empty.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("articles:person_detail", kwargs={"slug": self.slug})

    def slug_basis(self) -> str:
        """The name."""
        return self.name


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


class RatingScale(TimeStampedModel):
    """A newsroom's verdict scale (e.g. PolitiFact's Truth-O-Meter). Scales
    are data, not code (DESIGN.md, "Claim rating")."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["name"]
        verbose_name = "rating scale"
        verbose_name_plural = "rating scales"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("articles:methodology")


class Rating(TimeStampedModel):
    """One step of a scale. ``value`` is schema.org ClaimReview's
    ``ratingValue`` (higher is truer); a step without a value (e.g.
    “Unverifiable”) emits no ``ratingValue``. ``label`` is ``alternateName``."""

    scale = models.ForeignKey(RatingScale, on_delete=models.CASCADE, related_name="ratings")
    label = models.CharField(max_length=100, help_text="As readers see it, e.g. “Mostly true”.")
    slug = models.SlugField(max_length=100)
    value = models.SmallIntegerField(
        null=True,
        blank=True,
        help_text="ClaimReview ratingValue; higher is truer. Blank for steps off the scale.",
    )
    order = models.PositiveSmallIntegerField(help_text="Position when listed, 1 first.")
    description = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["scale", "order"]
        verbose_name = "rating"
        verbose_name_plural = "ratings"
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["scale", "slug"],
                name="rating_unique_slug_per_scale",
                violation_error_message="This scale already has a rating with this slug.",
            ),
            models.UniqueConstraint(
                fields=["scale", "order"],
                name="rating_unique_order_per_scale",
                violation_error_message="This scale already has a rating in this position (order).",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.scale.name})"

    def get_absolute_url(self) -> str:
        return reverse("articles:methodology")


class Claim(AutoSlugMixin, TimeStampedModel):
    """A statement a person (or an organization) made, as the source reports it."""

    class Wording(models.TextChoices):
        DIRECT = "direct", "Direct quotation"
        REPORTED = "reported", "Reported speech (paraphrased by the source)"

    slug = auto_slug_field()
    text = models.TextField(help_text="The statement, worded as the source has it.")
    wording = models.CharField(
        max_length=16,
        choices=Wording.choices,
        default=Wording.DIRECT,
        help_text="Direct quotation, or the source's paraphrase of what was said.",
    )
    claimant = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="claims",
        help_text="Who said it. Leave blank when only an organization is named.",
    )
    claimant_organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="claims",
        help_text="The organization that said it, when no person is named.",
    )
    city = models.ForeignKey(
        City,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="claims",
        help_text="The city the claim is about, if any.",
    )
    stated_on = models.DateField(
        null=True, blank=True, validators=[not_in_the_future], help_text="When it was said."
    )
    rating = models.ForeignKey(
        Rating,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="claims",
        help_text="Blank = unrated (no ClaimReview is published).",
    )
    rating_explanation = models.TextField(blank=True)
    status = models.CharField(max_length=16, choices=EditorialStatus, default=EditorialStatus.DRAFT)

    history = HistoricalRecords()
    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["-stated_on", "slug"]
        verbose_name = "claim"
        verbose_name_plural = "claims"
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(claimant__isnull=False) | Q(claimant_organization__isnull=False),
                name="claim_has_claimant",
                violation_error_message="A claim needs a claimant: a person or an organization.",
            ),
            models.CheckConstraint(
                condition=~Q(text=""),
                name="claim_text_not_empty",
                violation_error_message="Text must not be empty.",
            ),
            models.CheckConstraint(
                condition=~Q(slug=""),
                name="claim_slug_not_empty",
                violation_error_message="Slug must not be empty.",
            ),
        ]

    def __str__(self) -> str:
        who = self.claimant or self.claimant_organization
        short = self.text if len(self.text) <= 60 else self.text[:59] + "…"
        return f"{who}: {short}"

    def get_absolute_url(self) -> str:
        return reverse("articles:claim_detail", kwargs={"slug": self.slug})

    slug_max_length = 60

    def slug_basis(self) -> str:
        """Claimant's name and the text."""
        if not self.text:
            return ""
        return f"{self.claimant.name if self.claimant_id else ''} {self.text}"


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


class Inquiry(AutoSlugMixin, TimeStampedModel):
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
    sent_on = models.DateField(
        validators=[not_in_the_future],
        null=True,
        blank=True,
        help_text="When the questions were put. Blank if the source does not say.",
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
    status = models.CharField(max_length=16, choices=EditorialStatus, default=EditorialStatus.DRAFT)

    history = HistoricalRecords(m2m_fields=[sources])
    objects = InquiryQuerySet.as_manager()

    constraint_fields: ClassVar[dict[str, str]] = {"due_on_not_before_sent_on": "due_on"}

    class Meta:
        ordering: ClassVar = ["-sent_on", "title"]
        verbose_name = "inquiry"
        verbose_name_plural = "inquiries"
        constraints: ClassVar = [
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
        """Whether the deadline has passed at ``at`` (aware; default now)."""
        end = self.deadline
        return end is not None and deadlines.resolve_now(at) >= end


class Response(TimeStampedModel):
    """One city's answer to one inquiry.

    Status moves pending -> acknowledged -> received or declined. Overdue
    is derived, never stored: see :meth:`is_overdue_at` and
    ``ResponseQuerySet.overdue``.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        ACKNOWLEDGED = "acknowledged", "Acknowledged"
        RECEIVED = "received", "Received"
        DECLINED = "declined", "Declined"

    inquiry = models.ForeignKey(Inquiry, on_delete=models.CASCADE, related_name="responses")
    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="responses")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
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
        default=datetime.date.today,
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
    summary = models.TextField(blank=True)
    text = models.TextField(blank=True, help_text="The answer, verbatim.")
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
                    Q(status__in=["received", "declined"], received_on__isnull=False)
                    | (~Q(status__in=["received", "declined"]) & Q(received_on__isnull=True))
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
        "Rules that cross tables")."""
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
                    f"{label} ({human_date(value)}) precedes the inquiry's sent on date "
                    f"({human_date(sent_on)})."
                )
        if errors:
            raise ValidationError(errors)

    @property
    def is_open(self) -> bool:
        """Pending or acknowledged: an answer is still awaited."""
        return self.status in (self.Status.PENDING, self.Status.ACKNOWLEDGED)

    def is_overdue_at(self, at: datetime.datetime | None = None) -> bool:
        """Whether the response is overdue at ``at`` (aware datetime,
        default now): still open after the inquiry's deadline ended.

        Agrees with ``Response.objects.overdue(at)``.
        """
        return self.is_open and self.inquiry.deadline_passed(at)

    @property
    def is_overdue(self) -> bool:
        """Overdue now (see :meth:`is_overdue_at`)."""
        return self.is_overdue_at(timezone.now())
