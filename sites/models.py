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
    # Merged into another portal after a reorganisation (sites.merging): kept for audit,
    # out of the member list and the search; its hostname answers 301 to the new URLs.
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_portals",
        verbose_name=_("merged into"),
        editable=False,
    )
    merged_at = models.DateTimeField(_("merged at"), null=True, blank=True, editable=False)

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

    @classmethod
    def serving(cls, page, request) -> Portal | None:
        """The portal whose content ``page`` shows: the request's (the hostname map holds
        it, no query) when the page is in its tree (either language), else the portal whose
        tree holds the page (a preview from another host)."""
        portal = getattr(request, "portal", None) or None
        if portal is not None:
            homes = [*(getattr(portal, "homes", None) or {}).values(), portal.site.root_page]
            if any(page.path.startswith(home.path) for home in homes):
                return portal
        return cls.for_page(page)

    def members(self) -> list[Portal]:
        """Every portal below this one in the network (children, their children ...), by
        level and name, with site and level loaded: one query."""
        everyone = list(Portal.objects.select_related("site", "level").exclude(pk=self.pk).filter(merged_into=None))
        parent_of = {p.pk: p.parent_id for p in everyone}
        members = []
        for other in everyone:
            seen, node = set(), other.parent_id
            while node is not None and node not in seen and node != self.pk:
                seen.add(node)
                node = parent_of.get(node)
            if node == self.pk:
                members.append(other)
        return sorted(members, key=lambda p: (p.level.rank, p.level.code, p.name))

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


class StarterPageMixin:
    """A page the starter kit may have created: until the agency publishes its own
    text, it shows a neutral notice instead (``awaiting_content``)."""

    @cached_property
    def awaiting_content(self) -> bool:
        """Whether this page (either language) is a starter section nobody has filled yet."""
        return StarterPage.objects.filter(page__translation_key=self.translation_key, filled=False).exists()


class StandardPage(StarterPageMixin, Page):
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


class ContactPage(StandardPage):
    """Liên hệ: the portal's contact details (from its legal notice and identity), the
    contact officials plugins offer (the ``organisation.contacts`` service) and free text."""

    template = "themes/contact_page.html"
    subpage_types = []

    def get_context(self, request, *args, **kwargs):
        from registry.plugins import registry

        context = super().get_context(request, *args, **kwargs)
        portal = Portal.serving(self, request)
        contacts = registry.service("organisation.contacts", portal) if portal else None
        context["contact_portal"] = portal
        context["contacts"] = list(contacts(portal)) if contacts else []
        return context

    class Meta:
        verbose_name = _("contact page")
        verbose_name_plural = _("contact page")


class MergedUnitPage(Page):
    """The section of a portal that holds what a merged unit published (sites.merging):
    "Phường Bạc Liêu (trước sáp nhập)", with the unit's old sections under it."""

    intro = models.TextField(_("introduction"), blank=True)

    template = "themes/merged_unit_page.html"
    parent_page_types = ["sites.HomePage"]
    content_panels = Page.content_panels + [FieldPanel("intro")]

    class Meta:
        verbose_name = _("merged unit's archive")
        verbose_name_plural = _("merged units' archives")

    @classmethod
    def can_create_at(cls, parent):
        return False  # made by merge_portals only

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sections"] = self.get_children().live().public().specific().order_by("path")
        return context


class SiteMapPage(Page):
    """Sơ đồ cổng: an HTML site map of the portal (its live public pages and plugin sections)."""

    intro = models.TextField(_("introduction"), blank=True)

    template = "themes/site_map_page.html"
    subpage_types = []
    max_count_per_parent = 1
    content_panels = Page.content_panels + [FieldPanel("intro")]

    MAX_DEPTH = 3  # levels below the home page: sections, their categories, one more

    def get_context(self, request, *args, **kwargs):
        from registry.plugins import enabled_plugins

        context = super().get_context(request, *args, **kwargs)
        home = self.get_parent()
        pages = list(
            Page.objects.descendant_of(home)
            .filter(depth__lte=home.depth + self.MAX_DEPTH)
            .live()
            .public()
            .exclude(pk=self.pk)
            .only("id", "title", "url_path", "path", "depth", "draft_title")
            .order_by("path")
        )
        # Nest by tree path (one query): each page under the nearest listed ancestor.
        nodes, roots = {}, []
        for node_page in pages:
            node = {"page": node_page, "children": []}
            nodes[node_page.path] = node
            parent = nodes.get(node_page.path[: -Page.steplen])
            (parent["children"] if parent else roots).append(node)
        portal = Portal.serving(self, request)
        prefix = "" if self.locale.language_code == "vi" else f"/{self.locale.language_code}"
        context["tree"] = roots
        context["routes"] = [
            {"title": plugin.label, "url": f"{prefix}/{plugin.url_prefix}/"}
            for plugin in enabled_plugins(portal)
            if plugin.urls and plugin.url_prefix
        ]
        return context

    class Meta:
        verbose_name = _("site map")
        verbose_name_plural = _("site map")


