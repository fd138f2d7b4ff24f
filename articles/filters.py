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
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import ClassVar

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from . import clock
from .choices import CLOSED_STATUSES, OPEN_STATUSES, US_STATES, ResponseStatus
from .formats import ap_date
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


class IsoDateField(forms.DateField):
    """A date written ``YYYY-MM-DD`` and nothing else (ISO 8601's calendar
    date): ``2017-08-18``. Django's ``DateField`` also takes the formats of
    ``DATE_INPUT_FORMATS`` (``08/18/2017``, ``2017-8-18``...), which a data
    desk would not know to expect; here any of those is an error whose
    message gives the format."""

    default_error_messages = {  # noqa: RUF012 (Django's convention)
        "invalid": "Enter a date as YYYY-MM-DD, e.g. 2017-08-18.",
    }
    _PATTERN = re.compile(r"\d{4}-\d{2}-\d{2}")

    def to_python(self, value):
        """``"2017-08-18"`` -> ``date(2017, 8, 18)``; empty -> None.

        Raises:
            django.forms.ValidationError: code ``invalid``, for anything
                else (other layouts, impossible dates like 2017-02-30).
        """
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.date):
            return value
        text = str(value).strip()
        if not self._PATTERN.fullmatch(text):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        try:
            return datetime.date.fromisoformat(text)
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


class IsoDateFilter(filters.DateFilter):
    """A date filter that takes ``YYYY-MM-DD`` only (:class:`IsoDateField`)."""

    field_class = IsoDateField


class CommaTextInput(forms.TextInput):
    """A text box for a parameter that takes several values: it reads every
    value given (``?city=a&city=b``) and shows them comma-separated.

    Used for the slug filters so that a form rendering the FilterSet (DRF's
    browsable API) shows a text box instead of a ``<select>`` with one
    ``<option>`` per city, inquiry or person in the database.
    """

    def value_from_datadict(self, data, files, name):
        """Every value of ``name`` (a list), or None when absent."""
        if hasattr(data, "getlist"):
            values = data.getlist(name)
            return values or None
        return data.get(name)

    def format_value(self, value):
        """A list shown as ``a,b``."""
        if isinstance(value, (list, tuple)):
            value = ",".join(str(v) for v in value)
        return super().format_value(value)


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


