"""Translatable content of the catalogue (django-modeltranslation; vi default, en second)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Procedure, ProcedureField, ServiceLevel


@register(ProcedureField)
class ProcedureFieldTranslation(TranslationOptions):
    fields = ("name",)


@register(ServiceLevel)
class ServiceLevelTranslation(TranslationOptions):
    fields = ("name",)


@register(Procedure)
class ProcedureTranslation(TranslationOptions):
    fields = ("name",)
