"""Translatable fields of the network's models (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from sites.models import Portal, PortalIdentity, PortalLevel, StarterSection


@register(PortalLevel)
class PortalLevelTranslation(TranslationOptions):
    fields = ("name",)


@register(Portal)
class PortalTranslation(TranslationOptions):
    fields = ("name", "short_name", "governing_body", "address")


@register(PortalIdentity)
class PortalIdentityTranslation(TranslationOptions):
    fields = ("tagline", "office_hours", "footer_text")


@register(StarterSection)
class StarterSectionTranslation(TranslationOptions):
    fields = ("title", "intro")
