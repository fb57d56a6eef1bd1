"""The database engine's document table and the indexing queue."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchEntry(models.Model):
    """One search document in the database engine, as it is displayed and
    filtered; on both database vendors.

    What a query matches lives beside it, keyed by its id, in a table of the
    vendor's own (created by migration 0002): on SQLite the FTS5 table
    ``search_fts`` (the normalised tokens), on PostgreSQL
    :class:`SearchMatch` (the vectors). The engine writes and deletes both
    together (search.engines.database).
    """

    doc_id = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=40)
    # Removed with its match row by the index operation a deleted portal records
    # (search.indexing), never by a cascade that would leave the match row behind.
    portal = models.ForeignKey("sites.Portal", on_delete=models.DO_NOTHING, related_name="+", db_constraint=False)
    # " <portal id> <ancestor ids> " so a provincial search covers its members.
    scope = models.CharField(max_length=400)
    # " <level code> ... ": the levels below its portal it is shared with
    # (SearchDocument.shared_levels): a search of a portal at one of them finds it.
    shared_levels = models.TextField(blank=True, default="")
    title = models.TextField()
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=1000)
    date = models.DateTimeField(null=True, blank=True)
    language = models.CharField(max_length=10, default="vi")
    keywords = models.TextField(blank=True)
    category = models.CharField(max_length=200, blank=True)
    document_type = models.CharField(max_length=200, blank=True)
    issuer = models.CharField(max_length=200, blank=True)
    field = models.CharField(max_length=200, blank=True)
    year = models.CharField(max_length=4, blank=True)
    facets = models.JSONField(default=dict, blank=True)
    # Copies of one text share it (PreparedDocument.fingerprint): results show one.
    fingerprint = models.CharField(max_length=16, blank=True)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")

    def __str__(self):
        return self.doc_id


class SearchMatch(models.Model):
    """PostgreSQL: the narrow row a query reads for each matching document.

    Holds what filtering, counting, facets and ranking need and nothing else,
    so a word found in most of the index reads few pages: the folded
    ``tsvector`` of the whole document (``vec``, with marker lexemes for
    kind, portal, scope, language and shared levels so the GIN index does
    that filtering too; title, lead and body positions weighted A, B and D for ranking,
    search.ranking), the title with its diacritics (``vec_title_exact``, the
    exact-marks tie-breaker) and the facet values.

    The table exists on PostgreSQL only: migration 0002 creates it, with its
    vector columns, hash partitions and GIN index (Django does not manage
    it). There is no foreign key: the engine writes and deletes a document's
    match row with it (search.engines.postgresql).
    """

    entry = models.OneToOneField(
        SearchEntry, primary_key=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+", db_column="id"
    )
    portal_id = models.BigIntegerField()
    kind = models.CharField(max_length=40)
    date = models.DateTimeField(null=True, blank=True)
    category = models.CharField(max_length=200, blank=True)
    document_type = models.CharField(max_length=200, blank=True)
    issuer = models.CharField(max_length=200, blank=True)
    field = models.CharField(max_length=200, blank=True)
    year = models.CharField(max_length=4, blank=True)
    fingerprint = models.CharField(max_length=16, blank=True)

    class Meta:
        managed = False
        db_table = "search_searchmatch"
        verbose_name = _("search match row")
        verbose_name_plural = _("search match rows")

    def __str__(self):
        return f"{self.kind} {self.entry_id}"


class IndexOperation(models.Model):
    """An index change waiting to be applied (written in the same transaction
    as the content change; applied by search.indexing.apply_index_operations)."""

    UPSERT = "upsert"
    DELETE = "delete"
    PORTAL = "portal"  # re-evaluate every document of a portal (plugin switched, portal moved)
    ACTIONS = [(UPSERT, _("index")), (DELETE, _("remove")), (PORTAL, _("re-index a portal"))]

    document_id = models.CharField(_("document id"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=40)
    model = models.CharField(_("model"), max_length=100, blank=True)
    object_pk = models.CharField(_("object id"), max_length=64)
    action = models.CharField(_("action"), max_length=10, choices=ACTIONS)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("index operation")
        verbose_name_plural = _("index operations")

    def __str__(self):
        return f"{self.action} {self.document_id or self.object_pk}"
