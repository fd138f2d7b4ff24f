"""Shared fixtures."""

import pytest
from django.core.management import call_command


@pytest.fixture
def seeded(db):
    """The database loaded with the seed article (``load_seed``)."""
    call_command("load_seed", verbosity=0)


@pytest.fixture
def editor(db, django_user_model):
    """A staff superuser for admin and API write tests."""
    return django_user_model.objects.create_superuser(
        username="editor", email="editor@example.org", password="correct-horse-battery"
    )
