# Moderation workflows, their tasks and the portals' collections are named after the
# portal's name, no longer its codename (issue #14): Wagtail shows them on the editor's
# buttons ("Gửi lại cho Người duyệt Phường An Xuyên", was "Người duyệt phuong-an-xuyen").
# Only names made by the old scheme are changed; a name someone chose stays. The naming
# rule is copied from sites.staff.portal_label (migrations do not import app code that may
# change later); provisioning applies the same rule on every run.

from django.db import migrations
from django.db.models import Q


def portal_label(Portal, portal):
    name = (portal.name_vi or portal.name or portal.codename).strip()
    if Portal.objects.filter(Q(name_vi=name) | Q(name=name)).exclude(pk=portal.pk).exists():
        return f"{name} ({portal.site.hostname})"
    return name


def rename(apps, schema_editor):
    Portal = apps.get_model("sites", "Portal")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    Task = apps.get_model("wagtailcore", "Task")
    Collection = apps.get_model("wagtailcore", "Collection")
    for portal in Portal.objects.select_related("site"):
        label = portal_label(Portal, portal)
        link = WorkflowPage.objects.filter(page_id=portal.site.root_page_id).select_related("workflow").first()
        if link is not None:
            workflow = link.workflow
            if workflow.name == f"Duyệt tin: {portal.codename}":
                workflow.name = f"Duyệt tin {label}"
                workflow.save(update_fields=["name"])
            Task.objects.filter(workflow_tasks__workflow=workflow, name=f"Người duyệt {portal.codename}").update(
                name=f"Người duyệt {label}"
            )
        if portal.collection_id:
            Collection.objects.filter(pk=portal.collection_id, name__endswith=f" ({portal.codename})").update(name=label)


class Migration(migrations.Migration):
    dependencies = [
        ("sites", "0010_portal_legal_notice_translations"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(rename, migrations.RunPython.noop)]
