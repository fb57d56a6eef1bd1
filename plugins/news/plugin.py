from django.utils.translation import gettext_lazy as _

from plugins.news import blocks
from plugins.news.search import NewsSearchProvider
from registry.plugins import ContentActivity, Plugin, PluginBlock, PortalMerge, StarterSection, registry

LOCAL_LEVELS = ("commune", "ward", "special_zone", "district")


def _category(key, slug, title, title_en, levels, order, intro="", intro_en=""):
    return StarterSection(
        key=f"news.{key}",
        slug=slug,
        title=title,
        title_en=title_en,
        page_model="news.NewsCategoryPage",
        levels=levels,
        parent="news.index",
        order=order,
        intro=intro,
        intro_en=intro_en,
        show_in_menus=False,
    )


# The news index and each level's standard categories (sites.starter).
STARTER_SECTIONS = (
    StarterSection(
        key="news.index",
        slug="tin-tuc",
        title="Tin tức",
        title_en="News",
        page_model="news.NewsCategoryPage",
        order=40,
        intro="Tin tức, sự kiện và hoạt động của địa phương.",
        intro_en="News, events and activities.",
    ),
    _category("politics", "thoi-su-chinh-tri", "Thời sự - Chính trị", "Politics", ("province",), 41),
    _category("economy", "kinh-te", "Kinh tế", "Economy", ("province",), 42),
    _category("society", "van-hoa-xa-hoi", "Văn hóa - Xã hội", "Culture and society", ("province",), 43),
    _category("security", "quoc-phong-an-ninh", "Quốc phòng - An ninh", "Defence and security", ("province",), 44),
    _category("sector", "hoat-dong-nganh", "Hoạt động của ngành", "Sector activities", ("department",), 41),
    _category("local", "tin-hoat-dong", "Tin hoạt động", "Local activities", LOCAL_LEVELS, 41),
    _category("announcements", "thong-bao", "Thông báo", "Announcements", ("department", *LOCAL_LEVELS), 45),
)


def load_demo(portal, stdout):
    from plugins.news.demo import load_demo as run

    run(portal, stdout)


registry.register(
    Plugin(
        name="news",
        label=_("News"),
        description=_("News categories and articles, featured news, RSS feeds, view counts and syndication to the province."),
        default_levels=None,
        page_models=("news.NewsCategoryPage", "news.ArticlePage"),
        editor_models=("news.SyndicationOffer",),
        blocks=(
            PluginBlock(
                name="news.slider",
                label=_("Featured news slider"),
                template="news/blocks/slider.html",
                get_context=blocks.featured_context,
                slots=("main",),
            ),
            PluginBlock(
                name="news.featured",
                label=_("Featured news"),
                template="news/blocks/featured.html",
                get_context=blocks.featured_context,
                slots=("sidebar", "main"),
            ),
            PluginBlock(
                name="news.latest",
                label=_("Latest news"),
                template="news/blocks/latest.html",
                get_context=blocks.latest_context,
            ),
            PluginBlock(
                name="news.category",
                label=_("News of a category (the displayed title names the category)"),
                template="news/blocks/category.html",
                get_context=blocks.category_context,
            ),
            PluginBlock(
                name="news.network",
                label=_("News from the localities"),
                template="news/blocks/network.html",
                get_context=blocks.network_context,
                # Members' articles offered to the province (news.signals, cms.signals).
                topics=lambda portal: [f"news.members:{portal.pk}"],
            ),
        ),
        urls="plugins.news.urls",
        api_urls="plugins.news.api_urls",
        load_demo=load_demo,
        search_providers=(NewsSearchProvider(),),
        starter_sections=STARTER_SECTIONS,
        activities=(
            ContentActivity(
                key="news.articles", label=_("News articles"), activity="plugins.news.oversight:articles", max_days=14
            ),
        ),
        merge=PortalMerge(
            models=("news.ArticlePage", ("news.SyndicationOffer", "source_portal"), "news.SyndicationOffer"),
            merge="plugins.news.merging:merge",
        ),
    )
)
