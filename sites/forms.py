"""Admin forms of the network."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm, WagtailAdminPageForm

from cms.plugins import blocks_for_portal
from themes.registry import themes


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


class PortalForm(WagtailAdminModelForm):
    """A portal's settings; plugins, level and parent only for network admins."""

    NETWORK_ONLY = ("level", "parent", "theme", "enabled_plugins")

    enabled_plugins = forms.MultipleChoiceField(
        label=_("enabled plugins"), required=False, widget=forms.CheckboxSelectMultiple, choices=()
    )

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        from cms.plugins import registry
        from sites.permissions import is_network_admin

        self.fields["enabled_plugins"].choices = [(p.name, p.label) for p in registry.all()]
        self.fields["theme"] = forms.ChoiceField(label=_("theme"), choices=themes.choices())
        if self.instance.pk:
            self.initial.setdefault("enabled_plugins", self.instance.enabled_plugins)
        if not is_network_admin(for_user):
            for name in self.NETWORK_ONLY:
                if name in self.fields:
                    self.fields[name].disabled = True
        if "parent" in self.fields and self.instance.pk:
            self.fields["parent"].queryset = self.fields["parent"].queryset.exclude(pk=self.instance.pk)
