"""Import and export of places, sources, claims and responses as CSV and
XLSX (the issue "The editors' desk", item 7), with django-import-export.

One resource per model. What every resource does (:class:`TrackerResource`):

- **Columns are checked before any row is read**
  (:meth:`TrackerResource.check_headers`): a file missing a required column,
  naming a column the resource does not know, naming one twice, or with a
  blank header is refused with the names; the admin's upload form does it
  (:mod:`articles.admin_impexp`), and :meth:`~TrackerResource.before_import`
  again for any other caller.
- **Rows are numbered as a spreadsheet shows them**: the header is row 1, so
  the first data row is row 2 (:func:`sheet_row`). Every row error names its
  column (the error's key is the column's header) and the row.
- **Cell hygiene, never silent**: an XLSX cell holding a formula
  (:class:`FormulaCell`) is a row error naming the column; a cell holding a NUL byte or another
  control character (C0 and C1 controls and DEL; tab, line feed and carriage
  return are text) is a row error naming the column and the character, not
  stripped; an over-long value is the model's ``max_length`` error, naming
  the column and the limit; two rows with the same natural key
  (:meth:`~TrackerResource.natural_key`) are an error on the later one
  naming both rows.
- **Writes go through the services** (:meth:`~TrackerResource.save_instance`):
  :func:`articles.services.object_save`, or
  :func:`articles.services.response_update` for a response, with the
  importing editor as the acting user and "Imported from <file name>" as the
  reason in the history, so the same validation, roles (a reporter may not
  change a published record or rate a claim), status moves and correction
  rules apply as in the admin's forms. A refusal is a row error.
- **All or nothing**: the admin imports inside one transaction
  (``IMPORT_EXPORT_USE_TRANSACTIONS``) rolled back on any row error
  (``rollback_on_validation_errors``), so no file is ever half imported.
- **Formula-safe exports**: a text cell starting with ``=``, ``+``, ``-``,
  ``@``, a tab or a carriage return gets a leading ``'``, as the site's own
  CSV downloads do (:func:`articles.exports.neutralise`, OWASP "CSV
  Injection"); plain numbers (a longitude of ``-117.289765``) are left as
  numbers. On import such a ``'`` before one of those characters is
  removed again, so an exported file imports unchanged.
  django-import-export's own ``IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT`` is
  left off: it deletes the leading ``=`` (changing the value), knows no
  other prefix, and writes every XLSX cell as text (an empty cell as
  ``"None"``).

Related records are named as editors know them, never by database id alone:
a place by its slug or "Name, ST" (``Stockton, CA``), a person or an
organization by slug or exact name, an inquiry by slug, a rating by its
label (or slug) on the scale named in ``rating_scale``.
"""

import datetime
import re
import unicodedata
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar

from django.core.exceptions import (
    NON_FIELD_ERRORS,
    ObjectDoesNotExist,
    PermissionDenied,
    ValidationError,
)
from django.db import models
from import_export import fields, resources, widgets

from . import services, transitions
from .exports import FORMULA_PREFIXES, neutralise
from .models import (
    City,
    Claim,
    Inquiry,
    Organization,
    Person,
    Rating,
    RatingScale,
    Response,
    Source,
)

#: Control characters a cell may not hold: C0 but tab, LF and CR; DEL; C1.
CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
#: A plain number, which a spreadsheet never runs as a formula.
_NUMBER = re.compile(r"[-+]?\d+(\.\d+)?([eE][-+]?\d+)?")
#: The slug of the default rating scale (migration 0002's, DESIGN.md "Claim rating").
DEFAULT_SCALE_SLUG = "default"


class FormulaCell(str):
    """An XLSX cell holding a formula (``=HYPERLINK(...)``) rather than a
    value: its text is the formula. The admin's XLSX reader
    (:class:`articles.admin_impexp.TrackerXLSX`) marks such cells, and
    :meth:`TrackerResource.before_import_row` makes each a row error naming
    its column instead of reading the formula's (often missing) result."""


def sheet_row(row_number: int) -> int:
    """The row a spreadsheet shows for django-import-export's data row
    ``row_number`` (1 for the first row under the header): the header is
    row 1, so the first data row is row 2."""
    return row_number + 1


def _char_name(char: str) -> str:
    """``"U+0000 (NULL)"``: a character as an editor can look it up."""
    name = unicodedata.name(char, "") or {
        "\x00": "NULL",
        "\x1b": "ESCAPE",
        "\x7f": "DELETE",
    }.get(char, "control character")
    return f"U+{ord(char):04X} ({name})"


