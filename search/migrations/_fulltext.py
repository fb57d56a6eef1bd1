"""SQL shared by the search migrations: the FTS5 triggers of the SQLite database
engine, and running statements on one database vendor only."""

SQLITE_TRIGGERS_UP = [
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
SQLITE_TRIGGERS_DOWN = [
    "DROP TRIGGER IF EXISTS search_fts_au",
    "DROP TRIGGER IF EXISTS search_fts_ad",
    "DROP TRIGGER IF EXISTS search_fts_ai",
]


def run_sql(statements_by_vendor: dict[str, list[str]]):
    """A RunPython function executing the statements listed for the database's vendor."""

    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run
