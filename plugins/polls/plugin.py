from django.utils.translation import gettext_lazy as _

from registry.plugins import ContentActivity, Plugin, PluginBlock, PortalMerge, registry


def poll_block_context(request, portal, placement):
    """The portal's newest open poll (else its newest closed one) with results.

    The block is part of cached pages, so nothing here depends on the visitor:
    the form is the same for everyone and carries no vote token; the script
    asks the non-cached state route whether this visitor has voted and for a
    token bound to the visitor's cookie (see voting.py).
    """
    from .models import Poll

    polls = Poll.objects.filter(portal=portal).with_results()
    poll = polls.open().first() or polls.started().first()
    if poll is None:
        return {"poll": None}
    return {
        "poll": poll,
        "results": poll.results(),
        "is_open": poll.is_open(),
        "id_prefix": f"b{placement.pk}-",
    }


def load_demo(portal, stdout):
    from .demo import load_demo as run

    run(portal, stdout)


registry.register(
    Plugin(
        name="polls",
        label=_("Polls"),
        description=_("Opinion polls with one vote per visitor and live results."),
        default_levels=None,
        editor_models=("polls.Poll",),
        blocks=(
            PluginBlock(
                name="polls.poll",
                label=_("Poll"),
                template="polls/blocks/poll.html",
                get_context=poll_block_context,
            ),
        ),
        urls="plugins.polls.urls",
        url_prefix="tham-do",
        api_urls="plugins.polls.api_urls",
        api_prefix="polls",
        load_demo=load_demo,
        activities=(ContentActivity(key="polls.polls", label=_("Polls"), activity="plugins.polls.oversight:polls", max_days=90),),
        merge=PortalMerge(models=("polls.Poll",)),
    )
)