def _text(value: Any) -> str:
    """A cell as text: None and blanks are ``""``; a whole float from a
    spreadsheet (``2017.0``) without its ``.0``."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


# --- widgets: related records by the names editors use ------------------------


class ChoiceWidget(widgets.Widget):
    """A choice by its stored value or its label, case and spaces ignored
    (``"County"``, ``"county"``); renders the stored value.

    Raises (``clean``):
        ValueError: naming the value and the choices.
    """

    def __init__(self, choices: Iterable[tuple[str, str]], **kwargs):
        self.choices = list(choices)
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        text = _text(value)
        if not text:
            return None
        wanted = " ".join(text.split()).casefold()
        for stored, label in self.choices:
            if wanted in (str(stored).casefold(), str(label).casefold()):
                return stored
        allowed = ", ".join(f"“{stored}”" for stored, _label in self.choices)
        raise ValueError(f"“{text}” is not one of the choices: {allowed}.")

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class SlugOrNameWidget(widgets.ForeignKeyWidget):
    """A related record by its slug, or else its exact name (case ignored);
    renders the name. Two records of the same name ask for the slug.

    Raises (``clean``):
        ValueError: no such record, or the name is ambiguous (naming the
            slugs to choose from).
    """

    name_field = "name"

    def clean(self, value, row=None, **kwargs):
        text = _text(value)
        if not text:
            return None
        manager = self.model._default_manager
        found = manager.filter(slug=text).first()
        if found is not None:
            return found
        matches = list(manager.filter(**{f"{self.name_field}__iexact": " ".join(text.split())})[:5])
        if len(matches) == 1:
            return matches[0]
        noun = self.model._meta.verbose_name
        if not matches:
            raise ValueError(
                f"No {noun} has the slug or name “{text}”; add it in the admin first, "
                "or check the spelling."
            )
        slugs = ", ".join(m.slug for m in matches)
        raise ValueError(f"Several {noun}s are named “{text}”: give the slug ({slugs}).")

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else getattr(value, self.name_field)


class PlaceWidget(widgets.ForeignKeyWidget):
    """A place by its slug (``stockton-ca``) or "Name, ST" (``Stockton, CA``);
    renders "Name, ST". Where a city and, say, a county share the name, the
    city is meant; the slug picks another kind.

    Raises (``clean``):
        ValueError: no such place, or the text is neither form.
    """

    def __init__(self, **kwargs):
        super().__init__(City, **kwargs)

    def clean(self, value, row=None, **kwargs):
        text = _text(value)
        if not text:
            return None
        found = City.objects.filter(slug=text).first()
        if found is not None:
            return found
        name, sep, state = text.rpartition(",")
        if not sep:
            raise ValueError(
                f"No place has the slug “{text}”; name a place by its slug or as "
                "“Name, ST” (e.g. “Stockton, CA”)."
            )
        matches = list(
            City.objects.filter(name__iexact=" ".join(name.split()), state=state.strip().upper())
        )
        if len(matches) > 1:
            matches = [m for m in matches if m.kind == City.Kind.CITY] or matches
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise ValueError(f"No place “{text}” is tracked; add it first (Places).")
        slugs = ", ".join(m.slug for m in matches)
        raise ValueError(f"Several places are “{text}”: give the slug ({slugs}).")

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else f"{value.name}, {value.state}"


class InquiryWidget(widgets.ForeignKeyWidget):
    """An inquiry by its slug; renders the slug.

    Raises (``clean``):
        ValueError: no inquiry has that slug.
    """

    def __init__(self, **kwargs):
        super().__init__(Inquiry, field="slug", **kwargs)

    def clean(self, value, row=None, **kwargs):
        text = _text(value)
        if not text:
            return None
        found = Inquiry.objects.filter(slug=text).first()
        if found is None:
            raise ValueError(f"No inquiry has the slug “{text}” (the end of its page's address).")
        return found


class SourceWidget(widgets.ForeignKeyWidget):
    """A source by its id in the tracker or its URL; renders the id.

    Raises (``clean``):
        ValueError: no such source.
    """

    def __init__(self, **kwargs):
        super().__init__(Source, **kwargs)

    def clean(self, value, row=None, **kwargs):
        text = _text(value)
        if not text:
            return None
        found = (
            Source.objects.filter(pk=int(text)).first()
            if text.isdigit()
            else Source.objects.filter(url=text).order_by("pk").first()
        )
        if found is None:
            raise ValueError(f"No source has the id or URL “{text}”.")
        return found

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else value.pk


class RatingWidget(widgets.ForeignKeyWidget):
    """A rating by its label or slug (case ignored), on the scale named in
    the row's ``rating_scale`` column (its slug or name; the default scale
    when blank or absent); renders the label.

    Raises (``clean``):
        ValueError: an unknown scale, or a label the scale does not have
            (naming the scale's labels).
    """

    def __init__(self, **kwargs):
        super().__init__(Rating, **kwargs)

    def clean(self, value, row=None, **kwargs):
        text = _text(value)
        if not text:
            return None
        scale_text = _text((row or {}).get("rating_scale")) or DEFAULT_SCALE_SLUG
        scale = RatingScale.objects.filter(slug=scale_text).first() or (
            RatingScale.objects.filter(name__iexact=scale_text).first()
        )
        if scale is None:
            raise ValueError(f"No rating scale “{scale_text}” (column rating_scale).")
        wanted = " ".join(text.split())
        rating = (
            Rating.objects.filter(scale=scale, label__iexact=wanted).first()
            or Rating.objects.filter(scale=scale, slug=wanted).first()
        )
        if rating is None:
            labels = ", ".join(f"“{r.label}”" for r in scale.ratings.order_by("order"))
            raise ValueError(
                f"“{text}” is not a rating on the scale “{scale.name}”; its ratings are {labels}."
            )
        return rating

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else value.label


# --- the shared behaviour --------------------------------------------------


class TrackerResource(resources.ModelResource):
    """What every import and export of the tracker does (module docstring).

    Subclasses set :attr:`required_columns` and may override
    :meth:`natural_key` and :meth:`find_existing`.
    """

    #: Columns a file must have (refused otherwise, before any row is read).
    required_columns: ClassVar[tuple[str, ...]] = ()

    class Meta:
        # Options every subclass inherits (django-import-export reads the
        # bases' Meta): an unchanged row is reported as such and not saved;
        # each row's model is validated.
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        #: data row number -> the earlier data row with the same natural key
        self._duplicate_of: dict[int, int] = {}

    # --- columns ---------------------------------------------------------------

    @classmethod
    def known_columns(cls) -> list[str]:
        """Every column the resource reads or writes, in export order."""
        return [field.column_name for field in cls().get_export_fields()]

    @classmethod
    def check_headers(cls, headers: Iterable[Any] | None) -> None:
        """Refuse a file whose header row is wrong, before any row is read.

        Args:
            headers: the file's first row (strings; None for a blank cell).

        Raises:
            ValidationError: naming the missing required columns, the
                unknown ones (with the columns the resource knows), columns
                named twice, blank or control-character headers.
        """
        headers = list(headers or [])
        known = cls.known_columns()
        problems = []
        texts = [_text(h) for h in headers]
        blank = [str(i) for i, h in enumerate(texts, 1) if not h]
        if blank:
            problems.append(f"column {', '.join(blank)} has no header")
        bad = [h for h in texts if CONTROL_CHARS.search(h)]
        if bad:
            problems.append("a header holds a control character: " + ", ".join(map(repr, bad)))
        twice = sorted({h for h in texts if h and texts.count(h) > 1})
        if twice:
            problems.append("named twice: " + ", ".join(f"“{h}”" for h in twice))
        missing = [c for c in cls.required_columns if c not in texts]
        if missing:
            problems.append("missing required columns: " + ", ".join(f"“{c}”" for c in missing))
        unknown = [h for h in texts if h and h not in known and not CONTROL_CHARS.search(h)]
        if unknown:
            problems.append("unknown columns: " + ", ".join(f"“{h}”" for h in unknown))
        if problems:
            raise ValidationError(
                "The file's columns are wrong ("
                + "; ".join(problems)
                + "). Nothing was read. This import knows the columns "
                + ", ".join(known)
                + "; "
                + ", ".join(cls.required_columns)
                + " are required.",
                code="wrong_columns",
            )

    # --- rows --------------------------------------------------------------------

    def natural_key(self, row: dict[str, Any]) -> tuple | None:
        """What makes two rows the same record (None: never a duplicate).
        By default the ``id`` column when filled in."""
        row_id = _text(row.get("id"))
        return ("id", row_id) if row_id else None

    def before_import(self, dataset, **kwargs):
        """Check the columns, and note the rows that repeat an earlier
        row's natural key (reported by :meth:`before_import_row`)."""
        self.check_headers(dataset.headers)
        first: dict[tuple, int] = {}
        self._duplicate_of = {}
        for number, values in enumerate(dataset, 1):
            row = dict(zip(dataset.headers, values, strict=False))
            if any(CONTROL_CHARS.search(v) for v in row.values() if isinstance(v, str)):
                continue  # reported as such
            key = self.natural_key(row)
            if key is None:
                continue
            if key in first:
                self._duplicate_of[number] = first[key]
            else:
                first[key] = number

    def before_import_row(self, row, **kwargs):
        """Refuse a row with a control character in a cell or repeating an
        earlier row; undo the export's formula quoting (``'=`` -> ``=``).

        Raises:
            ValidationError: keyed by the column (control characters), or
                row-wide naming both rows (a duplicate).
        """
        number = kwargs.get("row_number")
        errors: dict[str, list[str]] = {}
        for column, value in row.items():
            if not isinstance(value, str):
                continue
            if isinstance(value, FormulaCell):
                shown = value if len(value) <= 60 else value[:57] + "..."
                errors.setdefault(column, []).append(
                    f"Row {sheet_row(number) if number else '?'}, column “{column}”: the cell "
                    f"holds a formula ({shown}), not a value. Put the text or number it "
                    "stands for in the cell (a spreadsheet's “Paste special: values” does "
                    "it) and upload the file again."
                )
            elif match := CONTROL_CHARS.search(value):
                errors.setdefault(column, []).append(
                    f"Row {sheet_row(number) if number else '?'}, column “{column}”: the cell "
                    f"holds the control character {_char_name(match.group())} at position "
                    f"{match.start() + 1}. Remove it and upload the file again (nothing is "
                    "stripped silently)."
                )
            elif len(value) > 1 and value[0] == "'" and value[1] in FORMULA_PREFIXES:
                row[column] = value[1:]
        if number in self._duplicate_of:
            earlier = sheet_row(self._duplicate_of[number])
            errors.setdefault(NON_FIELD_ERRORS, []).append(
                f"Rows {earlier} and {sheet_row(number)} are the same "
                f"{self._meta.model._meta.verbose_name} ({self.describe_key(row)}): keep one of them."
            )
        if errors:
            raise ValidationError(errors)

    def describe_key(self, row: dict[str, Any]) -> str:
        """The natural key's columns and values, for the duplicate message."""
        key = self.natural_key(row) or ()
        return ", ".join(str(part) for part in key)

    def find_existing(self, row: dict[str, Any]) -> models.Model | None:
        """The stored record the row updates: by ``id`` when given.

        Raises:
            ValidationError: an ``id`` that is not a number or names no record.
        """
        row_id = _text(row.get("id"))
        if not row_id:
            return None
        model = self._meta.model
        if not row_id.isdigit() or len(row_id) > 18:
            raise ValidationError({"id": f"“{row_id}” is not an id (a whole number)."})
        found = model._default_manager.filter(pk=int(row_id)).first()
        if found is None:
            raise ValidationError(
                {
                    "id": f"No {model._meta.verbose_name} has the id {row_id}; leave id blank "
                    "to add a new one."
                }
            )
        return found

    def get_user_visible_fields(self):
        """The columns an import reads, for the upload page: export-only
        columns (a slug the tracker sets, a publication state, a file's
        digest) are left out; ``id`` and ``rating_scale`` are read."""
        return [
            field
            for field in self.get_import_fields()
            if not field.readonly or field.column_name in ("id", "rating_scale")
        ]

    def _check_import_id_fields(self, headers):
        """Nothing to check: :meth:`find_existing` looks rows up by the
        columns present (:meth:`check_headers` checked them)."""

    def get_instance(self, instance_loader, row):
        """:meth:`find_existing` instead of django-import-export's loader."""
        return self.find_existing(row)

    def import_instance(self, instance, row, **kwargs):
        """Set each field from its cell; any cell that cannot be read (a
        date, a number, a related record) is an error keyed by its column,
        collected for the whole row.

        Raises:
            ValidationError: ``{column: [message]}``.
        """
        errors = {}
        for field in self.get_import_fields():
            if isinstance(field.widget, widgets.ManyToManyWidget):
                continue
            try:
                self.import_field(field, instance, row, **kwargs)
            except ValidationError as exc:
                errors[field.column_name] = exc.messages
            except (ValueError, ArithmeticError, TypeError, ObjectDoesNotExist) as exc:
                errors[field.column_name] = [self.cell_error(field, row, exc)]
        if errors:
            raise ValidationError(errors)

    def cell_error(self, field, row, exc: Exception) -> str:
        """The message for a cell that could not be read."""
        value = _text(row.get(field.column_name))
        if isinstance(field.widget, widgets.DateWidget):
            return f"“{value}” is not a date: write it as YYYY-MM-DD (e.g. 2017-08-18)."
        if isinstance(field.widget, widgets.DecimalWidget | widgets.IntegerWidget):
            return f"“{value}” is not a number."
        if isinstance(exc, InvalidOperation):
            return f"“{value}” is not a number."
        return str(exc) or f"“{value}” cannot be read."

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """The model's own validation (``full_clean``), errors keyed by
        column, when a cell could not be read: the row's errors are then
        listed together. A row whose cells all read is validated once, by
        the service that saves it (:meth:`save_instance`), not twice: half
        the queries of an import (48 a row for places before, 31 after)."""
        if not import_validation_errors:
            return
        try:
            super().validate_instance(instance, import_validation_errors, validate_unique)
        except ValidationError as exc:
            raise self._by_column(exc) from exc

    def save_instance(self, instance, is_create, row, **kwargs):
        """Save through the services (module docstring), the importing user
        acting (``kwargs["user"]``; None: a system job) and "Imported from
        <file name>" as the reason.

        Raises:
            ValidationError: the service's refusal (a permission as a
                row-wide error; field errors keyed by column).
        """
        self.before_save_instance(instance, row, **kwargs)
        file_name = kwargs.get("file_name") or "a file"
        try:
            self.service_save(
                instance, acting_user=kwargs.get("user"), reason=f"Imported from {file_name}"
            )
        except PermissionDenied as exc:
            raise ValidationError(str(exc)) from exc
        except ValidationError as exc:
            raise self._by_column(exc) from exc
        self.after_save_instance(instance, row, **kwargs)

    def service_save(self, instance, *, acting_user, reason: str) -> None:
        """Write ``instance`` with :func:`articles.services.object_save`."""
        services.object_save(instance=instance, acting_user=acting_user, reason=reason)

    def _by_column(self, exc: ValidationError) -> ValidationError:
        """``exc`` with model-field keys turned into column names and keys
        that are no column (``reason``, ``correction``, ``publication``)
        made row-wide, prefixed with what they are about."""
        if not hasattr(exc, "error_dict"):
            return exc
        columns = {f.attribute: f.column_name for f in self.get_import_fields() if f.attribute}
        columns.update({f.column_name: f.column_name for f in self.get_import_fields()})
        errors: dict[str, list[str]] = {}
        for key, messages in exc.message_dict.items():
            column = columns.get(key) or columns.get(key.removesuffix("_id"))
            if key == "correction":
                messages = self._correction_messages(exc.error_dict[key], messages)
            elif column is None and key != NON_FIELD_ERRORS:
                messages = [f"{key.replace('_', ' ').capitalize()}: {m}" for m in messages]
            errors.setdefault(column or NON_FIELD_ERRORS, []).extend(messages)
        return ValidationError(errors)

    @staticmethod
    def _correction_messages(errors: list[ValidationError], messages: list[str]) -> list[str]:
        """The service's "needs a correction note" (code
        ``correction_required``, :func:`articles.services._correction_for_change`)
        as one message an importing editor can act on: its "write the note"
        is the admin form's advice, and an import has no note to write.
        Other correction errors keep the service's words."""
        out = []
        for error, message in zip(errors, messages, strict=False):
            params = error.params or {}
            if error.code == "correction_required" and {"noun", "what"} <= params.keys():
                out.append(
                    f"Readers can see this {params['noun']}: changing its {params['what']} "
                    "needs a correction or update note shown to readers, and an import cannot "
                    "write one. Make this change in the admin's form (it asks for the note), "
                    f"or leave the {params['what']} unchanged in this file."
                )
            else:
                out.append(f"Correction: {message}")
        return out

    # --- export ------------------------------------------------------------------

    #: Joined in one query when exporting (no query per row).
    export_related: ClassVar[tuple[str, ...]] = ()

    def filter_export(self, queryset, **kwargs):
        """The admin's list (filtered, searched, ``visible_to`` the user)
        with :attr:`export_related` joined, in a fixed number of queries."""
        queryset = super().filter_export(queryset, **kwargs)
        return queryset.select_related(*self.export_related) if self.export_related else queryset

    def export_field(self, field, instance, **kwargs):
        """Each exported text cell formula-safe (module docstring)."""
        value = super().export_field(field, instance, **kwargs)
        if isinstance(value, str) and not _NUMBER.fullmatch(value):
            return neutralise(value)
        return value


def _readonly(column: str, attribute: str | None = None, widget=None) -> fields.Field:
    """An export-only column (an id, a slug set by the tracker, a state)."""
    return fields.Field(
        attribute=attribute or column,
        column_name=column,
        readonly=True,
        widget=widget or widgets.Widget(),
    )


class ExportDateWidget(widgets.DateWidget):
    """A date, ISO 8601 (``2017-08-18``) in CSV; a date cell in XLSX."""

    def __init__(self):
        super().__init__(format="%Y-%m-%d")

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, str) and value.strip():
            return datetime.date.fromisoformat(value.strip())
        return super().clean(value, row, **kwargs)


