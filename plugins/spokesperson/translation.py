"""Translatable content fields (django-modeltranslation; vi default, en second)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Spokesperson


@register(Spokesperson)
class SpokespersonTranslation(TranslationOptions):
    fields = ("position",)
    required_languages = ("vi",)
