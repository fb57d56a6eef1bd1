"""Admin glue for agency isolation: every view of a portal model's viewsets asks the policy.

The rule itself lives in :mod:`cms.permissions` (the portal permission policy,
registered for every model the plugin contract declares). Wagtail's generic
views ask the policy for model-level permissions and for some instances; a few
of them still fetch objects straight from the model's manager (the chooser's
``chosen`` and ``chosen-multiple`` views, usage, history). So that no view of a
portal model's viewsets can show or change another portal's object,
:class:`PortalScopedViewSetMixin` builds *every* view class of the viewset and
of its chooser (whatever routes Wagtail adds) on :class:`PortalScopedViewMixin`,
which narrows querysets and refuses objects through the same policy. Nothing
wraps URL callbacks.

Bulk actions list and act on objects by ``?id=`` (or ``id=all``) from one
base class; :func:`scope_bulk_actions` makes them treat what a user may not
see as missing, for every model (pages, images, documents, snippets, users).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.permissions import policy_registry
from wagtail.snippets.views.chooser import SnippetChooserViewSet

from cms.permissions import PortalPermissionPolicy, user_can_see
from sites.permissions import portals_for_user


def scope_queryset(queryset, user, portal_field: str | None = "portal"):
    """``queryset`` narrowed to the objects of the portals ``user`` may touch (for plain views)."""
    return PortalPermissionPolicy(queryset.model, portal_field).scope(queryset, user)


class PortalScopedViewMixin:
    """Mixed into every view of a portal model's viewset: querysets and objects go through the policy."""

    def _scoped_model(self):
        return getattr(self, "model", None) or getattr(self, "model_class", None)

    def _scope(self, queryset):
        model = self._scoped_model()
        if not isinstance(queryset, QuerySet) or model is None or not issubclass(queryset.model, model):
            return queryset
        policy = policy_registry.get_by_type(model)
        if not isinstance(policy, PortalPermissionPolicy):
            return queryset
        return policy.scope(queryset, self.request.user)

    def get_base_queryset(self):
        return self._scope(super().get_base_queryset())

    def get_base_object_queryset(self):
        return self._scope(super().get_base_object_queryset())

    def get_queryset(self, *args, **kwargs):
        return self._scope(super().get_queryset(*args, **kwargs))

    def get_object_list(self, *args, **kwargs):
        return self._scope(super().get_object_list(*args, **kwargs))

    def get_objects(self, *args, **kwargs):
        return self._scope(super().get_objects(*args, **kwargs))

    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        model = self._scoped_model()
        if obj is not None and model is not None and isinstance(obj, model) and not user_can_see(self.request.user, obj):
            raise Http404
        return obj


def scoped_view_class(view_class):
    if issubclass(view_class, PortalScopedViewMixin):
        return view_class
    return type(view_class.__name__, (PortalScopedViewMixin, view_class), {"__module__": view_class.__module__})


class PortalScopedChooserViewSet(SnippetChooserViewSet):
    def construct_view(self, view_class, **kwargs):
        return super().construct_view(scoped_view_class(view_class), **kwargs)


class PortalScopedViewSetMixin:
    """Mix into the ``SnippetViewSet`` or ``ModelViewSet`` of a model the plugin contract declares."""

    chooser_viewset_class = PortalScopedChooserViewSet

    def get_queryset(self, request):
        base = super().get_queryset(request)
        if base is None:
            base = self.model._default_manager.all()
        policy = policy_registry.get_by_type(self.model)
        return policy.scope(base, request.user) if isinstance(policy, PortalPermissionPolicy) else base

    def construct_view(self, view_class, **kwargs):
        return super().construct_view(scoped_view_class(view_class), **kwargs)


def scope_bulk_actions():
    """Bulk actions treat objects the user may not see as missing (not even listed as refused)."""
    from wagtail.admin.views.bulk_action import BulkAction

    if getattr(BulkAction, "_portal_scoped", False):
        return
    original = BulkAction.get_actionable_objects

    def get_actionable_objects(self):
        objects, extra = original(self)
        user = self.request.user
        objects = [obj for obj in objects if user_can_see(user, obj)]
        refused = extra.get("items_with_no_access", [])
        extra = {**extra, "items_with_no_access": [obj for obj in refused if user_can_see(user, obj)]}
        return objects, extra

    BulkAction.get_actionable_objects = get_actionable_objects
    BulkAction._portal_scoped = True


