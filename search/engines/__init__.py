"""Engine selection (search.conf) and a process-wide engine instance."""

from __future__ import annotations

from search.engines.base import EngineUnavailable, SearchEngine

_override: SearchEngine | None = None


def get_engine() -> SearchEngine:
    if _override is not None:
        return _override
    from search import conf

    if conf.engine_name() == "elasticsearch":
        from search.engines.elasticsearch import ElasticsearchEngine

        return ElasticsearchEngine.shared(conf.elasticsearch_url(), conf.index_prefix())
    from search.engines.database import DatabaseEngine

    return DatabaseEngine()  # SQLiteEngine or PostgreSQLEngine, as the database is


def use_engine(engine: SearchEngine | None) -> None:
    """Force an engine (tests and the benchmark); None goes back to settings."""
    global _override
    _override = engine


__all__ = ["EngineUnavailable", "SearchEngine", "get_engine", "use_engine"]
