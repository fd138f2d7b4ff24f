"""``manage.py create_editor``: an editor account for the admin."""

import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Create an editor (a superuser) who can log in to /admin/. The password comes from "
        "the EDITOR_PASSWORD environment variable, or is generated and printed once."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="editor")
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--if-none",
            action="store_true",
            help="Do nothing when any superuser exists already (for `make run`).",
        )
        parser.add_argument(
            "--site-url",
            default="http://127.0.0.1:8000",
            help="Where the site is served, for the login address printed (`make run` passes it).",
        )

    def handle(self, *args, username, email, if_none, site_url, **options):
        import os

        User = get_user_model()
        if if_none and User.objects.filter(is_superuser=True).exists():
            self.stdout.write(
                f"An editor account exists already: log in at {site_url}/admin/ "
                "(forgot the password? .venv/bin/python manage.py changepassword <username>)."
            )
            return
        if User.objects.filter(username=username).exists():
            raise CommandError(
                f"A user named “{username}” exists already; pick another --username."
            )
        password = os.environ.get("EDITOR_PASSWORD") or secrets.token_urlsafe(12)
        User.objects.create_superuser(username=username, email=email, password=password)
        shown = "from EDITOR_PASSWORD" if os.environ.get("EDITOR_PASSWORD") else password
        self.stdout.write(
            self.style.SUCCESS(
                f"Editor account created. Log in at {site_url}/admin/ as "
                f"“{username}” with password: {shown}\n"
                "(shown once; change it with: .venv/bin/python manage.py changepassword "
                f"{username})"
            )
        )
