"""SQLite: put back the triggers that keep the FTS5 table in step.

Altering search_searchentry on SQLite rebuilds the table (0003), which drops
its triggers; this re-creates them and rebuilds the FTS5 index from the table.
"""

from django.db import migrations

from search.migrations import _fulltext


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for statement in _fulltext.SQLITE_TRIGGERS_DOWN + _fulltext.SQLITE_TRIGGERS_UP:
        schema_editor.execute(statement)
    schema_editor.execute("INSERT INTO search_fts(search_fts) VALUES ('rebuild')")


class Migration(migrations.Migration):
    dependencies = [("search", "0005_lz4")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
