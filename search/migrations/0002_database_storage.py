"""What a query of the database engine matches, in each vendor's own table.

SQLite (search.engines.sqlite): ``search_fts``, an FTS5 table holding each
document's normalised tokens under its search_searchentry id: title and text
folded (what a query matches) and with diacritics (what ranks exact matches
first). The text is normalised and folded in Python (search.normalize), so
the plain unicode61 tokenizer without diacritic removal is right.

PostgreSQL (search.engines.postgresql): ``search_searchmatch``, a narrow
table holding only what a query reads (ids, facet values, date and
``tsvector``s built by the engine; marker lexemes for kind, portal, scope and
language let the GIN index filter by them too). A GIN index answers a word
with its whole posting list, so the table is split into PARTITIONS by a hash
of the id and a query, which wants at most the first COUNT_CAP matches, scans
them one after the other: a common word reads one small posting list, a rare
word all of them (each short). No foreign key: checking one costs a lookup
per row loaded; the engine deletes a document's match row with it. The
large columns of search_searchentry are compressed with lz4 where the server
has it (faster to compress at load than the default pglz).

Any other database has neither: only the Elasticsearch engine runs there.
"""

from django.db import migrations

PARTITIONS = 8


def sqlite_forwards(schema_editor):
    schema_editor.execute(
        """CREATE VIRTUAL TABLE search_fts USING fts5(
            title_folded, text_folded, title_exact, text_exact,
            tokenize='unicode61 remove_diacritics 0')"""
    )


def sqlite_backwards(schema_editor):
    schema_editor.execute("DROP TABLE IF EXISTS search_fts")


def postgresql_forwards(schema_editor):
    schema_editor.execute(
        """CREATE TABLE search_searchmatch (
            id bigint NOT NULL PRIMARY KEY,
            portal_id bigint NOT NULL,
            kind varchar(40) NOT NULL,
            date timestamp with time zone NULL,
            category varchar(200) NOT NULL,
            document_type varchar(200) NOT NULL,
            issuer varchar(200) NOT NULL,
            field varchar(200) NOT NULL,
            year varchar(4) NOT NULL,
            vec tsvector NOT NULL,
            vec_title tsvector NOT NULL,
            vec_title_exact tsvector NOT NULL
        ) PARTITION BY HASH (id)"""
    )
    for n in range(PARTITIONS):
        schema_editor.execute(
            f"CREATE TABLE search_searchmatch_{n} PARTITION OF search_searchmatch "
            f"FOR VALUES WITH (MODULUS {PARTITIONS}, REMAINDER {n})"
        )
    schema_editor.execute(
        "CREATE INDEX search_match_vec ON search_searchmatch USING gin (vec) WITH (gin_pending_list_limit = 16384)"
    )
    schema_editor.execute("CREATE INDEX search_match_date ON search_searchmatch (date DESC NULLS LAST, id DESC)")
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY(enumvals)")
        if cursor.fetchone()[0]:
            schema_editor.execute(
                "ALTER TABLE search_searchentry ALTER COLUMN body SET COMPRESSION lz4, ALTER COLUMN summary SET COMPRESSION lz4"
            )
        # Django's pattern-ops index on doc_id serves LIKE queries the engine never makes.
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'search_searchentry' AND indexname LIKE %s",
            ["search_searchentry_doc_id_%_like"],
        )
        for (name,) in cursor.fetchall():
            schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


def postgresql_backwards(schema_editor):
    schema_editor.execute("DROP TABLE IF EXISTS search_searchmatch")


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
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
