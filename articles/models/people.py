"""Bodies and people: who asks, answers, publishes and speaks."""

from typing import ClassVar

from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from ..choices import US_STATES
from ..querysets import OrganizationQuerySet, PersonQuerySet
from .base import AutoSlugMixin, TimeStampedModel, auto_slug_field
from .places import City


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
    home_state = models.CharField(
        max_length=2,
        choices=US_STATES,
        blank=True,
        help_text="The state the person is from or serves, as the source gives it.",
    )
    party = models.CharField(
        max_length=64,
        blank=True,
        help_text="Party affiliation as the source gives it, e.g. “republican”.",
    )
    external_id = models.CharField(
        max_length=100,
        blank=True,
        help_text="The person's key in an imported archive, e.g. “politifact:ted-cruz”.",
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
            models.UniqueConstraint(
                fields=["external_id"],
                condition=~Q(external_id=""),
                name="person_unique_external_id",
                violation_error_message="A person with this archive key already exists.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("articles:person_detail", kwargs={"slug": self.slug})

    def slug_basis(self) -> str:
        """The name."""
        return self.name
