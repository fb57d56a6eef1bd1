from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cms.middleware import absolute_url
from cms.privacy import path_is_public, restricted_paths

from .models import LegalDocumentPage, Validity


class TaxonomySerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()


class DocumentTypeSerializer(TaxonomySerializer):
    abbreviation = serializers.CharField()


class IssuerSerializer(TaxonomySerializer):
    code = serializers.CharField()


class DocumentFileSerializer(serializers.Serializer):
    title = serializers.CharField()
    url = serializers.CharField()
    type = serializers.CharField(help_text=_("PDF, DOCX, ODT ..."))
    size = serializers.IntegerField(allow_null=True, help_text=_("Size in bytes."))


class RelatedDocumentSerializer(serializers.Serializer):
    relation = serializers.CharField(help_text=_("replaces, amends, guides ..."))
    id = serializers.IntegerField()
    number_symbol = serializers.CharField()


class LegalDocumentSerializer(serializers.ModelSerializer):
    portal = serializers.CharField(source="portal.site.hostname", default=None, allow_null=True)
    summary = serializers.CharField(source="title")
    document_type = DocumentTypeSerializer()
    issuer = IssuerSerializer()
    field = TaxonomySerializer(source="legal_field", allow_null=True)
    validity = serializers.ChoiceField(choices=Validity.choices)
    validity_label = serializers.CharField()
    url = serializers.SerializerMethodField()
    files = serializers.SerializerMethodField()
    related = serializers.SerializerMethodField()
    language = serializers.CharField(source="locale.language_code")

    class Meta:
        model = LegalDocumentPage
        fields = (
            "id",
            "portal",
            "language",
            "number_symbol",
            "number",
            "document_type",
            "issuer",
            "field",
            "summary",
            "signer",
            "signer_position",
            "issued_on",
            "effective_from",
            "expires_on",
            "validity",
            "validity_label",
            "url",
            "files",
            "related",
            "first_published_at",
            "last_published_at",
        )

    @extend_schema_field(serializers.CharField())
    def get_url(self, page):
        return page.get_full_url(self.context.get("request")) or ""

    @extend_schema_field(DocumentFileSerializer(many=True))
    def get_files(self, page):
        request = self.context.get("request")
        result = []
        for item in page.files.all():
            if item.document is None:
                continue
            url = item.document.url
            result.append(
                {
                    "title": item.display_label,
                    "url": absolute_url(request, url),
                    "type": item.kind_label,
                    "size": item.file_size,
                }
            )
        return result

    @extend_schema_field(RelatedDocumentSerializer(many=True))
    def get_related(self, page):
        relations = [r for r in page.relations.all() if r.target is not None and r.target.live]
        if relations and "restricted_paths" not in self.context:  # once per response, not per document
            self.context["restricted_paths"] = restricted_paths()
        return [
            {"relation": relation.kind, "id": relation.target_id, "number_symbol": relation.target.number_symbol}
            for relation in relations
            if path_is_public(relation.target.path, self.context["restricted_paths"])
        ]
