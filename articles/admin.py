"""The editors' admin (DESIGN.md, "Who uses it": editors curate everything here).

Every model is registered on django-simple-history's ``SimpleHistoryAdmin``,
so each object has a History page (who, when, what changed, and the reason).

Writes go through articles/services.py, like the API and the management
commands: ``save_model``, ``delete_model``, ``delete_queryset`` and
``save_formset`` call ``services.object_save`` / ``services.object_delete``
with the editor as the acting user. The forms run the models' validation
(field rules, ``Meta.constraints`` and ``clean()``) first, so a broken rule
shows as a form error; if the service still refuses (a race with another
editor), the whole request is rolled back and the editor sees the reason as
an error message instead of a server error.
"""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect
from simple_history.admin import SimpleHistoryAdmin

from . import services
from .admin_forms import ClaimCitationFormSet, OptionalSlugForm, SafeAutocompleteMixin
from .clock import newsroom_today, request_now
from .formats import ap_date
from .models import (
    Citation,
    City,
    Claim,
    Inquiry,
    Organization,
    Person,
    Publication,
    Rating,
    RatingScale,
    Response,
    Source,
)

TIMESTAMPS = ("created_at", "updated_at")


def _change_reason(form, change: bool) -> str:
    """A history reason naming the fields an admin form changed."""
    if not change:
        return "Added in the admin"
    changed = [
        str(form.fields[name].label or name) for name in form.changed_data if name in form.fields
    ]
    return f"Changed in the admin: {', '.join(changed)}" if changed else "Saved in the admin"


