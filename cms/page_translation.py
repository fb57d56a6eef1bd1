"""Portal staff translate their own pages (issue #14).

The network translates with ``wagtail.contrib.simple_translation`` (README: Languages):
"Translate" copies a page the user may edit into the other language's tree, as a draft
that the portal's moderation workflow then takes like any page (the English tree of
each portal has the same workflow and page permissions as the Vietnamese one:
``sites.provisioning``). Portal editors and moderators hold its one global permission
(``simple_translation.submit_translation``); what they may translate is decided by
the page's own permissions, so another portal's pages stay out of reach.

One change to the stock action: a page whose parent has no version in the target
language could not be translated (the locale was greyed out, and a POST raised
``ParentNotTranslatedError``, an HTTP 500). Here the missing ancestors are created
first, top down, as drafts copied from their source, so the new page has a place in
the tree and the translator sees what else waits for translation (the untranslated
content report lists them). The view is registered at simple_translation's own
address from ``cms.wagtail_hooks``: ``cms`` comes before
``wagtail.contrib.simple_translation`` in ``INSTALLED_APPS``, so its URL is matched
first and every "Translate" button Wagtail draws leads here.
"""

from __future__ import annotations

from django.db import transaction
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.actions.copy_for_translation import CopyPageForTranslationAction
from wagtail.admin import messages
from wagtail.contrib.simple_translation.forms import SubmitTranslationForm
from wagtail.contrib.simple_translation.views import SubmitPageTranslationView
from wagtail.models import Locale, Page


def translate_ancestors(page: Page, locale: Locale, user=None) -> list[Page]:
    """Create, from the top down, the ``locale`` versions of ``page``'s ancestors that
    have none (drafts copied from their source, ready to translate); the tree's root
    is never copied. Returns the pages created."""
    created = []
    for ancestor in page.get_ancestors().filter(depth__gt=1).specific():
        if ancestor.get_translation_or_none(locale) is None:
            action = CopyPageForTranslationAction(page=ancestor, locale=locale, user=user)
            created.append(action.execute(skip_permission_checks=True))
    return created


class PortalTranslationForm(SubmitTranslationForm):
    """simple_translation's form with every untranslated language offered: a missing
    parent version is created with the page instead of greying the language out."""

    def __init__(self, instance, *args, **kwargs):
        super().__init__(instance, *args, **kwargs)
        widget = self.fields["locales"].widget
        if isinstance(instance, Page) and list(widget.disabled_values):
            widget.disabled_values = []
            self.show_submit = True
            self.fields["locales"].help_text = gettext_lazy(
                "The sections above this page that have no version in that language yet are "
                "created with it, as drafts to translate."
            )


class PortalPageTranslationView(SubmitPageTranslationView):
    """``Translate`` for a page: creates the missing ancestors, then the translation."""

    def get_form(self):
        if self.request.method == "POST":
            return PortalTranslationForm(self.object, self.request.POST)
        return PortalTranslationForm(self.object)

    def post(self, request, **kwargs):
        form = self.get_form()
        if not form.is_valid():
            return super().post(request, **kwargs)
        with transaction.atomic():
            created = [
                page for locale in form.cleaned_data["locales"] for page in translate_ancestors(self.object, locale, request.user)
            ]
            response = super().post(request, **kwargs)
        if created:
            messages.info(
                request,
                _("Also created, as drafts to translate: %(pages)s.")
                % {"pages": ", ".join(page.get_admin_display_title() for page in created)},
            )
        return response


def admin_urls():
    """simple_translation's page address, served by :class:`PortalPageTranslationView`."""
    return [
        path(
            "translation/submit/page/<int:page_id>/",
            PortalPageTranslationView.as_view(),
            name="portal_submit_page_translation",
        )
    ]
