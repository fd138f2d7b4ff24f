"""Forms and formsets for the editors' admin (articles/admin.py).

They only shape input: every rule is still the model's (field validation,
``Meta.constraints`` and ``clean()``), run by the form's ``full_clean`` and
again by the service that saves (articles/services.py). Three checks are
the page's own and come first, so that the editor sees them on the form
with their input kept: the version the page was opened at
(:class:`VersionedModelForm`; the services check it again), the correction
note a change to a public record's facts needs (:class:`ChangeReasonForm`,
:class:`CorrectedRowMixin`), and the fields a role may not change.
"""

import datetime
import posixpath

from django import forms
from django.contrib.admin.widgets import (
    AdminFileWidget,
    AutocompleteSelect,
    AutocompleteSelectMultiple,
)
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils import dateformat, timezone

from . import services, transitions
from .choices import CorrectionKind
from .clock import newsroom_zone
from .documents import inspect_document, max_bytes, size_words
from .formats import ap_date
from .locking import StaleVersionError
from .models import Response
from .models.base import normalize_newlines

SLUG_OPTIONAL_HELP = "Leave blank to fill it in from the name or title."

#: The name of the "Reason for change" field on every admin form (and the
#: key inline forms read from the page's POST data).
CHANGE_REASON = "change_reason"

#: The hidden field every admin form and inline row carries: the version of
#: the record the page was opened at (:mod:`articles.locking`). Not
#: ``version``: Django's model forms refuse a non-editable model field's name.
VERSION_FIELD = "based_on_version"

#: The correction or update note readers see, written with a change to a
#: public record's facts (``services.CORRECTED_FIELDS``). ``correction`` is
#: also the key of the services' error when the note is missing.
CORRECTION = "correction"
CORRECTION_KIND = "correction_kind"

#: Form fields that are the page's, not the record's: never a changed field.
PAGE_FIELDS = frozenset({CHANGE_REASON, VERSION_FIELD, CORRECTION, CORRECTION_KIND})


def may_correct(user) -> bool:
    """Whether ``user`` may write correction notes (``articles.add_correction``)."""
    return user is not None and user.has_perm("articles.add_correction")


def corrected_field_names(model: type[models.Model]) -> tuple[str, ...]:
    """The fields of ``model`` whose change on a public record needs a
    correction or update note (``services.CORRECTED_FIELDS``)."""
    return services.CORRECTED_FIELDS.get(model, ())


def _form_value(form: forms.BaseForm, name: str):
    """What ``form`` holds for ``name``: the posted value when bound."""
    return form[name].data if form.is_bound else form[name].initial


def _has_changed(field: forms.Field, initial, data) -> bool:
    """``field.has_changed(initial, data)``, line breaks as the models
    store them (``\\n``; browsers post a textarea's as ``\\r\\n``)."""
    if isinstance(data, str):
        data = normalize_newlines(data)
    if isinstance(initial, str):
        initial = normalize_newlines(initial)
    return field.has_changed(initial, data)


def _put(form: forms.BaseForm, name: str, value) -> None:
    """Write ``value`` (a model value: an instance, a key, a date, a list
    for many-to-many) into the bound ``form``'s data, as a browser would
    post it, so that the form is redrawn holding it."""
    field = form.fields[name]
    keys = [form.add_prefix(name)]
    if field.show_hidden_initial:
        keys.append(form.add_initial_prefix(name))
    for key in keys:
        if isinstance(field, forms.ModelMultipleChoiceField):
            form.data.setlist(key, [str(getattr(v, "pk", v)) for v in value or []])
        elif isinstance(field, forms.BooleanField):
            if value:
                form.data[key] = "on"
            else:
                form.data.pop(key, None)
        elif value is None:
            form.data[key] = ""
        elif isinstance(value, datetime.date | datetime.datetime):
            form.data[key] = value.isoformat()
        else:
            form.data[key] = str(getattr(value, "pk", value))


def _pretty(model: type[models.Model], name: str, text: str) -> str:
    """A value of ``model.name`` as a form holds it (a key, an ISO date, a
    choice's value) in the words the form shows: the related record's name,
    "Aug. 10, 2017", "Acknowledged"."""
    if text in ("", "—"):
        return "—"
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return text
    if field.choices:
        return str(dict(field.flatchoices).get(text, text))
    if isinstance(field, models.ForeignKey) and is_row_key(text):
        related = field.related_model._default_manager.filter(pk=int(text)).first()
        return str(related) if related is not None else f"{text} (deleted)"
    if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
        try:
            return ap_date(datetime.date.fromisoformat(text))
        except ValueError:
            return text
    if isinstance(field, models.BooleanField):
        return {"True": "yes", "False": "no"}.get(text, text)
    return text


