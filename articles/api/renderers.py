"""CSV for the API: ``?format=csv`` or ``Accept: text/csv`` on any list or
detail (issue 8, "Shape for data desks").

One row per resource, flat columns: a nested object becomes one column per
key, its name prefixed by the field's (``city`` -> ``city_id``,
``city_slug``, ``city_name``, ``city_url``, ``city_html_url``); a list
(``sources``, ``corrections``, ``citations``) becomes one column per key of
its items, the items' values joined with :data:`LIST_SEPARATOR` in order.
The columns come from the serializer, so an empty page still has its header
and every page of a list has the same columns.

The cells are written exactly as the pages' CSV downloads write them
(:func:`articles.exports.csv_lines`): UTF-8 with a byte-order mark, formula
openings neutralised, forbidden control characters dropped, booleans
``true``/``false``, nulls empty. A list is paginated as its JSON is (the
rows of ``?page=``), and what the JSON body says beside ``results`` goes in
headers: ``X-Total-Count`` (``count``), ``Link`` (``rel="next"`` and
``rel="prev"``) and ``X-Evaluated-At`` (``evaluated_at``, also on details).
Errors are never CSV: the viewsets answer them in JSON.

djangorestframework-csv was considered: its last release is from 2023, its
column names are dotted (``city.slug``) and its cells are not
formula-safe, so the pages' own helpers are reused instead.
"""

from collections.abc import Iterable
from typing import Any

from rest_framework import serializers
from rest_framework.renderers import BaseRenderer

from .. import clock
from ..exports import csv_lines, export_filename
from .pagination import evaluated_at

#: Between the values of a list in one cell (``sources_name``).
LIST_SEPARATOR = " | "


def serializer_columns(serializer: serializers.BaseSerializer, prefix: str = "") -> list[str]:
    """The flat column names of ``serializer``'s output, in field order
    (nested serializers and lists of them expanded, ``prefix_key``)."""
    if isinstance(serializer, serializers.ListSerializer):
        serializer = serializer.child
    columns: list[str] = []
    for name, field in serializer.fields.items():
        column = f"{prefix}{name}"
        if isinstance(field, serializers.ListSerializer) and isinstance(
            field.child, serializers.Serializer
        ):
            columns += serializer_columns(field.child, f"{column}_")
        elif isinstance(field, serializers.Serializer):
            columns += serializer_columns(field, f"{column}_")
        else:
            columns.append(column)
    return columns


def flatten(value: Any, prefix: str, out: dict[str, Any]) -> None:
    """Put ``value`` (a serializer's output) into ``out`` as flat columns."""
    if isinstance(value, dict):
        for key, item in value.items():
            flatten(item, f"{prefix}_{key}" if prefix else key, out)
    elif isinstance(value, list):
        if value and all(isinstance(item, dict) for item in value):
            parts: dict[str, list[str]] = {}
            for item in value:
                flat: dict[str, Any] = {}
                flatten(item, prefix, flat)
                for key, cell in flat.items():
                    parts.setdefault(key, []).append("" if cell is None else str(cell))
            for key, cells in parts.items():
                out[key] = LIST_SEPARATOR.join(cells)
        else:
            out[prefix] = LIST_SEPARATOR.join("" if v is None else str(v) for v in value)
    else:
        out[prefix] = value


class CSVRenderer(BaseRenderer):
    """``text/csv; charset=utf-8``, format ``csv``: see the module docstring."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        """The CSV bytes for a list body (``results``) or a detail body."""
        context = renderer_context or {}
        view, request, response = (
            context.get("view"),
            context.get("request"),
            context.get("response"),
        )
        if data is None:
            return b""
        if isinstance(data, dict) and isinstance(data.get("results"), list):
            rows: Iterable = data["results"]
            if response is not None:
                self._list_headers(data, response)
        elif isinstance(data, dict):
            rows = [data]
        else:
            rows = list(data)
        flat_rows = []
        for row in rows:
            flat: dict[str, Any] = {}
            flatten(row, "", flat)
            flat_rows.append(flat)
        columns = self._columns(view, flat_rows)
        if response is not None and request is not None:
            response["X-Evaluated-At"] = evaluated_at(request)
            what = getattr(view, "basename", None) or "rows"
            name = export_filename(f"api-{what}", clock.request_now(request))
            response["Content-Disposition"] = f'attachment; filename="{name}"'
        lines = csv_lines(columns, ([flat.get(c) for c in columns] for flat in flat_rows))
        return "".join(lines).encode("utf-8")

    @staticmethod
    def _columns(view, flat_rows: list[dict]) -> list[str]:
        """The serializer's columns (a null object or an empty list leaves
        its columns empty); without a view, the rows' keys in order."""
        if view is not None and hasattr(view, "get_serializer_class"):
            return serializer_columns(view.get_serializer_class()(context={}))
        columns: list[str] = []
        seen: set[str] = set()
        for flat in flat_rows:
            for key in flat:
                if key not in seen:
                    seen.add(key)
                    columns.append(key)
        return columns

    @staticmethod
    def _list_headers(data: dict, response) -> None:
        """``X-Total-Count`` and ``Link`` from a paginated body."""
        if "count" in data:
            response["X-Total-Count"] = str(data["count"])
        links = [
            f'<{data[key]}>; rel="{rel}"'
            for key, rel in (("next", "next"), ("previous", "prev"))
            if data.get(key)
        ]
        if links:
            response["Link"] = ", ".join(links)
