"""API tokens in the admin (issue "The API data desks build on", item 5:
"tokens made and revoked in the admin, hashed at rest").

Tokens are django-rest-knox's ``AuthToken``: the database keeps the
SHA-512 digest of each token and its first 15 characters (to find it), never
the token itself. So the admin shows a new token exactly once, on the page
that follows "Save" (never in a message, which a cookie would carry), and
never again; to revoke a token, delete it (or let it expire).

Who may do what: any active staff user makes tokens for themselves, which
act with their own permissions (a reporter's token writes drafts only, an
editor's publishes); a superuser sees, makes and revokes everyone's. No
group needs a permission on ``knox``, so migration ``articles/0010_roles``
stays as it is.
"""

from django import forms
from django.contrib import admin
from django.template.response import TemplateResponse
from django.utils import timezone
from knox.models import AuthToken, get_digest_token
from knox.settings import CONSTANTS, knox_settings


def _default_expiry():
    return timezone.now() + knox_settings.TOKEN_TTL


class TokenCreateForm(forms.ModelForm):
    """The add form: whose token (superusers only choose) and when it
    expires (default: ``REST_KNOX["TOKEN_TTL"]`` from now; blank: never)."""

    expiry = forms.DateTimeField(
        required=False,
        initial=_default_expiry,
        help_text="When the token stops working. Leave blank for a token that never expires.",
    )

    class Meta:
        model = AuthToken
        fields = ("user", "expiry")

    def save(self, commit=True):
        """Make the token: keep its digest and key, hand the token itself to
        the admin once (``self.token``)."""
        token_row = super().save(commit=False)
        digest, token = get_digest_token()
        token_row.digest = digest
        token_row.token_key = token[: CONSTANTS.TOKEN_KEY_LENGTH]
        self.token = token
        if commit:
            token_row.save()
        return token_row


class TokenAdmin(admin.ModelAdmin):
    """Make, list and revoke API tokens. Nothing about a token can be
    edited once made: revoke it and make another."""

    form = TokenCreateForm
    list_display = ("key_start", "user", "created", "expiry", "is_live")
    list_select_related = ("user",)
    ordering = ("-created",)
    raw_id_fields = ("user",)
    readonly_fields = ("key_start", "user", "created", "expiry")

    @admin.display(description="token starts")
    def key_start(self, obj: AuthToken) -> str:
        """The first 8 characters, enough to tell one's tokens apart."""
        return f"{obj.token_key[:8]}…"

    @admin.display(boolean=True, description="live")
    def is_live(self, obj: AuthToken) -> bool:
        """Not expired (knox deletes an expired token when it is next used)."""
        return obj.expiry is None or obj.expiry > timezone.now()

    def _allowed(self, request) -> bool:
        return request.user.is_active and request.user.is_staff

    def has_module_permission(self, request):
        return self._allowed(request)

    def has_view_permission(self, request, obj=None):
        return self._allowed(request) and (
            obj is None or request.user.is_superuser or obj.user_id == request.user.pk
        )

    def has_add_permission(self, request):
        return self._allowed(request)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return self.has_view_permission(request, obj)

    def get_queryset(self, request):
        """A superuser sees every token; anyone else their own."""
        queryset = super().get_queryset(request)
        return queryset if request.user.is_superuser else queryset.filter(user=request.user)

    def get_fields(self, request, obj=None):
        if obj is not None:
            return self.readonly_fields
        return ("user", "expiry") if request.user.is_superuser else ("expiry",)

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj is not None else ()

    def get_changeform_initial_data(self, request):
        return {"user": request.user.pk, "expiry": _default_expiry()}

    def save_model(self, request, obj, form, change):
        """A non-superuser's token is always their own."""
        if not request.user.is_superuser:
            obj.user = request.user
        super().save_model(request, obj, form, change)

    def response_add(self, request, obj, post_url_continue=None):
        """Show the new token, once."""
        context = {
            **self.admin_site.each_context(request),
            "title": "New API token",
            "opts": self.opts,
            "token": getattr(request, "new_api_token", None),
            "token_row": obj,
            "header": knox_settings.AUTH_HEADER_PREFIX,
        }
        return TemplateResponse(request, "admin/knox/token_created.html", context)

    def save_form(self, request, form, change):
        obj = super().save_form(request, form, change)
        # On the request, not on this admin: one admin serves every thread.
        request.new_api_token = form.token
        return obj


admin.site.unregister(AuthToken)
admin.site.register(AuthToken, TokenAdmin)