def _when(at: datetime.datetime) -> str:
    """``"Nov. 29, 2026, 10:08 a.m."`` in the newsroom's zone."""
    local = timezone.localtime(at, newsroom_zone())
    return f"{ap_date(local)}, {dateformat.format(local, 'P')}"


class VersionedModelForm(forms.ModelForm):
    """A model form that refuses a save based on stale data (the issue
    "Publishing workflow, roles, corrections and no lost edits", item 6).

    The form carries the record's version (:data:`VERSION_FIELD`, hidden).
    ``clean()`` compares the posted version with the stored one; when
    someone else saved the record meanwhile the form is invalid, with a
    non-field error saying who changed what and when
    (:class:`articles.locking.StaleVersionError`), and is redrawn so that
    nothing is lost and saving again is a deliberate choice:

    - the fields the other editor changed and this one did not touch show
      the stored values (their change is kept);
    - the fields both changed keep this editor's input, with an error
      beside each giving the stored value;
    - the hidden version becomes the stored one, so the next save goes
      through.

    :attr:`conflict` holds the error and :attr:`conflict_fields` what
    happened to each field (``"theirs"`` or ``"yours"``), for the page's
    table of changes. The services check the version again when they save
    (the final guard against a save between this check and theirs).

    Class attributes the admin sets (``TrackerAdmin.get_form``):
    ``acting_user``, the user saving; ``reverting``, True on the history's
    revert page, whose form shows an old version but is based on the
    stored one.
    """

    based_on_version = forms.IntegerField(
        widget=forms.HiddenInput, required=False, min_value=1, max_value=2**31 - 1
    )

    acting_user = None
    reverting = False
    #: ``{field: reason}``: fields this user's role may not change here,
    #: drawn read-only; a post that sends one anyway is refused.
    role_locked: dict[str, str] = {}
    #: Whether the page offers the correction note (``TrackerAdmin``: a
    #: public record, an editor); without it the note's fields are dropped.
    offer_note = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict: StaleVersionError | None = None
        self.conflict_fields: dict[str, str] = {}
        if self.is_saved_record():
            version = self.instance.version
            if self.reverting:
                version = self._stored_version() or version
            self.initial[VERSION_FIELD] = version

    # --- helpers ---------------------------------------------------------------

    def is_saved_record(self) -> bool:
        """Whether the form edits a stored record (not a new one)."""
        return self.instance.pk is not None and not self.instance._state.adding

    def _stored_version(self) -> int | None:
        return (
            type(self.instance)
            ._default_manager.filter(pk=self.instance.pk)
            .values_list("version", flat=True)
            .first()
        )

    @property
    def changed_data(self) -> list[str]:
        """The changed model fields (the page's own fields are not). A text
        whose only difference is the browser's line breaks (``\\r\\n``)
        is not changed: the models store ``\\n``."""
        return [
            name
            for name in super().changed_data
            if name not in PAGE_FIELDS
            and _has_changed(self.fields[name], self[name].initial, self[name].data)
        ]

    def corrected_changes(self) -> list[str]:
        """The corrected fields (``services.CORRECTED_FIELDS``) this form
        changes on a record readers can see (as stored); call it before
        the save."""
        names = [n for n in corrected_field_names(type(self.instance)) if n in self.changed_data]
        if names and self.is_saved_record() and services.is_public(self.instance):
            return names
        return []

    # --- validation ----------------------------------------------------------

    def clean(self):
        cleaned = super().clean()
        self._check_role_locks()
        self._check_version(cleaned)
        return cleaned

    def _check_role_locks(self) -> None:
        """Refuse a post that sends a field the page drew read-only for
        this user's role (a forged request), with the reason."""
        reasons = {
            why for name, why in self.role_locked.items() if self.add_prefix(name) in self.data
        }
        for why in sorted(reasons):
            self.add_error(None, ValidationError(why, code="role_locked"))

    def _post_clean(self) -> None:
        """Build the instance, then give it the version the page was based
        on: the services refuse the save if it is no longer the stored one
        (on the revert page, the historical copy's old version is replaced
        by the stored one the page was opened at)."""
        super()._post_clean()
        posted = self.cleaned_data.get(VERSION_FIELD)
        if self.is_saved_record() and posted is not None:
            self.instance.version = posted

    def _check_version(self, cleaned: dict) -> None:
        """Refuse a stale or versionless save of a stored record (see the
        class docstring)."""
        if not self.is_saved_record() or VERSION_FIELD in self.errors:
            return
        stored = self._stored_version()
        name = self.instance._meta.verbose_name
        if stored is None:
            self.add_error(
                None,
                ValidationError(
                    "This %(name)s was deleted after you opened it; nothing was saved.",
                    code="deleted",
                    params={"name": name},
                ),
            )
            return
        posted = cleaned.get(VERSION_FIELD)
        if posted is None:
            self.add_error(
                None,
                ValidationError(
                    "This page did not say which version of the %(name)s it was based on, so "
                    "saving it could undo someone else's change; nothing was saved. Check "
                    "the values below (they are the stored ones where you made no change) "
                    "and save again.",
                    code="version_missing",
                    params={"name": name},
                ),
            )
            self._carry_version(stored)
            return
        if posted != stored:
            self._conflict(posted, stored)

    #: What the redrawn form holds for a field changed meanwhile, in words.
    CONFLICT_SHOWS = {
        "theirs": "Their value: you had not changed this field",
        "yours": "Your input, kept: saving again replaces their value",
        "same": "The same as yours",
        "not here": "Not edited on this page",
    }

    def conflict_saves(self) -> list[dict]:
        """The saves by others since this page was opened, oldest first, for
        the page's table: ``who``, ``at`` (aware), ``reason`` and
        ``changes``, one per field: ``label``, ``old``, ``new`` (in the
        form's words) and ``shows``, what the redrawn form holds
        (:attr:`CONFLICT_SHOWS`). Empty without a conflict."""
        if self.conflict is None:
            return []
        saves = []
        for save in self.conflict.meanwhile:
            changes = []
            for change in save.changes:
                if change.field in self.conflict_fields:
                    state = self.conflict_fields[change.field]
                elif change.field in self.fields:
                    state = "same"
                else:
                    state = "not here"
                changes.append(
                    {
                        "label": change.label,
                        # Already in words (articles.history.history_value).
                        "old": change.old,
                        "new": change.new,
                        "shows": self.CONFLICT_SHOWS[state],
                    }
                )
            if not changes:
                changes.append({"label": "—", "old": "", "new": "", "shows": ""})
            saves.append(
                {"who": save.who, "at": save.at, "reason": save.reason, "changes": changes}
            )
        return saves

    def _conflict_message(self) -> ValidationError:
        """ "Someone else saved this response after you opened it ...: Alice
        on Nov. 29, 2026, 10:08 a.m. (“reason”) changed status and
        acknowledged on. ..." """
        saves = []
        for save in self.conflict.meanwhile:
            labels = [c.label for c in save.changes]
            what = (
                " and ".join([", ".join(labels[:-1]), labels[-1]] if len(labels) > 1 else labels)
                or "no field you edit here"
            )
            reason = f" (“{save.reason}”)" if save.reason else ""
            saves.append(f"{save.who} on {_when(save.at)}{reason} changed {what}")
        return ValidationError(
            "Someone else saved this %(name)s after you opened it, so nothing of yours was "
            "saved yet: %(saves)s. The table below shows their values and what the form "
            "now holds; your input is kept. Check it and save again.",
            code="stale",
            params={
                "name": self.instance._meta.verbose_name,
                "saves": "; then ".join(saves)
                or f"version {self.conflict.stored} replaced your {self.conflict.based_on}",
            },
        )

    def _carry_version(self, stored: int) -> None:
        self.data = self.data.copy()
        _put(self, VERSION_FIELD, stored)

    def _value_at_version(self, name: str, version: int):
        """``name``'s value in the stored history record of ``version``, in
        the shape the form field takes as initial data; ``KeyError`` when
        the history holds no such record."""
        model = type(self.instance)
        history = getattr(model, "history", None)
        record = (
            history.filter(**{model._meta.pk.attname: self.instance.pk}, version=version)
            .order_by("-history_id")
            .first()
            if history is not None
            else None
        )
        if record is None:
            raise KeyError(version)
        field = model._meta.get_field(name)
        if field.many_to_many:
            target = field.m2m_reverse_field_name()
            return [getattr(row, f"{target}_id") for row in getattr(record, name).all()]
        return field.value_from_object(record)

    def _conflict(self, posted: int, stored: int) -> None:
        """The record was saved by someone else after this page was opened:
        the form error, then each field they changed (see the class
        docstring)."""
        self.conflict = StaleVersionError(self.instance, posted, stored)
        self.add_error(None, self._conflict_message())
        self.data = self.data.copy()
        model = type(self.instance)
        current = model._default_manager.get(pk=self.instance.pk)
        latest: dict[str, str] = {}
        for save in self.conflict.meanwhile:
            for change in save.changes:
                latest[change.field] = change.new
        for name, shown in latest.items():
            if name not in self.fields or name in PAGE_FIELDS:
                continue
            field = self.fields[name]
            now = model_to_dict(current, fields=[name]).get(name)
            yours = _form_value(self, name)
            try:
                touched = _has_changed(field, self._value_at_version(name, posted), yours)
            except KeyError:
                touched = True  # no record of what the page showed: keep the input
            if not touched:
                _put(self, name, now)
                self.conflict_fields[name] = "theirs"
            elif _has_changed(field, now, yours):
                self.conflict_fields[name] = "yours"
                self.add_error(
                    name,
                    ValidationError(
                        "Changed meanwhile (now “%(now)s”): your input is kept below; save "
                        "again to replace their value with yours, or change it.",
                        code="stale_field",
                        params={"now": _pretty(model, name, shown)},
                    ),
                )
        self._carry_version(stored)


