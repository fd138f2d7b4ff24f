"""The editors' admin (DESIGN.md, "Who uses it": editors curate everything here).

Every model is registered on django-simple-history's ``SimpleHistoryAdmin``,
so each object has a History page (who, when, what changed, and the reason).

Writes go through articles/services.py, like the API and the management
commands: ``save_model``, ``delete_model``, ``delete_queryset`` and
``save_formset`` call ``services.object_save`` / ``services.object_delete``
(responses: ``services.response_update``, which checks the status moves)
with the editor as the acting user. One save writes one history record,
many-to-many changes included, with the editor's "Reason for change" (or,
on drafts, a default naming the changed fields). The forms run the models'
validation (field rules, ``Meta.constraints`` and ``clean()``) first, so a
broken rule shows as a form error; if the service still refuses (a race
with another editor), the whole request is rolled back and the form is
shown again with the editor's input and the reason as a form error,
never a server error.

No lost edits: every form and inline row carries the version it was
opened at, and a save based on a replaced version is refused by the form,
redrawn with who changed what and when, the editor's input kept
(:mod:`articles.admin_forms`). The editorial workflow (state, buttons,
internal comments, corrections, the review queue, an inquiry's timeline)
is in :mod:`articles.admin_workflow`; roles only shape what is offered,
the services and :mod:`articles.workflow` decide.

Dates an editor meets are the newsroom's (``settings.NEWSROOM_TIME_ZONE``):
"today" in form defaults and actions is :func:`articles.clock.newsroom_today`,
and the forms and history pages are rendered in that zone, so the date
widget's "Today" link and the history's times agree with it.
"""

import datetime

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from . import resources, services, workflow
from .admin_desk import (
    ContactInline,
    DeskFilter,
    ResponseAssignedFilter,
    contact_formset_save,
    staff_choices,
)
from .admin_forms import (
    CHANGE_REASON,
    CORRECTION,
    CORRECTION_KIND,
    VERSION_FIELD,
    ChangeReasonForm,
    CorrectionAdminForm,
    MarkReceivedNoteForm,
    OptionalSlugForm,
    ResponseAdminForm,
    ResponseInlineForm,
    SafeActionsMixin,
    SafeAutocompleteMixin,
    SourceAdminForm,
    VersionedInlineForm,
    corrected_field_names,
    is_row_key,
    may_correct,
)
from .admin_impexp import TrackerImportExportMixin
from .admin_places import GAZETTEER_FIELD, PlaceAdminForm, gazetteer_suggestions
from .admin_workflow import AssignedFilter, ReviewableAdminMixin, history_delta, inquiry_timeline
from .choices import CLOSED_STATUSES, CorrectionKind, DeadlineState
from .clock import newsroom_today, newsroom_zone, request_now
from .documents import size_words
from .formats import ap_date, zone_words
from .models import (
    Citation,
    City,
    Claim,
    Contact,
    Correction,
    Inquiry,
    Organization,
    Person,
    Rating,
    RatingScale,
    Response,
    Source,
)

# The admin speaks as the newsroom's tool, not as "Django administration".
admin.site.site_header = "City response tracker: editors"
admin.site.site_title = "City response tracker"
admin.site.index_title = "Curate the tracker"

TIMESTAMPS = ("created_at", "updated_at")


def _change_reason(form, change: bool) -> str:
    """A history reason naming the fields an admin form changed."""
    if not change:
        return "Added in the admin"
    changed = [
        str(form.fields[name].label or name) for name in form.changed_data if name in form.fields
    ]
    return f"Changed in the admin: {', '.join(changed)}" if changed else "Saved in the admin"


def _editor_reason(form) -> str:
    """The editor's "Reason for change", or "" (a form without the field)."""
    cleaned = getattr(form, "cleaned_data", None) or {}
    return (cleaned.get(CHANGE_REASON) or "").strip()


def _is_key(value) -> bool:
    """Whether a key from the URL can name a row (a whole number that fits
    a 64-bit column); anything else names nothing (a 404, not a 500)."""
    text = str(value)
    return text.isascii() and text.isdigit() and len(text) <= 18


def flatten(fields) -> list[str]:
    """Field names of an admin ``fields`` option (a line may be a tuple)."""
    names = []
    for item in fields:
        names.extend(item if isinstance(item, list | tuple) else [item])
    return names


def _unique(names) -> list[str]:
    return list(dict.fromkeys(names))


def _corrected_locks(request, model, fields, obj) -> dict[str, str]:
    """``{field: reason}`` for the corrected fields of ``model`` (among the
    admin's ``fields``) when ``obj`` (the record, or an inline's parent)
    is public and the user may not write correction notes."""
    if obj is None or may_correct(request.user) or not _public(request, obj):
        return {}
    names = flatten(fields or ())
    noun = model._meta.verbose_name
    return {
        name: (
            f"Readers can see this {noun}: its {model._meta.get_field(name).verbose_name} "
            "changes only with a correction note, which only an editor may write (permission "
            "“articles.add_correction”); nothing was saved."
        )
        for name in corrected_field_names(model)
        if name in names
    }


def _public(request, obj) -> bool:
    """``services.is_public(obj)``, asked once per request and record (an
    admin page asks it for the form, the fieldsets, the read-only fields
    and the delete link)."""
    cache = request.__dict__.setdefault("_tracker_public", {})
    key = (type(obj)._meta.label, obj.pk)
    if key not in cache:
        cache[key] = services.is_public(obj)
    return cache[key]


def _may_change_public(request, obj) -> bool:
    """Whether the user may change ``obj``: anyone with the model's change
    permission on what readers do not see, only holders of
    ``articles.change_published`` on what they do."""
    return request.user.has_perm(services.CHANGE_PUBLISHED) or not _public(request, obj)


def _published(obj) -> bool:
    """Whether ``obj`` is something readers see (or a correction): the
    services refuse to delete it."""
    return isinstance(obj, Correction) or services.is_public(obj)


def _form_note(form) -> services.CorrectionNote | None:
    """The correction note a page's form holds, if any."""
    note = getattr(form, "correction_note", None)
    return note() if note is not None else None


def _note_used(request, form) -> None:
    """Remember that a form changes a public record's corrected fields:
    the page's correction note goes with that change (call before saving)."""
    changes = getattr(form, "corrected_changes", None)
    if changes is not None and getattr(form, "cleaned_data", None) is not None and changes():
        request._tracker_note_used = True


def _form_m2m(form) -> dict:
    """The many-to-many values a model form holds, by field name, for the
    service to save with the object (one history record)."""
    return {
        field.name: form.cleaned_data[field.name]
        for field in form.instance._meta.many_to_many
        if field.name in form.cleaned_data
    }


#: The parts of a date drill-down (``?<field>__year=2017&..__month=8``)
#: and the values each may take. The year stops at 9998: the admin looks up
#: "until the next year", and 10000 is past the last date Python can hold.
DRILLDOWN_LIMITS = {"year": (1, 9998), "month": (1, 12), "day": (1, 31)}


