from themes.registry import theme_for_portal


def portal(request):
    current = getattr(request, "portal", None)
    if current is not None and not current:  # an empty SimpleLazyObject
        current = None
    return {"portal": current, "theme": theme_for_portal(current)}