class MemberDirectoryPage(Page):
    """Cổng thành viên: every member portal below this portal, by level, with a search.

    Built from the network itself (``Portal.members``), so a portal provisioned
    today is listed today."""

    intro = models.TextField(_("introduction"), blank=True)

    template = "themes/member_directory_page.html"
    subpage_types = []
    max_count_per_parent = 1
    content_panels = Page.content_panels + [FieldPanel("intro")]

    def get_context(self, request, *args, **kwargs):
        from registry.text import fold_words

        context = super().get_context(request, *args, **kwargs)
        portal = Portal.serving(self, request)
        members = portal.members() if portal else []
        query = (request.GET.get("q") or "").strip()[:100]
        if query:
            wanted = fold_words(query)
            members = [m for m in members if wanted in fold_words(f"{m.name_vi} {m.name_en} {m.site.hostname}")]
        groups: dict[int, dict] = {}
        for member in members:
            groups.setdefault(member.level_id, {"level": member.level, "portals": []})["portals"].append(member)
        context["query"] = query
        context["total"] = len(members)
        context["groups"] = sorted(groups.values(), key=lambda g: (g["level"].rank, g["level"].code))
        return context

    class Meta:
        verbose_name = _("member portal directory")
        verbose_name_plural = _("member portal directory")


# -- The starter kit: what every portal gets on day one (sites.starter) ----------------------


class StarterSection(models.Model):
    """One section of the network's starter kit, editable by network admins.

    Seeded from the sections the core and the plugins declare
    (``registry.plugins.StarterSection``); provisioning creates each enabled
    section of a portal's level as a page under its home page, in both languages,
    where the portal has no page at that slug yet."""

    key = models.CharField(_("key"), max_length=100, help_text=_("Stable name of the section, e.g. news.index."))
    level = models.ForeignKey(
        PortalLevel,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="starter_sections",
        verbose_name=_("level"),
        help_text=_("Empty: every level."),
    )
    parent_key = models.CharField(
        _("under the section"), max_length=100, blank=True, help_text=_("Key of the section this one is created under.")
    )
    slug = models.SlugField(_("slug"), max_length=100)
    title = models.CharField(_("title"), max_length=255)
    intro = models.TextField(_("introduction"), blank=True)
    page_model = models.CharField(_("page type"), max_length=100)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=100)
    show_in_menus = models.BooleanField(_("show in menus"), default=True)
    enabled = models.BooleanField(
        _("enabled"), default=True, help_text=_("Untick to stop giving this section to new portals (existing pages stay).")
    )

    panels = [
        FieldPanel("key", read_only=True),
        FieldPanel("level", read_only=True),
        FieldPanel("parent_key", read_only=True),
        FieldPanel("page_model", read_only=True),
        FieldPanel("title_vi"),
        FieldPanel("title_en"),
        FieldPanel("intro_vi"),
        FieldPanel("intro_en"),
        FieldPanel("slug"),
        FieldPanel("sort_order"),
        FieldPanel("show_in_menus"),
        FieldPanel("enabled"),
    ]

    class Meta:
        ordering = ["level__rank", "sort_order", "key"]
        verbose_name = _("starter section")
        verbose_name_plural = _("starter kit")
        constraints = [
            models.UniqueConstraint(fields=["key", "level"], name="starter_section_key_level"),
            models.UniqueConstraint(fields=["key"], condition=Q(level__isnull=True), name="starter_section_key_all_levels"),
        ]

    def __str__(self):
        return f"{self.title} ({self.level or _('every level')})"


