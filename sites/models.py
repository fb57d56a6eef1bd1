"""The portal network: levels, portals and their home pages."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator, URLValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.images.blocks import ImageBlock
from wagtail.models import Collection, Orderable, Page, Site

from sites.forms import HomePageForm


class PortalLevel(models.Model):
    """A level of the network (province, department, district, commune ...).

    Levels are data: a province that keeps district portals adds the level
    without a code change. ``rank`` orders levels from the top (0).
    """

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("level name"), max_length=100)
    rank = models.PositiveSmallIntegerField(_("rank"), default=0)
    default_theme = models.CharField(_("default theme"), max_length=40, default="member")

    class Meta:
        ordering = ["rank", "code"]
        verbose_name = _("portal level")
        verbose_name_plural = _("portal levels")

    def __str__(self):
        return self.name


class PortalQuerySet(models.QuerySet):
    """Who may touch which portals is sites.permissions.portals_for_user (it builds on this model)."""


class Portal(models.Model):
    """A portal of the network: one Wagtail Site with its own tree and team."""

    site = models.OneToOneField(Site, on_delete=models.CASCADE, related_name="portal", verbose_name=_("site"))
    name = models.CharField(_("portal name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=120, blank=True)
    codename = models.SlugField(_("codename"), max_length=100, unique=True)
    level = models.ForeignKey(PortalLevel, on_delete=models.PROTECT, related_name="portals", verbose_name=_("level"))
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("parent portal")
    )
    admin_code = models.CharField(
        _("administrative unit code"),
        max_length=20,
        blank=True,
        help_text=_("Code in the official list of administrative units."),
    )
    theme = models.CharField(_("theme"), max_length=40, default="member")
    enabled_plugins = models.JSONField(_("enabled plugins"), default=list, blank=True)
    collection = models.ForeignKey(
        Collection,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("image and document collection"),
    )
    editors_group = models.ForeignKey(
        Group, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("editors group")
    )
    moderators_group = models.ForeignKey(
        Group, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("moderators group")
    )
    # The agency's own administrators: they manage the portal's staff (sites.staff).
    admins_group = models.ForeignKey(
        Group, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("portal administrators group")
    )
    # Legal notice shown in the footer of every state portal.
    governing_body = models.CharField(_("governing body"), max_length=255, blank=True)
    responsible_person = models.CharField(_("person responsible"), max_length=255, blank=True)
    licence = models.CharField(_("licence"), max_length=255, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("email"), blank=True)
    provisioned = models.BooleanField(_("provisioned"), default=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    last_published_at = models.DateTimeField(_("last published change"), null=True, blank=True)

    objects = PortalQuerySet.as_manager()

    class Meta:
        ordering = ["level__rank", "name"]
        verbose_name = _("portal")
        verbose_name_plural = _("portals")
        constraints = [
            models.UniqueConstraint(fields=["admin_code"], condition=~Q(admin_code=""), name="portal_unique_admin_code"),
        ]
        permissions = [("view_network", _("Can see and manage the whole network"))]

    def __str__(self):
        return self.name

    def clean(self):
        from themes.registry import themes

        if self.theme not in themes:
            raise ValidationError({"theme": _("This theme does not exist.")})
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError({"parent": _("A portal cannot be its own parent.")})

    @property
    def hostname(self):
        return self.site.hostname

    @property
    def root_url(self):
        return self.site.root_url

    def has_plugin(self, name: str) -> bool:
        return name in (self.enabled_plugins or [])

    @cached_property
    def ancestors(self) -> list[Portal]:
        chain, seen, node = [], {self.pk}, self.parent
        while node is not None and node.pk not in seen:
            chain.append(node)
            seen.add(node.pk)
            node = node.parent
        return chain

    @property
    def is_network_root(self):
        return self.parent_id is None

    @classmethod
    def for_page(cls, page) -> Portal | None:
        """The portal whose tree holds ``page`` (either language tree)."""
        if page is None or not page.depth or page.depth < 2 or not page.path:
            return None
        # The home page's path is the first two steps of the page's own: one query.
        if page.depth == 2:
            homes = [page.translation_key]
        else:
            homes = Page.objects.filter(path=page.path[: 2 * Page.steplen]).values("translation_key")
        return cls.objects.select_related("site", "level").filter(site__root_page__translation_key__in=homes).first()

    def root_pages(self):
        """The portal's home pages, one per language."""
        return Page.objects.filter(translation_key=self.site.root_page.translation_key, depth=2)


PLACEMENT_SLOTS = [("main", _("Home page content")), ("sidebar", _("Sidebar")), ("footer", _("Footer"))]


