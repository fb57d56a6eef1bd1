from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from registry.plugins import ContentActivity, OverdueWork, Plugin, PluginBlock, PortalMerge, registry

from .search import provider


def latest_block_context(request, portal, placement):
    from .models import Question

    questions = Question.objects.filter(portal=portal).published()
    if get_language() != settings.LANGUAGE_CODE:
        # Another language's home lists the questions its staff translated (the list page
        # shows every question, untranslated ones in the original).
        questions = questions.filter(subject_en__gt="")
    questions = list(
        questions.order_by("-published_at", "-pk").only("pk", "subject", "published_at")[: max(1, min(placement.limit or 5, 20))]
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
        # Network oversight (issue #15): answers published, questions past their due date.
        activities=(
            ContentActivity(
                key="questions.answered",
                label=_("Answered questions"),
                activity="plugins.questions.oversight:answered",
                max_days=30,
            ),
        ),
        overdue=(
            OverdueWork(
                key="questions.overdue",
                label=_("Unanswered questions"),
                items="plugins.questions.oversight:overdue",
            ),
        ),
        merge=PortalMerge(models=("questions.Question",)),
    )
)