class BooleanWidget(widgets.Widget):
    """``true``/``false`` (also ``1``/``0``, ``yes``/``no``, case ignored);
    blank is None (the resource makes it false). Anything else is an error,
    never silently false. Renders ``true``/``false`` as the site's CSV.

    Raises (``clean``):
        ValueError: naming the value.
    """

    TRUE = {"true", "1", "yes", "y"}
    FALSE = {"false", "0", "no", "n"}

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            return value
        text = _text(value).casefold()
        if not text:
            return None
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise ValueError(f"“{_text(value)}” is not true or false.")

    def render(self, value, obj=None, **kwargs):
        if kwargs.get("force_native_type"):
            return value
        return "" if value is None else ("true" if value else "false")


class DecimalWidget(widgets.DecimalWidget):
    """A decimal number; a cell that is none is a ``ValueError``.

    ``places``: the model field's ``decimal_places``. A number with fewer
    places is padded to them (``33.749`` -> ``33.749000``), as the database
    stores it, so a value read back from an XLSX number cell (a float, which
    keeps no trailing zeros) shows no change in the import's preview. A
    number with more places is left as written: the model's validation
    names the limit rather than rounding silently.
    """

    def __init__(self, places: int | None = None, **kwargs):
        self.places = places
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        if value is None or _text(value) == "":
            return None
        try:
            number = Decimal(_text(value))
        except InvalidOperation as exc:
            raise ValueError(f"“{_text(value)}” is not a number.") from exc
        if self.places is not None and number.is_finite():
            exponent = number.as_tuple().exponent
            if isinstance(exponent, int) and -exponent < self.places:
                number = number.quantize(Decimal(1).scaleb(-self.places))
        return number


