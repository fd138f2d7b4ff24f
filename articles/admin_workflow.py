"""The editorial workflow in the admin (DESIGN.md, "Editorial workflow";
the issue "Publishing workflow, roles, corrections and no lost edits",
items 1 to 5): the state and the buttons on a claim's or an inquiry's page,
the review queue's filter, internal comments, corrections, and an
inquiry's history as one timeline with its responses'.

The admin only reflects the rules: every button posts to
:meth:`ReviewableAdminMixin.workflow_view`, which calls
:mod:`articles.workflow` with the version the page showed; the workflow
functions check the permission, the state, the version and the text. A
button the user may not use is absent, and a forged post is refused with
the reason, nothing changed.
"""

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect
from django.urls import path, reverse

from . import services, workflow
from .admin_forms import WorkflowForm, is_row_key, may_correct
from .choices import CorrectionKind, Publication
from .history import history_delta
from .locking import StaleVersionError
from .models import City, Correction, Inquiry, Response

#: The moves that change the record (and so check its version).
RECORD_MOVES = ("submit", "publish", "send_back", "retract")


class AssignedFilter(admin.SimpleListFilter):
    """The review queue: records assigned to the signed-in user, or to
    nobody."""

    title = "assigned to"
    parameter_name = "assigned"

    def lookups(self, request, model_admin):
        return [("me", "Assigned to me"), ("nobody", "Nobody")]

    def queryset(self, request, queryset):
        if self.value() == "me":
            return queryset.filter(assigned_to=request.user)
        if self.value() == "nobody":
            return queryset.filter(assigned_to__isnull=True)
        return queryset


def _assignees(model):
    """Active staff who may publish ``model``'s records: the reviewers a
    reporter may ask for."""
    codename = f"publish_{model._meta.model_name}"
    perm = Q(groups__permissions__codename=codename) | Q(user_permissions__codename=codename)
    return (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True)
        .filter(Q(is_superuser=True) | perm)
        .distinct()
        .order_by("username")
    )


def _corrections(obj):
    """The corrections shown on ``obj``'s page (an inquiry's: its
    responses' too), newest first."""
    if isinstance(obj, Inquiry):
        found = Correction.objects.filter(Q(inquiry=obj) | Q(response__inquiry=obj))
    else:
        found = Correction.objects.filter(claim=obj)
    return found.select_related("created_by", "response__city").order_by("-issued_at", "-pk")


