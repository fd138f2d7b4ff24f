"""Bulk entry in the admin (issue "The editors' desk", item 2): "Add
places" and "Copy this inquiry" on an inquiry's change page.

*Add places* is one page in three states: the form (paste "Place, ST"
lines, pick states, pick another inquiry), the preview of what confirming
would do (:func:`articles.bulk.plan_places`: places already tracked,
places to create from the gazetteer with their coordinates, places already
on the inquiry, errors naming their line), and, on "Confirm", one
transaction (:func:`articles.services.responses_add_places`) and back to
the inquiry with "Added 50 responses (12 new places)." The confirmation
carries the same input and the preview's fingerprint: it is planned
again, and when anything changed the new preview is shown instead.

*Copy this inquiry* asks for the copy's title and dates and calls
:func:`articles.services.inquiry_copy`.

Both views are wrapped in ``admin_view`` (staff login, CSRF) and check the
permissions before drawing anything; the services check them again. Bad
input is a form error (an over-long paste, a NUL byte, an unknown state or
inquiry), never a 500.
"""

from django import forms
from django.contrib import messages
from django.contrib.admin.widgets import AdminDateWidget
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from . import bulk, services
from .admin_forms import is_row_key
from .choices import US_STATES
from .models import City, Inquiry


class AddPlacesForm(forms.Form):
    """What the editor asks for; the limits are :mod:`articles.bulk`'s."""

    lines = forms.CharField(
        label="Places, one a line",
        required=False,
        strip=False,
        max_length=bulk.MAX_PASTE_CHARS,
        widget=forms.Textarea(
            attrs={"rows": 14, "cols": 60, "placeholder": "Stockton, CA\nBaltimore, MD"}
        ),
        help_text=(
            f"“Place, ST” (“Stockton, CA”, “Baltimore County, Maryland”), or a gazetteer key "
            f"(“geonames:5399020”, “usps:NY”) to pick one of two namesakes. At most "
            f"{bulk.MAX_LINES} lines."
        ),
    )
    states = forms.MultipleChoiceField(
        label="The tracked places of these states",
        required=False,
        choices=US_STATES,
        widget=forms.CheckboxSelectMultiple,
    )
    min_population = forms.IntegerField(
        label="…and the gazetteer's cities there of at least",
        required=False,
        min_value=1,
        max_value=100_000_000,
        help_text="people (GeoNames' figure). Blank: only places already tracked.",
    )
    kinds = forms.MultipleChoiceField(
        label="…of these kinds",
        required=False,
        choices=City.Kind.choices,
        initial=list(bulk.DEFAULT_STATE_KINDS),
        widget=forms.CheckboxSelectMultiple,
        help_text="With the states: which tracked places of theirs. Default: cities and towns "
        "(not the state itself, nor its counties).",
    )
    from_inquiry = forms.ModelChoiceField(
        label="The places of another inquiry",
        required=False,
        queryset=Inquiry.objects.none(),
    )
    reason = forms.CharField(
        label="Reason (for the history)",
        required=False,
        max_length=300,
        help_text="Optional. Default: “Added by bulk entry”.",
    )
    fingerprint = forms.CharField(required=False, widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, inquiry: Inquiry, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from_inquiry"].queryset = (
            Inquiry.objects.visible_to(user).exclude(pk=inquiry.pk).order_by("title", "pk")
        )

        # A NUL byte is refused by clean_lines, naming its line, rather than
        # by Django's validator, which names nothing.
        self.fields["lines"].validators = [
            v
            for v in self.fields["lines"].validators
            if not isinstance(v, ProhibitNullCharactersValidator)
        ]

    def clean_lines(self) -> str:
        """At most :data:`articles.bulk.MAX_LINES` lines, none with a NUL
        character (the error names the lines)."""
        lines = self.cleaned_data["lines"]
        count = len(lines.splitlines())
        if count > bulk.MAX_LINES:
            raise ValidationError(
                f"At most {bulk.MAX_LINES} lines in one step (this list has {count:,}): split it."
            )
        nul = [str(n) for n, line in enumerate(lines.splitlines(), start=1) if "\x00" in line]
        if nul:
            raise ValidationError(
                f"Line{'s' if len(nul) > 1 else ''} {', '.join(nul[:20])}"
                f"{' …' if len(nul) > 20 else ''}: holds a NUL character (\\x00), which "
                "no place name has; remove it."
            )
        return lines

    def clean(self):
        data = super().clean()
        if data.get("min_population") and not data.get("states"):
            self.add_error("min_population", "Pick the states whose cities you want.")
        if data.get("states") and not data.get("kinds") and "kinds" not in self.errors:
            self.add_error("kinds", "Tick the kinds of places to take from the states.")
        if not self.errors and not (
            (data.get("lines") or "").strip() or data.get("states") or data.get("from_inquiry")
        ):
            raise ValidationError("Paste places, pick states or pick an inquiry.")
        return data


