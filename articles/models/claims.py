"""Claims and the rating scales they are judged on (schema.org ClaimReview)."""

from typing import ClassVar

from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from ..choices import Publication
from ..querysets import ClaimQuerySet, RatingQuerySet, RatingScaleQuerySet
from .base import (
    AutoSlugMixin,
    Reviewable,
    TimeStampedModel,
    auto_slug_field,
    normalize_newlines,
    not_in_the_future,
)
from .people import Organization, Person
from .places import City


class RatingScale(TimeStampedModel):
    """A newsroom's verdict scale (e.g. PolitiFact's Truth-O-Meter). Scales
    are data, not code (DESIGN.md, "Claim rating")."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)

    history = HistoricalRecords()
    objects = RatingScaleQuerySet.as_manager()

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
    objects = RatingQuerySet.as_manager()

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


class Claim(AutoSlugMixin, Reviewable, TimeStampedModel):
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
    context = models.CharField(
        max_length=300,
        blank=True,
        help_text="Where it was said, as the source gives it, e.g. “a television ad”.",
    )
    subjects = models.CharField(
        max_length=300,
        blank=True,
        help_text="Topics, comma-separated, e.g. “immigration,federal-budget”.",
    )
    external_id = models.CharField(
        max_length=100,
        blank=True,
        help_text="The claim's key in an imported archive, e.g. “liar:11728.json”.",
    )
    not_rated = models.BooleanField(
        "publish without a rating",
        default=False,
        help_text=(
            "An editor's explicit decision to publish the claim unrated (no ClaimReview). "
            "A claim is published only with a rating or this box ticked."
        ),
    )
    publication = models.CharField(
        max_length=16,
        choices=Publication,
        default=Publication.DRAFT,
        editable=False,
        help_text=(
            "Draft → in review → published → retracted, moved by the workflow's buttons. "
            "Readers see published claims, and a retracted claim's page."
        ),
    )

    history = HistoricalRecords()
    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["-stated_on", "slug"]
        verbose_name = "claim"
        verbose_name_plural = "claims"
        # One permission for the whole app ("articles.view_unpublished",
        # articles.visibility): declared here because a model must carry it.
        permissions: ClassVar = [
            (
                "view_unpublished",
                "Can see unpublished claims and inquiries, and the records only they refer to",
            ),
            ("change_published", "Can change what readers see (published records)"),
            ("rate_claim", "Can rate a claim or decide to publish it unrated"),
            ("publish_claim", "Can publish a claim or send it back to its reporter"),
            ("retract_claim", "Can retract a published claim"),
        ]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["external_id"],
                condition=~Q(external_id=""),
                name="claim_unique_external_id",
                violation_error_message="A claim with this archive key already exists.",
            ),
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
                condition=Q(not_rated=False) | Q(rating__isnull=True),
                name="claim_rated_or_not_rated",
                violation_error_code="rated_or_not_rated",
                violation_error_message=(
                    "A claim has a rating or is published without one, not both: clear the "
                    "rating or untick “publish without a rating”."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(publication="retracted")
                | (Q(retracted_at__isnull=False) & ~Q(retraction_note="")),
                name="claim_retraction_has_note",
                violation_error_message="A retracted claim needs its retraction note and date.",
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
    constraint_fields: ClassVar[dict[str, str]] = {"rated_or_not_rated": "not_rated"}

    def clean(self) -> None:
        """Line breaks as ``\n`` (:func:`~articles.models.base.normalize_newlines`),
        then the slug."""
        self.text = normalize_newlines(self.text)
        super().clean()

    def slug_basis(self) -> str:
        """Claimant's name and the text."""
        if not self.text:
            return ""
        return f"{self.claimant.name if self.claimant_id else ''} {self.text}"
