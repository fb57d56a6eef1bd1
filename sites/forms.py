"""Admin forms of the network."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from cms.plugins import blocks_for_portal


class HomePageForm(WagtailAdminPageForm):
    """Offers only the blocks of plugins enabled on this page's portal."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from sites.models import Portal

        page = self.instance if self.instance.pk else self.parent_page
        portal = Portal.for_page(page) if page is not None and page.pk else None
        choices = [(block.name, block.label) for block in blocks_for_portal(portal)]
        formset = self.formsets.get("placements")
        if formset is not None:
            for form in [*formset.forms, formset.empty_form]:
                form.fields["block"] = forms.ChoiceField(label=_("block"), choices=choices)
