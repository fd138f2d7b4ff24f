"""``manage.py create_editor``: an editor account for the admin."""

import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Create an account that can log in to /admin/: by default an administrator (a "
        "superuser, who also manages users); --role editor or --role reporter makes a staff "
        "user in the Editors or Reporters group (articles/roles.py). The password comes from "
        "the EDITOR_PASSWORD environment variable, or is generated and printed once."
    )

    ROLES = {"admin": None, "editor": "Editors", "reporter": "Reporters"}

    def add_arguments(self, parser):
        parser.add_argument("--username", default="editor")
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--role",
            choices=sorted(self.ROLES),
            default="admin",
            help=(
                "admin: a superuser; editor: rates, publishes, retracts, corrects; "
                "reporter: drafts and sends to review."
            ),
        )
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

    def handle(self, *args, username, email, if_none, site_url, role="admin", **options):
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
        if self.ROLES[role] is None:
            User.objects.create_superuser(username=username, email=email, password=password)
        else:
            from django.contrib.auth.models import Group

            group = Group.objects.filter(name=self.ROLES[role]).first()
            if group is None:
                raise CommandError(
                    f"The {self.ROLES[role]} group is missing: run `manage.py migrate` first."
                )
            user = User.objects.create_user(
                username=username, email=email, password=password, is_staff=True
            )
            user.groups.add(group)
        shown = "from EDITOR_PASSWORD" if os.environ.get("EDITOR_PASSWORD") else password
        self.stdout.write(
            self.style.SUCCESS(
                f"Account created ({role}). Log in at {site_url}/admin/ as "
                f"“{username}” with password: {shown}\n"
                "(shown once; change it with: .venv/bin/python manage.py changepassword "
                f"{username})"
            )
        )
