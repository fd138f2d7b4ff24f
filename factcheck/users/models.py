"""The custom user model, set up while the data is only the seed
(cookiecutter-django: "always use a custom user model for new projects";
changing ``AUTH_USER_MODEL`` later means rewriting every foreign key to it).
"""

from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    """Anyone who signs in: editors and reporters in the admin, data desks
    with an API token. Django's fields, plus the name the newsroom credits.

    Roles (reporters, editors) are Django groups and permissions; this model
    holds no workflow.
    """

    display_name = models.CharField(
        max_length=150,
        blank=True,
        help_text="How the newsroom credits this person in history and corrections, e.g. “J. Smith”.",
    )

    class Meta(AbstractUser.Meta):
        verbose_name = "user"
        verbose_name_plural = "users"
        swappable = "AUTH_USER_MODEL"

    def __str__(self) -> str:
        return self.display_name or self.get_full_name() or self.username
