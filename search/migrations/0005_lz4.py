"""PostgreSQL: lz4 compression of the large columns.

Every candidate row is rechecked against its folded vector; lz4 decompresses
several times faster than the default pglz (and compresses faster at load).
Skipped when the server was built without lz4.
"""

from django.db import migrations

COLUMNS = ("vec_folded", "vec_exact", "body", "text_exact", "text_folded", "summary", "title_exact", "title_folded")


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY(enumvals)")
        if not cursor.fetchone()[0]:
            return
    schema_editor.execute(
        "ALTER TABLE search_searchentry " + ", ".join(f"ALTER COLUMN {c} SET COMPRESSION lz4" for c in COLUMNS)
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE search_searchentry " + ", ".join(f"ALTER COLUMN {c} SET COMPRESSION pglz" for c in COLUMNS)
        )


class Migration(migrations.Migration):
    dependencies = [("search", "0004_title_vectors")]

    operations = [migrations.RunPython(forwards, backwards)]