def _drilldown_errors(field: str, params) -> list[str]:
    """What is wrong with the date drill-down parameters of ``field`` in
    ``params`` (a QueryDict); empty when nothing is.

    Django's changelist turns them into ``datetime(year, month, day)`` and
    the start of the next year, month or day: a year past 9998 (or of 20
    digits), a month 13 or a day 40 would raise there, a server error.
    """
    errors = []
    values = {}
    for part, (low, high) in DRILLDOWN_LIMITS.items():
        name = f"{field}__{part}"
        for raw in params.getlist(name):
            if raw.isascii() and raw.isdigit() and len(raw) <= 4 and low <= int(raw) <= high:
                values[part] = int(raw)
            else:
                shown = raw if len(raw) <= 24 else raw[:23] + "…"
                errors.append(f"{name}={shown}: enter a whole number from {low} to {high}")
    if not errors and values.keys() >= {"year", "month", "day"}:
        try:
            datetime.date(values["year"], values["month"], values["day"])
        except ValueError:
            errors.append(
                f"{field}: there is no day {values['day']} in month {values['month']} "
                f"of {values['year']}"
            )
    return errors


class TrackerAdmin(SafeActionsMixin, SafeAutocompleteMixin, SimpleHistoryAdmin):
    """Base admin: history pages, timestamps read-only, writes through services.

    Every form has a "Reason for change" field (``ChangeReasonForm``),
    recorded with the save in the history; required once readers can see
    the record.

    No lost edits: every form and inline row carries the version it was
    opened at (``admin_forms.VERSION_FIELD``); a save based on a version
    someone else has since replaced is refused by the form, redrawn with
    what changed meanwhile, by whom and when, the editor's input kept
    (``admin_forms.VersionedModelForm``); the services check again.

    Corrections: on a record readers see, an editor's page has a
    "Correction note" (readers see it) that a change to the facts needs
    (``services.CORRECTED_FIELDS``); for users who may not write one
    (reporters) those fields are read-only. A note written with a change
    that needs none is published too (:func:`articles.workflow.correction_add`).

    Nothing published is deleted: no delete button on a record readers
    see, and a forged delete is an error message with the service's reason.

    Errors: a ``ValidationError`` raised by a service after the form was
    valid (another editor changed the data meanwhile) rolls the request
    back (the admin views are atomic); the change form is then shown again
    with the editor's input and the conflict as a form error
    (:meth:`changeform_view`), other views show it as an error message.
    A crafted date drill-down (``?as_of__year=9999``) is an error message
    and the list without it, never a server error.
    """

    form = ChangeReasonForm
    readonly_fields: tuple[str, ...] = TIMESTAMPS
    show_full_result_count = False  # one COUNT per changelist, not two
    change_form_template = "admin/articles/change_form.html"
    object_history_template = "admin/articles/object_history.html"
    object_history_form_template = "admin/articles/object_history_form.html"

    # --- the form: a reason for every change, a version, a note --------------------

    def _may_save(self, request, obj) -> bool:
        if obj is not None:
            return self.has_change_permission(request, obj)
        return self.has_add_permission(request)

    def _corrected_models(self) -> set[type]:
        """This admin's model and its inlines' models that have corrected fields."""
        models_ = {self.model, *(inline.model for inline in self.inlines)}
        return {m for m in models_ if corrected_field_names(m)}

    def _offer_note(self, request, obj) -> bool:
        """Whether the page offers the correction note: a record readers
        see (or whose inline rows they see), with corrected fields, and a
        user who may write corrections."""
        return (
            obj is not None
            and bool(self._corrected_models())
            and may_correct(request.user)
            and self._may_save(request, obj)
            and _public(request, obj)
        )

    def get_form(self, request, obj=None, change=False, **kwargs):
        """The model form, told who saves (for the checks that depend on
        the role), whether this is the history's revert page (the form is
        then based on the stored version, not the old one it shows), and
        whether it offers the correction note. On the second pass of
        :meth:`changeform_view` after a service refused the save, a form
        that shows the refusal (:meth:`_refused_form`)."""
        form = super().get_form(request, obj, change=change, **kwargs)
        attrs = {
            "acting_user": request.user,
            "reverting": getattr(request, "_tracker_revert_version", None) is not None,
            "offer_note": self._offer_note(request, obj),
            "role_locked": self.role_locked_fields(request, obj),
        }
        form = type(form.__name__, (form,), attrs)
        refusal = getattr(request, "_tracker_refusal", None)
        return form if refusal is None else self._refused_form(form, refusal)

    def get_fieldsets(self, request, obj=None):
        """The model's fields; on a public record, for editors, the
        correction note; then "Reason for change" and the hidden version
        for users who may save."""
        fieldsets = list(super().get_fieldsets(request, obj))
        if self._offer_note(request, obj):
            fieldsets.append(
                (
                    "Correction note (readers see it)",
                    {
                        "fields": [CORRECTION_KIND, CORRECTION],
                        "classes": ["correction-note"],
                        "description": (
                            "Readers can see this record. A change to its facts (claims: "
                            "text, rating, quote; inquiries and responses: status and dates) "
                            "is published with this note at the foot of the page. A note "
                            "written with any other change is published too."
                        ),
                    },
                )
            )
        if self._may_save(request, obj):
            fieldsets.append(
                (None, {"fields": [CHANGE_REASON, VERSION_FIELD], "classes": ["change-reason"]})
            )
        return fieldsets

    def role_locked_fields(self, request, obj=None) -> dict[str, str]:
        """The fields this user's role may not change here, each with the
        reason: on a record readers see, the corrected fields for a user
        who may not write the note they need. Shown read-only; a post that
        sends them anyway is refused with the reason."""
        return _corrected_locks(request, self.model, self.fields, obj)

    def get_readonly_fields(self, request, obj=None):
        """Timestamps, and the fields :meth:`role_locked_fields` locks."""
        readonly = list(super().get_readonly_fields(request, obj))
        return _unique([*readonly, *self.role_locked_fields(request, obj)])

    def get_prepopulated_fields(self, request, obj=None):
        """Without the slugs whose field or source is read-only here (a
        reporter's view of a published claim: its text is locked)."""
        locked = set(self.get_readonly_fields(request, obj))
        return {
            field: sources
            for field, sources in super().get_prepopulated_fields(request, obj).items()
            if field not in locked and not locked.intersection(sources)
        }

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        """The page, with the conflicts its forms found (a save based on a
        version replaced meanwhile): for the table above the fields."""
        conflicts = []
        adminform = context.get("adminform")
        if adminform is not None and getattr(adminform.form, "conflict", None):
            conflicts.append({"record": obj, "saves": adminform.form.conflict_saves()})
        for inline in context.get("inline_admin_formsets", []):
            for row in inline.formset.forms:
                if getattr(row, "conflict", None):
                    conflicts.append({"record": row.instance, "saves": row.conflict_saves()})
        context["conflicts"] = conflicts
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _reason(self, request, form, change: bool) -> str:
        """The editor's reason, or a default naming the changed fields."""
        reason = _editor_reason(form)
        if reason:
            return reason
        version = getattr(request, "_tracker_revert_version", None)
        if version is not None:
            return (
                f"Reverted in the admin to the version of "
                f"{ap_date(timezone.localtime(version.history_date))}"
            )
        return _change_reason(form, change)

    # --- writes, through services -------------------------------------------

    def save_model(self, request, obj, form, change):
        """Save through ``services.object_save`` with the editor as acting
        user, the form's many-to-many values in the same history record,
        and the correction note when the form has one."""
        _note_used(request, form)
        services.object_save(
            instance=obj,
            acting_user=request.user,
            reason=self._reason(request, form, change),
            m2m=_form_m2m(form),
            correction=_form_note(form),
        )

    def save_related(self, request, form, formsets, change):
        """The inline rows; the many-to-many fields were saved with the
        object by ``save_model`` (so the history has one record, not one
        per changed relation). A correction note that no change needed is
        then published on its own (the editor wrote it for readers)."""
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)
        note = _form_note(form)
        if note is not None and not getattr(request, "_tracker_note_used", False):
            workflow.correction_add(
                record=form.instance, kind=note.kind, text=note.text, acting_user=request.user
            )

    def delete_model(self, request, obj):
        """Delete through ``services.object_delete``."""
        services.object_delete(
            instance=obj, acting_user=request.user, reason="Deleted in the admin"
        )

    @transaction.atomic
    def delete_queryset(self, request, queryset):
        """Delete each selected object through ``services.object_delete``
        (all or nothing), so each deletion is recorded in its history."""
        for obj in queryset:
            services.object_delete(
                instance=obj, acting_user=request.user, reason="Deleted in the admin (bulk)"
            )

    def save_formset(self, request, form, formset, change):
        """Save inline rows through the services: deletions with
        ``object_delete``, new and changed rows with ``object_save``
        (responses: ``response_update``), each with the page's reason for
        change when one is given, and the page's correction note."""
        note = _form_note(form)
        for row in formset.forms:
            _note_used(request, row)
        instances = formset.save(commit=False)
        parent = form.instance
        reason = _editor_reason(form)
        for obj in formset.deleted_objects:
            services.object_delete(
                instance=obj,
                acting_user=request.user,
                reason=reason or f"Deleted in the admin on “{parent}”",
            )
        for obj in instances:
            verb = "Changed" if obj.pk else "Added"
            row_reason = reason or f"{verb} in the admin on “{parent}”"
            if isinstance(obj, Response):
                services.response_update(
                    response=obj, acting_user=request.user, reason=row_reason, correction=note
                )
            else:
                services.object_save(
                    instance=obj, acting_user=request.user, reason=row_reason, correction=note
                )
        formset.save_m2m()

    # --- what readers see is changed by editors; nothing published is deleted -----------

    def has_change_permission(self, request, obj=None):
        """A record readers see opens read-only for a user without
        ``articles.change_published`` (a reporter): the service would
        refuse the save (``services.check_may_change_public``)."""
        if obj is not None and not _may_change_public(request, obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        """No delete button for a record readers see (the service refuses
        it: "Retract it instead"), nor for a correction."""
        if obj is not None and (isinstance(obj, Correction) or _public(request, obj)):
            return False
        return super().has_delete_permission(request, obj)

    def _delete_refusal(self, request, obj) -> str | None:
        """The service's reason for refusing to delete ``obj``, or None.
        Asked of the service itself, in a transaction always rolled back."""
        if not _published(obj):
            return None
        if isinstance(obj, Correction):
            return (
                f"“{obj}” is published: nothing published is deleted. A correction stands; "
                "to amend it, publish another note."
            )
        with transaction.atomic():
            try:
                services.object_delete(
                    instance=obj, acting_user=request.user, reason="Deleted in the admin"
                )
            except ValidationError as exc:
                return " ".join(exc.messages)
            except PermissionDenied as exc:
                return str(exc)
            transaction.set_rollback(True)
        return None

    # --- a service refusal is an error message, never a 500 ------------------

    def _refused(self, request, exc: ValidationError):
        self.message_user(
            request, "Nothing was saved: " + "; ".join(exc.messages), level=messages.ERROR
        )
        return HttpResponseRedirect(request.get_full_path())

    @staticmethod
    def _in_newsroom_zone(view):
        """Run ``view()`` and render its page in the newsroom's zone: times
        shown (history, created/updated) and the date widget's "Today"
        link (which follows the page's UTC offset) are the newsroom's."""
        with timezone.override(newsroom_zone()):
            response = view()
            if isinstance(response, TemplateResponse) and not response.is_rendered:
                response.render()
        return response

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """The add or change form (Django's arguments), in the newsroom's zone.

        When a service refuses to save a form that was valid (a
        ``ValidationError`` from ``save_model``/``save_related``: typically
        another editor's row committed between this form's checks and its
        save, which PostgreSQL reports only when the unique index refuses
        the insert), the request's transaction has been rolled back; the
        view then runs a second time, in a fresh transaction, on the same
        POST data, with ``get_form`` giving :meth:`_refused_form`. That pass
        never saves: the form's own checks now see the committed row and
        report it on its field, or else the refusal is shown above the
        fields; the editor's input is kept either way.

        Returns:
            Django's response: the page (200, with the form's errors after a
            refusal), or the redirect after a save. A refusal outside a POST
            is an error message and a redirect (:meth:`_refused`).
        """

        def view():
            return super(TrackerAdmin, self).changeform_view(
                request, object_id, form_url, extra_context
            )

        try:
            return self._in_newsroom_zone(view)
        except ValidationError as exc:
            if request.method != "POST":
                return self._refused(request, exc)
            request._tracker_refusal = exc
        except PermissionDenied as exc:
            # A service's refusal of a form the user may post (a reporter
            # adding a response to a published inquiry): shown on the form,
            # the input kept. Django's own refusals (no permission to this
            # page at all) come back from the second pass as a 403.
            if request.method != "POST":
                raise
            request._tracker_refusal = ValidationError(str(exc))
        try:
            return self._in_newsroom_zone(view)
        except ValidationError as exc:  # not expected: the second pass does not save
            return self._refused(request, exc)

    @staticmethod
    def _refused_form(form_class: type[forms.ModelForm], refusal: ValidationError):
        """A subclass of ``form_class`` for showing a submitted form again
        after a service refused to save it.

        The form checks the data afresh, so a conflict now committed (the
        same city added by another editor) is reported by its own
        validation, on its field. If it still finds nothing wrong, the
        refusal's messages are added as errors above the fields. The form is
        invalid either way: the admin shows it with the editor's input and
        does not save.

        Args:
            form_class: the admin's ModelForm class (``get_form``'s result).
            refusal: the service's ``ValidationError`` (messages, or
                messages by field: all are shown above the fields).
        """

        class RefusedForm(form_class):
            def full_clean(self):
                super().full_clean()
                if self.is_bound and not self._errors:
                    self.add_error(None, refusal.messages)

        RefusedForm.__name__ = RefusedForm.__qualname__ = form_class.__name__
        return RefusedForm

    def changelist_view(self, request, extra_context=None):
        """The list; a date drill-down that names no real date is dropped
        with an error message naming the parameter."""
        if self.date_hierarchy and (errors := _drilldown_errors(self.date_hierarchy, request.GET)):
            self.message_user(
                request, "Date filter ignored: " + "; ".join(errors) + ".", level=messages.ERROR
            )
            params = request.GET.copy()
            for part in DRILLDOWN_LIMITS:
                params.pop(f"{self.date_hierarchy}__{part}", None)
            query = params.urlencode()
            return HttpResponseRedirect(request.path + (f"?{query}" if query else ""))
        try:
            # Times in the list (issued at, the date drill-down) in the newsroom's zone.
            return self._in_newsroom_zone(
                lambda: super(TrackerAdmin, self).changelist_view(request, extra_context)
            )  # rendered inside: the list's queries run here, inside the try
        except OverflowError:
            # A crafted lookup such as ?id__in=99999999999999999999: the
            # number does not fit SQLite's integers (the driver refuses it
            # before the query is sent; PostgreSQL compares it as numeric).
            self.message_user(
                request,
                "Filter ignored: a number in the address is too large to look up.",
                level=messages.ERROR,
            )
            return HttpResponseRedirect(request.path)
        except ValueError as exc:
            # A crafted date lookup on any date field (?received_on__year=0,
            # ?due_on__year=99999, ?as_of__iso_year=0): Django computes the
            # year's bounds when the query is compiled, and Python's dates
            # stop at years 1 and 9999.
            self.message_user(
                request,
                f"Filter ignored: a value in the address cannot be looked up ({exc}).",
                level=messages.ERROR,
            )
            return HttpResponseRedirect(request.path)

    def delete_view(self, request, object_id, extra_context=None):
        """Django's confirmation page; for a record readers see, an error
        message with the service's reason ("Retract it instead") and the
        record's page, never a bare 403 or a 500."""
        obj = self.get_object(request, object_id) if _is_key(object_id) else None
        if obj is not None and (refusal := self._delete_refusal(request, obj)):
            self.message_user(request, f"Nothing was deleted: {refusal}", level=messages.ERROR)
            opts = self.opts
            return HttpResponseRedirect(
                reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
            )
        try:
            return super().delete_view(request, object_id, extra_context)
        except ValidationError as exc:
            return self._refused(request, exc)

    def history_view(self, request, object_id, extra_context=None):
        """The object's history, times in the newsroom's zone.

        Raises:
            Http404: ``object_id`` is not a key (``/admin/.../abc/history/``).
        """
        if not _is_key(object_id):
            raise Http404("No such object.")
        context = {"newsroom_zone": zone_words(str(newsroom_zone())), **(extra_context or {})}
        return self._in_newsroom_zone(
            lambda: super(TrackerAdmin, self).history_view(request, object_id, context)
        )

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        """Each record's changes, field by field: the workflow's own fields
        included (publication, retraction note), bookkeeping (version,
        timestamps) left out."""
        previous = None
        for current in historical_records:
            if previous is not None:
                previous.history_delta_changes = history_delta(self.model, previous, current)
            previous = current

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """One past version, to view or revert to; saving it goes through
        ``save_model`` like any edit (reason: "Reverted in the admin to the
        version of <date>" unless the editor gives one).

        Raises:
            Http404: either key is not a whole number, or names no version.
        """
        if not (_is_key(object_id) and _is_key(version_id)):
            raise Http404("No such version.")
        current = self.get_object(request, object_id)
        if current is not None and not self.has_change_permission(request, current):
            # Opening a version is for reverting to it; a user who may not
            # change the record (a reporter, on what readers see) reads the
            # history list instead.
            self.message_user(
                request,
                "Only an editor may open a past version of a record readers see (to revert "
                "it); the history below lists every change, field by field.",
                level=messages.WARNING,
            )
            return HttpResponseRedirect(
                reverse(
                    f"admin:{self.opts.app_label}_{self.opts.model_name}_history",
                    args=[object_id],
                )
            )
        version = (
            self.model.history.model.objects.filter(
                history_id=version_id, **{self.opts.pk.attname: object_id}
            )
            .select_related("history_user")
            .first()
        )
        request._tracker_revert_version = version
        context = {
            # The change form's breadcrumbs and links name the model, not its
            # historical copy ("Historical responses").
            "opts": self.opts,
            "version": version,
            "newsroom_zone": zone_words(str(newsroom_zone())),
            **(extra_context or {}),
        }
        try:
            with transaction.atomic():
                return self._in_newsroom_zone(
                    lambda: super(TrackerAdmin, self).history_form_view(
                        request, object_id, version_id, context
                    )
                )
        except ValidationError as exc:
            return self._refused(request, exc)

    def response_action(self, request, queryset, *args, **kwargs):
        """Run the chosen action, all or nothing; "delete selected" first
        refuses a selection holding anything readers see, with the
        service's reason ("Retract it instead")."""
        if request.POST.get("action") == "delete_selected":
            selected = request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME)
            if all(is_row_key(v) for v in selected):
                chosen = queryset
                if request.POST.get("select_across") != "1":
                    chosen = queryset.filter(pk__in=selected)
                refusals = [r for obj in chosen if (r := self._delete_refusal(request, obj))]
                if refusals:
                    self.message_user(
                        request,
                        "Nothing was deleted: " + " ".join(refusals[:5]),
                        level=messages.ERROR,
                    )
                    return HttpResponseRedirect(request.get_full_path())
        try:
            with transaction.atomic():
                return super().response_action(request, queryset, *args, **kwargs)
        except ValidationError as exc:
            return self._refused(request, exc)


