"""The network in the Wagtail admin: portal settings and the network report.

Framework layer (it builds on the portal permission policy and the admin scoping);
registered from cms.wagtail_hooks.

Editors and moderators see only their own portals (the listing is scoped and
every route naming another portal answers 404); network admins see all.
"""

from django import forms
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from cms.admin_scoping import PortalScopedViewSetMixin
from cms.permissions import PortalPermissionPolicy
from registry.plugins import registry
from sites.models import PORTAL_PANELS, FreshnessThreshold, Portal, PublicHoliday, ReminderLog, StarterSection
from sites.permissions import is_network_admin
from sites.views import NetworkReportView, OversightPanel, OversightView, TranslationReportView, oversees
from themes.registry import themes


class PortalSettingsPolicy(PortalPermissionPolicy):
    """A portal's own settings: its moderators edit them; portals are created and
    removed by provisioning commands, never in the admin."""

    def user_has_permission(self, user, action):
        if action in ("add", "delete", "copy"):
            return False
        return super().user_has_permission(user, action)


class PortalForm(WagtailAdminModelForm):
    """A portal's settings; plugins, level and parent only for network admins."""

    NETWORK_ONLY = ("level", "parent", "theme", "enabled_plugins")

    enabled_plugins = forms.MultipleChoiceField(
        label=_("enabled plugins"), required=False, widget=forms.CheckboxSelectMultiple, choices=()
    )

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        self.fields["enabled_plugins"].choices = [(p.name, p.label) for p in registry.all()]
        self.fields["theme"] = forms.ChoiceField(label=_("theme"), choices=themes.choices())
        if self.instance.pk:
            self.initial.setdefault("enabled_plugins", self.instance.enabled_plugins)
        if not is_network_admin(for_user):
            for name in self.NETWORK_ONLY:
                if name in self.fields:
                    self.fields[name].disabled = True
        if "parent" in self.fields and self.instance.pk:
            self.fields["parent"].queryset = self.fields["parent"].queryset.exclude(pk=self.instance.pk)


register_permission_policy(Portal, PortalSettingsPolicy(Portal, portal_field="pk"))


class PortalViewSet(PortalScopedViewSetMixin, ModelViewSet):
    model = Portal
    icon = "site"
    menu_label = _("Portals")
    menu_order = 150
    add_to_admin_menu = True
    url_prefix = "portals"
    name = "sites_portal"
    list_display = ["name", "level", "parent", "site", "merged_into"]
    list_filter = ["level"]
    search_fields = ["name", "codename"]
    copy_view_enabled = False
    inspect_view_enabled = False
    form_fields = None

    def get_edit_handler(self):
        return ObjectList(
            [
                *PORTAL_PANELS,
                MultiFieldPanel(
                    [FieldPanel("level"), FieldPanel("parent"), FieldPanel("enabled_plugins")],
                    heading=_("Network (network admins only)"),
                ),
            ],
            base_form_class=PortalForm,
        ).bind_to_model(self.model)


portal_viewset = PortalViewSet()


@hooks.register("register_admin_viewset")
def register_portal_viewset():
    return portal_viewset


class StarterKitPolicy(PortalPermissionPolicy):
    """The starter kit is the network's: network admins edit its sections; sections are
    declared by the core and the plugins (sites.starter), never added or removed here
    (switch one off instead)."""

    def user_has_permission(self, user, action):
        if action in ("add", "delete", "copy"):
            return False
        return super().user_has_permission(user, action)


register_permission_policy(StarterSection, StarterKitPolicy(StarterSection, portal_field=None))


class StarterKitViewSet(ModelViewSet):
    model = StarterSection
    icon = "clipboard-list"
    menu_label = _("Starter kit")
    add_to_settings_menu = True
    url_prefix = "starter-kit"
    name = "sites_starter_kit"
    list_display = ["title", "level", "slug", "page_model", "sort_order", "enabled"]
    list_filter = ["level", "enabled"]
    search_fields = ["title", "key", "slug"]
    copy_view_enabled = False
    inspect_view_enabled = False


