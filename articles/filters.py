"""FilterSets shared by the API, the public list pages and the selectors
(part of the core: nothing here imports from ``api/``, the admin or views).

Every filter validates strictly: an unknown status, state, city or inquiry,
a boolean that is not true/false, or a bad date makes the FilterSet invalid,
and the API answers 400 with a JSON body keyed by the parameter name.
Parameters that take several values accept them repeated
(``?status=pending&status=acknowledged``) or comma-separated
(``?status=pending,acknowledged``).

Slug filters (``city``, ``inquiry``, ``claimant``, ``rating``) accept only
objects the user may see (``visible_to(user)``, :mod:`articles.querysets`):
for a reader, the slug of a city that only a draft names is an unknown
value, answered exactly like a slug that does not exist, so a filter never
reveals that a hidden record exists. The user is the ``user`` argument of
the FilterSet, else its ``request.user``, else a reader.
"""

import datetime
from typing import ClassVar

from django import forms
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from . import clock
from .choices import US_STATES, ResponseStatus
from .models import City, Claim, Inquiry, Person, Rating, Response


def _split_commas(values) -> list[str]:
    """``["a,b", "c"]`` -> ``["a", "b", "c"]``; blanks dropped."""
    return [part.strip() for value in values for part in str(value).split(",") if part.strip()]


class CommaMultipleChoiceField(forms.MultipleChoiceField):
    """A MultipleChoiceField that also splits comma-separated values."""

    def to_python(self, value):
        return _split_commas(super().to_python(value))


class UpperCommaMultipleChoiceField(CommaMultipleChoiceField):
    """As :class:`CommaMultipleChoiceField`, case-insensitive (``md`` = ``MD``)."""

    def to_python(self, value):
        return [v.upper() for v in super().to_python(value)]


class CommaModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A ModelMultipleChoiceField (by slug) that also splits commas."""

    def clean(self, value):
        if value is not None and not isinstance(value, (list, tuple)):
            value = [value]
        return super().clean(_split_commas(value or []))


class StrictBooleanField(forms.Field):
    """``true``/``false`` (also ``1``/``0``, ``yes``/``no``), any case.

    Anything else is a validation error, never silently ignored.
    """

    TRUE = frozenset({"true", "1", "yes"})
    FALSE = frozenset({"false", "0", "no"})

    def to_python(self, value):
        if value in (None, ""):
            return None
        text = str(value).strip().lower()
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise forms.ValidationError("Enter true or false.", code="invalid")


@extend_schema_field(OpenApiTypes.BOOL)
class StrictBooleanFilter(filters.Filter):
    """A boolean filter backed by :class:`StrictBooleanField`.

    Its ``help_text`` is the parameter's description in the OpenAPI schema
    (drf-spectacular skips help texts of filters whose type is given by
    ``extend_schema_field``, so each instance states both).
    """

    field_class = StrictBooleanField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if help_text := self.extra.get("help_text"):
            extend_schema_field({"type": "boolean", "description": str(help_text)})(self)


class ChoicesFilter(filters.MultipleChoiceFilter):
    """Several choices, repeated or comma-separated."""

    field_class = CommaMultipleChoiceField


class StateFilter(filters.MultipleChoiceFilter):
    """USPS codes, repeated or comma-separated, any case."""

    field_class = UpperCommaMultipleChoiceField


class SlugMultipleFilter(filters.ModelMultipleChoiceFilter):
    """Objects by slug, repeated or comma-separated, among those the
    FilterSet's user may see (the ``queryset`` given, narrowed by its
    ``visible_to(user)``)."""

    field_class = CommaModelMultipleChoiceField

    def get_queryset(self, request):
        """The choices: ``queryset.visible_to(user)``, ``user`` being the
        parent FilterSet's (:class:`VisibleFilterSet`), a reader if none."""
        return super().get_queryset(request).visible_to(getattr(self.parent, "user", None))

    def get_filter_predicate(self, v):
        """Match the chosen object itself (``city=<City>``).

        django-filter's default, ``{field_name: getattr(v, to_field_name)}``,
        would compare the foreign key's integer id with the slug and fail.
        """
        name = self.field_name
        if self.lookup_expr != "exact":
            name = f"{name}__{self.lookup_expr}"
        return {name: v}


class VisibleFilterSet(filters.FilterSet):
    """A FilterSet that knows whose view it filters, for its slug filters.

    Args (besides django-filter's ``data``, ``queryset``, ``request``,
    ``prefix``):
        user: whose view; defaults to ``request.user`` (the API's filter
            backend passes the request), or None (a reader) without a request.
    """

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None, user=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        self.user = user if user is not None else getattr(request, "user", None)