class TrackerAdmin(SafeAutocompleteMixin, SimpleHistoryAdmin):
    """Base admin: history pages, timestamps read-only, writes through services.

    Errors: a ``ValidationError`` raised by a service after the form was
    valid (another editor changed the data meanwhile) rolls the request
    back (the admin views are atomic) and is shown as an error message.
    """

    readonly_fields: tuple[str, ...] = TIMESTAMPS
    show_full_result_count = False  # one COUNT per changelist, not two

    # --- writes, through services -------------------------------------------

    def save_model(self, request, obj, form, change):
        """Save through ``services.object_save`` with the editor as acting user."""
        services.object_save(
            instance=obj, acting_user=request.user, reason=_change_reason(form, change)
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
        ``object_delete``, new and changed rows with ``object_save``."""
        instances = formset.save(commit=False)
        parent = form.instance
        for obj in formset.deleted_objects:
            services.object_delete(
                instance=obj, acting_user=request.user, reason=f"Deleted in the admin on “{parent}”"
            )
        for obj in instances:
            verb = "Changed" if obj.pk else "Added"
            services.object_save(
                instance=obj, acting_user=request.user, reason=f"{verb} in the admin on “{parent}”"
            )
        formset.save_m2m()

    # --- a service refusal is an error message, never a 500 ------------------

    def _refused(self, request, exc: ValidationError):
        self.message_user(
            request, "Nothing was saved: " + "; ".join(exc.messages), level=messages.ERROR
        )
        return HttpResponseRedirect(request.get_full_path())

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as exc:
            return self._refused(request, exc)

    def delete_view(self, request, object_id, extra_context=None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except ValidationError as exc:
            return self._refused(request, exc)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        try:
            with transaction.atomic():
                return super().history_form_view(request, object_id, version_id, extra_context)
        except ValidationError as exc:
            return self._refused(request, exc)

    def response_action(self, request, queryset, *args, **kwargs):
        try:
            with transaction.atomic():
                return super().response_action(request, queryset, *args, **kwargs)
        except ValidationError as exc:
            return self._refused(request, exc)


class TrackerInline(SafeAutocompleteMixin):
    """Inline defaults: timestamps hidden (they are on the object's own page)."""

    extra = 0
    show_change_link = True


# --- places, bodies, people ---------------------------------------------------


@admin.register(City)
class CityAdmin(TrackerAdmin):
    form = OptionalSlugForm
    list_display = ("name", "state", "slug", "latitude", "longitude", "updated_at")
    list_filter = ("state",)
    search_fields = ("name", "slug", "=state")
    prepopulated_fields = {"slug": ("name", "state")}
    fields = ("name", "state", "slug", "latitude", "longitude", *TIMESTAMPS)


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
class SourceAdmin(TrackerAdmin):
    list_display = ("title", "kind", "publisher", "published_on", "publishable", "url")
    list_filter = ("kind", "publishable", "publisher")
    list_select_related = ("publisher",)
    search_fields = ("title", "url", "publisher__name", "text")
    autocomplete_fields = ("publisher",)
    date_hierarchy = "published_on"
    readonly_fields = ("sha256", *TIMESTAMPS)
    fields = (
        "kind",
        "title",
        "publisher",
        "url",
        "published_on",
        "archive_url",
        "file",
        "sha256",
        "text",
        "publishable",
        *TIMESTAMPS,
    )


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
    internal note never leaves the admin. ``ClaimCitationFormSet`` refuses
    a published claim left without a citation."""

    model = Citation
    formset = ClaimCitationFormSet
    fields = ("source", "quote", "public_note", "internal_note")
    autocomplete_fields = ("source",)


@admin.register(Claim)
class ClaimAdmin(TrackerAdmin):
    form = OptionalSlugForm
    list_display = ("__str__", "claimant", "city", "rating", "publication", "stated_on")
    list_filter = ("publication", "wording", "rating__scale", "rating", "city")
    list_select_related = ("claimant", "claimant_organization", "city", "rating__scale")
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
        "rating_explanation",
        "publication",
        *TIMESTAMPS,
    )
    inlines = (CitationInline,)

    def save_related(self, request, form, formsets, change):
        """Save the inlines, then check a published claim kept a citation.

        The citations inline checks this as a form error first
        (``ClaimCitationFormSet``); this catches the rest (an editor without
        the right to change citations, whose inline is read-only).

        Raises:
            ValidationError: keyed ``publication``; ``changeform_view``
                rolls the request back and shows it as an error message.
        """
        super().save_related(request, form, formsets, change)
        claim = form.instance
        if claim.publication == Publication.PUBLISHED and not claim.citations.exists():
            raise ValidationError({"publication": "A published claim needs at least one citation."})


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

    def delete_model(self, request, obj):
        """Delete through ``services.citation_delete`` (refuses the last
        citation of a published claim)."""
        services.citation_delete(
            citation=obj, acting_user=request.user, reason="Deleted in the admin"
        )

    @transaction.atomic
    def delete_queryset(self, request, queryset):
        """Delete each selected citation through ``services.citation_delete``
        (all or nothing)."""
        for obj in queryset.select_related("claim"):
            services.citation_delete(
                citation=obj, acting_user=request.user, reason="Deleted in the admin (bulk)"
            )

    @admin.display(description="quote")
    def quote_excerpt(self, obj: Citation) -> str:
        """The first 80 characters of the quote."""
        return obj.quote if len(obj.quote) <= 80 else obj.quote[:79] + "…"


# --- inquiries and responses ---------------------------------------------------


class ResponseInline(TrackerInline, admin.TabularInline):
    model = Response
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
class InquiryAdmin(TrackerAdmin):
    form = OptionalSlugForm
    list_display = (
        "title",
        "kind",
        "requester",
        "publication",
        "sent_on",
        "due_on",
        "response_count",
        "open_count",
        "overdue_count",
    )
    list_filter = ("publication", "kind", "requester", "due_timezone")
    list_select_related = ("requester",)
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
        "sent_on",
        "due_on",
        "due_timezone",
        "questions",
        "description",
        "sources",
        "publication",
        *TIMESTAMPS,
    )
    inlines = (ResponseInline,)

    def get_queryset(self, request):
        """Annotate the response counts (``InquiryQuerySet.with_counts``),
        overdue judged at this request's "now". Annotated here rather than
        in the list alone so that the list can be sorted by the counts."""
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


class OverdueFilter(admin.SimpleListFilter):
    """Overdue or not, at this request's "now" (``ResponseQuerySet.overdue``
    / ``not_overdue``: open after the end of the due day in the inquiry's
    time zone, DESIGN.md "Response status")."""

    title = "overdue"
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return (("yes", "Overdue"), ("no", "Not overdue"))

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.overdue(at=request_now(request))
        if self.value() == "no":
            return queryset.not_overdue(at=request_now(request))
        return queryset


@admin.register(Response)
class ResponseAdmin(TrackerAdmin):
    list_filter = (
        "status",
        OverdueFilter,
        "city",
        ("city__state", admin.AllValuesFieldListFilter),
        "inquiry",
    )
    list_select_related = ("inquiry", "city")
    search_fields = (
        "city__name",
        "=city__state",
        "inquiry__title",
        "organization__name",
        "respondent__name",
        "summary",
    )
    autocomplete_fields = ("inquiry", "city", "organization", "respondent", "sources")
    date_hierarchy = "as_of"
    fields = (
        "inquiry",
        "city",
        "status",
        "acknowledged_on",
        "received_on",
        "as_of",
        "organization",
        "respondent",
        "summary",
        "text",
        "sources",
        *TIMESTAMPS,
    )
    actions = ("mark_received_today",)

    def get_list_display(self, request):
        """The columns, with "overdue" judged once, at this request's now."""
        now = request_now(request)

        @admin.display(description="overdue", boolean=True)
        def overdue(obj: Response) -> bool:
            return obj.is_overdue_at(now)

        return (
            "__str__",
            "city",
            "inquiry",
            "status",
            overdue,
            "acknowledged_on",
            "received_on",
            "as_of",
        )

    @admin.action(description="Mark selected responses received today", permissions=["change"])
    def mark_received_today(self, request, queryset):
        """Mark the selected responses received on today's date in the
        newsroom's zone, through ``services.responses_mark_received`` (all or
        nothing; the service refuses responses already received)."""
        today = newsroom_today()
        responses = list(queryset.select_related("inquiry", "city"))
        try:
            services.responses_mark_received(
                responses=responses, received_on=today, acting_user=request.user
            )
        except ValidationError as exc:
            self.message_user(
                request, "Nothing was changed: " + "; ".join(exc.messages), level=messages.ERROR
            )
            return
        self.message_user(
            request,
            f"Marked {len(responses)} response{'s' if len(responses) != 1 else ''} "
            f"received on {ap_date(today)}.",
            level=messages.SUCCESS,
        )