class NoDistinctMixin:
    """``distinct=False`` unless given: django-filter's multiple-choice
    filters add ``SELECT DISTINCT`` by default, needed only across a
    many-valued relation. Every such filter here reads a field of the row
    or of a foreign key (``status``, ``city__state``, ``inquiry``), which
    cannot repeat a row, and ``DISTINCT`` over every column made PostgreSQL
    sort each filtered API page (issue "Scale and production"). A filter on
    a many-valued path must pass ``distinct=True``."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("distinct", False)
        super().__init__(*args, **kwargs)


class ChoicesFilter(NoDistinctMixin, filters.MultipleChoiceFilter):
    """Several choices, repeated or comma-separated."""

    field_class = CommaMultipleChoiceField


class StateFilter(NoDistinctMixin, filters.MultipleChoiceFilter):
    """USPS codes, repeated or comma-separated, any case."""

    field_class = UpperCommaMultipleChoiceField


class SlugMultipleFilter(NoDistinctMixin, filters.ModelMultipleChoiceFilter):
    """Objects by slug, repeated or comma-separated, among those the
    FilterSet's user may see (the ``queryset`` given, narrowed by its
    ``visible_to(user)``)."""

    field_class = CommaModelMultipleChoiceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", CommaTextInput)
        super().__init__(*args, **kwargs)

    def get_queryset(self, request):
        """The choices: ``queryset.visible_to(user)``, ``user`` being the
        parent FilterSet's (:class:`VisibleFilterSet`), a reader if none.

        When the parameter is not given, nothing will be looked up, so the
        plain ``queryset`` is returned without building the visibility rule's
        subqueries (half the cost of an unfiltered API list's set-up).
        """
        queryset = super().get_queryset(request)
        data = getattr(self.parent, "data", None)
        if data is not None and not any(
            str(v).strip() for v in _values(data, self.field_name_param)
        ):
            return queryset
        return queryset.visible_to(getattr(self.parent, "user", None))

    @property
    def field_name_param(self) -> str:
        """The query parameter this filter reads (its name in the FilterSet)."""
        parent = getattr(self, "parent", None)
        if parent is not None:
            for name, candidate in parent.filters.items():
                if candidate is self:
                    return name
        return self.field_name

    def get_filter_predicate(self, v):
        """Match the chosen object itself (``city=<City>``).

        django-filter's default, ``{field_name: getattr(v, to_field_name)}``,
        would compare the foreign key's integer id with the slug and fail.
        """
        name = self.field_name
        if self.lookup_expr != "exact":
            name = f"{name}__{self.lookup_expr}"
        return {name: v}


def _values(data, name: str) -> list:
    """Every value of ``name`` in a QueryDict or a plain dict."""
    if hasattr(data, "getlist"):
        return data.getlist(name)
    value = data.get(name)
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


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
    received_after = IsoDateFilter(
        field_name="received_on", lookup_expr="gte", help_text="Received on or after (YYYY-MM-DD)."
    )
    received_before = IsoDateFilter(
        field_name="received_on", lookup_expr="lte", help_text="Received on or before (YYYY-MM-DD)."
    )
    as_of_after = IsoDateFilter(
        field_name="as_of",
        lookup_expr="gte",
        help_text="Status confirmed on or after (YYYY-MM-DD).",
    )
    as_of_before = IsoDateFilter(
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
    sent_after = IsoDateFilter(
        field_name="sent_on", lookup_expr="gte", help_text="Sent on or after (YYYY-MM-DD)."
    )
    sent_before = IsoDateFilter(
        field_name="sent_on", lookup_expr="lte", help_text="Sent on or before (YYYY-MM-DD)."
    )

    class Meta:
        model = Inquiry
        fields: list[str] = []


class CityFilterSet(VisibleFilterSet):
    """Filters on places: state, kind (city, town, county, state, other;
    issue 9, item 1)."""

    state = StateFilter(field_name="state", choices=US_STATES)
    kind = ChoicesFilter(
        field_name="kind",
        choices=City.Kind.choices,
        help_text="Kind(s) of place: city, town, county, state, other.",
    )

    class Meta:
        model = City
        fields: list[str] = []


class ClaimFilterSet(VisibleFilterSet):
    """Filters on claims: rating slug(s) (any scale), ``rated`` (true/false),
    city slug(s), ``state`` (USPS code(s) of the claim's city), claimant (person slug(s)), wording, ``stated_on`` range."""

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
    state = StateFilter(
        field_name="city__state",
        choices=US_STATES,
        help_text="USPS state code(s) of the city the claim is about, e.g. MD.",
    )
    claimant = SlugMultipleFilter(
        field_name="claimant", to_field_name="slug", queryset=Person.objects.all()
    )
    wording = ChoicesFilter(choices=Claim.Wording.choices)
    stated_after = IsoDateFilter(
        field_name="stated_on", lookup_expr="gte", help_text="Said on or after (YYYY-MM-DD)."
    )
    stated_before = IsoDateFilter(
        field_name="stated_on", lookup_expr="lte", help_text="Said on or before (YYYY-MM-DD)."
    )

    class Meta:
        model = Claim
        fields: list[str] = []


# --- The list pages and their CSV files: which parameters they take ---------------
#
# One rule for /responses/pending/, /responses/received/, /claims/ and their
# CSV files (the page and its file take exactly the same parameters):
#
# - a parameter of the list's FilterSet is applied, and a bad value is a 400
#   naming it (never a list that silently shows every row);
# - a parameter only the API supports (API_ONLY_PARAMETERS) is a 400 naming
#   it and saying where to go instead (/search/ or the API): a page that
#   ignored ``search=Stockton`` would show every row as if it matched;
# - any other parameter (``page``, campaign tags such as ``utm_source`` or
#   ``fbclid`` that newsletters and social sites add to links) is ignored;
# - a parameter given empty counts as not given (the filter form sends every
#   field, the ones left at "Any" empty).

#: Parameters the API takes but the list pages and their CSV files do not,
#: each with what to do instead. ``{api}`` is the list's API address.
API_ONLY_PARAMETERS: dict[str, str] = {
    "search": (
        "The lists cannot be searched. Search claims, quotes, sources, people, cities "
        "and inquiries at /search/?q=…, or use the API: {api}?search=…."
    ),
    "ordering": "The lists have one fixed order. For another, use the API: {api}?ordering=….",
    "page_size": (
        "The lists show 50 rows a page and their CSV files every row. For another "
        "page size, use the API: {api}?page_size=…."
    ),
    "format": (
        "The lists are web pages, each with a “Download CSV” link. For JSON, use the API: {api}."
    ),
    "fields": "The lists and CSV files have fixed columns. For other fields, use the API: {api}.",
}


def page_parameters(
    query: Mapping, filterset_class: type[filters.FilterSet], *, api: str
) -> QueryDict:
    """The filters a list page or its CSV file applies, by the rule above.

    Args:
        query: the request's query string (``request.GET``, a QueryDict).
        filterset_class: the list's FilterSet (:class:`ResponseFilterSet`
            or :class:`ClaimFilterSet`); its parameter names are the ones kept.
        api: the list's API address for the messages, e.g. ``"/api/v1/claims/"``.

    Returns:
        A QueryDict of the FilterSet's parameters given with a value, each
        with its non-empty values in order (``page`` and unknown names dropped),
        empty when the list is not filtered. Values are not validated here:
        the FilterSet does that when the selector applies it.

    Raises:
        ValidationError: an API-only parameter was given; ``error_dict`` is
            keyed by its name.
    """
    errors = {
        name: [message.format(api=api)]
        for name, message in API_ONLY_PARAMETERS.items()
        if any(str(v).strip() for v in query.getlist(name))
    }
    if errors:
        raise ValidationError(errors)
    params = QueryDict(mutable=True)
    for name in filterset_class.base_filters:
        values = [v for v in query.getlist(name) if str(v).strip()]
        if values:
            params.setlist(name, values)
    return params


@dataclass(frozen=True)
class FilterField:
    """One control of a list page's filter form (``components/filter_form.html``).

    Attributes:
        name: the query parameter (a FilterSet name, e.g. ``"status"``).
        label: its visible label.
        kind: ``"select"`` or ``"date"`` (a ``YYYY-MM-DD`` date input).
        options: for a select, ``(value, label)`` pairs, the first ``("", "Any")``.
        selected: the values currently asked for (normalised: states upper
            case, booleans ``"true"``/``"false"``); for a date, its one value.
        hint: a short explanation shown under the label, or "".
    """

    name: str
    label: str
    kind: str = "select"
    options: tuple[tuple[str, str], ...] = ()
    selected: frozenset[str] = frozenset()
    hint: str = ""

    @property
    def value(self) -> str:
        """The one current value of a date field ("" if none)."""
        return next(iter(self.selected), "")


@dataclass(frozen=True)
class ActiveFilter:
    """One filter in force, in words for the summary above a list.

    Attributes:
        name: the query parameter, e.g. ``"state"``.
        words: e.g. ``"state MD"``, ``"status Pending or Acknowledged"``,
            ``"overdue"``, ``"received on or after Aug. 3, 2017"``.
    """

    name: str
    words: str


@dataclass(frozen=True)
class ListFilters:
    """A list page's filter form and the summary of the filters in force.

    Attributes:
        fields: the form's controls, in order.
        active: the filters in force, in the FilterSet's order.
        hidden: ``(name, value)`` of the filters in force that the form has
            no control for (``city``, ``claimant``, date ranges given in the
            address): hidden inputs, so changing another filter keeps them
            (the summary names them; "Clear filters" drops them).
    """

    fields: tuple[FilterField, ...]
    active: tuple[ActiveFilter, ...]
    hidden: tuple[tuple[str, str], ...] = ()

    @classmethod
    def build(cls, params: Mapping, fields: Iterable[FilterField], *, names) -> "ListFilters":
        """The form ``fields`` with ``params``' other filters as hidden
        inputs, and the summary (:func:`describe_filters` with ``names``)."""
        fields = tuple(fields)
        controlled = {field.name for field in fields}
        hidden = tuple(
            (name, value)
            for name in params
            if name not in controlled
            for value in params.getlist(name)
        )
        return cls(fields=fields, active=describe_filters(params, names=names), hidden=hidden)


#: Yes/no filters: parameter -> (label, words when true, words when false).
BOOLEAN_FILTERS: dict[str, tuple[str, str, str]] = {
    "is_past_due": ("Past due", "past due", "not past due"),
    "is_overdue": ("Overdue", "overdue", "not overdue"),
    "overdue": ("Overdue", "overdue", "not overdue"),
    "needs_check": ("Needs a check", "needs a check", "no check needed"),
    "rated": ("Rated", "rated", "unrated"),
}

#: Other filters: parameter -> the words before its value(s) in the summary.
FILTER_WORDS: dict[str, str] = {
    "status": "status",
    "state": "state",
    "inquiry": "inquiry",
    "city": "city",
    "rating": "rating",
    "claimant": "said by",
    "wording": "wording",
    "received_after": "received on or after",
    "received_before": "received on or before",
    "as_of_after": "status confirmed on or after",
    "as_of_before": "status confirmed on or before",
    "stated_after": "said on or after",
    "stated_before": "said on or before",
}

_CHOICE_LABELS: dict[str, dict[str, str]] = {
    "status": dict(ResponseStatus.choices),
    "wording": {value: str(label) for value, label in Claim.Wording.choices},
}
_ANY = ("", "Any")
_YES_NO = (_ANY, ("true", "Yes"), ("false", "No"))


def filter_values(params: Mapping, name: str) -> list[str]:
    """The values of ``name`` in ``params`` (a QueryDict or a plain dict),
    commas split, normalised as the FilterSet reads them (states upper case,
    booleans ``"true"``/``"false"``). Call it on values the FilterSet has
    accepted: a boolean it rejects comes out as ``"none"``."""
    values = _split_commas(
        params.getlist(name) if hasattr(params, "getlist") else [params.get(name, "")]
    )
    if name == "state":
        return [v.upper() for v in values]
    if name in BOOLEAN_FILTERS:
        field = StrictBooleanField()
        return [str(field.to_python(v)).lower() for v in values]
    return values


def _date_words(value: str) -> str:
    """``"2017-08-03"`` -> ``"Aug. 3, 2017"`` (validated already by the FilterSet)."""
    try:
        return ap_date(datetime.date.fromisoformat(value))
    except ValueError:
        return value


def describe_filters(
    params: Mapping, *, names: Mapping[str, Mapping[str, str]]
) -> tuple[ActiveFilter, ...]:
    """The filters in ``params`` in words, for "Showing: status Pending · state MD".

    Args:
        params: the filters as :func:`page_parameters` returns them, after
            the FilterSet accepted them (so every value is valid).
        names: for slug parameters, ``{parameter: {slug: display name}}``
            (e.g. ``{"city": {"baltimore-md": "Baltimore, MD"}}``); a slug
            missing from it is shown as given.
    """
    active = []
    for name in params:
        values = filter_values(params, name)
        if not values:
            continue
        if name in BOOLEAN_FILTERS:
            _, yes, no = BOOLEAN_FILTERS[name]
            words = " and ".join(dict.fromkeys(yes if v == "true" else no for v in values))
        elif name.endswith(("_after", "_before")):
            words = f"{FILTER_WORDS.get(name, name)} {_date_words(values[0])}"
        else:
            labels = _CHOICE_LABELS.get(name) or names.get(name, {})
            shown = " or ".join(labels.get(v, v) for v in dict.fromkeys(values))
            words = f"{FILTER_WORDS.get(name, name)} {shown}"
        active.append(ActiveFilter(name=name, words=words))
    return tuple(active)


def _select(
    name: str, label: str, options: Iterable[tuple[str, str]], params: Mapping, hint: str = ""
) -> FilterField:
    """A select with "Any" first and the current values selected.

    A select holds one value, but the page (like the API) takes several
    (``state=CA&state=MD`` or ``state=CA,MD``) and values the form does not
    offer (``status=received`` on the pending list, a state no claim is
    in). So the form never drops or changes a filter the reader asked for
    when they press "Apply", the values asked for are always an option,
    selected: one value as itself, several as one option whose value is
    them comma-separated ("CA,MD", which the FilterSets read as either)
    and whose label joins their labels ("CA (California) or MD (Maryland)").
    """
    options = tuple(options)
    if options[:1] != (_ANY,):
        options = (_ANY, *options)
    values = list(dict.fromkeys(filter_values(params, name)))
    labels = dict(options) | {
        v: _CHOICE_LABELS.get(name, {}).get(v, v) for v in values if v not in dict(options)
    }
    if len(values) > 1:
        combined = ",".join(values)
        options = (_ANY, (combined, " or ".join(labels[v] for v in values)), *options[1:])
        values = [combined]
    elif values and values[0] not in dict(options):
        options = (*options, (values[0], labels[values[0]]))
    return FilterField(
        name=name, label=label, options=options, selected=frozenset(values), hint=hint
    )


def _with_selected(
    options: list[tuple[str, str]], selected: Iterable[str]
) -> list[tuple[str, str]]:
    """``options`` plus any selected value missing from them (shown as
    itself), so the form never drops a filter the reader asked for."""
    known = {value for value, _ in options}
    return options + [(v, v) for v in selected if v not in known]


def response_filter_fields(
    params: Mapping,
    *,
    closed: bool,
    states: Iterable[str],
    inquiries: Iterable[tuple[str, str]],
) -> tuple[FilterField, ...]:
    """The filter form of ``/responses/pending/`` (``closed=False``) or
    ``/responses/received/`` (``closed=True``).

    Controls: status (the statuses the list can hold), state (``states``:
    USPS codes in use on the list), inquiry (``inquiries``: ``(slug, title)``
    the reader may see); on the pending list the three deadline states
    (Any/Yes/No each, as ``is_past_due``, ``is_overdue``, ``needs_check``),
    on the received list the received-on date range. No city control: a
    select of every city gets heavy at scale and readers do not know city
    slugs; each city has its own page, and ``?city=<slug>`` still works and
    is named in the summary.
    """
    statuses = CLOSED_STATUSES if closed else OPEN_STATUSES
    state_names = dict(US_STATES)
    state_options = [(code, f"{code} ({state_names.get(code, code)})") for code in states]
    fields = [
        _select("status", "Status", [(s, ResponseStatus(s).label) for s in statuses], params),
        _select(
            "state", "State", _with_selected(state_options, filter_values(params, "state")), params
        ),
        _select(
            "inquiry",
            "Inquiry",
            _with_selected(list(inquiries), filter_values(params, "inquiry")),
            params,
        ),
    ]
    if closed:
        fields += [
            FilterField(
                name="received_after",
                label="Received on or after",
                kind="date",
                selected=frozenset(filter_values(params, "received_after")[:1]),
            ),
            FilterField(
                name="received_before",
                label="Received on or before",
                kind="date",
                selected=frozenset(filter_values(params, "received_before")[:1]),
            ),
        ]
    else:
        fields += [
            _select(
                "is_past_due", "Past due", _YES_NO, params, hint="Deadline day ended, no answer"
            ),
            _select("is_overdue", "Overdue", _YES_NO, params, hint="Past due, confirmed since"),
            _select(
                "needs_check",
                "Needs a check",
                _YES_NO,
                params,
                hint="Past due, not confirmed since",
            ),
        ]
    return tuple(fields)


def claim_filter_fields(
    params: Mapping, *, ratings: Iterable[tuple[str, str]], states: Iterable[str]
) -> tuple[FilterField, ...]:
    """The filter form of ``/claims/``: rating (``ratings``: ``(slug,
    label)`` in use), rated (Any/Yes/No), state (``states``: USPS codes of
    the claims' cities) and wording. Claimant and city are not in the form
    (a select of every person or city gets heavy at scale; each has its own
    page) but ``?claimant=`` and ``?city=`` still work and are named in the
    summary."""
    state_names = dict(US_STATES)
    state_options = [(code, f"{code} ({state_names.get(code, code)})") for code in states]
    rating_options = _with_selected(list(ratings), filter_values(params, "rating"))
    fields = []
    if rating_options:  # no claim rated yet: a select offering only "Any" would be noise
        fields.append(_select("rating", "Rating", rating_options, params))
    fields.append(_select("rated", "Rated", _YES_NO, params))
    fields.append(
        _select(
            "state", "State", _with_selected(state_options, filter_values(params, "state")), params
        )
    )
    fields.append(_select("wording", "Wording", Claim.Wording.choices, params))
    return tuple(fields)