class HomePage(Page):
    """The home page of a portal (one per language tree)."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    body = StreamField(
        [
            ("heading", blocks.CharBlock(label=_("Heading"), form_classname="title")),
            ("paragraph", blocks.RichTextBlock(label=_("Paragraph"))),
            ("image", ImageBlock(label=_("Image"))),
        ],
        blank=True,
        verbose_name=_("content"),
    )

    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = None
    template = "themes/home_page.html"
    base_form_class = HomePageForm

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("body"),
        InlinePanel("placements", label=_("Plugin blocks"), heading=_("Plugin blocks on the home page and sidebar")),
    ]

    class Meta:
        verbose_name = _("portal home page")
        verbose_name_plural = _("portal home page")

    def home_portal(self) -> Portal | None:
        """The portal whose tree this home page roots."""
        return Portal.for_page(self)

    @classmethod
    def can_create_at(cls, parent):
        # Portal home pages are made by provisioning (create_portal), not by hand.
        return False


class BlockPlacement(Orderable):
    """A plugin block placed on a portal's home page or sidebar."""

    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="placements")
    slot = models.CharField(_("slot"), max_length=20, choices=PLACEMENT_SLOTS, default="main")
    block = models.CharField(_("block"), max_length=100)
    title = models.CharField(_("displayed title"), max_length=150, blank=True)
    limit = models.PositiveSmallIntegerField(_("number of items"), default=5)

    panels = [FieldPanel("slot"), FieldPanel("block"), FieldPanel("title"), FieldPanel("limit")]

    class Meta(Orderable.Meta):
        verbose_name = _("plugin block")
        verbose_name_plural = _("plugin block")

    def __str__(self):
        return self.title or self.block


class StandardPage(Page):
    """A plain content page (giới thiệu, sơ đồ tổ chức, liên hệ ...)."""

    summary = models.TextField(_("summary"), blank=True)
    body = StreamField(
        [
            ("heading", blocks.CharBlock(label=_("Heading"), form_classname="title")),
            ("paragraph", blocks.RichTextBlock(label=_("Paragraph"))),
            ("image", ImageBlock(label=_("Image"))),
        ],
        blank=True,
        verbose_name=_("content"),
    )

    template = "themes/standard_page.html"
    content_panels = Page.content_panels + [FieldPanel("summary"), FieldPanel("body")]

    class Meta:
        verbose_name = _("content page")
        verbose_name_plural = _("content page")


PORTAL_PANELS = [
    MultiFieldPanel(
        [FieldPanel("name"), FieldPanel("short_name"), FieldPanel("theme")],
        heading=_("Portal"),
    ),
    MultiFieldPanel(
        [
            FieldPanel("governing_body"),
            FieldPanel("responsible_person"),
            FieldPanel("licence"),
            FieldPanel("address"),
            FieldPanel("phone"),
            FieldPanel("email"),
        ],
        heading=_("Legal notice in the footer"),
    ),
]


# -- The portal's identity: what its own staff say about it --------------------------------

# Two owners, no field in both: ``Portal`` holds the legal notice that Decree
# 42/2022/ND-CP requires in the footer (governing body, person responsible, licence,
# contact address, phone, e-mail), set at provisioning and kept by the portal's
# moderators and the network admins in *Portals*; ``PortalIdentity`` holds how the
# agency presents itself (logo, slogan, office hours, hotline, fax, social pages),
# which the portal's editors and moderators change themselves in *Settings*.

phone_validator = RegexValidator(
    r"^\+?[0-9][0-9 .()\-]{2,30}$",
    _("Enter a phone number: digits, spaces and the characters + . - ( ) only."),
)
web_address_validator = URLValidator(
    schemes=["http", "https"], message=_("Enter a full web address starting with http:// or https://.")
)


@register_setting(icon="site", order=10)
class PortalIdentity(BaseSiteSetting):
    """A portal's presentation, shown by the themes' header and footer
    (``{{ settings.sites.PortalIdentity.<field> }}``; public pages read it from the
    hostname map, cms.middleware.PortalMap, without a query)."""

    logo = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("logo"),
        help_text=_("Shown in the header next to the portal's name."),
    )
    tagline = models.CharField(
        _("slogan"), max_length=255, blank=True, help_text=_("A short line under the portal's name in the header.")
    )
    office_hours = models.CharField(
        _("office hours"), max_length=255, blank=True, help_text=_("For example: Monday to Friday, 7:00 to 17:00.")
    )
    hotline = models.CharField(_("hotline"), max_length=30, blank=True, validators=[phone_validator])
    fax = models.CharField(_("fax"), max_length=30, blank=True, validators=[phone_validator])
    facebook_url = models.CharField(_("Facebook page"), max_length=255, blank=True, validators=[web_address_validator])
    youtube_url = models.CharField(_("YouTube channel"), max_length=255, blank=True, validators=[web_address_validator])
    zalo_url = models.CharField(_("Zalo official account"), max_length=255, blank=True, validators=[web_address_validator])

    select_related = ["logo"]

    panels = [
        MultiFieldPanel(
            [FieldPanel("logo"), FieldPanel("tagline_vi"), FieldPanel("tagline_en")],
            heading=_("Header"),
        ),
        MultiFieldPanel(
            [FieldPanel("office_hours_vi"), FieldPanel("office_hours_en"), FieldPanel("hotline"), FieldPanel("fax")],
            heading=_("Contact in the footer"),
            help_text=_("The address, phone and e-mail of the legal notice are set in Portals."),
        ),
        MultiFieldPanel(
            [FieldPanel("facebook_url"), FieldPanel("youtube_url"), FieldPanel("zalo_url")],
            heading=_("Social networks"),
        ),
    ]

    class Meta:
        verbose_name = _("portal identity")
        verbose_name_plural = _("portal identities")

    @property
    def social_links(self):
        """(label, URL) of the social pages that are set, in display order."""
        links = [("Facebook", self.facebook_url), ("YouTube", self.youtube_url), ("Zalo", self.zalo_url)]
        return [(label, url) for label, url in links if url]
