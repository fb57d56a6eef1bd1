"""News: categories (chuyên mục) and articles as pages, syndication offers."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageBlock
from wagtail.models import Page
from wagtail.search import index

from cms.pagination import PaginatedPageMixin, paginate
from cms.plugin_pages import PluginPageMixin
from plugins.news.forms import SyndicationDecisionForm

PAGE_SIZE = 20
# Rendition specs used by the templates; prefetched together with the images.
LIST_RENDITIONS = ("fill-320x180", "fill-640x360")
ARTICLE_RENDITIONS = ("width-480", "width-800", "width-1200")


def with_images(queryset, specs=LIST_RENDITIONS):
    """``queryset`` of articles with featured images and their renditions in 2 queries."""
    Image = get_image_model()
    return queryset.prefetch_related(Prefetch("featured_image", queryset=Image.objects.prefetch_renditions(*specs)))


def live_articles(portal=None, language=None):
    """Published articles, newest first (optionally of a portal and a language)."""
    qs = ArticlePage.objects.live().public()
    if portal is not None:
        qs = qs.filter(portal=portal)
    if language:
        qs = qs.filter(locale__language_code=language)
    return qs.select_related("category").order_by("-date", "-pk")


class NewsCategoryPage(PaginatedPageMixin, PluginPageMixin, Page):
    """A news category (chuyên mục): a listing of its articles, nestable."""

    plugin_name = "news"

    portal = models.ForeignKey("sites.Portal", on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+")
    intro = models.TextField(_("introduction"), blank=True)

    parent_page_types = ["sites.HomePage", "news.NewsCategoryPage"]
    subpage_types = ["news.NewsCategoryPage", "news.ArticlePage"]
    template = "news/category_page.html"

    content_panels = Page.content_panels + [FieldPanel("intro")]

    class Meta:
        verbose_name = _("news category")
        verbose_name_plural = _("news categories")

    def save(self, *args, **kwargs):
        if self.path:
            from sites.models import Portal

            portal = Portal.for_page(self)
            self.portal_id = portal.pk if portal else None
        return super().save(*args, **kwargs)

    def articles(self):
        """Live articles of this category and its sub-categories, newest first."""
        return ArticlePage.objects.live().public().descendant_of(self).select_related("category").order_by("-date", "-pk")

    def get_context(self, request, *args, **kwargs):
        # Served only past the plugin gate (PluginPageMixin: 404 on a portal with news off);
        # a ?page= that names no page answers 404 (PaginatedPageMixin, cms.pagination).
        context = super().get_context(request, *args, **kwargs)
        pagination = paginate(request, with_images(self.articles()), PAGE_SIZE)
        context["pagination"] = pagination
        context["page_obj"] = pagination.page
        context["articles"] = pagination.object_list
        context["subcategories"] = (
            self.get_children().live().public().type(NewsCategoryPage).only("id", "title", "url_path", "path", "depth")
        )
        return context


class ArticleTag(TaggedItemBase):
    content_object = ParentalKey("news.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items")


BODY_BLOCKS = [
    ("paragraph", blocks.RichTextBlock(label=_("Paragraph"))),
    ("image", ImageBlock(label=_("Image"))),
    (
        "gallery",
        blocks.StructBlock(
            [
                ("title", blocks.CharBlock(label=_("Gallery title"), required=False)),
                ("images", blocks.ListBlock(ImageBlock(label=_("Image")), label=_("Images"), min_num=1)),
            ],
            label=_("Image gallery"),
            icon="image",
            template="news/blocks/gallery.html",
        ),
    ),
    ("video", EmbedBlock(label=_("Embedded video"), help_text=_("Address of a video (YouTube, Vimeo ...)."))),
    (
        "quote",
        blocks.StructBlock(
            [
                ("text", blocks.TextBlock(label=_("Quotation"))),
                ("attribution", blocks.CharBlock(label=_("Said by"), required=False)),
            ],
            label=_("Quote"),
            icon="openquote",
            template="news/blocks/quote.html",
        ),
    ),
    (
        "attachment",
        blocks.StructBlock(
            [
                ("document", DocumentChooserBlock(label=_("File"))),
                ("title", blocks.CharBlock(label=_("Link text"), required=False)),
            ],
            label=_("File attachment"),
            icon="doc-full",
            template="news/blocks/attachment.html",
        ),
    ),
]


class ArticlePage(PluginPageMixin, Page):
    """A news article (tin bài)."""

    plugin_name = "news"

    portal = models.ForeignKey("sites.Portal", on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+")
    category = models.ForeignKey(
        "news.NewsCategoryPage", on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )
    date = models.DateTimeField(
        _("date"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("Shown on the article and used for ordering; empty means the time of first publication."),
    )
    sapo = models.TextField(_("summary (sapo)"), help_text=_("The lead paragraph shown under the title and in listings."))
    featured_image = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("featured image"),
    )
    featured_image_caption = models.CharField(_("image caption"), max_length=255, blank=True)
    body = StreamField(BODY_BLOCKS, blank=True, verbose_name=_("content"))
    author = models.CharField(_("author"), max_length=255, blank=True)
    source = models.CharField(_("source"), max_length=255, blank=True, help_text=_("Nguồn tin, e.g. Báo Cà Mau."))
    source_url = models.URLField(_("source link"), blank=True)
    featured = models.BooleanField(_("featured"), default=False, help_text=_("Shown in the featured news slider and sidebar."))
    offer_to_province = models.BooleanField(
        _("offer to the province"),
        default=False,
        help_text=_("Propose this article for the provincial portal's block 'News from the localities'."),
    )
    tags = ClusterTaggableManager(through=ArticleTag, blank=True, verbose_name=_("tags"))

    parent_page_types = ["news.NewsCategoryPage"]
    subpage_types: list[str] = []
    template = "news/article_page.html"

    content_panels = Page.content_panels + [
        FieldPanel("sapo"),
        MultiFieldPanel([FieldPanel("featured_image"), FieldPanel("featured_image_caption")], heading=_("Featured image")),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("date"), FieldPanel("author"), FieldPanel("source"), FieldPanel("source_url"), FieldPanel("tags")],
            heading=_("Details"),
        ),
        MultiFieldPanel([FieldPanel("featured"), FieldPanel("offer_to_province")], heading=_("Promotion")),
    ]

    search_fields = Page.search_fields + [index.SearchField("sapo"), index.SearchField("body")]

    class Meta:
        verbose_name = _("news article")
        verbose_name_plural = _("news articles")
        indexes = [models.Index(fields=["portal", "date"], name="news_article_portal_date")]

    def save(self, *args, **kwargs):
        if self.path:
            from sites.models import Portal

            portal = Portal.for_page(self)
            self.portal_id = portal.pk if portal else None
            parent = self.get_parent() if self.depth and self.depth > 1 else None
            self.category_id = parent.pk if parent is not None and parent.specific_class is NewsCategoryPage else None
        if self.date is None and self.first_published_at is not None:
            self.date = self.first_published_at
        return super().save(*args, **kwargs)

    @property
    def view_total(self):
        """The stored view count (beacons are flushed to it by a task)."""
        stats = ArticleViewCount.objects.filter(article_id=self.pk).values_list("count", flat=True).first()
        return stats or 0

    @property
    def display_date(self):
        return self.date or self.first_published_at or self.latest_revision_created_at

    def _siblings(self):
        return (
            ArticlePage.objects.live()
            .public()
            .filter(category_id=self.category_id, locale_id=self.locale_id)
            .exclude(pk=self.pk)
            .only("id", "title", "url_path", "path", "depth", "date", "locale_id")
        )

    def newer_articles(self, limit=5):
        """Articles of the same category published after this one (oldest of them first)."""
        if self.date is None or self.category_id is None:
            return []
        newer = self._siblings().filter(Q(date__gt=self.date) | Q(date=self.date, pk__gt=self.pk))
        return list(newer.order_by("date", "pk")[:limit])[::-1]

    def older_articles(self, limit=5):
        if self.date is None or self.category_id is None:
            return []
        older = self._siblings().filter(Q(date__lt=self.date) | Q(date=self.date, pk__lt=self.pk))
        return list(older.order_by("-date", "-pk")[:limit])

    def related_articles(self, limit=4, tags=None):
        """Articles of the same portal sharing a tag, newest first."""
        tag_ids = [tag.pk for tag in (self.tags.all() if tags is None else tags)]
        if not tag_ids or self.portal_id is None:
            return []
        related = (
            live_articles(language=None)
            .filter(portal_id=self.portal_id, locale_id=self.locale_id, tagged_items__tag_id__in=tag_ids)
            .exclude(pk=self.pk)
            .distinct()
        )
        return list(with_images(related)[:limit])

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Lazy: the template shows them in cached fragments (a hit runs none of these queries).
        tags = SimpleLazyObject(lambda: list(self.tags.all()))
        context["newer"] = SimpleLazyObject(self.newer_articles)
        context["older"] = SimpleLazyObject(self.older_articles)
        context["article_tags"] = tags
        context["related"] = SimpleLazyObject(lambda: self.related_articles(tags=tags))
        # What the fragments show: this revision at this address; the portal's news lists.
        context["body_fragment"] = f"article:{self.pk}:{self.latest_revision_id}:{self.url_path}"
        context["lists_fragment"] = f"article-lists:{self.pk}:{self.category_id}:{self.date}"
        context["news_topic"] = f"news:{self.portal_id}"
        context["share_url"] = self.get_full_url(request)
        return context


class ArticleViewCount(models.Model):
    """Views of an article, kept apart from the page so revisions never overwrite it."""

    article = models.OneToOneField(
        ArticlePage, on_delete=models.CASCADE, primary_key=True, related_name="view_stats", verbose_name=_("article")
    )
    count = models.PositiveBigIntegerField(_("views"), default=0)

    class Meta:
        verbose_name = _("view count")
        verbose_name_plural = _("view counts")

    def __str__(self):
        return f"{self.article_id}: {self.count}"


class SyndicationOffer(models.Model):
    """An article a member portal offers to its province ("Tin từ các địa phương").

    ``portal`` is the province that decides (its moderators); the offer is made
    when the article is published with "offer to the province" ticked.
    """

    PENDING, APPROVED, REJECTED = "pending", "approved", "rejected"
    STATUS_CHOICES = [(PENDING, _("Waiting for a decision")), (APPROVED, _("Shown")), (REJECTED, _("Not shown"))]

    article = models.OneToOneField(
        ArticlePage, on_delete=models.CASCADE, related_name="syndication_offer", verbose_name=_("article")
    )
    portal = models.ForeignKey("sites.Portal", on_delete=models.CASCADE, related_name="+", verbose_name=_("province portal"))
    source_portal = models.ForeignKey("sites.Portal", on_delete=models.CASCADE, related_name="+", verbose_name=_("offered by"))
    status = models.CharField(_("decision"), max_length=20, choices=STATUS_CHOICES, default=PENDING, db_index=True)
    created_at = models.DateTimeField(_("offered at"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("decided by")
    )

    base_form_class = SyndicationDecisionForm

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("article offered to the province")
        verbose_name_plural = _("articles offered to the province")

    def __str__(self):
        return self.article.title