def _places(model: type[models.Model], field: str) -> int:
    """The ``decimal_places`` of ``model``'s DecimalField ``field``."""
    return model._meta.get_field(field).decimal_places


# --- places -------------------------------------------------------------------


class CityResource(TrackerResource):
    """Places: name, state, kind, coordinates, gazetteer entry.

    A row updates the place with its ``id``, or else the place with the
    same name, state and kind (the model's natural key, its unique
    constraint); otherwise it adds one. ``kind`` defaults to city; ``state``
    is the USPS code (case ignored).
    """

    id = _readonly("id")
    name = fields.Field(attribute="name", column_name="name", widget=widgets.CharWidget())
    state = fields.Field(attribute="state", column_name="state", widget=widgets.CharWidget())
    kind = fields.Field(
        attribute="kind", column_name="kind", widget=ChoiceWidget(City.Kind.choices)
    )
    latitude = fields.Field(
        attribute="latitude",
        column_name="latitude",
        widget=DecimalWidget(places=_places(City, "latitude")),
    )
    longitude = fields.Field(
        attribute="longitude",
        column_name="longitude",
        widget=DecimalWidget(places=_places(City, "longitude")),
    )
    gazetteer_id = fields.Field(
        attribute="gazetteer_id",
        column_name="gazetteer_id",
        widget=widgets.CharWidget(allow_blank=True),
    )
    slug = _readonly("slug")

    required_columns = ("name", "state")

    class Meta:
        model = City
        fields = ("id", "name", "state", "kind", "latitude", "longitude", "gazetteer_id", "slug")
        import_id_fields = ("id",)

    def before_import_row(self, row, **kwargs):
        """State codes in capitals, a blank kind as city."""
        super().before_import_row(row, **kwargs)
        if isinstance(row.get("state"), str):
            row["state"] = row["state"].strip().upper()
        if "kind" in row and not _text(row.get("kind")):
            row["kind"] = City.Kind.CITY

    def _place_key(self, row) -> tuple[str, str, str]:
        kind = ChoiceWidget(City.Kind.choices)
        try:
            kind_value = kind.clean(row.get("kind")) or City.Kind.CITY
        except ValueError:
            kind_value = _text(row.get("kind"))
        return (
            " ".join(_text(row.get("name")).split()).casefold(),
            _text(row.get("state")).upper(),
            kind_value,
        )

    def natural_key(self, row):
        """The id, or name (spaces collapsed, case ignored), state and kind."""
        return super().natural_key(row) or ("place",) + self._place_key(row)

    def describe_key(self, row):
        return f"{_text(row.get('name'))}, {_text(row.get('state')).upper()}, " + (
            _text(row.get("kind")) or "city"
        )

    def find_existing(self, row):
        """By id, or by name, state and kind."""
        found = super().find_existing(row)
        if found is not None:
            return found
        name, state, kind = self._place_key(row)
        if not name:
            return None
        return City.objects.filter(
            name__iexact=" ".join(_text(row.get("name")).split()), state=state, kind=kind
        ).first()