class TrackerInline(SafeAutocompleteMixin):
    """Inline defaults: timestamps hidden (they are on the object's own
    page); each row carries its version (a row someone else saved
    meanwhile is refused, the error on the row; ``VersionedInlineForm``);
    on a parent readers see, no row can be deleted (the service refuses)
    and a user who may not write corrections sees the corrected fields
    read-only."""

    extra = 0
    show_change_link = True
    form = VersionedInlineForm

    def get_fields(self, request, obj=None):
        """The row's fields and its hidden version."""
        return [*super().get_fields(request, obj), VERSION_FIELD]

    def role_locked_fields(self, request, obj=None) -> dict[str, str]:
        """As ``TrackerAdmin.role_locked_fields``, ``obj`` being the parent."""
        return _corrected_locks(request, self.model, self.fields, obj)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        return _unique([*readonly, *self.role_locked_fields(request, obj)])

    def has_change_permission(self, request, obj=None):
        """The rows of a parent readers see are read-only for a user without
        ``articles.change_published`` (``obj`` is the parent)."""
        if obj is not None and not _may_change_public(request, obj):
            return False
        return super().has_change_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        """A row added to a parent readers see is published at once: only
        for users with ``articles.change_published``."""
        if obj is not None and not _may_change_public(request, obj):
            return False
        return super().has_add_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        """No row of a parent readers see is deleted (its rows are public too)."""
        if obj is not None and _public(request, obj):
            return False
        return super().has_delete_permission(request, obj)

    def get_formset(self, request, obj=None, **kwargs):
        """The formset, its rows told who saves (for the correction check)."""
        formset = super().get_formset(request, obj, **kwargs)
        attrs = {"acting_user": request.user, "role_locked": self.role_locked_fields(request, obj)}
        formset.form = type(formset.form.__name__, (formset.form,), attrs)
        return formset


