"""Install the default rating scale (DESIGN.md, "Claim rating"):
True 5, Mostly true 4, Half true 3, Mostly false 2, False 1, and
Unverifiable with no value. Values map to schema.org ClaimReview
ratingValue; bestRating 5, worstRating 1."""

from django.db import migrations

SCALE = {
    "slug": "default",
    "name": "True to false",
    "description": (
        "The tracker's default five-step scale from True (5) to False (1), "
        "plus Unverifiable for claims the evidence can neither confirm nor refute."
    ),
}
RATINGS = [
    # (order, slug, label, value, description)
    (1, "true", "True", 5, "The statement is accurate and nothing significant is missing."),
    (2, "mostly-true", "Mostly true", 4, "Accurate but needs clarification or additional information."),
    (3, "half-true", "Half true", 3, "Partially accurate but leaves out important details or takes things out of context."),
    (4, "mostly-false", "Mostly false", 2, "Contains an element of truth but ignores critical facts."),
    (5, "false", "False", 1, "The statement is not accurate."),
    (6, "unverifiable", "Unverifiable", None, "The available evidence can neither confirm nor refute it."),
]


def install(apps, schema_editor):
    RatingScale = apps.get_model("articles", "RatingScale")
    Rating = apps.get_model("articles", "Rating")
    scale, _ = RatingScale.objects.get_or_create(
        slug=SCALE["slug"], defaults={"name": SCALE["name"], "description": SCALE["description"]}
    )
    for order, slug, label, value, description in RATINGS:
        Rating.objects.get_or_create(
            scale=scale,
            slug=slug,
            defaults={"label": label, "value": value, "order": order, "description": description},
        )


def remove(apps, schema_editor):
    RatingScale = apps.get_model("articles", "RatingScale")
    RatingScale.objects.filter(slug=SCALE["slug"], ratings__claims__isnull=True).distinct().delete()


class Migration(migrations.Migration):
    dependencies = [("articles", "0001_initial")]

    operations = [migrations.RunPython(install, remove)]
