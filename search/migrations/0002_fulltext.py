"""Full-text structures of the database engine, per database vendor.

SQLite: an FTS5 table with external content (search_searchentry) kept in step
by triggers; the text is already normalised and folded in Python
(search.normalize), so the plain unicode61 tokenizer without diacritic removal
is right.

PostgreSQL: generated tsvector columns ('simple' configuration on the
pre-normalised text, title weighted A), an int[] of the portal scope, and GIN
indexes on all three. No extension is needed (folding is done in Python).
"""

from django.db import migrations

SQLITE_UP = [
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        title_folded, text_folded, title_exact, text_exact,
        content='search_searchentry', content_rowid='id',
        tokenize='unicode61 remove_diacritics 0')""",
    """CREATE TRIGGER search_fts_ai AFTER INSERT ON search_searchentry BEGIN
        INSERT INTO search_fts(rowid, title_folded, text_folded, title_exact, text_exact)
        VALUES (new.id, new.title_folded, new.text_folded, new.title_exact, new.text_exact);
    END""",
    """CREATE TRIGGER search_fts_ad AFTER DELETE ON search_searchentry BEGIN
        INSERT INTO search_fts(search_fts, rowid, title_folded, text_folded, title_exact, text_exact)
        VALUES ('delete', old.id, old.title_folded, old.text_folded, old.title_exact, old.text_exact);
    END""",
    """CREATE TRIGGER search_fts_au AFTER UPDATE ON search_searchentry BEGIN
        INSERT INTO search_fts(search_fts, rowid, title_folded, text_folded, title_exact, text_exact)
        VALUES ('delete', old.id, old.title_folded, old.text_folded, old.title_exact, old.text_exact);
        INSERT INTO search_fts(rowid, title_folded, text_folded, title_exact, text_exact)
        VALUES (new.id, new.title_folded, new.text_folded, new.title_exact, new.text_exact);
    END""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS search_fts_au",
    "DROP TRIGGER IF EXISTS search_fts_ad",
    "DROP TRIGGER IF EXISTS search_fts_ai",
    "DROP TABLE IF EXISTS search_fts",
]

POSTGRES_UP = [
    """ALTER TABLE search_searchentry
        ADD COLUMN vec_folded tsvector GENERATED ALWAYS AS (
            setweight(to_tsvector('simple'::regconfig, title_folded), 'A')
            || setweight(to_tsvector('simple'::regconfig, text_folded), 'D')) STORED,
        ADD COLUMN vec_exact tsvector GENERATED ALWAYS AS (
            setweight(to_tsvector('simple'::regconfig, title_exact), 'A')
            || setweight(to_tsvector('simple'::regconfig, text_exact), 'D')) STORED,
        ADD COLUMN scope_ids integer[] GENERATED ALWAYS AS (
            string_to_array(btrim(scope), ' ')::integer[]) STORED""",
    "CREATE INDEX search_entry_vec_folded ON search_searchentry USING gin (vec_folded)",
    "CREATE INDEX search_entry_vec_exact ON search_searchentry USING gin (vec_exact)",
    "CREATE INDEX search_entry_scope_ids ON search_searchentry USING gin (scope_ids)",
    "CREATE INDEX search_entry_date_id ON search_searchentry (date DESC NULLS LAST, id DESC)",
]
POSTGRES_DOWN = [
    "DROP INDEX IF EXISTS search_entry_date_id",
    "DROP INDEX IF EXISTS search_entry_scope_ids",
    "DROP INDEX IF EXISTS search_entry_vec_exact",
    "DROP INDEX IF EXISTS search_entry_vec_folded",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS vec_folded, DROP COLUMN IF EXISTS vec_exact, "
    "DROP COLUMN IF EXISTS scope_ids",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}),
            _run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}),
        )
    ]
