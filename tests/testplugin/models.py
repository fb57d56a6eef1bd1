from django.db import models
from wagtail.models import Page

from cms.plugins import PluginPageMixin


class GadgetPage(PluginPageMixin, Page):
    """A page type of the test-only plugin."""

    plugin_name = "gadgets"
    colour = models.CharField(max_length=20, blank=True)
    template = "testplugin/gadget_page.html"