class ResponseFilterSet(VisibleFilterSet):
    """Filters on responses (DESIGN.md, "API"): status (one or several),
    the deadline states ``is_past_due``, ``is_overdue`` and ``needs_check``
    (true/false, derived at one instant: see :meth:`instant`), city slug,
    state, inquiry slug, and date ranges on ``received_on`` and ``as_of``
    (``YYYY-MM-DD``). ``overdue`` is kept as an alias of ``is_overdue`` for
    existing clients; given both, both apply.

    Args (besides django-filter's):
        at: the aware datetime at which deadline states are judged; when
            None, :func:`articles.clock.request_now` of ``request`` (or now).
    """

    status = ChoicesFilter(
        choices=ResponseStatus.choices,
        help_text="One or more of pending, acknowledged, received, declined.",
    )
    is_past_due = StrictBooleanFilter(
        method="filter_deadline_state",
        help_text=(
            "true: pending or acknowledged after the end of the due day in the "
            "inquiry's time zone (overdue or needs a check); false: the rest."
        ),
    )
    is_overdue = StrictBooleanFilter(
        method="filter_deadline_state",
        help_text=(
            "true: past due, and the status was confirmed after the due day "
            "(as_of later than due_on); false: the rest."
        ),
    )
    needs_check = StrictBooleanFilter(
        method="filter_deadline_state",
        help_text=(
            "true: past due, but the status was last confirmed on or before the "
            "due day, so nobody has checked since; false: the rest."
        ),
    )
    overdue = StrictBooleanFilter(
        method="filter_deadline_state",
        help_text="Alias of is_overdue, kept for existing clients.",
    )
    city = SlugMultipleFilter(
        field_name="city",
        to_field_name="slug",
        queryset=City.objects.all(),
        help_text="City slug(s), e.g. baltimore-md.",
    )
    state = StateFilter(
        field_name="city__state",
        choices=US_STATES,
        help_text="USPS state code(s), e.g. CA.",
    )
    inquiry = SlugMultipleFilter(
        field_name="inquiry",
        to_field_name="slug",
        queryset=Inquiry.objects.all(),
        help_text="Inquiry slug(s).",
    )
    received_after = filters.DateFilter(
        field_name="received_on", lookup_expr="gte", help_text="Received on or after (YYYY-MM-DD)."
    )
    received_before = filters.DateFilter(
        field_name="received_on", lookup_expr="lte", help_text="Received on or before (YYYY-MM-DD)."
    )
    as_of_after = filters.DateFilter(
        field_name="as_of",
        lookup_expr="gte",
        help_text="Status confirmed on or after (YYYY-MM-DD).",
    )
    as_of_before = filters.DateFilter(
        field_name="as_of",
        lookup_expr="lte",
        help_text="Status confirmed on or before (YYYY-MM-DD).",
    )

    class Meta:
        model = Response
        fields: list[str] = []

    #: parameter -> (ResponseQuerySet method for true, method for false)
    DEADLINE_FILTERS: ClassVar[dict[str, tuple[str, str]]] = {
        "is_past_due": ("past_due", "not_past_due"),
        "is_overdue": ("overdue", "not_overdue"),
        "overdue": ("overdue", "not_overdue"),
        "needs_check": ("needs_check", "not_needs_check"),
    }

    def __init__(self, *args, at: datetime.datetime | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.at = at

    def instant(self) -> datetime.datetime:
        """The aware instant the deadline filters judge at: ``at`` if given,
        else :func:`articles.clock.request_now` (fixed once per request, so
        the filters, each row's state and the counts agree), else now."""
        return self.at if self.at is not None else clock.request_now(self.request)

    def filter_deadline_state(self, queryset, name, value):
        """Apply a deadline-state filter (:mod:`articles.deadlines`) or
        its complement at :meth:`instant`."""
        if value is None:
            return queryset
        when_true, when_false = self.DEADLINE_FILTERS[name]
        return getattr(queryset, when_true if value else when_false)(self.instant())


class InquiryFilterSet(VisibleFilterSet):
    """Filters on inquiries: kind, requester slug, sent_on range."""

    kind = ChoicesFilter(choices=Inquiry.Kind.choices)
    sent_after = filters.DateFilter(field_name="sent_on", lookup_expr="gte")
    sent_before = filters.DateFilter(field_name="sent_on", lookup_expr="lte")

    class Meta:
        model = Inquiry
        fields: list[str] = []


class CityFilterSet(VisibleFilterSet):
    """Filters on cities: state."""

    state = StateFilter(field_name="state", choices=US_STATES)

    class Meta:
        model = City
        fields: list[str] = []


class ClaimFilterSet(VisibleFilterSet):
    """Filters on claims: rating slug(s) (any scale), ``rated`` (true/false),
    city slug(s), claimant (person slug(s)), wording, ``stated_on`` range."""

    rating = SlugMultipleFilter(
        field_name="rating",
        to_field_name="slug",
        queryset=Rating.objects.all(),
        help_text="Rating slug(s), e.g. mostly-false.",
    )
    rated = StrictBooleanFilter(
        field_name="rating", lookup_expr="isnull", exclude=True, help_text="true: has a rating."
    )
    city = SlugMultipleFilter(field_name="city", to_field_name="slug", queryset=City.objects.all())
    claimant = SlugMultipleFilter(
        field_name="claimant", to_field_name="slug", queryset=Person.objects.all()
    )
    wording = ChoicesFilter(choices=Claim.Wording.choices)
    stated_after = filters.DateFilter(field_name="stated_on", lookup_expr="gte")
    stated_before = filters.DateFilter(field_name="stated_on", lookup_expr="lte")

    class Meta:
        model = Claim
        fields: list[str] = []
