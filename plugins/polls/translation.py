"""Translatable poll texts (django-modeltranslation); Vietnamese is required."""

from modeltranslation.translator import TranslationOptions, register

from .models import Poll, PollOption


@register(Poll)
class PollTranslation(TranslationOptions):
    fields = ("question", "description")
    required_languages = ("vi",)


@register(PollOption)
class PollOptionTranslation(TranslationOptions):
    fields = ("text",)
    required_languages = ("vi",)
