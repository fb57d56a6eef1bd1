from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _grant_plugin_permissions(sender, **kwargs):
    """After migrate, portals already provisioned get the permissions of newly installed plugins
    (and their staff the right to change the portal's identity, a setting added later)."""
    from django.apps import apps

    from sites.models import Portal
    from sites.provisioning import grant_identity_permissions, grant_plugin_permissions, network_admins_group

    # Permissions of every app exist once the last app's post_migrate runs.
    if sender is not list(apps.get_app_configs())[-1]:
        return
    portals = list(Portal.objects.select_related("editors_group", "moderators_group"))
    for portal in portals:
        grant_plugin_permissions(portal)
        grant_identity_permissions(portal)
    if portals:
        network_admins_group()


def _mark_starter_page_filled(sender, instance, revision=None, **kwargs):
    """A starter-kit page published by a person holds the agency's own text from then on."""
    from sites.starter import mark_filled

    mark_filled(instance, getattr(revision, "user", None))


class SitesConfig(AppConfig):
    name = "sites"
    label = "sites"
    verbose_name = _("Portal network")

    def ready(self):
        from wagtail.signals import page_published

        post_migrate.connect(_grant_plugin_permissions, dispatch_uid="sites.grant_plugin_permissions")
        page_published.connect(_mark_starter_page_filled, dispatch_uid="sites.mark_starter_page_filled")
