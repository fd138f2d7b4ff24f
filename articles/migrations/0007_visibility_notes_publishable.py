"""One visibility rule and cited-not-reprinted sources (issue items 3-5).

- ``articles.view_unpublished``: the permission behind every ``visible_to(user)``.
- ``Citation.note`` becomes ``internal_note`` (renamed, so every existing
  note is kept, and kept from readers: the safe default); ``public_note``
  is new and empty.
- ``Source.publishable`` (default False: no full text is shown until an
  editor says the source may be reprinted).
"""

from django.db import migrations, models

INTERNAL_HELP = "For editors only: never shown on a public page or in the API."
PUBLIC_HELP = "Shown to readers beside the quote, e.g. how the source prints it."
PUBLISHABLE_HELP = (
    "Tick only when readers may see the full text: the newsroom's own reporting, public "
    "documents, press releases. Other sources (e.g. another outlet's article) are cited, not "
    "reprinted: readers see each quoted passage with its sentence and a link to the original."
)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0006_reported_dates_and_opening_event"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="claim",
            options={
                "ordering": ["-stated_on", "slug"],
                "permissions": [
                    (
                        "view_unpublished",
                        "Can see unpublished claims and inquiries, and the records only they refer to",
                    )
                ],
                "verbose_name": "claim",
                "verbose_name_plural": "claims",
            },
        ),
        migrations.RenameField(model_name="citation", old_name="note", new_name="internal_note"),
        migrations.RenameField(
            model_name="historicalcitation", old_name="note", new_name="internal_note"
        ),
        migrations.AlterField(
            model_name="citation",
            name="internal_note",
            field=models.TextField(blank=True, help_text=INTERNAL_HELP),
        ),
        migrations.AlterField(
            model_name="historicalcitation",
            name="internal_note",
            field=models.TextField(blank=True, help_text=INTERNAL_HELP),
        ),
        migrations.AddField(
            model_name="citation",
            name="public_note",
            field=models.TextField(blank=True, help_text=PUBLIC_HELP),
        ),
        migrations.AddField(
            model_name="historicalcitation",
            name="public_note",
            field=models.TextField(blank=True, help_text=PUBLIC_HELP),
        ),
        migrations.AddField(
            model_name="source",
            name="publishable",
            field=models.BooleanField(
                default=False, help_text=PUBLISHABLE_HELP, verbose_name="full text publishable"
            ),
        ),
        migrations.AddField(
            model_name="historicalsource",
            name="publishable",
            field=models.BooleanField(
                default=False, help_text=PUBLISHABLE_HELP, verbose_name="full text publishable"
            ),
        ),
    ]