class CorrectedRowMixin:
    """For an inline row (a response on its inquiry's page, a citation on
    its claim's): a change to a public record's corrected fields needs the
    page's correction note, which only editors write. Reported on the
    changed field, so the editor sees which row and field need it."""

    def clean(self):
        cleaned = super().clean()
        if self.conflict is not None:
            return cleaned
        changed = self.corrected_changes()
        if not changed:
            return cleaned
        noun = self.instance._meta.verbose_name
        if not may_correct(self.acting_user):
            message = (
                f"Readers can see this {noun}: changing it needs a correction note, which only "
                "an editor may write. Leave it as it was, or ask an editor."
            )
        elif not (self.data.get(CORRECTION) or "").strip():
            message = (
                f"Readers can see this {noun}: this change needs a correction or update note. "
                "Write it in “Correction note” on this page."
            )
        else:
            return cleaned
        for name in changed:
            self.add_error(name, ValidationError(message, code="correction_required"))
        return cleaned


class ChangeReasonForm(VersionedModelForm):
    """A model form with a "Reason for change" field, kept in the history
    (``history_change_reason``) by the service that saves, and, for a
    record readers can see, a correction or update note readers see.

    The reason is required when readers can already see the record
    (:func:`articles.services.change_reason_required`: a published claim or
    inquiry, a response to a published inquiry, as stored); elsewhere it is
    optional and the admin records a default naming the changed fields.
    The field is not part of the model, so it never counts as a changed
    field.

    The note (:data:`CORRECTION`, :data:`CORRECTION_KIND`) is offered by
    the admin on public records to editors: a change to the fields in
    ``services.CORRECTED_FIELDS`` (a claim's text or rating, a response's
    status or dates, an inquiry's dates) needs one; the form says so
    beside the note before the service would refuse it.
    """

    change_reason = forms.CharField(
        label="Reason for change",
        required=False,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 80}),
        help_text=(
            "Why you are making this change; kept in the history. Required once "
            "readers can see the record; on a draft, leave blank to record the "
            "fields you changed."
        ),
    )
    correction_kind = forms.ChoiceField(
        label="Kind of note",
        choices=CorrectionKind.choices,
        initial=CorrectionKind.CORRECTION,
        required=False,
        help_text=(
            "A correction fixes an error; an update adds what happened since; a clarification "
            "restates something true but unclear (not for a changed fact)."
        ),
    )
    correction = forms.CharField(
        label="Correction note",
        required=False,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
        help_text=(
            "Shown to readers at the foot of the page, dated. Needed when you change the "
            "text, rating or quote of a published claim, or the status or dates of a "
            "published response or inquiry. Leave blank for any other change."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.offer_note:
            del self.fields[CORRECTION], self.fields[CORRECTION_KIND]
        field = self.fields.get(CHANGE_REASON)
        if field is not None and services.change_reason_required(self.instance):
            field.required = True  # shown as required, and checked in the browser too
            field.error_messages["required"] = (
                f"Readers can see this {self.instance._meta.verbose_name}: "
                "say why you are changing it."
            )

    def clean(self):
        cleaned = super().clean()
        if self.conflict is None:
            self._check_note(cleaned)
        return cleaned

    def _check_note(self, cleaned: dict) -> None:
        """A note where one is needed, and only where it can be published."""
        text = (cleaned.get(CORRECTION) or "").strip()
        kind = cleaned.get(CORRECTION_KIND) or CorrectionKind.CORRECTION
        noun = self.instance._meta.verbose_name
        changed = self.corrected_changes()
        labels = ", ".join(str(self.fields[n].label or n).lower() for n in changed)
        if changed and CORRECTION not in self.fields:
            for name in changed:
                self.add_error(
                    name,
                    ValidationError(
                        "Readers can see this %(noun)s: changing its %(what)s needs a correction "
                        "note, which only an editor may write. Leave it as it was, or ask an "
                        "editor.",
                        code="correction_required",
                        params={"noun": noun, "what": labels},
                    ),
                )
        elif text and not may_correct(self.acting_user):
            self.add_error(
                CORRECTION,
                "Only an editor may write a correction note (permission "
                "“articles.add_correction”). Clear the note, or ask an editor.",
            )
        elif text and not (self.is_saved_record() and services.is_public(self.instance)):
            self.add_error(
                CORRECTION,
                f"Readers cannot see this {noun} yet, so there is nothing to correct: clear "
                "the note and just make the change.",
            )
        elif changed and not text:
            self.add_error(
                CORRECTION,
                ValidationError(
                    "Readers can see this %(noun)s: changing its %(what)s needs a correction or "
                    "update note, shown to readers at the foot of the page. Write the note, or "
                    "leave the %(what)s as it was.",
                    code="correction_required",
                    params={"noun": noun, "what": labels},
                ),
            )
        elif changed and kind not in services.CORRECTION_NOTE_KINDS:
            self.add_error(
                CORRECTION_KIND,
                f"Changing the {labels} changes a fact: choose a correction or an update, "
                "not a clarification.",
            )

    def correction_note(self) -> "services.CorrectionNote | None":
        """The note to hand to the service, or None."""
        cleaned = getattr(self, "cleaned_data", None) or {}
        text = (cleaned.get(CORRECTION) or "").strip()
        if not text:
            return None
        kind = cleaned.get(CORRECTION_KIND) or CorrectionKind.CORRECTION
        return services.CorrectionNote(kind=kind, text=text)


def _check_response_move(form: forms.ModelForm, reason: str) -> None:
    """Check the status move of a response form against the stored status
    (:func:`articles.transitions.check_move`) and bring "status as of"
    forward to the acknowledged and received dates, as the services do.

    A refused move is an error on ``status``; a reopening without a reason
    an error on the reason field when the form has one, on ``status``
    otherwise (an inline row: the reason is the page's).
    """
    cleaned = form.cleaned_data
    status = cleaned.get("status")
    if status is None:
        return
    stored = None
    if form.instance.pk is not None:
        stored = (
            Response.objects.filter(pk=form.instance.pk).values_list("status", flat=True).first()
        )
    try:
        transitions.check_move(stored, status, reason=reason)
    except ValidationError as exc:
        for key, errors in exc.error_dict.items():
            field = CHANGE_REASON if key == "reason" and CHANGE_REASON in form.fields else "status"
            for error in errors:
                if field == "status" and key == "reason":
                    error = ValidationError(
                        f"{error.message % error.params} Give it in “Reason for change” "
                        "at the foot of the page.",
                        code=error.code,
                    )
                form.add_error(field, error)
    if "as_of" in cleaned and cleaned["as_of"] is not None:
        cleaned["as_of"] = transitions.status_as_of(
            cleaned["as_of"], cleaned.get("acknowledged_on"), cleaned.get("received_on")
        )


class ResponseAdminForm(ChangeReasonForm):
    """The response's own admin form: status moves checked against the
    stored status, "status as of" brought forward to the dates entered."""

    def clean(self):
        cleaned = super().clean()
        if self.conflict is None:
            _check_response_move(self, cleaned.get(CHANGE_REASON, ""))
        return cleaned


class VersionedInlineForm(CorrectedRowMixin, VersionedModelForm):
    """An inline row: versioned (a stale row is refused, the error on the
    row), and a change to a public row's corrected fields needs the page's
    correction note."""


class ResponseInlineForm(VersionedInlineForm):
    """A response row on its inquiry's page: the same checks as
    :class:`ResponseAdminForm`, with the page's reason for change."""

    def clean(self):
        cleaned = super().clean()
        if self.conflict is None:
            _check_response_move(self, (self.data.get(CHANGE_REASON) or "").strip())
        return cleaned


class OptionalSlugForm(ChangeReasonForm):
    """A ModelForm whose ``slug`` may be left blank.

    For models whose ``clean()`` fills a blank slug (City, Organization,
    Person, Claim, Inquiry). A blank optional form field is excluded from the
    model's field validation, so ``clean()`` gets to fill it in; the filled
    slug is then checked for uniqueness here, so a clash is reported on the
    slug field instead of surfacing when the service saves.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("slug")
        if field is not None:
            field.required = False
            field.help_text = " ".join(
                filter(None, [str(field.help_text or ""), SLUG_OPTIONAL_HELP])
            )

    def _post_clean(self) -> None:
        super()._post_clean()
        if "slug" not in self.fields or "slug" in self.errors:
            return
        if self.cleaned_data.get("slug") or not self.instance.slug:
            return  # typed in (already validated) or still blank (clean() reported why)
        others = {f.name for f in self.instance._meta.fields} - {"slug"}
        try:
            self.instance.validate_unique(exclude=others)
        except ValidationError as exc:
            self.add_error(
                "slug",
                f"The slug made from it, “{self.instance.slug}”, is taken: "
                + "; ".join(exc.messages),
            )


# --- the editorial workflow's buttons ----------------------------------------------


class WorkflowForm(forms.Form):
    """One of the buttons on a claim's or an inquiry's page (a move through
    :mod:`articles.workflow`, an internal comment, a correction), as
    posted: which, on which version, with what text. It only checks the
    shape of the input; the workflow functions decide (permission, state,
    version, blank text)."""

    MOVES = {
        "submit": "Send to review",
        "publish": "Publish",
        "send_back": "Send back",
        "retract": "Retract",
        "comment": "Add internal comment",
        "correction": "Publish correction",
    }

    move = forms.ChoiceField(choices=list(MOVES.items()))
    version = forms.IntegerField(min_value=1, max_value=2**31 - 1, required=False)
    text = forms.CharField(required=False, strip=True, max_length=20000)
    kind = forms.ChoiceField(choices=CorrectionKind.choices, required=False)
    assign_to = forms.IntegerField(min_value=1, max_value=2**63 - 1, required=False)


class MarkReceivedNoteForm(forms.Form):
    """The update note the bulk "mark received" action asks for when some
    selected responses are public (their inquiry is published)."""

    note = forms.CharField(
        label="Update note",
        strip=True,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
        help_text=(
            "Readers see it, dated, at the foot of each inquiry's page: say what arrived and when."
        ),
        error_messages={
            "required": "Write the update note: readers see these responses, so the change "
            "is published with a note."
        },
    )


class CorrectionAdminForm(ChangeReasonForm):
    """A correction in its own admin. When it is added, the record it
    concerns (one of claim, inquiry, response) must be one readers see:
    a draft has nothing to correct (``workflow.correction_add`` refuses it
    too); the error is on the field that names the record."""

    def clean(self):
        cleaned = super().clean()
        if self.is_saved_record():
            return cleaned
        for name in ("claim", "inquiry", "response"):
            record = cleaned.get(name)
            if record is not None and not services.is_public(record):
                self.add_error(
                    name,
                    f"Readers cannot see this {record._meta.verbose_name}: a draft has nothing "
                    "to correct. Edit it instead.",
                )
        return cleaned


def is_row_key(value) -> bool:
    """Whether ``value`` (a submitted string) can name a row by an integer
    primary key: ASCII digits only, and within a 64-bit integer (SQLite's
    driver raises OverflowError past it, Django's lookups ValueError on
    anything else)."""
    text = str(value)
    return text.isascii() and text.isdigit() and int(text) < 2**63


def _valid_keys(field, values) -> list:
    """The submitted keys that can name a row of ``field``'s target.

    Django's autocomplete widgets look up the submitted values to redraw a
    rejected form; a value that is not a key (``"abc"``) or does not fit a
    64-bit integer raises ValueError or OverflowError in that lookup: a 500
    instead of the form error ModelChoiceField already reported. Such values
    are dropped before the lookup; the form error stays.
    """
    target = field.target_field
    if not isinstance(target, models.IntegerField):  # AutoField, BigAutoField included
        return list(values)
    return [v for v in values if is_row_key(v)]


class SafeModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Refuses keys that cannot name a row before looking them up (Django's
    own lookup raises OverflowError on SQLite for keys past 64 bits)."""

    def _check_values(self, value):
        opts = self.queryset.model._meta
        field = opts.get_field(self.to_field_name) if self.to_field_name else opts.pk
        if isinstance(field, models.IntegerField):
            for key in value:
                if not is_row_key(key):
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"],
                        code="invalid_pk_value",
                        params={"pk": key},
                    )
        return super()._check_values(value)


class SafeAutocompleteSelect(AutocompleteSelect):
    """AutocompleteSelect that redraws a form holding a bad key without a 500."""

    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, _valid_keys(self.field, value), attr)