def scope_reports():
    """Wagtail's reports read past the portal policies; make them ask.

    * the site history's "user" filter lists the authors of *every* page log
      entry (``HistoryFilterSet.get_users_queryset``), not of the entries the
      user may view: use Wagtail's own viewable-entries rule instead;
    * the page types usage report names the last edited page of each type in
      the whole network: keep it only when the user may see that page;
    * the site history lists model log entries by model permission alone:
      :func:`hide_other_portals_entries`.
    """
    from wagtail.admin.views.reports.audit_logging import (
        SiteHistoryReportFilterSet,
        get_users_for_filter,
    )
    from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView
    from wagtail.models.audit_log import ModelLogEntryManager

    if getattr(SiteHistoryReportFilterSet, "_portal_scoped", False):
        return

    def get_users_queryset(self):
        return get_users_for_filter(self.request.user)

    SiteHistoryReportFilterSet.get_users_queryset = get_users_queryset
    SiteHistoryReportFilterSet._portal_scoped = True

    original_decorate = PageTypesUsageReportView.decorate_paginated_queryset

    def decorate_paginated_queryset(self, page_types):
        page_types = original_decorate(self, page_types)
        for item in page_types:
            page = getattr(item, "last_edited_page", None)
            if page is not None and not user_can_see(self.request.user, page):
                item.last_edited_page = None
        return page_types

    PageTypesUsageReportView.decorate_paginated_queryset = decorate_paginated_queryset

    original_viewable = ModelLogEntryManager.viewable_by_user

    def viewable_by_user(self, user):
        return hide_other_portals_entries(original_viewable(self, user), user)

    ModelLogEntryManager.viewable_by_user = viewable_by_user


def hide_other_portals_entries(entries, user):
    """Log entries of portal-owned objects (plugin models, redirects) the user may not see, left out.

    Wagtail shows a model's log entries to anyone holding any permission on the
    model (``ModelLogEntryManager.viewable_by_user``): every portal's moderators
    hold those of their plugins' models, so the site history report listed other
    portals' entries (with the object's name). Each entry now asks the model's
    portal policy, as the object's own views do.
    """
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import CharField, Q
    from django.db.models.functions import Cast

    from sites.permissions import is_network_admin

    if is_network_admin(user):
        return entries
    hidden = Q(pk__in=[])
    for content_type_id in set(entries.order_by().values_list("content_type_id", flat=True).distinct()):
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        policy = policy_registry.get_by_type(model, fallback=False) if model is not None else None
        if not isinstance(policy, PortalPermissionPolicy):
            continue
        visible = policy.scope(model._default_manager.all(), user).annotate(_log_id=Cast("pk", CharField())).values("_log_id")
        hidden |= Q(content_type_id=content_type_id) & ~Q(object_id__in=visible)
    return entries.exclude(hidden)