class StarterPage(models.Model):
    """A page the starter kit created for a portal; ``filled`` once the portal's staff publish it.

    The oversight reports read it (sections still waiting for the agency's text)."""

    portal = models.ForeignKey(Portal, on_delete=models.CASCADE, related_name="starter_pages", verbose_name=_("portal"))
    key = models.CharField(_("section"), max_length=100)
    page = models.OneToOneField(Page, on_delete=models.CASCADE, related_name="starter", verbose_name=_("page"))
    filled = models.BooleanField(_("filled by the agency"), default=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    filled_at = models.DateTimeField(_("filled at"), null=True, blank=True)

    class Meta:
        verbose_name = _("starter page")
        verbose_name_plural = _("starter pages")
        constraints = [models.UniqueConstraint(fields=["portal", "key"], name="starter_page_portal_key")]

    def __str__(self):
        return f"{self.portal}: {self.key}"


# The translated fields (sites/translation.py) in both languages: the English site shows
# the English value, or the Vietnamese one while it is empty.
PORTAL_PANELS = [
    MultiFieldPanel(
        [
            FieldPanel("name_vi"),
            FieldPanel("name_en"),
            FieldPanel("short_name_vi"),
            FieldPanel("short_name_en"),
            FieldPanel("theme"),
        ],
        heading=_("Portal"),
    ),
    MultiFieldPanel(
        [
            FieldPanel("governing_body_vi"),
            FieldPanel("governing_body_en"),
            FieldPanel("responsible_person_vi"),
            FieldPanel("responsible_person_en"),
            FieldPanel("licence_vi"),
            FieldPanel("licence_en"),
            FieldPanel("address_vi"),
            FieldPanel("address_en"),
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
    emblem = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("emblem"),
        help_text=_("The national emblem or the agency's emblem, shown left of the portal's name."),
    )
    banner = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("header banner"),
        help_text=_("Background picture of the header (wide, at least 1600 x 240 pixels); hidden in high contrast."),
    )
    favicon = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("browser tab icon"),
        help_text=_("A square picture; shown as a small icon in the browser's tab and bookmarks."),
    )
    footer_text = RichTextField(
        _("footer text"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("Shown in the footer under the legal notice, e.g. a request to cite the source."),
    )

    select_related = ["logo", "emblem", "banner", "favicon"]
    # The renditions the themes show (the filter specs of their {% image %} tags): the
    # hostname map (cms.middleware.PortalMap) makes them once and holds them, so a page
    # reads none. A theme that shows another size adds it here.
    renditions = {
        "logo": ("height-80",),
        "emblem": ("height-80",),
        "banner": ("fill-1600x240",),
        "favicon": ("fill-32x32|format-png", "fill-180x180|format-png"),
    }

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("emblem"),
                FieldPanel("logo"),
                FieldPanel("banner"),
                FieldPanel("favicon"),
                FieldPanel("tagline_vi"),
                FieldPanel("tagline_en"),
            ],
            heading=_("Header"),
            help_text=_("The portal's official name is set in Portals."),
        ),
        MultiFieldPanel(
            [
                FieldPanel("office_hours_vi"),
                FieldPanel("office_hours_en"),
                FieldPanel("hotline"),
                FieldPanel("fax"),
                FieldPanel("footer_text_vi"),
                FieldPanel("footer_text_en"),
            ],
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


# -- The portal's navigation: its main menu and footer links ---------------------------------


class _LinkTitles(blocks.StructBlock):
    """The title of a menu link in both languages (English falls back to Vietnamese)."""

    def get_title(self, value, language):
        return (value.get(f"title_{language}") or value.get("title_vi") or "").strip()


class PageLinkBlock(_LinkTitles):
    page = blocks.PageChooserBlock(label=_("Page"))
    title_vi = blocks.CharBlock(
        label=_("Title (Vietnamese)"), required=False, max_length=100, help_text=_("Empty: the page's own title.")
    )
    title_en = blocks.CharBlock(
        label=_("Title (English)"),
        required=False,
        max_length=100,
        help_text=_("Empty: the title of the page's English translation."),
    )

    class Meta:
        icon = "doc-empty"
        label = _("Page")


class ExternalLinkBlock(_LinkTitles):
    url = blocks.URLBlock(label=_("Web address"), max_length=500)
    title_vi = blocks.CharBlock(label=_("Title (Vietnamese)"), max_length=100)
    title_en = blocks.CharBlock(
        label=_("Title (English)"), required=False, max_length=100, help_text=_("Empty: the Vietnamese title.")
    )

    class Meta:
        icon = "link"
        label = _("External link")


def _link_blocks():
    return [("page", PageLinkBlock()), ("link", ExternalLinkBlock())]


class _SubMenu(blocks.StreamBlock):
    page = PageLinkBlock()
    link = ExternalLinkBlock()

    class Meta:
        required = False
        label = _("Sub-menu")


class MenuPageBlock(PageLinkBlock):
    children = _SubMenu(required=False, label=_("Sub-menu"))

    class Meta:
        icon = "doc-empty"
        label = _("Page")


class MenuLinkBlock(ExternalLinkBlock):
    children = _SubMenu(required=False, label=_("Sub-menu"))

    class Meta:
        icon = "link"
        label = _("External link")


@register_setting(icon="list-ul", order=11)
class PortalNavigation(BaseSiteSetting):
    """A portal's own main menu (two levels) and footer links, kept by its staff in
    *Settings*. An empty main menu keeps the automatic one (the home page's children
    shown in menus). Public pages read it from the hostname map without a query
    (cms.middleware.PortalMap) and its links, resolved to the reader's language, from
    the fragment cache (``{% portal_navigation %}`` in cms/templatetags/plugin_tags.py)."""

    main_menu = StreamField(
        [("page", MenuPageBlock()), ("link", MenuLinkBlock())],
        blank=True,
        verbose_name=_("main menu"),
        help_text=_("Empty: the menu shows the home page's sub-pages marked 'show in menus'."),
    )
    footer_links = StreamField(_link_blocks(), blank=True, verbose_name=_("footer links"))

    panels = [FieldPanel("main_menu"), FieldPanel("footer_links")]

    class Meta:
        verbose_name = _("portal navigation")
        verbose_name_plural = _("portal navigation")


# -- Network oversight (sites/oversight.py) ------------------------------------------------


class FreshnessThreshold(models.Model):
    """After how many days without an update a portal is stale for a kind of content
    (``registry.plugins.ContentActivity``), for one level or every level. Network
    admins edit these in *Settings › Freshness thresholds*; a kind with no row keeps
    the default its plugin declares."""

    kind = models.CharField(_("content kind"), max_length=100, help_text=_("For example news.articles."))
    level = models.ForeignKey(
        PortalLevel,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("level"),
        help_text=_("Empty: every level without a row of its own."),
    )
    max_days = models.PositiveSmallIntegerField(_("days without an update"))

    class Meta:
        verbose_name = _("freshness threshold")
        verbose_name_plural = _("freshness thresholds")
        ordering = ["kind", "level__rank"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "level"], name="freshness_threshold_kind_level"),
            models.UniqueConstraint(fields=["kind"], condition=Q(level__isnull=True), name="freshness_threshold_kind_all"),
        ]

    def __str__(self):
        return f"{self.kind} ({self.level or _('every level')}): {self.max_days}"


