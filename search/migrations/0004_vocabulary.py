"""The index's own words, for "Có phải bạn muốn tìm: …" when a query finds nothing
(search.engines.database.DatabaseEngine.suggest): on SQLite an ``fts5vocab`` table
over ``search_fts`` (always current); on PostgreSQL ``search_vocabulary`` with a
trigram index (pg_trgm), refreshed from the match vectors by ``analyze()`` (after a
rebuild or a bulk load)."""

from django.db import migrations


def sqlite_forwards(schema_editor):
    schema_editor.execute("CREATE VIRTUAL TABLE IF NOT EXISTS search_fts_vocab USING fts5vocab(search_fts, 'row')")


def sqlite_backwards(schema_editor):
    schema_editor.execute("DROP TABLE IF EXISTS search_fts_vocab")


def postgresql_forwards(schema_editor):
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute("CREATE TABLE IF NOT EXISTS search_vocabulary (word text PRIMARY KEY, documents integer NOT NULL)")
    schema_editor.execute("CREATE INDEX IF NOT EXISTS search_vocabulary_trgm ON search_vocabulary USING gist (word gist_trgm_ops)")


def postgresql_backwards(schema_editor):
    schema_editor.execute("DROP TABLE IF EXISTS search_vocabulary")


FORWARDS = {"sqlite": sqlite_forwards, "postgresql": postgresql_forwards}
BACKWARDS = {"sqlite": sqlite_backwards, "postgresql": postgresql_backwards}


def forwards(apps, schema_editor):
    run = FORWARDS.get(schema_editor.connection.vendor)
    if run:
        run(schema_editor)


def backwards(apps, schema_editor):
    run = BACKWARDS.get(schema_editor.connection.vendor)
    if run:
        run(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("search", "0003_ranking_fields")]

    operations = [migrations.RunPython(forwards, backwards)]
