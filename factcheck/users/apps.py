from django.apps import AppConfig


class UsersConfig(AppConfig):
    """Editors, reporters and API users: ``AUTH_USER_MODEL = "users.User"``."""

    name = "factcheck.users"
    label = "users"
    verbose_name = "Users"
    default_auto_field = "django.db.models.BigAutoField"
