"""Wire-story ingestion in the editors' admin (issue "Wire-story
ingestion", items 1 and 3).

- **Import article** (a button on the source and suggestion lists, and
  ``admin/articles/suggestion/import/``): paste a story or upload a file
  (plain text or HTML), with an optional title, URL and date. The story is
  read by :func:`articles.ingest.reading.read_story` (a bad file is an
  error beside its field, in reading's words: empty, an image, too long,
  not UTF-8) and stored by :func:`articles.ingest.services.story_import`;
  then the list of its suggestions, with "Imported “title”: 7 places, 4
  people, 3 quotes, 2 signals" (or "Already imported: <link>").
- **Suggestions**: the list filters by kind, status and source and shows
  each finding in its sentence with the span highlighted (``<mark>``;
  everything escaped); "Accept selected" and "Reject selected" (asking
  for the reason). A suggestion's page shows its sentence and the Accept
  form (a place picked among the candidates of an ambiguous name, the
  response a signal concerns) and the Reject form (reason required); both
  carry the version the page was opened at, so a decision taken meanwhile
  by someone else is refused and shown, the editor's input kept.
  Suggestions are made only by an import: none is added, edited or
  deleted by hand.
- **Sources**: an imported source's page links to its suggestions
  ("11 suggestions (4 waiting)").

Who: importing needs ``articles.add_source`` and ``articles.add_suggestion``,
deciding ``articles.change_suggestion`` (Reporters and Editors: the roles
migration 0017); the services check again.
"""

from __future__ import annotations

import functools

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminDateWidget
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import Truncator, capfirst
from simple_history.admin import SimpleHistoryAdmin

from . import gazetteer, selectors
from .admin_forms import is_row_key
from .ingest import reading, services
from .ingest.spans import sentence_at, sentences
from .locking import StaleVersionError
from .models import Organization, Person, Source, Suggestion

# --- The sentence with the span highlighted ------------------------------------


@functools.lru_cache(maxsize=64)
def _sentences(text: str):
    return sentences(text)


def context_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """From the start of the sentence holding ``start`` to the end of the
    one holding the span's last character (a quote over a paragraph break
    shows both paragraphs' sentences); the span itself where no sentence
    holds it."""
    found = _sentences(text)
    first = sentence_at(found, start)
    last = sentence_at(found, max(start, end - 1))
    return (
        min(first.start, start) if first else start,
        max(last.end, end) if last else end,
    )


def highlighted(suggestion: Suggestion) -> str:
    """The suggestion's sentence(s), the span in ``<mark>``, every
    character of the story escaped (a story is never markup); line breaks
    kept by the ``pre-wrap`` style."""
    text = suggestion.source.text
    start, end = suggestion.start, suggestion.end
    begin, finish = context_bounds(text, start, end)
    return format_html(
        '<span class="ingest-sentence">{}<mark>{}</mark>{}</span>',
        text[begin:start],
        text[start:end],
        text[end:finish],
    )


# --- Import article --------------------------------------------------------------