def scope_redirects():
    """Wagtail's redirects, managed by each portal's moderators on their own portal's sites.

    The views fetch redirects from the model's manager and the forms offer every
    site (or "all sites"); make them ask :class:`cms.permissions.RedirectPermissionPolicy`:

    * the listing, edit and delete views are built on :class:`PortalScopedViewMixin`
      (another portal's redirect is missing: 404), like every portal model's viewset;
    * the redirect form and the listing's site filter offer the user's own sites
      only, and a portal's staff must choose one (a redirect for every site is the
      network's);
    * importing redirects from a spreadsheet is the network admins' (the import
      views choose any site and are not portal-aware); the import button shows to
      them only.
    """
    from wagtail.contrib.redirects import views
    from wagtail.contrib.redirects.filters import RedirectsReportFilterSet
    from wagtail.contrib.redirects.forms import RedirectForm

    from sites.permissions import is_network_admin

    if getattr(RedirectForm, "_portal_scoped", False):
        return
    for view_class in (views.IndexView, views.EditView, views.DeleteView):
        view_class.__bases__ = (PortalScopedViewMixin, *view_class.__bases__)

    def policy():
        return policy_registry.get_by_type(views.Redirect)

    original_form_init = RedirectForm.__init__

    def form_init(self, *args, **kwargs):
        original_form_init(self, *args, **kwargs)
        user = getattr(self, "for_user", None)
        if user is None or is_network_admin(user):
            return
        site = self.fields["site"]
        site.queryset = policy().sites_for(user)
        site.required = True
        site.empty_label = None

    RedirectForm.__init__ = form_init

    original_filter_init = RedirectsReportFilterSet.__init__

    def filter_init(self, *args, **kwargs):
        original_filter_init(self, *args, **kwargs)
        if self.request is not None:
            self.filters["site"].queryset = policy().sites_for(self.request.user)

    RedirectsReportFilterSet.__init__ = filter_init

    class ImportPolicy(type(policy())):
        def user_has_permission(self, user, action):
            return is_network_admin(user) and super().user_has_permission(user, action)

    views.permission_checker.policy = ImportPolicy(views.Redirect)
    original_buttons = views.IndexView.header_more_buttons.func

    def header_more_buttons(self):
        buttons = original_buttons(self)
        if is_network_admin(self.request.user):
            return buttons
        return [b for b in buttons if "import" not in str(getattr(b, "url", ""))]

    views.IndexView.header_more_buttons = cached_property(header_more_buttons)
    views.IndexView.header_more_buttons.__set_name__(views.IndexView, "header_more_buttons")
    RedirectForm._portal_scoped = True


class PortalScopedForm(WagtailAdminModelForm):
    """Admin form whose ``portal`` field offers only the user's portals."""

    portal_form_field = "portal"

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        field = self.fields.get(self.portal_form_field)
        if field is not None and for_user is not None:
            field.queryset = portals_for_user(for_user, field.queryset)
            if not self.instance.pk and field.queryset.count() == 1:
                field.initial = field.queryset.first()


# Admin URL parameters that name a page, whatever the route (routes added later included).
PAGE_PARAMETERS = ("page_id", "parent_page_id", "page_to_move_id", "destination_id", "page_pk")


MAX_ID = 2**63 - 1


def impossible_ids(view_kwargs) -> bool:
    """Whether an admin route's integer parameters hold a number no database id can be.

    ``<int:...>`` and a regex digit group accept any run of digits; SQLite raises
    OverflowError on one past 64 bits. ``AdminPageGateMiddleware`` answers 404 for every admin route.
    """
    for value in view_kwargs.values():
        if isinstance(value, str) and value.isascii() and value.isdigit():
            value = int(value)  # a regex route's id (r"(?P<pk>\d+)")
        if isinstance(value, int) and not 0 <= value <= MAX_ID:
            return True
    return False


class AdminPageGateMiddleware:
    """A page the user may not see does not exist for them in the admin.

    Most of Wagtail's page views ask the page policy for the action they
    perform, but a few render the page they are given before asking (the
    explorer's header, the move confirmation). Any admin route whose
    parameters name a page answers 404 when the page is outside the user's
    portals; choosers may browse other portals' live public pages (a ward links
    to the province's news). Network admins pass.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        from wagtail.models import Page

        from cms.permissions import visible_pages

        match = getattr(request, "resolver_match", None)
        if match is None or not match.route.startswith("admin/"):
            return
        if impossible_ids(view_kwargs):
            raise Http404  # an id past 64 bits names nothing (and SQLite cannot even compare it)
        page_ids = [view_kwargs[name] for name in PAGE_PARAMETERS if name in view_kwargs]
        if "pages" in match.route and "pk" in view_kwargs:
            page_ids.append(view_kwargs["pk"])
        chosen = self._chosen_page_ids(request, match)
        if chosen and Page.objects.filter(pk__in=[i for i in chosen if str(i).isdigit()], depth__lt=2).exists():
            raise Http404  # the root is never a choice
        page_ids += chosen
        if not page_ids:
            return
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return  # Wagtail sends anonymous users to the login page
        chooser = "choose" in (match.url_name or "") or "chooser" in match.route
        try:
            ids = {int(value) for value in page_ids}
        except (TypeError, ValueError):
            raise Http404 from None
        if visible_pages(Page.objects.filter(pk__in=ids), user, other_portals_live=chooser).count() != len(ids):
            raise Http404
        return

    def _chosen_page_ids(self, request, match):
        """``?id=`` of the page chooser's "chosen" views: pages, like the parameters above."""
        if "choose_page" not in (match.url_name or "") and "choose-page" not in match.route:
            return []
        return request.GET.getlist("id")