# --- places, bodies, people ---------------------------------------------------


@admin.register(City)
class CityAdmin(TrackerImportExportMixin, TrackerAdmin):
    """Places of every kind (city, town, county, state, other), found in
    the gazetteer or typed by hand (issue 9, item 1; :mod:`articles.admin_places`).
    The slug is not prepopulated in the browser: left blank, the model
    makes it from name, state and kind (``City.slug_basis``), so a county
    never takes the slug of the city of the same name."""

    resource_classes = (resources.CityResource,)
    form = PlaceAdminForm
    list_display = ("name", "state", "kind", "slug", "latitude", "longitude", "updated_at")
    list_filter = ("kind", "state")
    search_fields = ("name", "slug", "=state", "=gazetteer_id")
    fields = (
        GAZETTEER_FIELD,
        "name",
        "state",
        "kind",
        "slug",
        "latitude",
        "longitude",
        "gazetteer_id",
        *TIMESTAMPS,
    )

    def get_urls(self):
        """The admin's URLs, with the gazetteer's suggestions first
        (``admin:articles_city_gazetteer``, ``/admin/articles/city/gazetteer/?q=``)."""
        suggestions = path(
            "gazetteer/",
            self.admin_site.admin_view(self.gazetteer_view),
            name="articles_city_gazetteer",
        )
        return [suggestions, *super().get_urls()]

    def gazetteer_view(self, request):
        """JSON suggestions for the "Find in the gazetteer" field
        (:func:`articles.admin_places.gazetteer_suggestions`); staff only,
        with ``articles.add_city``."""
        return gazetteer_suggestions(request, may_add=self.has_add_permission(request))

    def _reason(self, request, form, change: bool) -> str:
        """The editor's reason; else, for a place taken from the gazetteer,
        "Added in the admin from the gazetteer: Stockton, CA (geonames:5399020)"."""
        picked = getattr(form, "gazetteer_reason", lambda: "")()
        if _editor_reason(form) or not picked:
            return super()._reason(request, form, change)
        return f"{'Changed' if change else 'Added'} in the admin {picked}"


