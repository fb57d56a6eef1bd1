"""Translatable catalogue names (django-modeltranslation; vi default, en second)."""

from modeltranslation.translator import TranslationOptions, register

from .models import DocumentType, Issuer, LegalField


@register(DocumentType)
class DocumentTypeTranslation(TranslationOptions):
    fields = ("name",)


@register(Issuer)
class IssuerTranslation(TranslationOptions):
    fields = ("name",)


@register(LegalField)
class LegalFieldTranslation(TranslationOptions):
    fields = ("name",)
