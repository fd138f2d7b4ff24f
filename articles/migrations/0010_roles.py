"""Create the Reporters and Editors groups (articles.roles).

The permission lists are frozen here, as the roles stood when this migration
was written; a later change to the roles needs its own migration.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

REPORTER_MODELS = (
    "city",
    "organization",
    "person",
    "source",
    "citation",
    "claim",
    "inquiry",
    "response",
)
ALL_MODELS = (*REPORTER_MODELS, "rating", "ratingscale", "correction", "reviewcomment")
REPORTERS = sorted(
    [f"view_{m}" for m in ALL_MODELS]
    + [f"{a}_{m}" for m in REPORTER_MODELS for a in ("add", "change", "delete")]
    + ["add_reviewcomment", "view_unpublished"]
)
EDITORS = sorted(
    [
        *REPORTERS,
        "rate_claim",
        "publish_claim",
        "retract_claim",
        "publish_inquiry",
        "retract_inquiry",
        "add_correction",
        "change_correction",
        "add_rating",
        "change_rating",
        "add_ratingscale",
        "change_ratingscale",
    ]
)
ROLES = {"Reporters": REPORTERS, "Editors": EDITORS}


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations ran
    # (post_migrate); create this app's now so the groups can hold them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        perms = Permission.objects.filter(content_type__app_label="articles", codename__in=codenames)
        missing = set(codenames) - set(perms.values_list("codename", flat=True))
        if missing:
            raise RuntimeError(f"Permissions missing for {name}: {sorted(missing)}")
        group.permissions.set(perms)


def mark_published_unrated(apps, schema_editor):
    # Claims published before the rule "a rating or an explicit not rated"
    # were published unrated: record that as what it was.
    Claim = apps.get_model("articles", "Claim")
    Claim.objects.filter(publication="published", rating__isnull=True).update(not_rated=True)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0009_workflow_versions_corrections"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("users", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_roles, migrations.RunPython.noop),
        migrations.RunPython(mark_published_unrated, migrations.RunPython.noop),
    ]