def scope_admin_api(router):
    """The admin API's image and document endpoints list only what the user's collections allow."""
    from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
    from wagtail.images.api.admin.views import ImagesAdminAPIViewSet

    def scoped(base):
        class Scoped(base):
            def get_queryset(self):
                policy = policy_registry.get_by_type(self.model)
                allowed = policy.instances_user_has_any_permission_for(self.request.user, ["choose", "change", "add", "delete"])
                return super().get_queryset().filter(pk__in=allowed.values("pk"))

        Scoped.__name__ = base.__name__
        return Scoped

    for name, base in (("images", ImagesAdminAPIViewSet), ("documents", DocumentsAdminAPIViewSet)):
        if name in router._endpoints:
            router.register_endpoint(name, scoped(base))


def _model_instances(value):
    """Model instances inside a form value: a choice, a list of choices, a StreamField value."""
    from django.db.models import Model

    if isinstance(value, Model):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _model_instances(item)
    elif isinstance(value, (list, tuple)) or type(value).__name__ in ("StreamValue", "ListValue"):
        for item in value:
            yield from _model_instances(getattr(item, "value", item))
    elif type(value).__name__ == "StructValue":
        for item in value.values():
            yield from _model_instances(item)


def reference_allowed(user, obj) -> bool:
    """May a form of ``user``'s portal point at ``obj``?

    Pages: the user's own portals' pages, or other portals' live public pages
    (a ward links to the province's news). Images and documents: those of the
    collections the user may choose from. Portal objects: the user's portals'
    only. Network catalogues and everything else: yes.
    """
    from wagtail.models import Page

    from cms.permissions import visible_pages

    if isinstance(obj, Page):
        return visible_pages(Page.objects.filter(pk=obj.pk), user).exists()
    policy = policy_registry.get_by_type(type(obj), fallback=False)
    if isinstance(policy, PortalPermissionPolicy):
        return policy.portal_field is None or policy.user_can_see(user, obj)
    if getattr(obj, "collection_id", None) is not None and policy is not None:
        return policy.instances_user_has_permission_for(user, "choose").filter(pk=obj.pk).exists()
    return True


OTHER_PORTAL = "other_portal"  # the code of the error that refuses another portal's item


def check_form_references(form, user=None):
    """Refuse, with a form error, any chosen object of another portal (guessed ids included).

    Inline panels' child forms are checked with the parent form's user (their
    own ``for_user`` is not passed down by modelcluster).
    """
    from sites.permissions import is_network_admin

    user = user or getattr(form, "for_user", None)
    if user is None or is_network_admin(user) or not hasattr(form, "cleaned_data"):
        return
    for name, value in list(form.cleaned_data.items()):
        if any(not reference_allowed(user, obj) for obj in _model_instances(value)):
            # The code lets the form be shown again without the refused item (cms.admin_robustness).
            refused = ValidationError(_("This item belongs to another portal and cannot be used here."), code=OTHER_PORTAL)
            form.add_error(name if name in form.fields else None, refused)
    for formset in getattr(form, "formsets", {}).values():
        for child in formset.forms:
            if child.is_valid() and not child.cleaned_data.get("DELETE"):
                check_form_references(child, user)


def check_references_in_admin_forms():
    """Every Wagtail admin model form (pages, snippets, their inline panels) checks what it points at."""
    if getattr(WagtailAdminModelForm, "_portal_scoped", False):
        return
    original_clean = WagtailAdminModelForm.clean

    def clean(self):
        cleaned_data = original_clean(self)
        check_form_references(self)
        return cleaned_data

    WagtailAdminModelForm.clean = clean
    WagtailAdminModelForm._portal_scoped = True