@admin.register(Organization)
class OrganizationAdmin(TrackerAdmin):
    form = OptionalSlugForm
    list_display = ("name", "kind", "city", "updated_at")
    list_filter = ("kind", ("city__state", admin.AllValuesFieldListFilter))
    list_select_related = ("city",)
    search_fields = ("name", "slug", "city__name")
    autocomplete_fields = ("city",)
    prepopulated_fields = {"slug": ("name",)}
    fields = ("name", "slug", "kind", "city", *TIMESTAMPS)


@admin.register(Person)
class PersonAdmin(TrackerAdmin):
    form = OptionalSlugForm
    list_display = ("name", "title", "organization", "updated_at")
    list_filter = ("organization__kind",)
    list_select_related = ("organization",)
    search_fields = ("name", "slug", "title", "organization__name")
    autocomplete_fields = ("organization",)
    prepopulated_fields = {"slug": ("name",)}
    fields = ("name", "slug", "title", "organization", *TIMESTAMPS)


@admin.register(Source)
class SourceAdmin(TrackerImportExportMixin, TrackerAdmin):
    resource_classes = (resources.SourceResource,)
    list_display = ("title", "kind", "publisher", "published_on", "publishable", "url")
    list_filter = ("kind", "publishable", "publisher")
    list_select_related = ("publisher",)
    search_fields = ("title", "url", "publisher__name", "text")
    autocomplete_fields = ("publisher",)
    date_hierarchy = "published_on"
    form = SourceAdminForm
    readonly_fields = ("file_type", "document_size", "sha256", *TIMESTAMPS)
    fields = (
        "kind",
        "title",
        "publisher",
        "url",
        "published_on",
        "archive_url",
        "file",
        "file_type",
        "document_size",
        "sha256",
        "text",
        "publishable",
        *TIMESTAMPS,
    )

    @admin.display(description="file size")
    def document_size(self, obj) -> str:
        """The file's size in words and bytes, "1.2 MB (1,258,291 bytes)"."""
        return size_words(obj.file_size) if obj.file_size is not None else "—"


# --- ratings ------------------------------------------------------------------


class RatingInline(TrackerInline, admin.TabularInline):
    model = Rating
    fields = ("order", "label", "slug", "value", "description")
    prepopulated_fields = {"slug": ("label",)}


@admin.register(RatingScale)
class RatingScaleAdmin(TrackerAdmin):
    list_display = ("name", "slug", "updated_at")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    fields = ("name", "slug", "description", *TIMESTAMPS)
    inlines = (RatingInline,)


@admin.register(Rating)
class RatingAdmin(TrackerAdmin):
    list_display = ("label", "scale", "value", "order")
    list_filter = ("scale",)
    list_select_related = ("scale",)
    search_fields = ("label", "slug", "scale__name")
    autocomplete_fields = ("scale",)
    prepopulated_fields = {"slug": ("label",)}
    fields = ("scale", "label", "slug", "value", "order", "description", *TIMESTAMPS)


# --- claims and their evidence -------------------------------------------------


class CitationInline(TrackerInline, admin.TabularInline):
    """A claim's citations. The public note is shown to readers; the
    internal note never leaves the admin. A published claim keeps its
    citations (no row is deleted; ``workflow.publish`` needs one)."""

    model = Citation
    fields = ("source", "quote", "public_note", "internal_note")
    autocomplete_fields = ("source",)