@hooks.register("register_admin_viewset")
def register_starter_kit_viewset():
    return StarterKitViewSet()


# -- Oversight data: thresholds, holidays (network admins edit), reminders sent (read only)

for _model in (FreshnessThreshold, PublicHoliday):
    register_permission_policy(_model, PortalPermissionPolicy(_model, portal_field=None))


class ReminderLogPolicy(PortalPermissionPolicy):
    """What was sent is a record: seen by network admins, never written in the admin."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)


register_permission_policy(ReminderLog, ReminderLogPolicy(ReminderLog, portal_field=None))


class FreshnessThresholdViewSet(ModelViewSet):
    model = FreshnessThreshold
    icon = "time"
    menu_label = _("Freshness thresholds")
    add_to_settings_menu = True
    url_prefix = "freshness-thresholds"
    name = "sites_freshness_threshold"
    list_display = ["kind", "level", "max_days"]
    list_filter = ["level"]
    form_fields = ["kind", "level", "max_days"]
    copy_view_enabled = False
    inspect_view_enabled = False


class PublicHolidayViewSet(ModelViewSet):
    model = PublicHoliday
    icon = "date"
    menu_label = _("Public holidays")
    add_to_settings_menu = True
    url_prefix = "public-holidays"
    name = "sites_public_holiday"
    list_display = ["day", "name"]
    search_fields = ["name"]
    form_fields = ["day", "name"]
    copy_view_enabled = False
    inspect_view_enabled = False


class ReminderLogViewSet(ModelViewSet):
    model = ReminderLog
    icon = "mail"
    menu_label = _("Reminders sent")
    add_to_settings_menu = True
    url_prefix = "reminders-sent"
    name = "sites_reminder_log"
    list_display = ["portal", "sent_at", "recipients"]
    list_filter = ["portal"]
    form_fields = ["portal", "recipients", "digest"]
    copy_view_enabled = False
    inspect_view_enabled = True


@hooks.register("register_admin_viewset")
def register_oversight_viewsets():
    return [FreshnessThresholdViewSet(), PublicHolidayViewSet(), ReminderLogViewSet()]


@hooks.register("register_admin_urls")
def register_network_report_urls():
    return [
        path("network/", NetworkReportView.as_view(), name="sites_network_report"),
        path("network/results/", NetworkReportView.as_view(results_only=True), name="sites_network_report_results"),
        path("oversight/", OversightView.as_view(), name="sites_oversight"),
        path("oversight/results/", OversightView.as_view(results_only=True), name="sites_oversight_results"),
        path("translations/", TranslationReportView.as_view(), name="sites_translation_report"),
        path(
            "translations/results/",
            TranslationReportView.as_view(results_only=True),
            name="sites_translation_report_results",
        ),
    ]


class NetworkAdminMenuItem(MenuItem):
    def is_shown(self, request):
        return is_network_admin(request.user)


@hooks.register("register_reports_menu_item")
def register_network_report_menu_item():
    return NetworkAdminMenuItem(_("Portal network"), reverse("sites_network_report"), icon_name="site", order=50)


@hooks.register("register_reports_menu_item")
def register_translation_report_menu_item():
    """Every member of a portal's staff sees what of their portal waits for an English version."""
    return MenuItem(_("Translation status"), reverse("sites_translation_report"), icon_name="globe", order=60)


class OversightMenuItem(MenuItem):
    def is_shown(self, request):
        return oversees(request.user)


@hooks.register("register_reports_menu_item")
def register_oversight_menu_item():
    """Network admins oversee every portal; a portal's moderators and administrators their own."""
    return OversightMenuItem(_("Network oversight"), reverse("sites_oversight"), icon_name="pick", order=40)


@hooks.register("construct_homepage_panels")
def add_oversight_panel(request, panels):
    panels.append(OversightPanel(request.user))