class OversightSnapshot(models.Model):
    """A portal's oversight score on a day, kept for the network's freshness chart."""

    portal = models.ForeignKey(Portal, on_delete=models.CASCADE, related_name="+", verbose_name=_("portal"))
    day = models.DateField(_("day"))
    score = models.PositiveSmallIntegerField(_("score"))
    stale_kinds = models.PositiveSmallIntegerField(_("stale content kinds"), default=0)

    class Meta:
        verbose_name = _("oversight snapshot")
        verbose_name_plural = _("oversight snapshots")
        constraints = [models.UniqueConstraint(fields=["portal", "day"], name="oversight_snapshot_portal_day")]

    def __str__(self):
        return f"{self.portal_id} {self.day}: {self.score}"


class ReminderLog(models.Model):
    """A reminder e-mail sent to a portal's moderators (``manage.py send_reminders``)."""

    portal = models.ForeignKey(Portal, on_delete=models.CASCADE, related_name="+", verbose_name=_("portal"))
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now, db_index=True)
    recipients = models.TextField(_("recipients"))
    digest = models.TextField(_("content"))

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        ordering = ["-sent_at"]

    def __str__(self):
        return f"{self.portal}: {self.sent_at:%Y-%m-%d}"


class PublicHoliday(models.Model):
    """A day off in Vietnam (Tết, Hùng Kings, 30/4, 1/5, 2/9 … and the government's
    swapped days), kept as data: deadlines count working days (``sites.workdays``)."""

    day = models.DateField(_("day"), unique=True)
    name = models.CharField(_("name"), max_length=150)

    class Meta:
        verbose_name = _("public holiday")
        verbose_name_plural = _("public holidays")
        ordering = ["day"]

    def __str__(self):
        return f"{self.day:%d/%m/%Y} {self.name}"
