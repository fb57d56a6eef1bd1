"""Documents shared with the levels below their portal (SearchDocument.shared_levels):
a search of a ward finds the catalogue items its province keeps for the ward level.

SearchEntry gains the levels (" ward commune "); on PostgreSQL the match vectors gain
a marker per level (search.engines.postgresql), and a document without shared levels
has none, so every stored document stays as it is and is found as before. Only the
providers know which levels a document is shared with: an index operation is queued
for each kind of document of every portal that has member portals (the only ones
that can share), and the index queue builds them again from their providers
(``manage.py search_status --apply`` applies them at once). Elasticsearch: run
``search_rebuild`` (the mapping gained ``shared_levels``).
"""

from django.db import migrations, models


def queue_shared_candidates(apps, schema_editor):
    Portal = apps.get_model("sites", "Portal")
    SearchEntry = apps.get_model("search", "SearchEntry")
    IndexOperation = apps.get_model("search", "IndexOperation")
    parents = set(Portal.objects.exclude(parent=None).values_list("parent_id", flat=True))
    if not parents:
        return
    pairs = SearchEntry.objects.filter(portal_id__in=parents).values_list("portal_id", "kind").distinct()
    IndexOperation.objects.bulk_create(
        [
            IndexOperation(kind=kind, object_pk=str(portal_id), action="portal", model="sites.Portal")
            for portal_id, kind in sorted(pairs)
        ]
    )


class Migration(migrations.Migration):
    dependencies = [("search", "0004_vocabulary"), ("sites", "0001_initial")]

    operations = [
        migrations.AddField(model_name="searchentry", name="shared_levels", field=models.TextField(blank=True, default="")),
        migrations.RunPython(queue_shared_candidates, migrations.RunPython.noop),
    ]
