"""Spokespersons in the network-wide search (see cms/search_contract.py)."""

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from cms.search_contract import SearchDocument, SearchProvider

from .models import Spokesperson


class SpokespersonSearchProvider(SearchProvider):
    kind = "spokesperson"
    label = _("Spokesperson")
    plugin_name = "spokesperson"
    models = (Spokesperson,)

    def documents(self, portal=None):
        qs = Spokesperson.objects.current().select_related("portal__site", "portal__level").order_by("pk")
        if portal is not None:
            qs = qs.filter(portal=portal)
        for spokesperson in qs.iterator(chunk_size=500):
            document = self.document_for(spokesperson)
            if document is not None:
                yield document

    def document_for(self, instance):
        portal = instance.portal
        if not portal.has_plugin(self.plugin_name) or not instance.is_current():
            return None
        with translation.override("vi"):
            path = reverse("spokesperson:list")
            role = str(instance.get_role_display())
        contact = " ".join(part for part in (instance.phone, instance.email) if part)
        body = " ".join(
            part for part in (role, instance.position_vi or instance.position, contact, instance.decision_number) if part
        )
        return SearchDocument(
            id=self.document_id(instance),
            kind=self.kind,
            portal_id=portal.pk,
            title=f"{role}: {instance.name}",
            url=f"{portal.root_url}{path}#{instance.anchor}",
            date=instance.decision_date or instance.term_start,
            summary=f"{instance.name}, {instance.position_vi or instance.position}",
            body=body,
            language="vi",
            keywords=[instance.decision_number] if instance.decision_number else [],
            facets={"level": portal.level.code, "role": instance.role},
        )
