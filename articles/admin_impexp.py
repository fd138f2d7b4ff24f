"""Import and export in the editors' admin (the issue "The editors' desk",
item 7): django-import-export's admin, made to refuse bad files clearly
and to import all or nothing.

- **The upload form refuses a bad file before any row is read**
  (:class:`TrackerImportForm`): larger than ``settings.IMPORT_MAX_FILE_BYTES``
  or with more than ``settings.IMPORT_MAX_ROWS`` rows; not what the chosen
  format says (a PDF sent as CSV, text sent as XLSX: the content decides,
  read with ``filetype``, not the name); CSV that is not UTF-8; wrong
  columns (:meth:`articles.resources.TrackerResource.check_headers`). Each
  is an error on the form naming the limit, the type or the columns.
- **Preview, then confirm**: the dry run shows each row as new, update or
  skipped, or the rows' errors by row and column (the header is row 1);
  the confirm button appears only when no row has an error.
- **All or nothing**: the confirmed import runs in one transaction rolled
  back on any row error (``rollback_on_validation_errors``); the page then
  shows the errors and says that nothing was imported. A confirmation
  whose uploaded file is gone (sent twice, or a forged name) is an error
  message, never a 500.
- **Who**: importing needs the model's add or change permission (each row
  is then checked by the services: :mod:`articles.resources`); exporting
  needs the view permission (``IMPORT_EXPORT_EXPORT_PERMISSION_CODE``) and
  exports only what the user may see (``visible_to``, the list's filters
  and search applied).
"""

import copy
import csv
import io

import filetype
from django.conf import settings
from django.contrib import messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ERROR_FLAG
from django.contrib.auth import get_permission_codename
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect, QueryDict
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import reverse
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import XLSX
from import_export.forms import ImportForm

from .resources import FormulaCell

#: How a file's first bytes name its type when it is not what it claims.
_ZIP_MAGIC = b"PK\x03\x04"


