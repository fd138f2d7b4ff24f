"""The editors' desk in the admin (the issue "The editors' desk", items 3
and 4): the response list's desk filters (due within 7 days, answered in
the last 7 days, assigned to me), the contact log inline on a response's
page and the contact log's own list.

Contacts are written only through :func:`articles.services.contact_log`
(the inline's rows by ``ResponseAdmin.save_formset``, the log's add page
by :meth:`ContactAdmin.save_model`): a logged contact is a record of what
happened, so it is never changed or deleted here. The log is internal:
readers see only the response's "last checked" date.

No role holds a permission on contacts (the roles migration predates
them), so the log follows the response's: whoever may change a response
(``articles.change_response``, :data:`articles.services.CONTACT_LOG_PERM`)
may log a contact about it, whoever may view responses may read the log.
"""

import datetime

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponseRedirect
from simple_history.admin import SimpleHistoryAdmin

from . import selectors, services
from .clock import newsroom_today, request_now
from .documents import inspect_document
from .models import Contact, Response

#: The fields an editor fills in to log a contact, in the form's order.
CONTACT_FIELDS = (
    "contacted_on",
    "direction",
    "method",
    "contact_name",
    "confirms_status",
    "note",
    "document",
)


def may_view_log(user) -> bool:
    """Whether ``user`` may read the contact log (``view_response``)."""
    return user.has_perm("articles.view_response") or user.has_perm(services.CONTACT_LOG_PERM)


def staff_choices():
    """Active staff, by username: the editors a response may be assigned to."""
    return get_user_model().objects.filter(is_active=True, is_staff=True).order_by("username")


