"""Places: the jurisdictions being tracked."""

from typing import ClassVar

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from ..choices import US_STATE_CODES, US_STATES
from ..querysets import CityQuerySet
from .base import AutoSlugMixin, TimeStampedModel, auto_slug_field

#: Words in a name that already say its kind (Louisiana's parishes and
#: Alaska's boroughs and census areas are counties in the Census's list).
_KIND_WORDS = {
    "county": {"county", "parish", "borough", "area", "municipality"},
    "town": {"town", "township", "village"},
}


class City(AutoSlugMixin, TimeStampedModel):
    """A jurisdiction being tracked: a U.S. place (city, town, county, state
    or other), identified by name, state and kind. The model keeps the name
    ``City`` (URLs, API and history use it); readers and editors see
    "place" where the kind is not a city.

    ``gazetteer_id`` names the gazetteer entry the place was picked from
    (``geonames:<id>`` for cities and towns, ``fips:<5 digits>`` for
    counties, ``usps:<code>`` for states; :mod:`articles.gazetteer`), blank
    for a place entered by hand.
    """

    class Kind(models.TextChoices):
        CITY = "city", "City"
        TOWN = "town", "Town"
        COUNTY = "county", "County"
        STATE = "state", "State"
        OTHER = "other", "Other"

    name = models.CharField(
        max_length=120, help_text="As a reader knows it, e.g. “San Bernardino”."
    )
    state = models.CharField(
        max_length=2,
        choices=US_STATES,
        help_text="Two-letter USPS code, e.g. CA.",
    )
    kind = models.CharField(
        max_length=16,
        choices=Kind.choices,
        default=Kind.CITY,
        help_text="City, town, county, state or other (e.g. a tribal nation or a district).",
    )
    gazetteer_id = models.CharField(
        "gazetteer entry",
        max_length=32,
        blank=True,
        help_text="Filled in when the place is picked from the gazetteer; blank when entered by hand.",
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
                fields=["name", "state", "kind"],
                name="city_unique_name_state_kind",
                violation_error_message=(
                    "A place of this kind with this name is already tracked in this state."
                ),
            ),
            models.UniqueConstraint(
                fields=["gazetteer_id"],
                condition=~Q(gazetteer_id=""),
                name="city_unique_gazetteer_id",
                violation_error_message="This gazetteer entry is already tracked.",
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
        return self.label

    @property
    def label(self) -> str:
        """The place as a reader reads it in a list, kind-aware (issue 9,
        item 1): ``"Stockton, CA"``, ``"Baltimore County, MD"`` (the name
        says "County"), and a state by its name alone: ``"California"``,
        never ``"California, CA"``. Pages, filters in words, the admin,
        history and the API's response names all print this."""
        if self.kind == self.Kind.STATE:
            return self.name
        return f"{self.name}, {self.state}"

    @property
    def full_label(self) -> str:
        """The place with its state spelled out, for a page's title:
        ``"Stockton, California"``, ``"Baltimore County, Maryland"``;
        a state by its name alone: ``"California"``."""
        if self.kind == self.Kind.STATE:
            return self.name
        return f"{self.name}, {self.get_state_display()}"

    @property
    def kind_noun(self) -> str:
        """What running text calls it: "city", "town", "county", "state",
        or "place" for the kind "other"."""
        return "place" if self.kind == self.Kind.OTHER else self.get_kind_display().lower()

    def get_absolute_url(self) -> str:
        return reverse("articles:city_detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        """Spaces in the name collapsed ("St.  Paul " is "St. Paul"), so a
        stray space never makes a second city that looks like the first;
        then the slug."""
        self.name = " ".join(self.name.split())
        super().clean()

    def slug_basis(self) -> str:
        """What a blank slug is made from, kind-aware so that a county or a
        state never takes the slug of the city of the same name (issue 9,
        item 1). A city's, as always, is name and state
        (``san-bernardino-ca``: existing slugs do not change); a state's its
        name alone (``new-york``, beside the city's ``new-york-ny``); a
        county's or town's name, kind and state (``baltimore-county-md``;
        the kind is not repeated when the name already says it, e.g.
        "Baltimore County"); another kind's name and state
        (``navajo-nation-az``). A slug still taken gets ``-2``
        (:class:`AutoSlugMixin`)."""
        if not self.name:
            return ""
        if self.kind == self.Kind.STATE:
            return self.name
        if self.kind in (self.Kind.COUNTY, self.Kind.TOWN):
            said = set(self.name.casefold().split()) & _KIND_WORDS[self.kind]
            return " ".join([self.name, *([] if said else [str(self.kind)]), self.state])
        return f"{self.name} {self.state}"