class CopyInquiryForm(forms.Form):
    """The copy's own title and dates."""

    title = forms.CharField(
        label="Title of the copy",
        max_length=300,
        widget=forms.TextInput(attrs={"class": "vLargeTextField", "size": 80}),
        help_text="Its own: the original keeps its title.",
    )
    sent_on = forms.DateField(
        label="Date it began",
        required=False,
        widget=AdminDateWidget,
        help_text="Blank until the questions are sent.",
    )
    due_on = forms.DateField(label="Due on", required=False, widget=AdminDateWidget)


def copy_title(inquiry: Inquiry) -> str:
    """The title "Copy this inquiry" proposes: the original's with
    " (copy)", cut to fit the field (300 characters), so it differs from the
    original's as :func:`articles.services.inquiry_copy` requires."""
    suffix = " (copy)"
    limit = Inquiry._meta.get_field("title").max_length - len(suffix)
    return inquiry.title[:limit].rstrip() + suffix


def inquiry_urls(model_admin) -> list:
    """The two views' URLs, for ``InquiryAdmin.get_urls``."""
    site = model_admin.admin_site
    return [
        path(
            "<path:object_id>/add-places/",
            site.admin_view(
                lambda request, object_id: add_places_view(model_admin, request, object_id)
            ),
            name="articles_inquiry_add_places",
        ),
        path(
            "<path:object_id>/copy/",
            site.admin_view(lambda request, object_id: copy_view(model_admin, request, object_id)),
            name="articles_inquiry_copy",
        ),
    ]


def _inquiry(model_admin, request, object_id) -> Inquiry:
    """The inquiry named in the URL, when the user may see it in the admin
    (what they may do with it is :func:`_refusal`'s).

    Raises:
        Http404: no such inquiry (or not a key).
        PermissionDenied: the user may not see it.
    """
    if not is_row_key(object_id):
        raise Http404("No such inquiry.")
    inquiry = model_admin.get_object(request, object_id)
    if inquiry is None:
        raise Http404("No such inquiry.")
    if not model_admin.has_view_or_change_permission(request, inquiry):
        raise PermissionDenied
    return inquiry


def _change_url(inquiry: Inquiry) -> str:
    return reverse("admin:articles_inquiry_change", args=[inquiry.pk])


def _refusal(request, inquiry: Inquiry) -> str:
    """Why the user may not add places here, or ""."""
    user = request.user
    if not user.has_perm("articles.add_response"):
        return "You need the “articles.add_response” permission to add places to an inquiry."
    if services.is_public(inquiry) and not user.has_perm(services.CHANGE_PUBLISHED):
        return (
            "Readers see this inquiry: a place added to it is published at once, so only an "
            "editor may add places (permission “articles.change_published”). Copy it to a new "
            "draft instead, or ask an editor."
        )
    return ""


