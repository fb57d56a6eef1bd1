"""Web links (liên kết website): a portal's groups of links to other state portals."""

from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable

from cms.admin_scoping import PortalScopedForm

http_url_validator = URLValidator(
    schemes=["http", "https"], message=_("Enter a web address that starts with http:// or https://.")
)


class LinkGroup(ClusterableModel):
    DISPLAY_SELECT = "select"
    DISPLAY_LOGOS = "logos"
    DISPLAY_CHOICES = [
        (DISPLAY_SELECT, _("Drop-down list")),
        (DISPLAY_LOGOS, _("Logos")),
    ]

    portal = models.ForeignKey("sites.Portal", on_delete=models.CASCADE, related_name="link_groups", verbose_name=_("portal"))
    title = models.CharField(_("title"), max_length=150)
    display = models.CharField(_("display as"), max_length=10, choices=DISPLAY_CHOICES, default=DISPLAY_SELECT)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    base_form_class = PortalScopedForm

    panels = [
        FieldPanel("portal"),
        FieldPanel("title_vi"),
        FieldPanel("title_en"),
        FieldPanel("display"),
        FieldPanel("sort_order"),
        InlinePanel("links", label=_("Link"), heading=_("Links"), min_num=1),
    ]

    class Meta:
        ordering = ["portal", "sort_order", "title"]
        verbose_name = _("link group")
        verbose_name_plural = _("web links")

    def __str__(self):
        return self.title


class Link(Orderable):
    group = ParentalKey(LinkGroup, on_delete=models.CASCADE, related_name="links", verbose_name=_("group"))
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("web address"), max_length=500, validators=[http_url_validator])
    logo = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("logo"),
        help_text=_("Shown when the group is displayed as logos."),
    )

    panels = [FieldPanel("title_vi"), FieldPanel("title_en"), FieldPanel("url"), FieldPanel("logo")]

    class Meta(Orderable.Meta):
        verbose_name = _("link")
        verbose_name_plural = _("links")

    def __str__(self):
        return self.title
