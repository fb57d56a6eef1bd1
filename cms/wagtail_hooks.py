"""Agency isolation where Wagtail asks: page querysets, bulk actions (see cms.permissions)."""

from wagtail import hooks

from cms import network_admin  # noqa: F401  (the network's admin screens register their hooks)
from cms.admin_scoping import (
    check_references_in_admin_forms,
    scope_admin_api,
    scope_bulk_actions,
    scope_redirects,
    scope_reports,
)
from cms.permissions import visible_pages

scope_bulk_actions()
scope_reports()
scope_redirects()
check_references_in_admin_forms()


@hooks.register("construct_page_chooser_queryset")
def offer_own_and_public_live_pages(pages, request):
    """Choosers offer the user's own portals' pages and other portals' live, public pages only.

    Linking to another portal's published page is normal (a ward links to the
    province's news); its drafts, unpublished and private pages are none of the
    user's business.
    """
    return visible_pages(pages, request.user)


@hooks.register("construct_admin_api", order=100)  # after Wagtail's own image and document endpoints
def scope_admin_api_endpoints(router):
    scope_admin_api(router)


# -- Accounts: two-factor pages, sign-in lockouts (cms/accounts.py) ---------------------
from cms import accounts  # noqa: E402  (each section next to its hooks)

hooks.register("register_settings_menu_item", accounts.lockouts_menu_item)
hooks.register("register_account_menu_item", accounts.two_factor_account_menu_item)


@hooks.register("register_admin_urls")
def register_accounts_urls():
    return accounts.admin_urls()


# -- Robustness: malformed admin POSTs get form errors or 404, never 500 (cms/admin_robustness.py)
from cms import admin_robustness  # noqa: E402  (each section next to its hooks)

admin_robustness.install()


@hooks.register("register_admin_urls")
def retire_error_test_view():
    admin_robustness.retire_error_test_view()
    return []


# -- Translation by the portal's own staff (cms/page_translation.py) -----------------------
from cms import page_translation  # noqa: E402  (each section next to its hooks)


@hooks.register("register_admin_urls")
def register_page_translation_urls():
    return page_translation.admin_urls()


# -- ASCII slugs from Vietnamese titles (cms/slugs.py) ---------------------------------------
from cms import slugs  # noqa: E402  (each section next to its hooks)

slugs.install()
