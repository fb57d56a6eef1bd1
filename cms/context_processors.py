from cms.middleware import current_portal
from themes.registry import theme_for_portal


def portal(request):
    current = current_portal(request)
    return {"portal": current, "theme": theme_for_portal(current)}