def read_dataset(input_format, data: bytes):
    """Read an uploaded file's bytes as ``input_format`` (an instance of
    django-import-export's CSV or XLSX format), checking that the content
    is of that type.

    Returns:
        A ``tablib.Dataset``.

    Raises:
        ValidationError: naming what the file is instead (by its content),
            or what could not be read.
    """
    kind = filetype.guess(data[:8192])
    if isinstance(input_format, XLSX):
        if not data.startswith(_ZIP_MAGIC):
            what = f"a {kind.extension.upper()} file ({kind.mime})" if kind else "not a workbook"
            raise ValidationError(
                f"This file is {what}, not an XLSX workbook. Choose the format that matches the "
                "file, or save it from your spreadsheet as “Excel Workbook (.xlsx)”."
            )
        try:
            return input_format.create_dataset(data)
        except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
            raise ValidationError(
                f"This file could not be read as an XLSX workbook ({type(exc).__name__}). "
                "Open it in a spreadsheet and save it again as .xlsx."
            ) from exc
    if kind is not None:
        raise ValidationError(
            f"This file is a {kind.extension.upper()} file ({kind.mime}) by its content, not CSV "
            "text. Upload a .csv file (or choose XLSX for a workbook)."
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError(
            f"This CSV file is not UTF-8 text (byte 0x{data[exc.start]:02x} at position "
            f"{exc.start + 1}). Save it from your spreadsheet as “CSV UTF-8”."
        ) from exc
    try:
        return input_format.create_dataset(text)
    except Exception as exc:  # csv.Error, tablib's InvalidDimensions
        raise ValidationError(
            f"This file could not be read as CSV: {_csv_problem(text, exc)}."
        ) from exc


def _csv_problem(text: str, exc: Exception) -> str:
    """What is wrong with a CSV file tablib could not read: the first row
    whose number of cells differs from the header's (tablib's
    ``InvalidDimensions`` says nothing), or the reader's own message."""
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        return str(error)
    width = len(rows[0]) if rows else 0
    for number, row in enumerate(rows, 1):
        if row and len(row) != width:
            return (
                f"row {number} has {len(row)} cells but the header row has {width}; "
                "every row needs one cell per column"
            )
    return str(exc) or type(exc).__name__


class TrackerXLSX(XLSX):
    """django-import-export's XLSX reader, but a cell holding a formula is
    read as a :class:`articles.resources.FormulaCell` (the formula's text)
    rather than as its cached result: the stock reader opens the workbook
    with ``data_only=True``, so a formula a program wrote without a result
    (``=HYPERLINK(...)``) reads as an empty cell and the row fails with
    unrelated errors ("This field cannot be blank.", an empty slug). The
    resource then makes each such cell a row error naming its column."""

    def create_dataset(self, in_stream):
        """The first sheet as a ``tablib.Dataset`` (blank lines skipped as
        ``IMPORT_EXPORT_IMPORT_IGNORE_BLANK_LINES`` says)."""
        import openpyxl
        import tablib

        book = openpyxl.load_workbook(io.BytesIO(in_stream), read_only=True, data_only=False)
        try:
            rows = book.active.rows
            dataset = tablib.Dataset()
            dataset.headers = [cell.value for cell in next(rows, ())]
            ignore_blanks = getattr(settings, "IMPORT_EXPORT_IMPORT_IGNORE_BLANK_LINES", False)
            for row in rows:
                values = [_cell_value(cell) for cell in row]
                if ignore_blanks and all(value is None for value in values):
                    continue
                dataset.append(values)
            return dataset
        finally:
            book.close()


def _cell_value(cell):
    """A worksheet cell's value; a formula as a ``FormulaCell``."""
    if getattr(cell, "data_type", None) == "f":
        value = cell.value
        return FormulaCell(getattr(value, "text", None) or str(value))
    return cell.value


class TrackerImportForm(ImportForm):
    """django-import-export's upload form, refusing a bad file before any
    row is read (module docstring). Its errors are on ``import_file``."""

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self._formats = formats
        self._resources = resources
        resource = resources[0]
        self.fields["import_file"].help_text = (
            f"CSV (UTF-8) or XLSX, up to {filesizeformat(settings.IMPORT_MAX_FILE_BYTES)} and "
            f"{settings.IMPORT_MAX_ROWS:,} rows; the first row names the columns. Required: "
            + ", ".join(resource.required_columns)
            + "."
        )

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("import_file")
        fmt = cleaned.get("format")
        if upload is None or fmt in (None, ""):
            return cleaned
        limit = settings.IMPORT_MAX_FILE_BYTES
        if upload.size > limit:
            self.add_error(
                "import_file",
                f"This file is {filesizeformat(upload.size)}; the limit is "
                f"{filesizeformat(limit)} ({limit:,} bytes). Split it into smaller files.",
            )
            return cleaned
        data = b"".join(upload.chunks())
        upload.seek(0)
        try:
            input_format = self._formats[int(fmt)](encoding="utf-8-sig")
            resource_class = self._resources[int(cleaned.get("resource") or 0)]
        except (ValueError, IndexError):
            self.add_error("format", "Choose CSV or XLSX.")
            return cleaned
        try:
            dataset = read_dataset(input_format, data)
            resource_class.check_headers(dataset.headers)
        except ValidationError as exc:
            self.add_error("import_file", exc)
            return cleaned
        if len(dataset) > settings.IMPORT_MAX_ROWS:
            self.add_error(
                "import_file",
                f"This file has {len(dataset):,} rows; one import takes at most "
                f"{settings.IMPORT_MAX_ROWS:,}. Split it into smaller files.",
            )
        return cleaned


class TrackerImportExportMixin(ImportExportMixin):
    """Import and export for a :class:`articles.admin.TrackerAdmin`; put it
    first among the admin's bases and set ``resource_classes``."""

    import_form_class = TrackerImportForm
    import_template_name = "admin/articles/import.html"
    export_template_name = "admin/articles/export.html"

    def has_import_permission(self, request):
        """The model's add or change permission (each row is checked again)."""
        opts = self.opts
        return any(
            request.user.has_perm(f"{opts.app_label}.{get_permission_codename(action, opts)}")
            for action in ("add", "change")
        )

    def get_export_queryset(self, request):
        """The list as filtered and searched, limited to what the user may
        see (``visible_to``, DESIGN.md "Who may see what")."""
        return super().get_export_queryset(request).visible_to(request.user)

    def get_import_formats(self):
        """The settings' formats, XLSX read by :class:`TrackerXLSX`."""
        return [TrackerXLSX if fmt is XLSX else fmt for fmt in super().get_import_formats()]

    def export_action(self, request):
        """The export page and file; an address whose filters the list
        does not know (``?foo=bar``, ``?city__id__exact=abc``: the
        changelist's ``IncorrectLookupParameters``) is a 400 page naming
        each such parameter (:meth:`_bad_export_parameters`), never a 500
        and never a silently unfiltered file."""
        try:
            return super().export_action(request)
        except IncorrectLookupParameters as exc:
            bad = self._bad_export_parameters(request) or [
                ("", "", f"the list cannot be filtered this way ({exc})")
            ]
            context = {
                **self.admin_site.each_context(request),
                "title": "Export: unknown filter",
                "opts": self.opts,
                "bad_parameters": bad,
                "export_url": reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_export"),
            }
            request.current_app = self.admin_site.name
            return TemplateResponse(
                request, "admin/articles/export_bad_parameters.html", context, status=400
            )

    def _bad_export_parameters(self, request) -> list[tuple[str, str, str]]:
        """The query parameters of ``request`` the list refuses, each tried
        alone: ``[(name, value, why)]``. Only called once the list has
        refused the whole query."""
        bad = []
        for name, values in request.GET.lists():
            if name == ERROR_FLAG:
                continue
            for value in values:
                alone = copy.copy(request)
                alone.GET = QueryDict(mutable=True)
                alone.GET[name] = value
                try:
                    super().get_export_queryset(alone)
                except IncorrectLookupParameters as exc:
                    why = str(exc).split(". Choices are")[0].removesuffix(".")
                    bad.append((name, value, f"{why}."))
        return bad

    def get_import_data_kwargs(self, **kwargs):
        """All or nothing: a row error rolls the whole import back."""
        kwargs = super().get_import_data_kwargs(**kwargs)
        kwargs.pop("request", None)
        kwargs["rollback_on_validation_errors"] = True
        return kwargs

    def _import_url(self) -> str:
        opts = self.opts
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_import")

    def process_import(self, request, **kwargs):
        """The confirmed import; a confirmation whose file is gone or whose
        fields were tampered with is an error message and the upload page."""
        try:
            return super().process_import(request, **kwargs)
        except (OSError, ValueError, IndexError, KeyError):
            messages.error(
                request,
                "Nothing was imported: the uploaded file is no longer waiting for confirmation "
                "(it was already imported, or the page is stale). Upload the file again.",
            )
            return HttpResponseRedirect(self._import_url())

    def process_result(self, result, request):
        """After the confirmed import: the changes, or (rolled back) the
        rows' errors with "nothing was imported"."""
        if result.has_errors() or result.has_validation_errors():
            messages.error(
                request,
                "Nothing was imported: some rows have errors (listed below). Correct the file "
                "and upload it again.",
            )
            formats = self.get_import_formats()
            form = self.get_import_form_class(request)(
                formats, self.get_import_resource_classes(request)
            )
            context = self.get_import_context_data()
            context.update(self.admin_site.each_context(request))
            context.update(
                {
                    "title": "Import",
                    "form": form,
                    "opts": self.model._meta,
                    "media": self.media + form.media,
                    "result": result,
                    "import_error_display": self.import_error_display,
                    "fields_list": [],
                }
            )
            request.current_app = self.admin_site.name
            return TemplateResponse(request, [self.import_template_name], context)
        return super().process_result(result, request)
