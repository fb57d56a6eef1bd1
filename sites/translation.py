"""Translatable fields of the network's models (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from sites.models import Portal, PortalIdentity, PortalLevel, StarterSection


@register(PortalLevel)
class PortalLevelTranslation(TranslationOptions):
    fields = ("name",)


@register(Portal)
class PortalTranslation(TranslationOptions):
    # The legal notice of the footer in both languages (the phone and e-mail need none).
    fields = ("name", "short_name", "governing_body", "responsible_person", "licence", "address")


@register(PortalIdentity)
class PortalIdentityTranslation(TranslationOptions):
    fields = ("tagline", "office_hours", "footer_text")


@register(StarterSection)
class StarterSectionTranslation(TranslationOptions):
    fields = ("title", "intro")
