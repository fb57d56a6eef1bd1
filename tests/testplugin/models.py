from django.db import models
from wagtail.models import Page

from cms.admin_scoping import PortalScopedForm
from cms.plugin_pages import PluginPageMixin


class GadgetPage(PluginPageMixin, Page):
    """A page type of the test-only plugin."""

    plugin_name = "gadgets"
    colour = models.CharField(max_length=20, blank=True)
    template = "testplugin/gadget_page.html"


class Gadget(models.Model):
    """A snippet that belongs to a portal: proves admin isolation for plugin models."""

    portal = models.ForeignKey("sites.Portal", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=100)

    base_form_class = PortalScopedForm

    def __str__(self):
        return self.name
