from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "Portal network core"

    def ready(self):
        from cms.plugins import registry

        registry.discover()
        from cms import signals  # noqa: F401  (purge caches on publish)
