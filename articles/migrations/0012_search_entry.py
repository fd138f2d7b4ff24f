"""The search index (articles.search): the entry table; on PostgreSQL the
trigger that keeps ``search_vector`` and its GIN index, on SQLite the FTS5
table and its triggers (each only on its own database: Django's model state
cannot say "PostgreSQL only"); then the backfill from every record."""

import django.contrib.postgres.search
from django.db import migrations, models

from articles import search


def create_full_text(apps, schema_editor):
    """The vendor's full-text structures over ``articles_searchentry``."""
    vendor = schema_editor.connection.vendor
    statements = {"postgresql": search.POSTGRES_SQL, "sqlite": search.SQLITE_FTS_SQL}
    for sql in statements.get(vendor, ()):
        schema_editor.execute(sql, params=None)


def drop_full_text(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"postgresql": search.POSTGRES_DROP_SQL, "sqlite": search.SQLITE_FTS_DROP_SQL}
    for sql in statements.get(vendor, ()):
        schema_editor.execute(sql, params=None)


def backfill(apps, schema_editor):
    """An entry for every record already stored (historical models)."""
    search.rebuild_index(apps=apps)


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0011_change_published_and_fixed_correction_dates'),
    ]

    operations = [
        migrations.CreateModel(
            name='SearchEntry',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('claim', 'Claim'), ('quote', 'Quote'), ('source', 'Source'), ('person', 'Person'), ('city', 'City'), ('inquiry', 'Inquiry')], max_length=16)),
                ('object_id', models.PositiveBigIntegerField(help_text='Primary key of the record (for a quote: of the citation).')),
                ('slug', models.CharField(help_text="What the record's public page is addressed by: its slug, a source's id, a quote's claim's slug.", max_length=255)),
                ('title', models.TextField(blank=True)),
                ('body', models.TextField(blank=True)),
                ('heading', models.TextField(blank=True)),
                ('detail', models.TextField(blank=True)),
                ('search_vector', django.contrib.postgres.search.SearchVectorField(editable=False, null=True)),
            ],
            options={
                'verbose_name': 'search entry',
                'verbose_name_plural': 'search entries',
                'ordering': ['kind', 'object_id'],
                'constraints': [models.UniqueConstraint(fields=('kind', 'object_id'), name='searchentry_unique_kind_object')],
            },
        ),
        migrations.RunPython(create_full_text, drop_full_text),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
