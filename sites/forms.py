"""Admin forms of the network."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from registry.plugins import blocks_for_portal


class HomePageForm(WagtailAdminPageForm):
    """Offers only the blocks of plugins enabled on this page's portal."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A home page is its portal's tree root: a new one (under Wagtail's root) has no portal yet.
        portal = self.instance.home_portal() if self.instance.pk else None
        choices = [(block.name, block.label) for block in blocks_for_portal(portal)]
        formset = self.formsets.get("placements")
        if formset is not None:
            for form in [*formset.forms, formset.empty_form]:
                form.fields["block"] = forms.ChoiceField(label=_("block"), choices=choices)
