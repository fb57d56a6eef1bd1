from django.utils.translation import gettext_lazy as _

from registry.plugins import Plugin, PluginBlock, registry

from .search import provider


def latest_block_context(request, portal, placement):
    from .models import Question

    questions = list(
        Question.objects.filter(portal=portal)
        .published()
        .order_by("-published_at", "-pk")
        .only("pk", "subject", "published_at")[: max(1, min(placement.limit or 5, 20))]
    )
    return {"questions": questions}


def load_demo(portal, stdout):
    from .demo import load_demo as run

    run(portal, stdout)


registry.register(
    Plugin(
        name="questions",
        label=_("Questions and feedback"),
        description=_("Citizens send questions and feedback; moderators answer and publish them."),
        default_levels=None,
        editor_models=("questions.Question",),
        blocks=(
            PluginBlock(
                name="questions.latest",
                label=_("Latest questions and answers"),
                template="questions/blocks/latest.html",
                get_context=latest_block_context,
            ),
        ),
        urls="plugins.questions.urls",
        url_prefix="hoi-dap",
        api_urls="plugins.questions.api_urls",
        api_prefix="questions",
        load_demo=load_demo,
        search_providers=(provider,),
    )
)
