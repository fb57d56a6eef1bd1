"""PostgreSQL: drop the exact-diacritics vector of the whole text.

Ranking checks exact diacritics on the short title vector only (0004), so the
large vector is never read; computing it cost about a third of indexing time.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE search_searchentry DROP COLUMN IF EXISTS vec_exact")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            """ALTER TABLE search_searchentry ADD COLUMN vec_exact tsvector GENERATED ALWAYS AS (
                setweight(to_tsvector('simple'::regconfig, title_exact), 'A')
                || setweight(to_tsvector('simple'::regconfig, text_exact), 'D')) STORED"""
        )


class Migration(migrations.Migration):
    dependencies = [("search", "0006_sqlite_triggers")]

    operations = [migrations.RunPython(forwards, backwards)]
