"""Keep derived portal state true when content changes: caches are invalidated by
what changed (cms.cache's topics), never the whole network for one portal's edit."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from cms.cache import bump, menu_topic, purge_all, purge_portal
from cms.middleware import bump_portal_map
from cms.privacy import PRIVACY_TOPIC
from registry.plugins import registry
from sites.models import Portal, PortalIdentity, PortalNavigation


def _portal_of(page):
    return Portal.for_page(page)


def page_changed(page, portal):
    """A page of ``portal`` was published, unpublished, moved or renamed.

    The portal's own pages go stale (``site:``), and what shows this kind of page
    elsewhere: the plugin's blocks of the portal and its ancestors' member blocks,
    the search results covering the portal. A home page also changes the hostname
    map (its title and translations are read from there).
    """
    plugin = registry.plugin_of_model(type(page.specific_deferred))
    purge_portal(portal, *([plugin.name] if plugin else []), "search")
    bump(PRIVACY_TOPIC)  # paths and aliases of the tree may have changed
    if page.depth <= 3:
        bump(menu_topic(portal))
    if page.depth <= 2:
        bump_portal_map()


@receiver(page_published)
def on_publish(sender, instance, **kwargs):
    portal = _portal_of(instance)
    if portal is not None:
        Portal.objects.filter(pk=portal.pk).update(last_published_at=timezone.now())
        page_changed(instance, portal)


@receiver(page_unpublished)
@receiver(page_slug_changed)
@receiver(post_page_move)
def on_change(sender, instance, **kwargs):
    portal = _portal_of(instance)
    if portal is not None:
        page_changed(instance, portal)


@receiver(post_save, sender=Portal)
@receiver(post_delete, sender=Portal)
def on_portal_change(sender, instance, **kwargs):
    """Name, plugins, theme or parent: the portal's pages, and the lists of the
    network that name portals (the hostname map, search facets, spokesperson lists)."""
    bump_portal_map()
    purge_all()


@receiver(post_save, sender=Site)
@receiver(post_delete, sender=Site)
def on_site_change(sender, instance, **kwargs):
    bump_portal_map()


@receiver(post_save, sender=PortalIdentity)
@receiver(post_save, sender=PortalNavigation)
def on_identity_change(sender, instance, **kwargs):
    """The header and footer of every page show the identity and the navigation: no cached
    page or menu may keep the old one, and every process reloads what its hostname map holds."""
    bump_portal_map()
    portal = Portal.objects.filter(site_id=instance.site_id).first()
    if portal is not None:
        purge_portal(portal)


@receiver(post_save)
def on_alias_saved(sender, instance, created=False, raw=False, **kwargs):
    """A new alias shares its source page's restrictions (cms.privacy caches their paths)."""
    if created and not raw and isinstance(instance, Page) and instance.alias_of_id:
        bump(PRIVACY_TOPIC)


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def on_page_privacy_change(sender, instance, **kwargs):
    """A page (and its subtree) became private or public: no cached page may
    outlive the change, on any portal: the page itself, its portal's lists,
    blocks, feeds and sitemap, the province's syndicated news and every portal's
    network-wide search results. Privacy changes are rare; purge everything."""
    bump(PRIVACY_TOPIC)
    purge_all()


def _url_parts_before(page, url_path_before, url_path_after):
    """``page.get_url_parts()`` as it was before its subtree moved from ``url_path_before``."""
    before = type(page)()
    before.__dict__.update(page.__dict__)
    before.url_path = url_path_before + page.url_path[len(url_path_after) :]
    return before.get_url_parts()


def _left_its_site(page, url_path_before, url_path_after) -> bool:
    old, new = _url_parts_before(page.specific, url_path_before, url_path_after), page.specific.get_url_parts()
    return old is not None and (new is None or new[0] != old[0])


@receiver(post_page_move)
def redirect_across_portals(sender, instance, url_path_before="", url_path_after="", **kwargs):
    """A page moved to another portal keeps its old address (issue #16). Wagtail's own
    automatic redirects stay within one site on purpose; between portals of one network
    the old address must lead to the new one: a permanent redirect on the old site, for
    the page and every page under it, to the page (it follows later moves)."""
    from wagtail.contrib.redirects.models import Redirect

    if not url_path_before or url_path_before == url_path_after:
        return
    if not _left_its_site(instance, url_path_before, url_path_after):
        return  # within one site: Wagtail's own redirects (and so for every page under it)
    for node in Page.objects.descendant_of(instance, inclusive=True).specific().iterator():
        old, new = _url_parts_before(node, url_path_before, url_path_after), node.get_url_parts()
        if old is None or (new is not None and new[0] == old[0]):
            continue  # nowhere before, or within one site (Wagtail's own redirects)
        Redirect.objects.get_or_create(
            site_id=old[0],
            old_path=Redirect.normalise_path(old[2]),
            defaults={"redirect_page": node, "is_permanent": True, "automatically_created": True},
        )
