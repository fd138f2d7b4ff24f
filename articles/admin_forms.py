"""Forms and formsets for the editors' admin (articles/admin.py).

They only shape input: every rule is still the model's (field validation,
``Meta.constraints`` and ``clean()``), run by the form's ``full_clean`` and
again by the service that saves (articles/services.py).
"""

from django import forms
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError
from django.db import models

from . import services, transitions
from .choices import Publication
from .models import Response

SLUG_OPTIONAL_HELP = "Leave blank to fill it in from the name or title."

#: The name of the "Reason for change" field on every admin form (and the
#: key inline forms read from the page's POST data).
CHANGE_REASON = "change_reason"


class ChangeReasonForm(forms.ModelForm):
    """A ModelForm with a "Reason for change" field, kept in the history
    (``history_change_reason``) by the service that saves.

    The reason is required when readers can already see the record
    (:func:`articles.services.change_reason_required`: a published claim or
    inquiry, a response to a published inquiry, as stored); elsewhere it is
    optional and the admin records a default naming the changed fields.
    The field is not part of the model, so it never counts as a changed
    field.
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get(CHANGE_REASON)
        if field is not None and services.change_reason_required(self.instance):
            field.required = True  # shown as required, and checked in the browser too
            field.error_messages["required"] = (
                f"Readers can see this {self.instance._meta.verbose_name}: "
                "say why you are changing it."
            )

    @property
    def changed_data(self) -> list[str]:
        """The changed model fields (the reason itself is not one)."""
        return [name for name in super().changed_data if name != CHANGE_REASON]


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
        _check_response_move(self, cleaned.get(CHANGE_REASON, ""))
        return cleaned


class ResponseInlineForm(forms.ModelForm):
    """A response row on its inquiry's page: the same checks as
    :class:`ResponseAdminForm`, with the page's reason for change."""

    def clean(self):
        cleaned = super().clean()
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


class ClaimCitationFormSet(forms.BaseInlineFormSet):
    """The citations inline on a claim's admin page.

    A published claim needs at least one citation (issue, "Citations stay
    true"; ``services.claim_publish``). The claim's form and this formset
    are saved together, so the rule is checked here, on what the editor is
    about to save: the publication chosen in the claim's form (already
    applied to ``self.instance`` when the admin validates the formsets) and
    the citations left in this formset (kept or added, not marked for
    deletion). Saving a published claim without one is a form error above
    the citations, never a 500.
    """

    def clean(self) -> None:
        super().clean()
        if self.instance.publication != Publication.PUBLISHED:
            return
        kept = [
            form
            for form in self.forms
            if getattr(form, "cleaned_data", None)
            and not form.cleaned_data.get("DELETE")
            and (form.instance.pk is not None or form.has_changed())
        ]
        if not kept:
            raise ValidationError(
                "A published claim needs at least one citation: add one here, "
                "or set the publication to draft.",
                code="claim_uncited",
            )
