"""The theme registry.

A theme is a folder of themes/ with ``templates/themes/<name>/base.html`` and
``static/themes/<name>/``. Page templates extend ``theme.base_template``, so a
portal switches its whole look by naming another theme.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Theme:
    name: str
    label: str

    @property
    def base_template(self):
        return f"themes/{self.name}/base.html"

    @property
    def stylesheet(self):
        return f"themes/{self.name}/theme.css"


class ThemeRegistry(dict):
    def register(self, theme):
        self[theme.name] = theme
        return theme

    def choices(self):
        return [(t.name, t.label) for t in self.values()]


themes = ThemeRegistry()
themes.register(Theme("provincial", _("Provincial portal")))
themes.register(Theme("member", _("Member portal")))

DEFAULT_THEME = "member"


def theme_for_portal(portal):
    name = getattr(portal, "theme", None) if portal else None
    return themes.get(name) or themes[DEFAULT_THEME]
