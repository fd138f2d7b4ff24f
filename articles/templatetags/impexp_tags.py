"""Filters for the import pages (templates/admin/articles/import.html)."""

from django import template

from ..resources import CONTROL_CHARS, sheet_row

register = template.Library()


@register.filter
def visible_controls(value) -> str:
    """A cell as the preview shows it: each control character as its code
    point in brackets (``"Bal\\x00timore"`` -> ``"Bal[U+0000]timore"``), so
    the editor sees where the error is; None as an empty cell."""
    if value is None:
        return ""
    return CONTROL_CHARS.sub(lambda m: f"[U+{ord(m.group()):04X}]", str(value))


@register.filter(name="sheet_row")
def sheet_row_filter(row_number) -> int:
    """The spreadsheet's row for a data row (the header is row 1)."""
    return sheet_row(int(row_number))
