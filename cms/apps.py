from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "Portal network core"

    def ready(self):
        from registry.plugins import registry

        registry.discover()
        from cms.permissions import register_portal_policies

        # Before any admin view asks Wagtail's policy registry (which would
        # create a fallback policy and refuse a later registration).
        register_portal_policies()
        from cms import signals  # noqa: F401  (purge caches on publish)
        from cms.privacy import install_cached_restrictions

        install_cached_restrictions()
