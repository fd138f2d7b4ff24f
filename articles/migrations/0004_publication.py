"""``status`` of claims and inquiries becomes ``publication``: ``status``
keeps one meaning, where a city's response stands."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("articles", "0003_response_dates_and_field_errors")]

    operations = [
        migrations.RenameField("claim", "status", "publication"),
        migrations.RenameField("historicalclaim", "status", "publication"),
        migrations.RenameField("inquiry", "status", "publication"),
        migrations.RenameField("historicalinquiry", "status", "publication"),
    ]
