from django.utils.translation import gettext_lazy as _

from registry.plugins import ContentActivity, Duty, Plugin, PluginBlock, PortalMerge, StarterSection, registry

from .demo import load_demo
from .search import LegalDocumentSearchProvider
from .views import newest_block_context

registry.register(
    Plugin(
        name="legal_documents",
        label=_("Legal documents"),
        description=_(
            "Legal and directive documents with their Decree 30/2020 metadata, files, validity, "
            "relations, a searchable list and open data."
        ),
        default_levels=None,
        page_models=("legal_documents.LegalDocumentIndexPage", "legal_documents.LegalDocumentPage"),
        network_models=("legal_documents.DocumentType", "legal_documents.Issuer", "legal_documents.LegalField"),
        blocks=(
            PluginBlock(
                name="legal_documents.newest",
                label=_("Newest documents"),
                template="legal_documents/blocks/newest.html",
                get_context=newest_block_context,
            ),
        ),
        api_urls="plugins.legal_documents.api_urls",
        api_prefix="legal-documents",
        load_demo=load_demo,
        search_providers=(LegalDocumentSearchProvider(),),
        # find_document_url(symbol, portal=None, request=None) -> str | None: the public
        # URL of the published, public document with this number/symbol (see the function).
        starter_sections=(
            StarterSection(
                key="legal_documents.index",
                slug="van-ban",
                title="Văn bản",
                title_en="Documents",
                page_model="legal_documents.LegalDocumentIndexPage",
                order=50,
                intro="Văn bản quy phạm pháp luật và văn bản chỉ đạo, điều hành.",
                intro_en="Legal documents, directives and administrative documents.",
            ),
        ),
        services={"legal_documents.find_document_url": "plugins.legal_documents.services:find_document_url"},
        activities=(
            ContentActivity(
                key="legal_documents.documents",
                label=_("Legal documents"),
                activity="plugins.legal_documents.oversight:documents",
                max_days=30,
            ),
        ),
        duties=(
            Duty(
                key="legal_documents.list",
                label=_("The list of legal documents is not empty"),
                check="plugins.legal_documents.oversight:has_documents",
            ),
        ),
        merge=PortalMerge(models=("legal_documents.LegalDocumentPage",)),
    )
)