# --- sources ------------------------------------------------------------------


class SourceResource(TrackerResource):
    """Sources: kind, title, publisher, URLs, date, full text.

    A row updates the source with its ``id``, or else the one with the same
    ``url``; otherwise it adds one. Files are attached in the admin (an
    upload is checked there); their SHA-256 and type are exported.
    """

    id = _readonly("id")
    kind = fields.Field(
        attribute="kind", column_name="kind", widget=ChoiceWidget(Source.Kind.choices)
    )
    title = fields.Field(attribute="title", column_name="title", widget=widgets.CharWidget())
    publisher = fields.Field(
        attribute="publisher", column_name="publisher", widget=SlugOrNameWidget(Organization)
    )
    url = fields.Field(
        attribute="url", column_name="url", widget=widgets.CharWidget(allow_blank=True)
    )
    published_on = fields.Field(
        attribute="published_on", column_name="published_on", widget=ExportDateWidget()
    )
    archive_url = fields.Field(
        attribute="archive_url",
        column_name="archive_url",
        widget=widgets.CharWidget(allow_blank=True),
    )
    text = fields.Field(
        attribute="text", column_name="text", widget=widgets.CharWidget(allow_blank=True)
    )
    publishable = fields.Field(
        attribute="publishable", column_name="publishable", widget=BooleanWidget()
    )
    sha256 = _readonly("sha256")
    file_type = _readonly("file_type")

    required_columns = ("kind", "title")
    export_related = ("publisher",)

    class Meta:
        model = Source
        fields = (
            "id",
            "kind",
            "title",
            "publisher",
            "url",
            "published_on",
            "archive_url",
            "text",
            "publishable",
            "sha256",
            "file_type",
        )

    def natural_key(self, row):
        """The id, or else the URL, or else title and date."""
        if key := super().natural_key(row):
            return key
        if url := _text(row.get("url")):
            return ("url", url)
        return ("title", _text(row.get("title")).casefold(), _text(row.get("published_on")))

    def find_existing(self, row):
        """By id, or by URL."""
        found = super().find_existing(row)
        if found is None and (url := _text(row.get("url"))):
            found = Source.objects.filter(url=url).order_by("pk").first()
        return found

    def before_import_row(self, row, **kwargs):
        """A blank ``publishable`` is false."""
        super().before_import_row(row, **kwargs)
        if "publishable" in row and row["publishable"] in (None, ""):
            row["publishable"] = False


