"""Users in the admin: Django's own user admin, with the display name."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from articles.admin_forms import SafeActionsMixin

from .models import User


@admin.register(User)
class UserAdmin(SafeActionsMixin, DjangoUserAdmin):
    """Django's user admin plus ``display_name``."""

    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        ("Newsroom", {"fields": ("display_name",)}),
    )
    list_display = ("username", "display_name", "email", "is_staff", "is_superuser")


# API tokens (django-rest-knox), made and revoked here: factcheck/users/token_admin.py.
from . import token_admin  # noqa: E402, F401
