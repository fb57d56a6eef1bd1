"""Search configuration, read from Django settings.

* ``SEARCH_ENGINE``: "database" or "elasticsearch"; empty = "elasticsearch"
  when ``ELASTICSEARCH_URL`` is set, else "database".
* ``ELASTICSEARCH_URL``: the cluster (comma-separated nodes).
* ``SEARCH_INDEX_PREFIX``: name of the Elasticsearch alias (default "portal-search").
"""

from django.conf import settings


def engine_name() -> str:
    name = (getattr(settings, "SEARCH_ENGINE", "") or "").strip().lower()
    if name:
        return name
    return "elasticsearch" if elasticsearch_url() else "database"


def elasticsearch_url() -> str:
    return (getattr(settings, "ELASTICSEARCH_URL", "") or "").strip()


def index_prefix() -> str:
    return getattr(settings, "SEARCH_INDEX_PREFIX", "") or "portal-search"