# --- claims -------------------------------------------------------------------


class ClaimResource(TrackerResource):
    """Claims: the text, who said it (``claimant``, a person by slug or
    name, or ``claimant_organization``), the place, the date, the rating
    (``rating`` label on ``rating_scale``, default the default scale),
    context and archive key.

    A row updates the claim with its ``id``, or else the one with its
    ``external_id``; otherwise it adds a draft (publishing is the
    workflow's, never an import's: ``publication`` is exported only).
    """

    id = _readonly("id")
    slug = _readonly("slug")
    text = fields.Field(attribute="text", column_name="text", widget=widgets.CharWidget())
    wording = fields.Field(
        attribute="wording", column_name="wording", widget=ChoiceWidget(Claim.Wording.choices)
    )
    claimant = fields.Field(
        attribute="claimant", column_name="claimant", widget=SlugOrNameWidget(Person)
    )
    claimant_organization = fields.Field(
        attribute="claimant_organization",
        column_name="claimant_organization",
        widget=SlugOrNameWidget(Organization),
    )
    city = fields.Field(attribute="city", column_name="city", widget=PlaceWidget())
    stated_on = fields.Field(
        attribute="stated_on", column_name="stated_on", widget=ExportDateWidget()
    )
    rating_scale = fields.Field(column_name="rating_scale", readonly=True)
    rating = fields.Field(attribute="rating", column_name="rating", widget=RatingWidget())
    rating_explanation = fields.Field(
        attribute="rating_explanation",
        column_name="rating_explanation",
        widget=widgets.CharWidget(allow_blank=True),
    )
    not_rated = fields.Field(attribute="not_rated", column_name="not_rated", widget=BooleanWidget())
    context = fields.Field(
        attribute="context", column_name="context", widget=widgets.CharWidget(allow_blank=True)
    )
    subjects = fields.Field(
        attribute="subjects", column_name="subjects", widget=widgets.CharWidget(allow_blank=True)
    )
    external_id = fields.Field(
        attribute="external_id",
        column_name="external_id",
        widget=widgets.CharWidget(allow_blank=True),
    )
    publication = _readonly("publication")

    required_columns = ("text", "claimant")
    export_related = ("claimant", "claimant_organization", "city", "rating__scale")

    class Meta:
        model = Claim
        fields = (
            "id",
            "slug",
            "text",
            "wording",
            "claimant",
            "claimant_organization",
            "city",
            "stated_on",
            "rating_scale",
            "rating",
            "rating_explanation",
            "not_rated",
            "context",
            "subjects",
            "external_id",
            "publication",
        )

    def dehydrate_rating_scale(self, claim: Claim) -> str:
        return claim.rating.scale.slug if claim.rating_id else ""

    def natural_key(self, row):
        """The id, or the archive key, or who said it and the text."""
        if key := super().natural_key(row):
            return key
        if external := _text(row.get("external_id")):
            return ("external_id", external)
        return (
            "claim",
            _text(row.get("claimant")).casefold(),
            _text(row.get("claimant_organization")).casefold(),
            " ".join(_text(row.get("text")).split()),
        )

    def describe_key(self, row):
        if external := _text(row.get("external_id")):
            return f"external_id {external}"
        who = _text(row.get("claimant")) or _text(row.get("claimant_organization"))
        text = " ".join(_text(row.get("text")).split())
        return f"{who}: “{text[:60]}”"

    def find_existing(self, row):
        """By id, or by archive key."""
        found = super().find_existing(row)
        if found is None and (external := _text(row.get("external_id"))):
            found = Claim.objects.filter(external_id=external).first()
        return found

    def before_import_row(self, row, **kwargs):
        """A claim needs its speaker: a person or an organization.

        Raises:
            ValidationError: both blank (keyed ``claimant``).
        """
        super().before_import_row(row, **kwargs)
        if "not_rated" in row and row["not_rated"] in (None, ""):
            row["not_rated"] = False
        if not _text(row.get("claimant")) and not _text(row.get("claimant_organization")):
            raise ValidationError(
                {
                    "claimant": (
                        f"Row {sheet_row(kwargs.get('row_number') or 0)}: who said it? Give the "
                        "speaker in “claimant” (a person's slug or name) or an organization in "
                        "“claimant_organization”."
                    )
                }
            )