class ImportArticleForm(forms.Form):
    """A story pasted or uploaded (one of the two), with what the story
    itself may not say. ``clean()`` reads it (``cleaned_data["story"]``, a
    :class:`articles.ingest.reading.StoryText`); reading's refusal is an
    error on the field the story came from."""

    text = forms.CharField(
        label="Paste the story",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 16, "cols": 90}),
        help_text="Plain text, the dateline first (“WASHINGTON (Reuters) - …”); or upload a file.",
    )
    file = forms.FileField(
        label="…or upload it",
        required=False,
        help_text="A .txt or .html file (HTML: only the story's text is kept, never its markup).",
    )
    title = forms.CharField(
        label="Headline",
        required=False,
        max_length=300,
        help_text="Blank: the story's first sentence.",
    )
    url = forms.URLField(label="URL", required=False, max_length=500, assume_scheme="https")
    published_on = forms.DateField(
        label="Published on", required=False, widget=AdminDateWidget, help_text="The story's date."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text += f" Up to {filesizeformat(reading.max_bytes())}."
        self.fields[
            "text"
        ].help_text += f" At most {reading.max_chars():,} characters of story text."

    def clean(self):
        cleaned = super().clean()
        text, upload = cleaned.get("text") or "", cleaned.get("file")
        if self.errors:
            return cleaned
        if upload is not None and text.strip():
            self.add_error("text", "Paste a story or upload a file, not both.")
            return cleaned
        if upload is None and not text.strip():
            self.add_error("text", "Paste the story, or upload it as a file.")
            return cleaned
        field = "file" if upload is not None else "text"
        try:
            if upload is not None:
                if upload.size > reading.max_bytes():
                    raise reading.StoryError(
                        f"The file is {upload.size:,} bytes; the limit is "
                        f"{reading.max_bytes():,} bytes ({filesizeformat(reading.max_bytes())})."
                    )
                data = b"".join(upload.chunks())
                story = reading.read_story(
                    data, name=upload.name or "", content_type=upload.content_type or ""
                )
            else:
                story = reading.read_story(text)
        except reading.StoryError as exc:
            self.add_error(field, str(exc))
            return cleaned
        cleaned["story"] = story
        return cleaned


def _import_message(result: services.ImportResult) -> str:
    source = result.source
    if not result.created:
        url = reverse("admin:articles_source_change", args=[source.pk])
        return format_html('Already imported: <a href="{}">{}</a>', url, source.title)
    return f"Imported “{source.title}”: {services.counts_words(result.counts)}."


def suggestions_url(source: Source) -> str:
    """The suggestion list filtered to ``source``."""
    return reverse("admin:articles_suggestion_changelist") + f"?source__id__exact={source.pk}"


def import_view(model_admin, request):
    """GET: the form. POST: read and import the story; then its
    suggestions (a 400 with the form's errors when it cannot be read or a
    field is wrong; nothing written).

    Raises:
        PermissionDenied: without ``articles.add_source`` and
            ``articles.add_suggestion``.
    """
    user = request.user
    if not may_import(user):
        raise PermissionDenied
    status = 200
    if request.method == "POST":
        form = ImportArticleForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                result = services.story_import(
                    text=data["story"].text,
                    acting_user=user,
                    title=data["title"] or data["story"].title,
                    url=data["url"],
                    published_on=data["published_on"],
                    reason="Imported in the admin",
                )
            except reading.StoryError as exc:
                form.add_error("file" if data.get("file") else "text", str(exc))
            except ValidationError as exc:
                _form_errors(form, exc)
            else:
                level = messages.SUCCESS if result.created else messages.WARNING
                model_admin.message_user(request, _import_message(result), level=level)
                return HttpResponseRedirect(suggestions_url(result.source))
        status = 400
    else:
        form = ImportArticleForm()
    context = {
        **model_admin.admin_site.each_context(request),
        "title": "Import article",
        "opts": Suggestion._meta,
        "form": form,
        "media": model_admin.media + form.media,
    }
    return TemplateResponse(
        request, "admin/articles/suggestion/import.html", context, status=status
    )


def _form_errors(form: forms.Form, exc: ValidationError) -> None:
    """A service's refusal on the form: by field where the form has it."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def may_import(user) -> bool:
    """Whether ``user`` may import a story (the button and the page)."""
    return user.has_perm("articles.add_source") and user.has_perm("articles.add_suggestion")


def _with_may_import(request, extra_context) -> dict:
    return {"may_import": may_import(request.user), **(extra_context or {})}


# --- Deciding --------------------------------------------------------------------


class DecisionForm(forms.Form):
    """The version the page was opened at (hidden), for the lock."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class RejectForm(DecisionForm):
    reject_reason = forms.CharField(
        label="Why reject it",
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
        help_text="Required; kept with the suggestion (“not a quote of speech”, “wrong city”).",
    )


class AcceptForm(DecisionForm):
    """What the editor picks before accepting: a place among the candidates
    of an ambiguous name, who said a quote the story attributes to nobody
    the tracker knows, the response a signal concerns, the update note a
    published inquiry's response needs."""

    def __init__(self, *args, suggestion: Suggestion, **kwargs):
        super().__init__(*args, **kwargs)
        self.suggestion = suggestion
        data = suggestion.data or {}
        if suggestion.kind == Suggestion.Kind.PLACE and data.get("candidates"):
            entries = [gazetteer.by_key(key) for key in data["candidates"]]
            self.fields["key"] = forms.ChoiceField(
                label="Which place",
                required=not data.get("key"),
                choices=[("", "—")] + [(e.key, e.label) for e in entries if e is not None],
                initial=data.get("key") or "",
            )
        if suggestion.kind == Suggestion.Kind.QUOTE and suggestion.speaker_id is None:
            said = data.get("speaker") or "nobody named"
            self.fields["person"] = forms.ModelChoiceField(
                label="Said by (person)",
                queryset=Person.objects.order_by("name"),
                required=False,
                help_text=f"The story attributes it to: {said}.",
            )
            self.fields["organization"] = forms.ModelChoiceField(
                label="…or by (organization)",
                queryset=Organization.objects.order_by("name"),
                required=False,
            )
        if suggestion.kind == Suggestion.Kind.SIGNAL:
            choices = selectors.signal_responses(suggestion)
            self.fields["response"] = forms.ModelChoiceField(
                label="Response",
                queryset=choices,
                required=False,
                initial=choices[0].pk if len(choices) == 1 else None,
                help_text="The response this signal concerns (blank: the one open response "
                "of the city the story names).",
            )
            self.fields["note"] = forms.CharField(
                label="Update note (readers see it)",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
                help_text="Needed when readers already see the response (a published inquiry).",
            )

    def choice(self) -> dict:
        """The service's ``choice`` from the cleaned form."""
        data = self.cleaned_data
        picked = {
            "key": data.get("key"),
            "response": data.get("response"),
            "note": data.get("note"),
            "claimant": data.get("person") or data.get("organization"),
        }
        return {name: value for name, value in picked.items() if value}


def _in_newsroom_zone(view):
    """Times on these pages in the newsroom's zone, as on the other
    tracker pages (newcomer's report: "Accepted ... 8:43 a.m." was UTC
    beside the history's Eastern time)."""
    from .admin import TrackerAdmin  # noqa: PLC0415 (admin.py imports this module last)

    return TrackerAdmin._in_newsroom_zone(view)


@admin.register(Suggestion)
class SuggestionAdmin(SimpleHistoryAdmin):
    """The suggestions of imported stories, for review (module docstring)."""

    list_display = ("kind", "label", "in_context", "status", "source_link")
    list_display_links = ("label",)
    # No filter by source (newcomer's report: 734 entries made the page
    # 40,000 px tall); a source's page links to its suggestions instead.
    list_filter = ("status", "kind")
    list_select_related = ("source",)
    search_fields = ("label", "text", "source__title")
    ordering = ("source", "start", "kind", "pk")
    actions = ("accept_selected", "reject_selected")
    change_list_template = "admin/articles/suggestion/change_list.html"
    list_per_page = 50

    @admin.display(description="in the story")
    def in_context(self, obj: Suggestion) -> str:
        """The sentence with the span highlighted."""
        return highlighted(obj)

    @admin.display(description="source", ordering="source__title")
    def source_link(self, obj: Suggestion) -> str:
        url = reverse("admin:articles_source_change", args=[obj.source_id])
        return format_html('<a href="{}">{}</a>', url, Truncator(obj.source.title).chars(60))

    def get_list_display(self, request):
        """Without the source column when the list shows one source's."""
        shown = super().get_list_display(request)
        if "source__id__exact" in request.GET:
            return [name for name in shown if name != "source_link"]
        return shown

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        site = self.admin_site
        return [
            path(
                "import/",
                site.admin_view(lambda request: import_view(self, request)),
                name="articles_suggestion_import",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra = {"title": "Suggestions from imported stories", **(extra_context or {})}
        return _in_newsroom_zone(
            lambda: super(SuggestionAdmin, self).changelist_view(
                request, _with_may_import(request, extra)
            )
        )

    def history_view(self, request, object_id, extra_context=None):
        return _in_newsroom_zone(
            lambda: super(SuggestionAdmin, self).history_view(request, object_id, extra_context)
        )

    # --- bulk actions --------------------------------------------------------------

    @admin.action(description="Accept selected suggestions", permissions=["change"])
    def accept_selected(self, request, queryset):
        pending = list(queryset.filter(status=Suggestion.Status.PENDING))
        decided = queryset.count() - len(pending)
        try:
            accepted, refused = services.suggestions_accept(
                suggestions=pending, acting_user=request.user
            )
        except PermissionDenied as exc:
            self.message_user(request, str(exc), level=messages.ERROR)
            return None
        words = [f"Accepted {len(accepted)} suggestion{'s' if len(accepted) != 1 else ''}."]
        if decided:
            words.append(f"{decided} already decided left as they were.")
        self.message_user(request, " ".join(words), level=messages.SUCCESS)
        names = {suggestion.pk: str(suggestion) for suggestion in pending}
        for pk, message in refused.items():
            self.message_user(
                request, f"Not accepted: {names[pk]}: {message}", level=messages.ERROR
            )
        return None

    @admin.action(description="Reject selected suggestions…", permissions=["change"])
    def reject_selected(self, request, queryset):
        """An intermediate page asks for the reason; "Reject" applies it."""
        pending = list(queryset.filter(status=Suggestion.Status.PENDING))
        form = forms.Form(request.POST if "apply" in request.POST else None)
        form.fields["reject_reason"] = RejectForm.base_fields["reject_reason"]
        if "apply" in request.POST and form.is_valid():
            reason = form.cleaned_data["reject_reason"]
            done, refused = 0, []
            for suggestion in pending:
                try:
                    services.suggestion_reject(
                        suggestion=suggestion, acting_user=request.user, reason=reason
                    )
                    done += 1
                except (ValidationError, PermissionDenied) as exc:
                    words = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
                    refused.append(f"{suggestion}: {' '.join(words)}")
            self.message_user(
                request,
                f"Rejected {done} suggestion{'s' if done != 1 else ''}.",
                level=messages.SUCCESS,
            )
            for words in refused:
                self.message_user(request, f"Not rejected: {words}", level=messages.ERROR)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Reject suggestions",
            "opts": self.model._meta,
            "suggestions": pending,
            "decided": queryset.count() - len(pending),
            "form": form,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(
            request,
            "admin/articles/suggestion/reject_selected.html",
            context,
            status=400 if "apply" in request.POST else 200,
        )

    # --- one suggestion's page -----------------------------------------------------

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The suggestion in its sentence, with the Accept and Reject forms
        (for users who may decide, while it waits). POST ``_accept`` or
        ``_reject`` calls the service; a refusal redraws the page with the
        error beside its field, or above the forms (400; 409 when someone
        else saved the suggestion since the page was opened, as when they
        decided it meanwhile)."""
        if not is_row_key(object_id):
            raise Http404("No such suggestion.")
        suggestion = (
            Suggestion.objects.select_related("source", "speaker", "decided_by")
            .filter(pk=object_id)
            .first()
        )
        if suggestion is None:
            raise Http404("No such suggestion.")
        if not self.has_view_or_change_permission(request, suggestion):
            raise PermissionDenied
        may_change = self.has_change_permission(request, suggestion)
        initial = {"version": suggestion.version}
        accept = AcceptForm(initial=initial, suggestion=suggestion, prefix="accept")
        reject = RejectForm(initial=initial, prefix="reject")
        status, refusal = 200, []
        if request.method == "POST":
            if not may_change:
                raise PermissionDenied
            if "_reject" in request.POST:
                reject = form = RejectForm(request.POST, prefix="reject")
                decide = self._reject
            else:
                accept = form = AcceptForm(request.POST, suggestion=suggestion, prefix="accept")
                decide = self._accept
            status = 400
            if form.is_valid():
                suggestion.version = form.cleaned_data["version"]
                try:
                    decide(request, suggestion, form)
                except ValidationError as exc:
                    _form_errors(form, exc)
                    status = 409 if isinstance(exc, StaleVersionError) else 400
                    suggestion.refresh_from_db()
                else:
                    return HttpResponseRedirect(suggestions_url(suggestion.source))
            refusal = form.non_field_errors()
        may_decide = may_change and suggestion.status == Suggestion.Status.PENDING
        context = {
            **self.admin_site.each_context(request),
            **(extra_context or {}),
            "title": f"{capfirst(suggestion.get_kind_display())}: {suggestion.label}",
            "subtitle": None,
            "opts": self.model._meta,
            "original": suggestion,
            "suggestion": suggestion,
            "in_context": highlighted(suggestion),
            "may_decide": may_decide,
            "refusal": refusal,
            "accept": accept,
            "reject": reject,
            "list_url": suggestions_url(suggestion.source),
            "source_url": reverse("admin:articles_source_change", args=[suggestion.source_id]),
            "made": made_records(suggestion),
            "media": self.media + accept.media,
        }
        return _in_newsroom_zone(
            lambda: TemplateResponse(
                request, "admin/articles/suggestion/decide.html", context, status=status
            )
        )

    def _accept(self, request, suggestion: Suggestion, form: AcceptForm) -> None:
        try:
            services.suggestion_accept(
                suggestion=suggestion, acting_user=request.user, choice=form.choice()
            )
        except PermissionDenied as exc:
            raise ValidationError(str(exc)) from exc
        made = made_records(suggestion)
        what = f": {made[0][0]} “{made[0][1]}”" if made else ""
        queue = " is in the review queue" if suggestion.claim_id else ""
        self.message_user(request, f"Accepted{what}{queue}.", level=messages.SUCCESS)

    def _reject(self, request, suggestion: Suggestion, form: RejectForm) -> None:
        try:
            services.suggestion_reject(
                suggestion=suggestion,
                acting_user=request.user,
                reason=form.cleaned_data["reject_reason"],
            )
        except PermissionDenied as exc:
            raise ValidationError(str(exc)) from exc
        self.message_user(request, f"Rejected “{suggestion.label}”.", level=messages.SUCCESS)


# --- The source's page and list ----------------------------------------------------


class SourceSuggestionsMixin:
    """For ``SourceAdmin``: the "Import article" button on the list and,
    on an imported source's page, the link to its suggestions."""

    import_export_change_list_template = "admin/articles/source/change_list.html"

    def get_readonly_fields(self, request, obj=None):
        return (*super().get_readonly_fields(request, obj), "suggestions_link")

    def get_fields(self, request, obj=None):
        """The source's fields; on a saved source, its dateline after the
        publisher and the link to its suggestions after the title."""
        fields = list(super().get_fields(request, obj))
        if obj is None:
            return fields
        for name, after in (("dateline", "publisher"), ("suggestions_link", "title")):
            if name not in fields:
                fields.insert(fields.index(after) + 1 if after in fields else len(fields), name)
        return fields

    @admin.display(description="suggestions")
    def suggestions_link(self, obj: Source | None) -> str:
        """``11 suggestions (4 waiting)``, linked to them."""
        if obj is None or obj.pk is None:
            return "—"
        total, waiting = selectors.suggestion_counts(obj)
        if not total:
            if obj.text_sha256:
                return "None: its claims were entered by hand (importing the story again finds this source)"
            return "None (not imported as a story)"
        return format_html(
            '<a href="{}">{} suggestion{} ({} waiting)</a>',
            suggestions_url(obj),
            total,
            "" if total == 1 else "s",
            waiting,
        )

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(request, _with_may_import(request, extra_context))


def made_records(suggestion: Suggestion) -> list[tuple[str, object, str]]:
    """What accepting ``suggestion`` made or found, as ``(noun, record,
    admin URL)``, for its page."""
    made = []
    for name in ("claim", "citation", "city", "person", "organization", "response"):
        record = getattr(suggestion, name)
        if record is not None:
            opts = record._meta
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])
            made.append((str(opts.verbose_name), record, url))
    return made


def register(site: admin.AdminSite, source_admin: type) -> None:
    """Swap the source admin for one with the ingestion links (called at the
    end of :mod:`articles.admin`, once ``SourceAdmin`` is registered)."""
    site.unregister(Source)
    site.register(Source, type("SourceAdmin", (SourceSuggestionsMixin, source_admin), {}))
