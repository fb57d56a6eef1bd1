"""Translatable content fields (django-modeltranslation; vi default, en second)."""

from modeltranslation.translator import TranslationOptions, register

from .models import ContactOfficial, Leader, Unit


@register(Unit)
class UnitTranslation(TranslationOptions):
    fields = ("name", "functions")
    required_languages = {"vi": ("name",)}


@register(Leader)
class LeaderTranslation(TranslationOptions):
    fields = ("position", "biography")
    required_languages = {"vi": ("position",)}


@register(ContactOfficial)
class ContactOfficialTranslation(TranslationOptions):
    fields = ("position", "responsibility")
    required_languages = {"vi": ("position",)}