@admin.register(Claim)
class ClaimAdmin(TrackerImportExportMixin, ReviewableAdminMixin, TrackerAdmin):
    """Claims: the workflow panel and its buttons (``ReviewableAdminMixin``),
    the rating for editors only (``articles.rate_claim``; read-only
    otherwise), the review queue (state, assignee) in the list."""

    resource_classes = (resources.ClaimResource,)

    form = OptionalSlugForm
    list_display = (
        "__str__",
        "claimant",
        "city",
        "rating",
        "publication",
        "assigned_to",
        "stated_on",
    )
    list_filter = ("publication", AssignedFilter, "wording", "rating__scale", "rating", "city")
    list_select_related = (
        "claimant",
        "claimant_organization",
        "city",
        "rating__scale",
        "assigned_to",
    )
    search_fields = ("text", "slug", "claimant__name", "claimant_organization__name", "city__name")
    autocomplete_fields = ("claimant", "claimant_organization", "city", "rating")
    date_hierarchy = "stated_on"
    prepopulated_fields = {"slug": ("text",)}
    fields = (
        "text",
        "slug",
        "wording",
        "claimant",
        "claimant_organization",
        "city",
        "stated_on",
        "rating",
        "not_rated",
        "rating_explanation",
        "assigned_to",
        *TIMESTAMPS,
    )
    inlines = (CitationInline,)

    #: What only an editor decides (``articles.rate_claim``).
    RATING_FIELDS = ("rating", "not_rated", "rating_explanation")
    RATING_LOCK = (
        "Only an editor may rate a claim, explain its rating or decide to publish it unrated "
        "(permission “articles.rate_claim”); nothing was saved."
    )

    def role_locked_fields(self, request, obj=None) -> dict[str, str]:
        """The rating, for users who may not rate; then the rest."""
        locked = super().role_locked_fields(request, obj)
        if not request.user.has_perm("articles.rate_claim"):
            locked.update(dict.fromkeys(self.RATING_FIELDS, self.RATING_LOCK))
        return locked


@admin.register(Citation)
class CitationAdmin(TrackerAdmin):
    list_display = ("__str__", "claim", "source", "quote_excerpt")
    list_filter = ("source__kind", "claim__publication")
    list_select_related = ("claim__claimant", "claim__claimant_organization", "source")
    search_fields = (
        "quote",
        "public_note",
        "internal_note",
        "claim__text",
        "claim__slug",
        "source__title",
    )
    autocomplete_fields = ("claim", "source")
    fields = ("claim", "source", "quote", "public_note", "internal_note", *TIMESTAMPS)

    @admin.display(description="quote")
    def quote_excerpt(self, obj: Citation) -> str:
        """The first 80 characters of the quote."""
        return obj.quote if len(obj.quote) <= 80 else obj.quote[:79] + "…"


# --- inquiries and responses ---------------------------------------------------


class ResponseInline(TrackerInline, admin.TabularInline):
    model = Response
    form = ResponseInlineForm
    fields = (
        "city",
        "status",
        "acknowledged_on",
        "received_on",
        "as_of",
        "organization",
        "respondent",
    )
    autocomplete_fields = ("city", "organization", "respondent")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("city", "inquiry")


@admin.register(Inquiry)
class InquiryAdmin(ReviewableAdminMixin, TrackerAdmin):
    """Inquiries: the workflow panel (``ReviewableAdminMixin``), the
    responses inline, the counts in the list, and a history page that is
    one timeline with the responses'."""

    form = OptionalSlugForm
    list_display = (
        "title",
        "kind",
        "requester",
        "publication",
        "assigned_to",
        "sent_on",
        "due_on",
        "response_count",
        "open_count",
        "overdue_count",
        "needs_check_count",
    )
    list_filter = ("publication", AssignedFilter, "kind", "requester", "due_timezone")
    list_select_related = ("requester", "assigned_to")
    search_fields = ("title", "slug", "requester__name", "questions")
    ordering = ("-sent_on", "title")
    autocomplete_fields = ("requester", "sources")
    date_hierarchy = "sent_on"
    prepopulated_fields = {"slug": ("title",)}
    fields = (
        "title",
        "slug",
        "kind",
        "requester",
        "opening_event",
        "sent_on",
        "due_on",
        "due_timezone",
        "questions",
        "description",
        "sources",
        "assigned_to",
        *TIMESTAMPS,
    )
    inlines = (ResponseInline,)
    object_history_template = "admin/articles/inquiry_history.html"

    def history_view(self, request, object_id, extra_context=None):
        """The inquiry's history with its responses' (deleted ones too), as
        one timeline, newest first (:func:`articles.admin_workflow.inquiry_timeline`).

        Raises:
            Http404: ``object_id`` is not a key.
        """
        if not _is_key(object_id):
            raise Http404("No such object.")
        context = {"timeline": inquiry_timeline(request, int(object_id)), **(extra_context or {})}
        return super().history_view(request, object_id, context)

    def get_queryset(self, request):
        """Annotate the response counts (``InquiryQuerySet.with_counts``),
        deadline states judged at this request's "now". Annotated here rather
        than in the list alone so that the list can be sorted by the counts."""
        return super().get_queryset(request).with_counts(at=request_now(request))

    @admin.display(description="responses", ordering="response_count")
    def response_count(self, obj: Inquiry) -> int:
        return obj.response_count

    @admin.display(description="open", ordering="open_count")
    def open_count(self, obj: Inquiry) -> int:
        return obj.open_count

    @admin.display(description="overdue", ordering="overdue_count")
    def overdue_count(self, obj: Inquiry) -> int:
        return obj.overdue_count

    @admin.display(description="needs a check", ordering="needs_check_count")
    def needs_check_count(self, obj: Inquiry):
        """The count, linked to this inquiry's responses that need a check."""
        if not obj.needs_check_count:
            return 0
        url = reverse("admin:articles_response_changelist")
        return format_html(
            '<a href="{}?inquiry__id__exact={}&amp;deadline={}">{}</a>',
            url,
            obj.pk,
            DeadlineFilter.NEEDS_CHECK,
            obj.needs_check_count,
        )

    # --- Bulk entry: "Add places" and "Copy this inquiry" (articles/admin_bulk.py) ---

    change_form_template = "admin/articles/inquiry/change_form.html"

    def get_urls(self):
        from .admin_bulk import inquiry_urls  # noqa: PLC0415 (kept beside its use)

        return [*inquiry_urls(self), *super().get_urls()]


class DeadlineFilter(admin.SimpleListFilter):
    """Responses by deadline state at this request's "now" (DESIGN.md,
    "Response status and deadlines"; :mod:`articles.deadlines`): the list of
    responses that *need a check* (past due, status last confirmed on or
    before the due day), those *overdue* (confirmed after it), all *past
    due*, and the rest."""

    title = "deadline"
    parameter_name = "deadline"

    NEEDS_CHECK = "needs_check"
    #: value -> (label, ResponseQuerySet method)
    CHOICES: dict[str, tuple[str, str]] = {
        NEEDS_CHECK: ("Needs a check", "needs_check"),
        "overdue": ("Overdue", "overdue"),
        "past_due": ("Past due (either)", "past_due"),
        "not_past_due": ("Not past due", "not_past_due"),
    }

    def lookups(self, request, model_admin):
        return [(value, label) for value, (label, _method) in self.CHOICES.items()]

    def queryset(self, request, queryset):
        choice = self.CHOICES.get(self.value() or "")
        if choice is None:
            return queryset
        return getattr(queryset, choice[1])(request_now(request))


