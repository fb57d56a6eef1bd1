"""Fields weighed apart for ranking (search.ranking): SQLite's FTS5 table holds the
lead apart from the body; PostgreSQL's vectors carry field weights (title A, lead
B, body D) and no longer need the separate title vector. The stored documents are
re-encoded from their displayed text (search.models.SearchEntry), so no rebuild is
needed after migrating. Copies of one text share a fingerprint (search results show
one of them)."""

from django.db import migrations, models


def sqlite_forwards(schema_editor):
    schema_editor.execute("DROP TABLE IF EXISTS search_fts")
    schema_editor.execute(
        """CREATE VIRTUAL TABLE search_fts USING fts5(
            title_folded, lead_folded, body_folded, title_exact, text_exact,
            tokenize='unicode61 remove_diacritics 0')"""
    )


def postgresql_forwards(schema_editor):
    schema_editor.execute("ALTER TABLE search_searchmatch DROP COLUMN IF EXISTS vec_title")
    schema_editor.execute("ALTER TABLE search_searchmatch ADD COLUMN IF NOT EXISTS fingerprint varchar(16) NOT NULL DEFAULT ''")


FORWARDS = {"sqlite": sqlite_forwards, "postgresql": postgresql_forwards}


def forwards(apps, schema_editor):
    run = FORWARDS.get(schema_editor.connection.vendor)
    if run is None:
        return
    run(schema_editor)
    from search.engines.database import DatabaseEngine

    DatabaseEngine().reencode_stored()


class Migration(migrations.Migration):
    dependencies = [("search", "0002_database_storage")]

    operations = [
        migrations.AddField(
            model_name="searchentry", name="fingerprint", field=models.CharField(blank=True, max_length=16)
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