def add_places_view(model_admin, request, object_id):
    """GET: the form. POST "preview": the plan. POST "confirm": plan again,
    write it (all or nothing), back to the inquiry; if the plan changed
    or holds errors, the preview again (status 200 for a change, 400 for
    errors), nothing written.

    Raises:
        Http404, PermissionDenied: see :func:`_inquiry`; PermissionDenied
            too without ``articles.add_response``.
    """
    inquiry = _inquiry(model_admin, request, object_id)
    user = request.user
    refusal = _refusal(request, inquiry)
    if refusal:
        context = {
            **model_admin.admin_site.each_context(request),
            "title": f"Add places to “{inquiry}”",
            "opts": model_admin.model._meta,
            "inquiry": inquiry,
            "refusal": refusal,
            "change_url": _change_url(inquiry),
        }
        return TemplateResponse(
            request, "admin/articles/inquiry/add_places.html", context, status=403
        )
    plan = None
    status = 200
    if request.method == "POST":
        form = AddPlacesForm(request.POST, inquiry=inquiry, user=user)
        if form.is_valid():
            data = form.cleaned_data
            spec = {
                "lines": data["lines"],
                "states": data["states"],
                "min_population": data["min_population"],
                "from_inquiry": data["from_inquiry"],
                "kinds": data["kinds"] or bulk.DEFAULT_STATE_KINDS,
            }
            if "confirm" in request.POST and data["fingerprint"]:
                try:
                    added = services.responses_add_places(
                        inquiry=inquiry,
                        acting_user=user,
                        reason=data["reason"],
                        expected=data["fingerprint"],
                        **spec,
                    )
                except bulk.PlanChanged as exc:
                    plan = exc.plan
                    model_admin.message_user(request, exc.messages[0], level=messages.WARNING)
                except (PermissionDenied, ValidationError) as exc:
                    reasons = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
                    model_admin.message_user(
                        request,
                        "Nothing was added: " + " ".join(reasons),
                        level=messages.ERROR,
                    )
                    status = 403 if isinstance(exc, PermissionDenied) else 400
                else:
                    model_admin.message_user(request, added.message, level=messages.SUCCESS)
                    return HttpResponseRedirect(_change_url(inquiry))
            if plan is None:
                plan = bulk.plan_places(inquiry=inquiry, **spec)
            if plan.errors and status == 200:
                status = 400
            post = request.POST.copy()
            post["fingerprint"] = plan.fingerprint
            form = AddPlacesForm(post, inquiry=inquiry, user=user)
            form.is_valid()
        else:
            status = 400
    else:
        form = AddPlacesForm(inquiry=inquiry, user=user)
    context = {
        **model_admin.admin_site.each_context(request),
        "title": f"Add places to “{inquiry}”",
        "opts": model_admin.model._meta,
        "inquiry": inquiry,
        "form": form,
        "plan": plan,
        "public": services.is_public(inquiry),
        "change_url": _change_url(inquiry),
        "media": model_admin.media + form.media,
    }
    return TemplateResponse(
        request, "admin/articles/inquiry/add_places.html", context, status=status
    )


def copy_view(model_admin, request, object_id):
    """GET: the copy's form (title prefilled as :func:`copy_title`, which
    the service accepts). POST: :func:`articles.services.inquiry_copy`, then the new
    draft's change page; a refusal is a form error (status 400).

    Raises:
        Http404: no such inquiry.
        PermissionDenied: the user may not add inquiries and responses.
    """
    if not is_row_key(object_id):
        raise Http404("No such inquiry.")
    inquiry = model_admin.get_object(request, object_id)
    if inquiry is None:
        raise Http404("No such inquiry.")
    user = request.user
    if not (
        model_admin.has_add_permission(request)
        and user.has_perm("articles.add_response")
        and model_admin.has_view_or_change_permission(request, inquiry)
    ):
        raise PermissionDenied
    status = 200
    if request.method == "POST":
        form = CopyInquiryForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                copy = services.inquiry_copy(
                    inquiry=inquiry,
                    acting_user=user,
                    title=data["title"],
                    sent_on=data["sent_on"],
                    due_on=data["due_on"],
                )
            except PermissionDenied as exc:
                raise PermissionDenied(str(exc)) from exc
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    for field, errors in exc.message_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error(None, exc.messages)
            else:
                places = copy.responses.count()
                model_admin.message_user(
                    request,
                    f"Copied “{inquiry}” to a new draft with its questions and "
                    f"{places} place{'s' if places != 1 else ''}.",
                    level=messages.SUCCESS,
                )
                return HttpResponseRedirect(_change_url(copy))
        status = 400
    else:
        form = CopyInquiryForm(initial={"title": copy_title(inquiry)})
    context = {
        **model_admin.admin_site.each_context(request),
        "title": f"Copy “{inquiry}”",
        "opts": model_admin.model._meta,
        "inquiry": inquiry,
        "form": form,
        "places": inquiry.responses.count(),
        "change_url": _change_url(inquiry),
        "media": model_admin.media + form.media,
    }
    return TemplateResponse(request, "admin/articles/inquiry/copy.html", context, status=status)