def deadline_badge(response: Response, at) -> str:
    """A response's deadline state at ``at`` (aware) as a labelled badge for
    the admin: "Overdue", "Needs a check (as of Aug. 3, 2017)", "Answered
    late (12 days)", "Not yet due", and so on (dates in AP style)."""
    state = response.deadline_state_at(at)
    label = state.label
    if state in (DeadlineState.NEEDS_CHECK, DeadlineState.OVERDUE):
        label = f"{label} (as of {ap_date(response.as_of)})"
    elif state == DeadlineState.ANSWERED_LATE:
        days = response.days_late
        label = f"{label} ({days} day{'s' if days != 1 else ''})"
    return format_html(
        '<span class="deadline-badge deadline-badge--{}">{}</span>', state.value, label
    )


@admin.register(Response)
class ResponseAdmin(TrackerImportExportMixin, TrackerAdmin):
    resource_classes = (resources.ResponseResource,)
    list_filter = (
        "status",
        DeadlineFilter,
        DeskFilter,
        ResponseAssignedFilter,
        "city",
        ("city__state", admin.AllValuesFieldListFilter),
        "inquiry",
    )
    list_select_related = ("inquiry", "city", "assigned_to")
    search_fields = (
        "city__name",
        "=city__state",
        "inquiry__title",
        "organization__name",
        "respondent__name",
        "summary",
    )
    autocomplete_fields = (
        "inquiry",
        "city",
        "status_source",
        "organization",
        "respondent",
        "sources",
    )
    date_hierarchy = "as_of"
    form = ResponseAdminForm
    readonly_fields = ("inquiry_dates", *TIMESTAMPS)
    fields = (
        "inquiry",
        "inquiry_dates",
        "city",
        "status",
        "acknowledged_on",
        "received_on",
        "as_of",
        "status_source",
        "dates_as_reported",
        "organization",
        "respondent",
        "summary",
        "text",
        "sources",
        "assigned_to",
        *TIMESTAMPS,
    )
    actions = ("mark_received_today",)
    inlines = (ContactInline,)

    class Media:
        css = {"all": ("css/admin.css",)}

    def get_list_display(self, request):
        """The columns, with the deadline state judged once, at this
        request's now, shown as a labelled badge (words, not an icon)."""
        now = request_now(request)

        @admin.display(description="deadline")
        def deadline(obj: Response):
            return deadline_badge(obj, now)

        @admin.display(description="inquiry", ordering="inquiry__title")
        def inquiry_short(obj: Response) -> str:
            title = obj.inquiry.title
            return title if len(title) <= 40 else title[:39] + "…"

        # City first (the link), then status and deadline, so that both are
        # on screen at 1,280 px beside the admin's sidebar and filters.
        return (
            "city",
            "status",
            deadline,
            inquiry_short,
            "as_of",
            "acknowledged_on",
            "received_on",
            "assigned_to",
        )

    def get_list_display_links(self, request, list_display):
        """The city opens the response."""
        return ("city",)

    @admin.display(description="inquiry's dates")
    def inquiry_dates(self, obj: Response) -> str:
        """The inquiry's sent and due dates, AP style, with the deadline's
        zone, the first date labelled with the source's kind of event:
        "Announced Aug. 3, 2017 · due by the end of Aug. 18, 2017, Eastern
        time". Shown once the form has an inquiry (a change, or an add
        form sent back with an error)."""
        try:
            inquiry = obj.inquiry
        except Response.inquiry.RelatedObjectDoesNotExist:
            return "Shown once the response is saved with an inquiry."
        event = inquiry.get_opening_event_display()
        sent = (
            f"{event} {ap_date(inquiry.sent_on)}"
            if inquiry.sent_on
            else f"{event}: date not given by the source"
        )
        if inquiry.due_on is None:
            return f"{sent} · no deadline"
        return (
            f"{sent} · due by the end of {ap_date(inquiry.due_on)}, "
            f"{zone_words(inquiry.due_timezone)}"
        )

    def save_model(self, request, obj, form, change):
        """Save through ``services.response_update``: the status move is
        checked against the stored one, "status as of" is brought forward
        to the dates entered, the sources go in the same history record,
        with the correction note when the form has one."""
        _note_used(request, form)
        services.response_update(
            response=obj,
            acting_user=request.user,
            reason=self._reason(request, form, change),
            m2m=_form_m2m(form),
            correction=_form_note(form),
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        """ "Assigned to": active staff only."""
        if db_field.name == "assigned_to":
            kwargs["queryset"] = staff_choices()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_formset(self, request, form, formset, change):
        """The contact log's new rows through ``services.contact_log``
        (:func:`articles.admin_desk.contact_formset_save`); other inlines
        as every admin saves them."""
        if formset.model is Contact:
            contact_formset_save(
                request, response=form.instance, formset=formset, reason=_editor_reason(form)
            )
            return
        super().save_formset(request, form, formset, change)

    #: Up to this many selected rows are named in the address when the bulk
    #: action refuses (about 10 KB; longer addresses are cut by some proxies).
    KEEP_SELECTION_MAX = 1000

    def _keep_selection(self, request, queryset):
        """Back to the list showing exactly the selected rows
        (``?id__in=3,5,8``), so that a refused bulk action does not lose
        the editor's selection. "Select all" across pages, or more rows
        than fit an address, go back to the list as it was filtered."""
        pks = [
            str(pk) for pk in queryset.values_list("pk", flat=True)[: self.KEEP_SELECTION_MAX + 1]
        ]
        if request.POST.get("select_across") == "1" or len(pks) > self.KEEP_SELECTION_MAX:
            return HttpResponseRedirect(request.get_full_path())
        url = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist")
        return HttpResponseRedirect(f"{url}?{self.opts.pk.name}__in={','.join(pks)}")

    @admin.action(description="Mark selected responses received today", permissions=["change"])
    def mark_received_today(self, request, queryset):
        """Mark the selected responses received on today's date in the
        newsroom's zone (:func:`articles.clock.newsroom_today`), through
        ``services.responses_mark_received`` (all or nothing; the service
        refuses responses already received or declined). When it refuses,
        the list comes back filtered to the selected rows, with the reason.

        Readers see the responses to a published inquiry: marking those
        received is an update readers are told about, so the action first
        asks for the update note (a page like Django's delete
        confirmation), then passes it to the service; a user who may not
        write notes (a reporter) is refused with the reason."""
        today = newsroom_today()
        responses = list(queryset.select_related("inquiry", "city"))
        public = set(queryset.visible_to(None).values_list("pk", flat=True))
        answered = any(r.status in CLOSED_STATUSES for r in responses)
        note = None
        if public and not answered:
            if not may_correct(request.user):
                names = "; ".join(str(r) for r in responses if r.pk in public)
                self.message_user(
                    request,
                    f"Nothing was changed: readers can see {names}. Marking a response they "
                    "see received is published with an update note, which only an editor may "
                    "write: ask an editor.",
                    level=messages.ERROR,
                )
                return self._keep_selection(request, queryset)
            form = MarkReceivedNoteForm(request.POST if request.POST.get("post") else None)
            if not form.is_valid():
                return self._note_page(request, responses, public, form, today)
            note = services.CorrectionNote(
                kind=CorrectionKind.UPDATE, text=form.cleaned_data["note"]
            )
        try:
            services.responses_mark_received(
                responses=responses, received_on=today, acting_user=request.user, correction=note
            )
        except (ValidationError, PermissionDenied) as exc:
            reasons = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
            self.message_user(
                request, "Nothing was changed: " + "; ".join(reasons), level=messages.ERROR
            )
            return self._keep_selection(request, queryset)
        self.message_user(
            request,
            f"Marked {len(responses)} response{'s' if len(responses) != 1 else ''} "
            f"received on {ap_date(today)}" + (" with your update note." if note else "."),
            level=messages.SUCCESS,
        )
        return None

    def _note_page(self, request, responses, public, form, today):
        """The page asking for the update note of "mark received"."""
        context = {
            **self.admin_site.each_context(request),
            "title": "Mark received: an update note for readers",
            "opts": self.opts,
            "responses": responses,
            "public": public,
            "form": form,
            "today": today,
            "action": "mark_received_today",
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            "select_across": request.POST.get("select_across", "0"),
        }
        return TemplateResponse(request, "admin/articles/response/mark_received_note.html", context)


@admin.register(Correction)
class CorrectionAdmin(TrackerAdmin):
    """Corrections, updates and clarifications readers see at the foot of
    a page. Added by editors (``articles.add_correction``) through
    :func:`articles.workflow.correction_add`, which refuses a record
    readers cannot see; the record is fixed once added. Never deleted
    (nothing published is): no delete button or action."""

    form = CorrectionAdminForm
    list_display = ("__str__", "kind", "issued_at", "created_by")
    list_filter = ("kind",)
    list_select_related = (
        "claim__claimant",
        "claim__claimant_organization",
        "inquiry",
        "response__city",
        "response__inquiry",
        "created_by",
    )
    search_fields = ("text", "claim__text", "inquiry__title", "response__city__name")
    autocomplete_fields = ("claim", "inquiry", "response")
    date_hierarchy = "issued_at"
    fields = (
        "kind",
        "text",
        "claim",
        "inquiry",
        "response",
        "issued_at",
        "created_by",
        *TIMESTAMPS,
    )
    readonly_fields = ("issued_at", "created_by", *TIMESTAMPS)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            readonly += ["claim", "inquiry", "response"]
        return _unique(readonly)

    def has_delete_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        """Corrections are written on the corrected record's own page (its
        "Corrections and updates" box), which knows the record."""
        return False

    def has_change_permission(self, request, obj=None):
        """A published correction stands (``services.object_save`` refuses
        an edit): to amend it, publish another note. Its page is view-only."""
        if obj is not None:
            return False
        return super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        """A new correction through ``workflow.correction_add``; a change
        (its text or kind) through ``services.object_save``.

        Raises:
            ValidationError: the record is not public, the text is blank.
            PermissionDenied: no ``articles.add_correction``.
        """
        if change:
            return super().save_model(request, obj, form, change)
        record = obj.claim or obj.inquiry or obj.response
        if record is None:
            raise ValidationError("Choose the claim, inquiry or response the note concerns.")
        saved = workflow.correction_add(
            record=record,
            kind=obj.kind,
            text=obj.text,
            acting_user=request.user,
            issued_at=obj.issued_at,
        )
        obj.pk, obj.version, obj.created_by = saved.pk, saved.version, saved.created_by
        obj._state.adding = False
        return None


# --- Deadline alerts sent (issue "The editors' desk", item 5) -----------------

from .models import DeadlineAlert  # noqa: E402 (own section: merges stay unions)


@admin.register(DeadlineAlert)
class DeadlineAlertAdmin(admin.ModelAdmin):
    """The deadline alerts sent (:mod:`articles.alerts`): what went to whom,
    when, about which response. Read-only: the rows are written only by
    the task, and a row is what stops the same alert going out twice, so
    nobody adds, edits or deletes one here.

    Visible to those who may see responses (``articles.view_response``:
    Reporters and Editors; the roles migration grants nothing on this
    model of its own), besides ``articles.view_deadlinealert``. Times are
    shown in the newsroom's zone.
    """

    list_display = ("sent_at", "event", "response_link", "about", "recipient_list")
    list_filter = ("event", "sent_at")
    list_select_related = ("response__inquiry", "response__city")
    search_fields = ("response__city__name", "response__inquiry__title", "recipients")
    date_hierarchy = "sent_at"
    fields = ("response", "event", "about", "recipients", "sent_at")
    readonly_fields = fields

    @admin.display(description="about", ordering="key")
    def about(self, obj: DeadlineAlert) -> str:
        """The alert's key in words: "Aug. 18, 2017 (due date)" for due
        soon and overdue, "Aug. 3, 2017 (status as of)" for needs a check."""
        what = "status as of" if obj.event == DeadlineAlert.Event.NEEDS_CHECK else "due date"
        return f"{ap_date(obj.key)} ({what})"

    @admin.display(description="response", ordering="response__city__name")
    def response_link(self, obj: DeadlineAlert) -> str:
        """The response, linked to its change page."""
        url = reverse("admin:articles_response_change", args=[obj.response_id])
        return format_html('<a href="{}">{}</a>', url, obj.response)

    @admin.display(description="sent to")
    def recipient_list(self, obj: DeadlineAlert) -> str:
        """The addresses, comma-separated."""
        return ", ".join(obj.recipients.split())

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) or request.user.has_perm(
            "articles.view_response"
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        with timezone.override(newsroom_zone()):
            response = super().changelist_view(request, extra_context)
            if isinstance(response, TemplateResponse) and not response.is_rendered:
                response.render()
        return response

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        with timezone.override(newsroom_zone()):
            response = super().changeform_view(request, object_id, form_url, extra_context)
            if isinstance(response, TemplateResponse) and not response.is_rendered:
                response.render()
        return response


# --- Wire-story ingestion (issue "Wire-story ingestion", item 3) -------------

from . import admin_ingest  # noqa: E402 (own section: merges stay unions)

admin_ingest.register(admin.site, SourceAdmin)