# --- responses ----------------------------------------------------------------


class ResponseResource(TrackerResource):
    """Responses: one place's answer to one inquiry.

    ``inquiry`` by slug, ``city`` by slug or "Name, ST", ``status`` by value
    or label, dates ISO 8601, ``organization`` and ``respondent`` by slug or
    name, ``status_source`` by the source's id or URL. A row updates the
    response with its ``id``, or else the response of that place to that
    inquiry; otherwise it adds one. Status moves are the services' (a
    reopening needs a stated reason and a change readers see needs a
    correction note: an import gives neither, so both are row errors
    pointing to the admin's form).
    """

    id = _readonly("id")
    inquiry = fields.Field(attribute="inquiry", column_name="inquiry", widget=InquiryWidget())
    city = fields.Field(attribute="city", column_name="city", widget=PlaceWidget())
    status = fields.Field(
        attribute="status", column_name="status", widget=ChoiceWidget(Response.Status.choices)
    )
    acknowledged_on = fields.Field(
        attribute="acknowledged_on", column_name="acknowledged_on", widget=ExportDateWidget()
    )
    received_on = fields.Field(
        attribute="received_on", column_name="received_on", widget=ExportDateWidget()
    )
    as_of = fields.Field(attribute="as_of", column_name="as_of", widget=ExportDateWidget())
    organization = fields.Field(
        attribute="organization",
        column_name="organization",
        widget=SlugOrNameWidget(Organization),
    )
    respondent = fields.Field(
        attribute="respondent", column_name="respondent", widget=SlugOrNameWidget(Person)
    )
    status_source = fields.Field(
        attribute="status_source", column_name="status_source", widget=SourceWidget()
    )
    dates_as_reported = fields.Field(
        attribute="dates_as_reported",
        column_name="dates_as_reported",
        widget=BooleanWidget(),
    )
    summary = fields.Field(
        attribute="summary", column_name="summary", widget=widgets.CharWidget(allow_blank=True)
    )
    text = fields.Field(
        attribute="text", column_name="text", widget=widgets.CharWidget(allow_blank=True)
    )

    required_columns = ("inquiry", "city", "status")
    export_related = ("inquiry", "city", "organization", "respondent", "status_source")

    class Meta:
        model = Response
        fields = (
            "id",
            "inquiry",
            "city",
            "status",
            "acknowledged_on",
            "received_on",
            "as_of",
            "organization",
            "respondent",
            "status_source",
            "dates_as_reported",
            "summary",
            "text",
        )

    def natural_key(self, row):
        """The id, or the inquiry and the place (as written, case ignored)."""
        if key := super().natural_key(row):
            return key
        return (
            "response",
            _text(row.get("inquiry")).casefold(),
            " ".join(_text(row.get("city")).split()).casefold(),
        )

    def describe_key(self, row):
        return f"inquiry {_text(row.get('inquiry'))}, {_text(row.get('city'))}"

    def find_existing(self, row):
        """By id, or by inquiry and place (unreadable names are reported
        by their columns later)."""
        found = super().find_existing(row)
        if found is not None:
            return found
        try:
            inquiry = InquiryWidget().clean(row.get("inquiry"))
            city = PlaceWidget().clean(row.get("city"))
        except ValueError:
            return None
        if inquiry is None or city is None:
            return None
        return Response.objects.filter(inquiry=inquiry, city=city).first()

    def before_import_row(self, row, **kwargs):
        """A blank ``dates_as_reported`` is false; a blank ``as_of`` keeps
        the stored one (a new response: today, the newsroom's)."""
        super().before_import_row(row, **kwargs)
        if "dates_as_reported" in row and row["dates_as_reported"] in (None, ""):
            row["dates_as_reported"] = False

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        """A blank ``as_of`` leaves the stored (or default) date."""
        if field.column_name == "as_of" and not _text(row.get("as_of")):
            return
        super().import_field(field, instance, row, is_m2m, **kwargs)

    def service_save(self, instance, *, acting_user, reason: str) -> None:
        """Write with :func:`articles.services.response_update` (status moves).

        A move that reopens a received or declined response (one
        :data:`articles.transitions.MOVES` marks ``needs_reason``) is
        refused: the project's rule (README "Status moves",
        :func:`articles.services.response_reopen`) is that it needs a
        stated reason, and "Imported from <file>" states none. Any other
        move the table refuses (acknowledged back to pending) is refused
        by the service, on the same column.

        Raises:
            ValidationError: ``{"status": ...}`` naming the stored and the
                new status and where to reopen the response.
        """
        stored = (
            Response.objects.filter(pk=instance.pk).values_list("status", flat=True).first()
            if instance.pk is not None and not instance._state.adding
            else None
        )
        move = transitions.find_move(stored, instance.status) if stored else None
        if move is not None and move.needs_reason:
            was = Response.Status(stored).label.lower()
            now = Response.Status(instance.status).label.lower()
            raise ValidationError(
                {
                    "status": (
                        f"This response is {was}; moving it to {now} reopens it, which needs a "
                        "stated reason that an import cannot give. Reopen it in the admin (open "
                        f"the response, set the status to {now} and fill in “Reason for "
                        f"change”), or keep “{stored}” in this column."
                    )
                }
            )
        services.response_update(response=instance, acting_user=acting_user, reason=reason)


#: The resource of each model the admin imports and exports.
RESOURCES: dict[type[models.Model], type[TrackerResource]] = {
    City: CityResource,
    Source: SourceResource,
    Claim: ClaimResource,
    Response: ResponseResource,
}
