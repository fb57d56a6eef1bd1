from .stats import format_count, total_visits


def stats_context(request, portal, placement):
    return {"total_display": format_count(total_visits(portal))}
