"""Procedures as documents of the shared search (cms.search_contract)."""

from __future__ import annotations

from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from cms.search_contract import SearchDocument, SearchProvider

from .models import PLUGIN_NAME, Procedure


class ProcedureSearchProvider(SearchProvider):
    kind = "procedure"
    label = _("Administrative procedure")
    plugin_name = PLUGIN_NAME
    models = (Procedure,)

    def _queryset(self):
        return (
            Procedure.objects.in_force()
            .select_related("field", "level", "agency_portal__site")
            .prefetch_related("tiers", "methods", "documents")
        )

    def documents(self, portal=None):
        root = Procedure.network_root()
        queryset = self._queryset()
        if portal is not None:
            if root is not None and portal.pk == root.pk:
                queryset = queryset.filter(Q(agency_portal__isnull=True) | Q(agency_portal=portal))
            else:
                queryset = queryset.filter(agency_portal=portal)
        for procedure in queryset:
            document = self._build(procedure, root)
            if document is not None:
                yield document

    def document_for(self, instance):
        return self.documents_for([instance])[0]

    def documents_for(self, instances):
        """The procedures of a batch (an import changes hundreds) from one query and its prefetches."""
        pks = [i.pk for i in instances if isinstance(i, Procedure) and i.pk is not None]
        procedures = self._queryset().in_bulk(pks) if pks else {}
        root = None
        if any(p.agency_portal_id is None for p in procedures.values()):
            root = Procedure.network_root()
        return [
            self._build(procedures[i.pk], root) if isinstance(i, Procedure) and i.pk in procedures else None for i in instances
        ]

    @staticmethod
    def _path(procedure):
        with translation.override("vi"):
            return procedure.get_url_path()

    def _build(self, procedure, root):
        portal = procedure.agency_portal if procedure.agency_portal_id else root
        if portal is None:
            portal = procedure.owner_portal()
        if portal is None or not portal.has_plugin(PLUGIN_NAME) or not procedure.is_in_force:
            return None
        methods = "; ".join(
            " ".join(filter(None, [m.get_method_display(), m.processing_time, m.fees])) for m in procedure.methods.all()
        )
        documents = "; ".join(d.name for d in procedure.documents.all())
        body = "\n".join(
            filter(
                None,
                [
                    procedure.steps,
                    methods,
                    documents,
                    procedure.applicants,
                    procedure.requirements,
                    procedure.result,
                    procedure.legal_basis,
                ],
            )
        )
        tiers = sorted(t.code for t in procedure.tiers.all())
        summary_parts = [procedure.field.name]
        if procedure.level_id:
            summary_parts.append(procedure.level.name)
        if procedure.agency_name:
            summary_parts.append(procedure.agency_name)
        return SearchDocument(
            id=self.document_id(procedure),
            kind=self.kind,
            portal_id=portal.pk,
            title=procedure.name_vi or procedure.name,
            url=portal.site.root_url + self._path(procedure),
            date=procedure.updated_at,
            summary=" · ".join(str(p) for p in summary_parts if p),
            body=body,
            language="vi",
            keywords=[procedure.code],
            facets={
                # Facet values are shown as they are: the field's name, as other plugins do.
                "field": procedure.field.name_vi or procedure.field.name,
                "field_code": procedure.field.code,
                "level": procedure.level.code if procedure.level_id else "",
                "online": procedure.is_online,
                "tiers": tiers,
            },
            # The catalogue (no agency portal) is kept on the network's root and carried
            # out at its tiers: a portal of such a level lists it (Procedure.objects.for_portal)
            # and its search finds it. An agency's own procedures are in its portal's scope.
            shared_levels=tuple(tiers) if not procedure.agency_portal_id else (),
        )