class SafeAutocompleteSelectMultiple(AutocompleteSelectMultiple):
    """AutocompleteSelectMultiple that redraws a form holding a bad key without a 500."""

    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, _valid_keys(self.field, value), attr)


class SafeActionsMixin:
    """For ModelAdmin: a forged action post whose selection holds a value
    that cannot be a primary key (``_selected_action=abc``, ``1.5``, an
    empty value, a number past 64 bits) is an error message and the list
    again, never a server error (Django would pass the values to
    ``pk__in`` and fail with ValueError)."""

    def response_action(self, request, queryset, *args, **kwargs):
        from django.contrib import messages
        from django.contrib.admin import helpers
        from django.http import HttpResponseRedirect

        pk = self.model._meta.pk
        if isinstance(pk, models.IntegerField):
            bad = [
                v for v in request.POST.getlist(helpers.ACTION_CHECKBOX_NAME) if not is_row_key(v)
            ]
            if bad:
                shown = ", ".join(repr(v[:20]) for v in bad[:3])
                self.message_user(
                    request,
                    f"Nothing was changed: the selection holds {shown}, which names no row.",
                    level=messages.ERROR,
                )
                return HttpResponseRedirect(request.get_full_path())
        return super().response_action(request, queryset, *args, **kwargs)


class SafeAutocompleteMixin:
    """For ModelAdmin and InlineModelAdmin: autocomplete fields use the safe
    widgets above, and many-to-many fields the safe form field, so a forged
    key is a form error, never a 500."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        kwargs.setdefault("form_class", SafeModelMultipleChoiceField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class DocumentLinkWidget(AdminFileWidget):
    """The admin's file input, whose "Currently: ..." link opens the file
    through the public download view (``/sources/<id>/file``, which lets
    editors see drafts' files) rather than ``/media/``, never served."""

    download_url = ""

    class _Shown(str):
        url = ""

    def format_value(self, value):
        if value and getattr(value, "name", "") and self.download_url:
            shown = self._Shown(posixpath.basename(value.name))
            shown.url = self.download_url
            return shown
        return super().format_value(value)


class SourceAdminForm(ChangeReasonForm):
    """A source's admin form: an uploaded file is checked on its field
    (:func:`articles.documents.inspect_document`): a file that is not a PDF,
    image or plain text, whose name says another kind than its content, or
    over ``settings.DOCUMENT_MAX_BYTES`` is an error beside the file input,
    and nothing is stored (issue 9, item 6). The service checks again when
    it saves (``services._source_fill_sha256``) and fills in the file's
    type, size and SHA-256."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("file")
        if field is not None:
            widget = DocumentLinkWidget(attrs=field.widget.attrs)
            if self.instance.pk is not None and self.instance.file:
                widget.download_url = reverse(
                    "articles:source_file", kwargs={"pk": self.instance.pk}
                )
            field.widget = widget
            field.help_text = (
                f"A PDF, a PNG, JPEG, GIF or WebP image, or plain text (UTF-8), at most "
                f"{size_words(max_bytes())}. Its type is read from its content; its size "
                "and SHA-256 are filled in when you save."
            )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if isinstance(upload, UploadedFile):
            try:
                inspect_document(upload, field="file")
            except ValidationError as exc:
                raise ValidationError(exc.message_dict["file"]) from exc
        return upload
