"""PostgreSQL: small title vectors for ranking the capped candidate set.

The full-text vector of a document is large and stored out of line (TOAST), so
reading it for every candidate is what makes common words slow. Candidates are
found with the GIN index alone; they are ranked on these short title vectors
(kept inline) and their date.
"""

from django.db import migrations

from search.migrations import _fulltext

POSTGRES_UP = [
    """ALTER TABLE search_searchentry
        ADD COLUMN vec_title tsvector GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, title_folded)) STORED,
        ADD COLUMN vec_title_exact tsvector GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, title_exact)) STORED""",
]
POSTGRES_DOWN = ["ALTER TABLE search_searchentry DROP COLUMN IF EXISTS vec_title, DROP COLUMN IF EXISTS vec_title_exact"]


class Migration(migrations.Migration):
    dependencies = [("search", "0003_lean_indexes")]

    operations = [migrations.RunPython(_fulltext.run_sql({"postgresql": POSTGRES_UP}), _fulltext.run_sql({"postgresql": POSTGRES_DOWN}))]
