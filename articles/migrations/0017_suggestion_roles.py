"""Reporters and Editors review suggestions (issue "Wire-story ingestion",
item 3): import a story (add), accept or reject (change), see them (view).
Frozen here, as articles.roles says at this migration."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = ("add_suggestion", "change_suggestion", "view_suggestion")


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    perms = list(
        Permission.objects.filter(content_type__app_label="articles", codename__in=CODENAMES)
    )
    if len(perms) != len(CODENAMES):
        raise RuntimeError("Suggestion permissions missing")
    for group in Group.objects.filter(name__in=["Reporters", "Editors"]):
        group.permissions.add(*perms)


class Migration(migrations.Migration):
    dependencies = [("articles", "0016_ingestion")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