class ReviewableAdminMixin:
    """For the claim and inquiry admins: the workflow panel on the change
    page, its buttons' view, the review queue's column and filter.

    The panel (``templates/admin/articles/includes/workflow.html``) shows
    the state, who the record is assigned to and who sent it to review,
    and the moves the user may make from that state: *Send to review*
    (``change_<model>``), *Publish* (``publish_<model>``; for a claim not
    ready, the reasons instead of the button), *Send back* with a comment
    (``publish_<model>``), *Retract* with a note (``retract_<model>``).
    Below the form: the internal comments (never shown to readers) with a
    box to add one, and the corrections, with a form for editors on a
    public record.
    """

    change_form_template = "admin/articles/reviewable_change_form.html"

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "<path:object_id>/workflow/",
                self.admin_site.admin_view(self.workflow_view),
                name=f"{opts.app_label}_{opts.model_name}_workflow",
            ),
            *super().get_urls(),
        ]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        """ "Assigned to": active staff only."""
        if db_field.name == "assigned_to":
            kwargs["queryset"] = (
                get_user_model().objects.filter(is_active=True, is_staff=True).order_by("username")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    # --- the panel ------------------------------------------------------------------

    def _moves(self, request, obj) -> list[dict]:
        """The buttons ``request.user`` may press on ``obj`` as stored."""
        user = request.user
        name = obj._meta.model_name
        state = obj.publication
        moves = []
        if state == Publication.DRAFT and user.has_perm(f"articles.change_{name}"):
            moves.append(
                {
                    "move": "submit",
                    "label": "Send to review",
                    "text": "optional",
                    "text_label": "Note to the reviewer (optional, internal)",
                    "assignees": list(_assignees(type(obj))),
                }
            )
        if state in workflow.MOVES_FROM["publish"] and user.has_perm(f"articles.publish_{name}"):
            moves.append(
                {
                    "move": "publish",
                    "label": "Publish",
                    "blockers": workflow.publish_blockers(obj),
                }
            )
        if state in workflow.MOVES_FROM["send_back"] and user.has_perm(f"articles.publish_{name}"):
            back_to = obj.submitted_by
            moves.append(
                {
                    "move": "send_back",
                    "label": f"Send back to {back_to}" if back_to else "Send back",
                    "text": "required",
                    "text_label": "What should the reporter change? (required, internal)",
                }
            )
        if state in workflow.MOVES_FROM["retract"] and user.has_perm(f"articles.retract_{name}"):
            moves.append(
                {
                    "move": "retract",
                    "label": "Retract",
                    "text": "required",
                    "text_label": "Retraction note (required; readers see it on the page)",
                }
            )
        return moves

    def workflow_context(self, request, obj) -> dict:
        """What the workflow panel, the comments and the corrections show."""
        opts = self.model._meta
        public = services.is_public(obj)
        return {
            "url": reverse(
                f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_workflow",
                args=[obj.pk],
            ),
            "record": obj,
            "noun": opts.verbose_name,
            "version": obj.version,
            "state": obj.publication,
            "state_label": obj.get_publication_display(),
            "public": public,
            "moves": self._moves(request, obj),
            "comments": list(obj.review_comments.select_related("author")),
            "can_comment": request.user.has_perm("articles.add_reviewcomment"),
            "corrections": list(_corrections(obj)),
            "can_correct": public and may_correct(request.user),
            "correction_kinds": CorrectionKind.choices,
        }

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and not add:
            context["workflow"] = self.workflow_context(request, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    # --- the buttons ----------------------------------------------------------------

    def workflow_view(self, request, object_id):
        """One button of the panel, posted: a move, an internal comment or
        a correction, through :mod:`articles.workflow`.

        Success: a message and the change page again. Refusal (no
        permission, a state the move does not leave, a stale version, a
        blank comment or note, a claim not ready): nothing changes, and
        the change page is drawn again with the reason at the top and the
        typed text kept in its box (status 403 for a permission, 200
        otherwise; never a 500).

        Raises:
            Http404: ``object_id`` names no record.
            PermissionDenied: the user may not even see it.
        """
        if not is_row_key(object_id):
            raise Http404("No such record.")
        obj = self.get_object(request, object_id)
        if obj is None:
            raise Http404("No such record.")
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        change_url = reverse(
            f"{self.admin_site.name}:{obj._meta.app_label}_{obj._meta.model_name}_change",
            args=[obj.pk],
        )
        if request.method != "POST":
            return HttpResponseRedirect(change_url)
        form = WorkflowForm(request.POST)
        if not form.is_valid():
            problems = "; ".join(
                f"{name}: {' '.join(errors)}" for name, errors in form.errors.items()
            )
            return self._workflow_refused(request, object_id, form, problems, status=400)
        data = form.cleaned_data
        move = data["move"]
        if move in RECORD_MOVES:
            if data["version"] is None:
                return self._workflow_refused(
                    request,
                    object_id,
                    form,
                    "the button did not say which version of the page it was pressed on. "
                    "Reload the page and press it again.",
                )
            obj.version = data["version"]
        try:
            done = self._apply(request, obj, move, data)
        except PermissionDenied as exc:
            return self._workflow_refused(request, object_id, form, str(exc), status=403)
        except StaleVersionError as exc:
            return self._workflow_refused(request, object_id, form, " ".join(exc.messages))
        except ValidationError as exc:
            return self._workflow_refused(request, object_id, form, " ".join(exc.messages))
        self.message_user(request, done, level=messages.SUCCESS)
        return HttpResponseRedirect(change_url)

    def _apply(self, request, obj, move: str, data: dict) -> str:
        """Make the move; return the message saying what was done.

        Raises:
            PermissionDenied, ValidationError: the workflow refused it.
        """
        user = request.user
        text = data.get("text") or ""
        noun = obj._meta.verbose_name
        if move == "submit":
            assignee = None
            if data.get("assign_to"):
                assignee = _assignees(type(obj)).filter(pk=data["assign_to"]).first()
                if assignee is None:
                    raise ValidationError(
                        "The reviewer chosen cannot publish this record; choose another."
                    )
            workflow.submit(record=obj, acting_user=user, comment=text, assign_to=assignee)
            return f"The {noun} was sent to review" + (
                f", assigned to {assignee}." if assignee else "."
            )
        if move == "publish":
            workflow.publish(record=obj, acting_user=user)
            return f"The {noun} is published: readers can see it now."
        if move == "send_back":
            workflow.send_back(record=obj, acting_user=user, comment=text)
            who = obj.submitted_by
            return (
                f"The {noun} was sent back" + (f" to {who}" if who else "") + " with your comment."
            )
        if move == "retract":
            workflow.retract(record=obj, acting_user=user, note=text)
            return f"The {noun} is retracted: its page stays, with your note."
        if move == "comment":
            workflow.comment_add(record=obj, text=text, acting_user=user)
            return "Your internal comment was added."
        workflow.correction_add(
            record=obj, kind=data.get("kind") or "", text=text, acting_user=user
        )
        return "The note is published at the foot of the page."

    def _workflow_refused(self, request, object_id, form, reason: str, status: int = 200):
        """The change page again, the refusal at the top, the typed text kept."""
        self.message_user(request, f"Nothing was changed: {reason}", level=messages.ERROR)
        kept = {
            "move": form.data.get("move", ""),
            "text": form.data.get("text", ""),
            "kind": form.data.get("kind", ""),
        }
        method = request.method
        request.method = "GET"  # draw the page; the post was the button's, not the form's
        try:
            response = self.change_view(request, object_id, extra_context={"workflow_kept": kept})
        finally:
            request.method = method
        response.status_code = status
        return response


# --- an inquiry's history with its responses' -------------------------------------------


def inquiry_timeline(request, inquiry_pk: int, per_page: int = 100) -> dict:
    """An inquiry's history, its responses' (deleted ones included) and
    the corrections readers see on its page, as one timeline, newest
    first: each entry says when, who, which record, what changed field by
    field, and why.

    Returns:
        ``{"page": Page of entries, "paginator": ..., "page_range": ...}``;
        an entry is a dict with ``record`` (a historical record), ``label``
        ("The inquiry", "Response: Baltimore, MD", "Update: ..."),
        ``model_name``, ``changes`` (field, old, new; a correction's kind
        and text when it is published) and ``url`` (the version's page).
    """
    response_ids = set(
        Response.history.filter(inquiry_id=inquiry_pk).values_list("id", flat=True).distinct()
    )
    sources = (
        (Inquiry, Inquiry.history.filter(id=inquiry_pk)),
        (Response, Response.history.filter(inquiry_id=inquiry_pk)),
        (
            Correction,
            Correction.history.filter(Q(inquiry_id=inquiry_pk) | Q(response_id__in=response_ids)),
        ),
    )
    entries = []
    for model, records in sources:
        previous_by_object: dict[int, object] = {}
        for record in records.select_related("history_user").order_by("history_date", "history_id"):
            entries.append(
                {"record": record, "model": model, "previous": previous_by_object.get(record.id)}
            )
            previous_by_object[record.id] = record
    entries.sort(key=lambda e: (e["record"].history_date, e["record"].history_id), reverse=True)
    paginator = Paginator(entries, per_page)
    page = paginator.get_page(request.GET.get("p"))
    city_of_response = dict(
        Response.history.filter(inquiry_id=inquiry_pk)
        .order_by("id", "history_id")
        .values_list("id", "city_id")
    )
    cities = City.objects.in_bulk(set(city_of_response.values()))

    def response_label(response_id) -> str:
        city = cities.get(city_of_response.get(response_id))
        return f"Response: {city.label}" if city else "Response (city deleted)"

    for entry in page.object_list:
        record, model = entry["record"], entry["model"]
        entry["model_name"] = model._meta.verbose_name
        if model is Inquiry:
            entry["label"] = "The inquiry"
        elif model is Response:
            entry["label"] = response_label(record.id)
        else:
            target = response_label(record.response_id) if record.response_id else "the inquiry"
            entry["label"] = f"{record.get_kind_display()} to {target} (readers see it)"
        if entry["previous"] is not None:
            entry["changes"] = history_delta(model, record, entry["previous"])
        elif model is Correction:
            entry["changes"] = [{"field": "Note", "old": "—", "new": record.text}]
        else:
            entry["changes"] = []
        entry["url"] = reverse(
            f"admin:articles_{model._meta.model_name}_simple_history", args=[record.id, record.pk]
        )
    return {
        "page": page,
        "paginator": paginator,
        "page_range": paginator.get_elided_page_range(page.number),
    }
