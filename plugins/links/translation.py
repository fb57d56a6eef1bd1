"""Translatable content fields (django-modeltranslation; vi default, en second)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Link, LinkGroup


@register(LinkGroup)
class LinkGroupTranslation(TranslationOptions):
    fields = ("title",)
    required_languages = ("vi",)


@register(Link)
class LinkTranslation(TranslationOptions):
    fields = ("title",)
    required_languages = ("vi",)
