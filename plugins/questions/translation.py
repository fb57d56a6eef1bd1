"""Translatable question texts (django-modeltranslation; vi default, en second).

What the citizen sent is kept in the Vietnamese fields (the original, whatever language
it was written in); the portal's staff add the English version of the subject, the
question and the answer for the English site, which falls back to the original.
"""

from modeltranslation.translator import TranslationOptions, register

from .models import Question


@register(Question)
class QuestionTranslation(TranslationOptions):
    fields = ("subject", "content", "answer")
    required_languages = ("vi",)
