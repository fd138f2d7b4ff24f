"""History records in the words an editor reads: each value as a label,
an AP-style date or a name, and a record's changes field by field, the
workflow's fields included. Used by the admin's history pages and by
:mod:`articles.locking` to say what changed meanwhile."""

import datetime

from django.utils import dateformat, timezone
from django.utils.text import capfirst
from simple_history.models import DeletedObject

from .clock import newsroom_zone
from .formats import ap_date

#: Fields a form never edits but whose changes readers see: a history
#: page lists them with the rest (django-simple-history diffs only
#: editable fields).
WORKFLOW_FIELDS = ("publication", "submitted_by", "published_at", "retracted_at", "retraction_note")


def history_value(field, value) -> str:
    """A value from a history diff in the words an editor reads: a
    choice's label, a date in AP style, a related record's name ("—" for
    none, "deleted" for one since deleted), many-to-many as a list of
    names, a long text cut at 100 characters."""
    if isinstance(value, list):  # many-to-many rows: [{"source": <Source>, ...}]
        target = field.m2m_reverse_field_name()
        names = [str(row.get(target, row)) if isinstance(row, dict) else str(row) for row in value]
        return "; ".join(names) or "—"
    if value is None or value == "":
        return "—"
    if isinstance(value, DeletedObject):
        return "—" if value.pk is None else f"a deleted {value.model._meta.verbose_name}"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, datetime.datetime):
        local = timezone.localtime(value, newsroom_zone())
        return f"{ap_date(local)}, {dateformat.format(local, 'P')}"
    if isinstance(value, datetime.date):
        return ap_date(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    text = str(value)
    return text if len(text) <= 100 else text[:99] + "…"


def text_difference(old: str, new: str, context: int = 40) -> tuple[str, str]:
    """Two long texts cut to where they differ, with ``context`` characters
    around it and "…" for what is left out: "… will not be allowed …" →
    "… will be allowed …", rather than two first hundred characters that
    look the same."""
    start = 0
    limit = min(len(old), len(new))
    while start < limit and old[start] == new[start]:
        start += 1
    end_old, end_new = len(old), len(new)
    while end_old > start and end_new > start and old[end_old - 1] == new[end_new - 1]:
        end_old -= 1
        end_new -= 1

    def cut(text: str, end: int) -> str:
        begin = max(0, start - context)
        stop = min(len(text), end + context)
        middle = text[begin:stop]
        if len(middle) > 2 * context + 200:
            middle = middle[: context + 100] + " … " + middle[-(context + 100) :]
        return ("…" if begin else "") + middle + ("…" if stop < len(text) else "")

    return cut(old, end_old) or "—", cut(new, end_new) or "—"


def history_delta(model, record, previous) -> list[dict]:
    """``record``'s changes against ``previous`` (both historical records
    of ``model``), field by field: ``[{"name": field name, "field": label,
    "old": text, "new": text}]`` (:func:`history_value`), sorted by label; the workflow's
    fields (:data:`WORKFLOW_FIELDS`) included, which no form edits and
    django-simple-history therefore does not diff."""
    delta = record.diff_against(previous, foreign_keys_are_objs=True)
    values = {c.field: (c.old, c.new) for c in delta.changes}
    for name in WORKFLOW_FIELDS:
        if name not in values and any(f.name == name for f in model._meta.fields):
            old, new = getattr(previous, name), getattr(record, name)
            if old != new:
                values[name] = (old, new)
    changes = []
    for name, (old, new) in values.items():
        field = model._meta.get_field(name)
        if isinstance(old, str) and isinstance(new, str) and max(len(old), len(new)) > 100:
            old_text, new_text = text_difference(old, new)
        else:
            old_text, new_text = history_value(field, old), history_value(field, new)
        changes.append(
            {"name": name, "field": capfirst(field.verbose_name), "old": old_text, "new": new_text}
        )
    return sorted(changes, key=lambda c: c["field"])
