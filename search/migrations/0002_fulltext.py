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

from search.migrations import _fulltext

SQLITE_UP = [
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        title_folded, text_folded, title_exact, text_exact,
        content='search_searchentry', content_rowid='id',
        tokenize='unicode61 remove_diacritics 0')""",
    *_fulltext.SQLITE_TRIGGERS_UP,
]
SQLITE_DOWN = [
    *_fulltext.SQLITE_TRIGGERS_DOWN,
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


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _fulltext.run_sql({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}),
            _fulltext.run_sql({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}),
        )
    ]
