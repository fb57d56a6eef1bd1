from django.utils.translation import gettext_lazy as _

from plugins.news import blocks
from plugins.news.search import NewsSearchProvider
from registry.plugins import Plugin, PluginBlock, registry


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
    )
)
