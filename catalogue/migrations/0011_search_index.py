"""The full-text index (catalogue/search.py, docs/search.md), on each database its own way.

PostgreSQL: a ``search_vector`` tsvector column with a GIN index on each searched table. SQLite:
an FTS5 table ``<table>_fts`` per searched table. Neither is a model field (no other database
has either), so the operations run only on their own database and the model state is unchanged.
The index is filled at the end, from what the tables hold.
"""

from django.db import migrations

TABLES = (
    "catalogue_casestudy",
    "catalogue_organisation",
    "catalogue_project",
    "catalogue_donor",
)


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        if vendor == "postgresql":
            schema_editor.execute(f'ALTER TABLE "{table}" ADD COLUMN "search_vector" tsvector')
            schema_editor.execute(
                f'CREATE INDEX "{table}_search_idx" ON "{table}" USING GIN ("search_vector")'
            )
        elif vendor == "sqlite":
            # Tokens arrive already normalised (catalogue/core/searchtext.py): split on
            # spaces, nothing folded, so FTS5 sees exactly what PostgreSQL's 'simple' sees.
            schema_editor.execute(
                f'CREATE VIRTUAL TABLE "{table}_fts" USING fts5('
                "a, b, c, tokenize = 'unicode61 remove_diacritics 0')"
            )
    # A database that already holds records gets them indexed now (by today's code: it reads
    # only the searched fields); a new one is indexed as records are saved or loaded.
    if vendor in ("postgresql", "sqlite") and apps.get_model("catalogue", "Project").objects.exists():
        from catalogue import search

        search.rebuild()


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        if vendor == "postgresql":
            schema_editor.execute(f'DROP INDEX IF EXISTS "{table}_search_idx"')
            schema_editor.execute(f'ALTER TABLE "{table}" DROP COLUMN IF EXISTS "search_vector"')
        elif vendor == "sqlite":
            schema_editor.execute(f'DROP TABLE IF EXISTS "{table}_fts"')


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0010_staff_groups_for_corrections")]

    operations = [migrations.RunPython(create, drop)]
