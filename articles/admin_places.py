"""The admin's place form and its gazetteer autocomplete (issue 9, item 1:
"an editor picks “Stockton, CA” from autocomplete and gets the right state
and coordinates; a place not in the gazetteer can still be added by hand").

- :class:`PlaceAdminForm`: the City form with a "Find in the gazetteer"
  field. Without JavaScript the editor types "Stockton, CA" there and the
  save resolves it (:func:`articles.gazetteer.resolve`): name, state, kind,
  coordinates and the entry's key are filled in; several candidates or
  none is an error on that field that says what to do. Left blank, the
  place is the one typed by hand.
- :func:`gazetteer_suggestions`: the staff-only JSON the field's script
  (``static/js/gazetteer.js``, an ARIA combobox) asks as the editor types; picking an entry
  fills the fields in the browser, and the save then checks them the same
  way.

The save itself is the admin's usual one (``TrackerAdmin.save_model``:
``services.object_save`` with the editor as acting user, so the history
says who added the place and from which entry).
"""

from django import forms
from django.http import JsonResponse
from django.urls import reverse

from . import gazetteer
from .admin_forms import OptionalSlugForm
from .gazetteer import Entry
from .models import City

#: The form field an editor types a gazetteer line in (not a model field).
GAZETTEER_FIELD = "gazetteer"
#: Longest ``q`` the suggestions accept: the longest gazetteer label is
#: under 60 characters; anything longer names nothing.
MAX_QUERY = 100
#: Entries the suggestions return at most.
SUGGESTIONS = 10


