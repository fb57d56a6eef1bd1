"""PostgreSQL: queries read a narrow, hash-partitioned match table.

A query reads one row per matching document for counting, facets and ranking.
In search_searchentry those rows carry the title, summary and body beside the
vectors (two or three rows to an 8 kB page); search_searchmatch holds only
what a query reads. Its vectors are built by the engine
(search.engines.database); marker lexemes for kind, portal, scope and language
let the GIN index filter by them too.

The table is split into PARTITIONS by a hash of the id. A GIN index answers a
word with its whole posting list, so a word found in most of 500,000
documents costs tens of milliseconds however few rows are wanted; a query
only wants the first COUNT_CAP matches, and the partitions are scanned one
after the other until it has them: a common word reads one small posting
list, a rare word all of them (each short).

No foreign key: checking one costs a lookup per row loaded (a fifth of the
loading time); the engine deletes a document's match row with it.

Existing documents are carried over; search_searchentry loses its generated
vectors. On SQLite the table is created by CreateModel and stays empty.
"""

import django.db.models.deletion
from django.db import migrations, models

PARTITIONS = 8

POSTGRES_UP = [
    # Re-created partitioned (Django's CreateModel made a plain table).
    "DROP TABLE search_searchmatch",
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
    ) PARTITION BY HASH (id)""",
    *(
        f"CREATE TABLE search_searchmatch_{n} PARTITION OF search_searchmatch "
        f"FOR VALUES WITH (MODULUS {PARTITIONS}, REMAINDER {n})"
        for n in range(PARTITIONS)
    ),
    """INSERT INTO search_searchmatch
        (id, portal_id, kind, date, category, document_type, issuer, field, year, vec, vec_title, vec_title_exact)
        SELECT id, portal_id, kind, date, category, document_type, issuer, field, year,
            to_tsvector('simple'::regconfig, title_folded)
                || to_tsvector('simple'::regconfig, text_folded)
                || array_to_tsvector(ARRAY['_k' || kind, '_p' || portal_id, '_l' || language]
                    || ARRAY(SELECT '_s' || s FROM unnest(string_to_array(btrim(scope), ' ')) s WHERE s <> '')),
            to_tsvector('simple'::regconfig, title_folded),
            to_tsvector('simple'::regconfig, title_exact)
        FROM search_searchentry""",
    """ALTER TABLE search_searchentry
        DROP COLUMN IF EXISTS vec_folded, DROP COLUMN IF EXISTS vec_title,
        DROP COLUMN IF EXISTS vec_title_exact, DROP COLUMN IF EXISTS scope_ids""",
    "CREATE INDEX search_match_vec ON search_searchmatch USING gin (vec) WITH (gin_pending_list_limit = 16384)",
    "CREATE INDEX search_match_date ON search_searchmatch (date DESC NULLS LAST, id DESC)",
    # The vectors moved; so did the indexes that served them.
    "DROP INDEX IF EXISTS search_entry_date_id",
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in POSTGRES_UP:
        schema_editor.execute(statement)
    with schema_editor.connection.cursor() as cursor:
        # Django's pattern-ops index on doc_id serves LIKE queries the engine never makes.
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'search_searchentry' AND indexname LIKE %s",
            ["search_searchentry_doc_id_%_like"],
        )
        for (name,) in cursor.fetchall():
            schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):

    dependencies = [
        ('search', '0007_drop_body_exact_vector'),
    ]

    operations = [
        migrations.CreateModel(
            name='SearchMatch',
            fields=[
                ('entry', models.OneToOneField(db_column='id', db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, primary_key=True, related_name='+', serialize=False, to='search.searchentry')),
                ('portal_id', models.BigIntegerField()),
                ('kind', models.CharField(max_length=40)),
                ('date', models.DateTimeField(blank=True, null=True)),
                ('category', models.CharField(blank=True, max_length=200)),
                ('document_type', models.CharField(blank=True, max_length=200)),
                ('issuer', models.CharField(blank=True, max_length=200)),
                ('field', models.CharField(blank=True, max_length=200)),
                ('year', models.CharField(blank=True, max_length=4)),
            ],
            options={
                'verbose_name': 'search match row',
                'verbose_name_plural': 'search match rows',
            },
        ),
        # Forwards only: the generated vectors of 0002/0004 are not rebuilt
        # (run search_rebuild after migrating back).
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