class ContactForm(forms.ModelForm):
    """One contact to log. Checks what the service would refuse, so that
    each refusal is an error on its field: the date (the model: not in
    the future, not before the inquiry), a document over 10 MiB, and
    "confirms the status" on a response readers see for a user who may
    not change what readers see (a reporter: log it unconfirmed and ask
    an editor). ``acting_user`` is set by the admin."""

    acting_user = None

    class Meta:
        model = Contact
        fields = ("response", *CONTACT_FIELDS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "contacted_on" in self.fields and self.instance.pk is None:
            # Also when bound: a blank row posted back with today's date
            # unchanged is then "not changed", and logs nothing.
            self.fields["contacted_on"].initial = newsroom_today

    def clean_document(self):
        document = self.cleaned_data.get("document")
        if document:
            try:
                inspect_document(
                    document, field="document", limit=services.CONTACT_DOCUMENT_MAX_BYTES
                )
            except ValidationError as error:
                raise ValidationError(error.message_dict["document"]) from error
        return document

    def clean(self):
        cleaned = super().clean()
        response = cleaned.get("response") or getattr(self.instance, "response", None)
        if (
            cleaned.get("confirms_status")
            and isinstance(response, Response)
            and response.pk is not None
            and self.acting_user is not None
            and not self.acting_user.has_perm(services.CHANGE_PUBLISHED)
            and services.is_public(response)
        ):
            self.add_error(
                "confirms_status",
                "Readers can see this response's “last checked” date: only an editor may move "
                f"it (permission “{services.CHANGE_PUBLISHED}”). Log the contact without "
                "ticking this box and ask an editor to confirm it.",
            )
        return cleaned


def _contact_kwargs(cleaned: dict) -> dict:
    """``contact_log``'s keyword arguments from a contact form's data."""
    return {
        "contacted_on": cleaned["contacted_on"],
        "direction": cleaned["direction"],
        "method": cleaned["method"],
        "contact_name": cleaned.get("contact_name") or "",
        "note": cleaned.get("note") or "",
        "document": cleaned.get("document") or None,
        "confirms_status": bool(cleaned.get("confirms_status")),
    }


def contact_formset_save(request, *, response: Response, formset, reason: str = "") -> int:
    """Log the new rows of a contact inline through ``services.contact_log``
    (existing rows are read-only). Returns how many were logged.

    Raises:
        ValidationError, PermissionDenied: as ``services.contact_log``
            (the admin's change view rolls the request back and shows them).
    """
    logged = []
    for row in formset.extra_forms:
        if not row.has_changed() or not row.is_valid():
            continue
        logged.append(
            services.contact_log(
                response=response,
                acting_user=request.user,
                reason=reason,
                **_contact_kwargs(row.cleaned_data),
            )
        )
    # What Django's change message reads from a saved formset.
    formset.new_objects, formset.changed_objects, formset.deleted_objects = logged, [], []
    return len(logged)


class ContactFormSet(BaseInlineFormSet):
    """The contact rows of a response's form. A post of the response's
    form that carries no contact rows at all (a script, or a page from
    before the contact log) logs nothing, instead of being refused for
    its missing "management form": the log is an addition to the page."""

    def __init__(self, data=None, files=None, instance=None, save_as_new=False, prefix=None, **kw):
        name = prefix or self.get_default_prefix()
        if data is not None and f"{name}-TOTAL_FORMS" not in data:
            data = data.copy()
            data[f"{name}-TOTAL_FORMS"] = "0"
            data[f"{name}-INITIAL_FORMS"] = "0"
        super().__init__(data, files, instance, save_as_new, prefix, **kw)


class ContactInline(admin.StackedInline):
    """The contact log on a response's page: the contacts logged so far
    (read-only, newest first) and a blank row to log one more. Only on a
    saved response's page (a contact is about a response that exists)."""

    model = Contact
    form = ContactForm
    formset = ContactFormSet
    fields = (*CONTACT_FIELDS, "logged_by", "document_sha256")
    readonly_fields = ("logged_by", "document_sha256")
    extra = 1
    can_delete = False
    verbose_name = "contact"
    verbose_name_plural = "contact log (internal: readers see only the “last checked” date)"

    def get_queryset(self, request):
        """The response's contacts, for whoever may read the log. (Django's
        own check asks :meth:`has_view_permission` without the response,
        which is False here so that the add page has no log.)"""
        queryset = admin.options.BaseModelAdmin.get_queryset(self, request)
        if not may_view_log(request.user):
            return queryset.none()
        return queryset.select_related("logged_by")

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = type(formset.form.__name__, (formset.form,), {"acting_user": request.user})
        return formset

    def has_view_permission(self, request, obj=None):
        return obj is not None and may_view_log(request.user)

    def has_add_permission(self, request, obj=None):
        return obj is not None and request.user.has_perm(services.CONTACT_LOG_PERM)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class DeskFilter(admin.SimpleListFilter):
    """The editors' desk's lists of responses, judged at this request's
    instant (:func:`articles.clock.request_now`): open and due within 7
    days (in the deadline's zone), received or declined in the last 7 days
    (the newsroom's), open and assigned to the signed-in editor. The same
    rules as :func:`articles.selectors.desk_counts`, so each figure on the
    home page is the length of the list it links to."""

    title = "editors' desk"
    parameter_name = "desk"

    DUE_SOON = "due_soon"
    ANSWERED = "answered"
    MINE = "mine"

    def lookups(self, request, model_admin):
        return [
            (self.DUE_SOON, f"Due within {selectors.DESK_DUE_DAYS} days"),
            (self.ANSWERED, f"Answered in the last {selectors.DESK_ANSWERED_DAYS} days"),
            (self.MINE, "Open, assigned to me"),
        ]

    def queryset(self, request, queryset):
        at = request_now(request)
        if self.value() == self.DUE_SOON:
            return queryset.due_within(selectors.DESK_DUE_DAYS, at)
        if self.value() == self.ANSWERED:
            since = newsroom_today(at) - datetime.timedelta(days=selectors.DESK_ANSWERED_DAYS - 1)
            return queryset.answered_since(since)
        if self.value() == self.MINE:
            return queryset.open().filter(assigned_to=request.user.pk)
        return queryset


class ResponseAssignedFilter(admin.SimpleListFilter):
    """Responses by the editor following them up: me, or nobody."""

    title = "assigned to"
    parameter_name = "assigned"

    def lookups(self, request, model_admin):
        return [("me", "Assigned to me"), ("nobody", "Nobody")]

    def queryset(self, request, queryset):
        if self.value() == "me":
            return queryset.filter(assigned_to=request.user.pk)
        if self.value() == "nobody":
            return queryset.filter(assigned_to__isnull=True)
        return queryset


@admin.register(Contact)
class ContactAdmin(SimpleHistoryAdmin):
    """The contact log: every contact with the places asked, newest first,
    filtered by method, direction and date. Internal (readers never see a
    note, a name or a document). Contacts are logged here or on a
    response's page, through ``services.contact_log``; once logged, a
    contact is read-only (its history page shows who logged it)."""

    form = ContactForm
    list_display = (
        "contacted_on",
        "response_short",
        "direction",
        "method",
        "contact_name",
        "confirms_status",
        "logged_by",
    )
    list_filter = ("method", "direction", "contacted_on", "confirms_status")
    list_select_related = ("response__city", "response__inquiry", "logged_by")
    search_fields = ("contact_name", "note", "response__city__name", "response__inquiry__title")
    autocomplete_fields = ("response",)
    date_hierarchy = "contacted_on"
    fields = ("response", *CONTACT_FIELDS, "logged_by", "document_sha256", "created_at")
    readonly_fields = ("logged_by", "document_sha256", "created_at")
    show_full_result_count = False

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"acting_user": request.user})

    @admin.display(description="response", ordering="response__city__name")
    def response_short(self, obj: Contact) -> str:
        """The city and the inquiry's title cut to 30 characters, so that the
        method and direction stay on screen beside the filters."""
        title = obj.response.inquiry.title
        title = title if len(title) <= 30 else title[:29] + "…"
        return f"{obj.response.city} · {title}"

    def has_module_permission(self, request):
        return may_view_log(request.user)

    def has_view_permission(self, request, obj=None):
        return may_view_log(request.user)

    def has_add_permission(self, request):
        return request.user.has_perm(services.CONTACT_LOG_PERM)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        """Log the contact through ``services.contact_log`` (a contact is
        never changed here: the page is read-only once logged)."""
        saved = services.contact_log(
            response=form.cleaned_data["response"],
            acting_user=request.user,
            **_contact_kwargs(form.cleaned_data),
        )
        obj.pk, obj.version, obj.logged_by = saved.pk, saved.version, saved.logged_by
        obj.document, obj.document_sha256 = saved.document, saved.document_sha256
        obj._state.adding = False

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """Django's add page; a refusal the form could not foresee (a race)
        is an error message and the empty form again, never a 500."""
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except (ValidationError, PermissionDenied) as exc:
            reasons = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
            self.message_user(
                request, "Nothing was logged: " + "; ".join(reasons), level=messages.ERROR
            )
            return HttpResponseRedirect(request.get_full_path())