class PlaceAdminForm(OptionalSlugForm):
    """A place (``City``) in the admin, found in the gazetteer or typed by hand.

    ``gazetteer``: what the editor typed or picked ("Stockton, CA", "Baltimore
    County, MD", "California (state)", or a key such as "geonames:5399020";
    :func:`articles.gazetteer.resolve`). When it names one entry, the save
    takes from it:

    - ``gazetteer_id``: the entry's key;
    - ``name`` and ``state``: where left blank (a state typed that differs
      from the entry's is an error on the state);
    - ``kind``: the entry's for a county or state; for a GeoNames place
      (which does not tell a city from a town) the editor's city, town or
      other stays, a county or state becomes "city";
    - ``latitude``/``longitude``: where both were left blank (counties and
      states have none in the gazetteer).

    A key typed in ``gazetteer_id`` alone must be a gazetteer entry's (or
    blank: a place entered by hand). Without a gazetteer entry, name and
    state are required; a kind not posted is "city" (the model's default). :attr:`gazetteer_entry` is the entry used, or None.
    """

    gazetteer = forms.CharField(
        label="Find in the gazetteer",
        required=False,
        strip=True,
        max_length=MAX_QUERY,
        help_text=(
            "Type a place as “Stockton, CA” (or “Baltimore County, MD”, “California (state)”) "
            "and pick it from the list; the name, state, kind and coordinates are filled in "
            "from the gazetteer (GeoNames cities, Census counties, USPS states). Without "
            "the list, the save looks it up. For a place the gazetteer lacks, leave this "
            "blank and fill in the fields below by hand."
        ),
    )

    class Media:
        js = ("js/gazetteer.js",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.gazetteer_entry: Entry | None = None
        for name in ("name", "state", "kind"):
            if name in self.fields:
                self.fields[name].required = False  # checked in clean(): the gazetteer may fill it
        if "slug" in self.fields:
            self.fields["slug"].help_text = (
                "Used in the place's URL. Leave blank to make it from the name, kind and state: "
                "stockton-ca, baltimore-county-md, california."
            )
        field = self.fields.get(GAZETTEER_FIELD)
        if field is not None:
            field.widget.attrs.update(
                {
                    "autocomplete": "off",
                    "placeholder": "e.g. Stockton, CA",
                    "size": 40,
                    "data-gazetteer-url": reverse("admin:articles_city_gazetteer"),
                }
            )

    @property
    def changed_data(self) -> list[str]:
        """The changed model fields (the gazetteer line is not one)."""
        return [name for name in super().changed_data if name != GAZETTEER_FIELD]

    def clean(self):
        cleaned = super().clean()
        if self.conflict is not None:
            return cleaned
        if "kind" in self.fields and not cleaned.get("kind") and "kind" not in self.errors:
            cleaned["kind"] = City.Kind.CITY  # not posted: the model's default
        entry = self._entry(cleaned)
        if entry is not None:
            self._fill(cleaned, entry)
        if GAZETTEER_FIELD in self.errors:
            return cleaned  # its error says what to do; "required" beside it would be noise
        for name in ("name", "state"):
            if name in self.fields and not cleaned.get(name) and name not in self.errors:
                self.add_error(
                    name,
                    forms.ValidationError(
                        "Required: fill it in, or find the place in the gazetteer above.",
                        code="required",
                    ),
                )
        return cleaned

    def _post_clean(self) -> None:
        """The model's checks, once there is a place to check: without a
        name or state (the form's errors say which, or what the gazetteer
        field lacks) the model would only add "Slug must not be empty"."""
        cleaned = getattr(self, "cleaned_data", {})
        if not cleaned.get("name") or not cleaned.get("state"):
            return
        super()._post_clean()

    def _entry(self, cleaned: dict) -> Entry | None:
        """The gazetteer entry the form names, or None (errors added)."""
        text = cleaned.get(GAZETTEER_FIELD) or ""
        key = (cleaned.get("gazetteer_id") or "").strip()
        picked = gazetteer.by_key(key) if key else None
        if text:
            if picked is not None and text in (picked.label, f"{picked.label} [{picked.key}]"):
                return picked  # picked from the list: the script filled the key too
            try:
                return gazetteer.resolve(text, kind=cleaned.get("kind"))
            except gazetteer.GazetteerError as exc:
                self.add_error(GAZETTEER_FIELD, str(exc))
                return None
        if key and picked is None and "gazetteer_id" in self.fields:
            self.add_error(
                "gazetteer_id",
                f"“{key}” is no entry of the gazetteer: clear it for a place entered by hand, "
                "or find the place in the gazetteer above.",
            )
        return picked

    def _fill(self, cleaned: dict, entry: Entry) -> None:
        """Take from ``entry`` what the class docstring says."""
        self.gazetteer_entry = entry
        cleaned["gazetteer_id"] = entry.key
        if not cleaned.get("name"):
            cleaned["name"] = entry.name
        state = cleaned.get("state")
        if not state:
            cleaned["state"] = entry.state
        elif state != entry.state and "state" not in self.errors:
            self.add_error(
                "state",
                f"The gazetteer’s {entry.label} is in {entry.state}, not {state}: correct the "
                "state or leave it blank.",
            )
        kind = cleaned.get("kind")
        if entry.kind != City.Kind.CITY:
            cleaned["kind"] = entry.kind
        elif kind not in (City.Kind.CITY, City.Kind.TOWN, City.Kind.OTHER):
            cleaned["kind"] = City.Kind.CITY
        if cleaned.get("latitude") is None and cleaned.get("longitude") is None:
            cleaned["latitude"], cleaned["longitude"] = entry.latitude, entry.longitude

    def gazetteer_reason(self) -> str:
        """The history's default reason when the entry was used, e.g.
        "from the gazetteer: Stockton, CA (geonames:5399020)"; "" without one."""
        entry = self.gazetteer_entry
        return f"from the gazetteer: {entry.label} ({entry.key})" if entry else ""


def suggestion(entry: Entry) -> dict:
    """One entry as the suggestions give it: ``key``, ``label``, ``name``,
    ``state`` (USPS code), ``kind`` (a ``City.Kind`` value), ``latitude``
    and ``longitude`` (decimal degrees, WGS 84, or null), ``population``
    (GeoNames', 0 when unknown)."""
    return {
        "key": entry.key,
        "label": entry.label,
        "name": entry.name,
        "state": entry.state,
        "kind": entry.kind,
        "latitude": None if entry.latitude is None else float(entry.latitude),
        "longitude": None if entry.longitude is None else float(entry.longitude),
        "population": entry.population,
    }


def gazetteer_suggestions(request, *, may_add: bool) -> JsonResponse:
    """``GET ?q=Stockton, C`` → ``{"results": [<suggestion>, ...]}``: up to
    :data:`SUGGESTIONS` entries (:func:`articles.gazetteer.suggest`: name
    prefix, optional state after a comma, larger places first).

    Args:
        request: a staff user's (the admin's ``admin_view`` sends others to
            the login page).
        may_add: whether the user holds ``articles.add_city``.

    Returns:
        200 with the results (none for an empty ``q``); 403 without the
        permission; 400 naming ``q`` when it is longer than
        :data:`MAX_QUERY` characters or holds a NUL byte.
    """
    if not may_add:
        return JsonResponse(
            {"detail": "Adding places needs the permission “articles.add_city”."}, status=403
        )
    query = request.GET.get("q", "")
    if len(query) > MAX_QUERY or "\x00" in query:
        return JsonResponse(
            {"q": [f"At most {MAX_QUERY} characters, no NUL byte: a place as “Stockton, CA”."]},
            status=400,
        )
    entries = gazetteer.suggest(query, limit=SUGGESTIONS) if query.strip() else []
    return JsonResponse({"results": [suggestion(entry) for entry in entries]})
