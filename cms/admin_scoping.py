"""Admin isolation for models that belong to a portal.

Every plugin model that belongs to a portal is managed through a Wagtail
snippet (or model) viewset that mixes in :class:`PortalScopedViewSetMixin`:

* the listing (and the chooser) show only objects of the portals the user may
  touch (network admins see all);
* every route that names an object (edit, delete, history, usage, inspect,
  revisions, preview, lock, workflow ...) answers 404 for an object of another
  portal, before Wagtail's view runs, so a guessed ID leaks nothing;
* the form's ``portal`` choice offers only the user's portals (give the model
  ``base_form_class = PortalScopedForm``).

``portal_field`` is the ORM path from the model to its Portal; ``None`` marks a
network-wide catalogue that only network admins manage.
"""

from __future__ import annotations

import functools

from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import URLPattern, URLResolver
from wagtail.admin.forms import WagtailAdminModelForm

from sites.permissions import is_network_admin, portals_for_user


def scope_queryset(queryset, user, portal_field: str | None = "portal"):
    """``queryset`` narrowed to the objects of the portals ``user`` may touch."""
    if is_network_admin(user):
        return queryset
    if portal_field is None or user is None or not user.is_authenticated:
        return queryset.none()
    return queryset.filter(**{f"{portal_field}__in": portals_for_user(user).values("pk")})


OBJECT_URL_KWARGS = ("pk", "object_id", "instance_pk")


def _guard(view, model, portal_field):
    @functools.wraps(view)
    def guarded(request, *args, **kwargs):
        raw = next((kwargs[k] for k in OBJECT_URL_KWARGS if k in kwargs), None)
        if raw is None and args:
            raw = args[0]
        if raw is not None:
            try:
                allowed = (
                    scope_queryset(model._default_manager.all(), request.user, portal_field)
                    .filter(pk=unquote(str(raw)))
                    .exists()
                )
            except (ValueError, TypeError, ValidationError):  # a pk of the wrong shape
                allowed = False
            if not allowed:
                raise Http404
        return view(request, *args, **kwargs)

    return guarded


def _guard_patterns(patterns, model, portal_field):
    guarded = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            pattern.url_patterns[:] = _guard_patterns(pattern.url_patterns, model, portal_field)
            guarded.append(pattern)
        elif isinstance(pattern, URLPattern):
            pattern.callback = _guard(pattern.callback, model, portal_field)
            guarded.append(pattern)
        else:
            guarded.append(pattern)
    return guarded


class PortalScopedViewSetMixin:
    """Mix into a ``SnippetViewSet`` or ``ModelViewSet`` of a portal's model."""

    portal_field: str | None = "portal"

    def get_queryset(self, request):
        base = super().get_queryset(request) if hasattr(super(), "get_queryset") else None
        if base is None:
            base = self.model._default_manager.all()
        return scope_queryset(base, request.user, self.portal_field)

    def construct_view(self, view_class, **kwargs):
        # Listing views of ModelViewSet have no viewset-level get_queryset hook:
        # narrow their base queryset here, for every listing view class.
        if hasattr(view_class, "get_base_queryset"):
            portal_field = self.portal_field

            class ScopedView(view_class):
                def get_base_queryset(self):
                    return scope_queryset(super().get_base_queryset(), self.request.user, portal_field)

            ScopedView.__name__ = view_class.__name__
            ScopedView.__qualname__ = view_class.__qualname__
            view_class = ScopedView
        return super().construct_view(view_class, **kwargs)

    def get_urlpatterns(self):
        return _guard_patterns(super().get_urlpatterns(), self.model, self.portal_field)

    @property
    def chooser_viewset(self):
        base = super().chooser_viewset
        model, portal_field = self.model, self.portal_field

        class ScopedChooserViewSet(type(base)):
            def construct_view(self, view_class, **kwargs):
                if hasattr(view_class, "get_object_list"):

                    class ScopedChooser(view_class):
                        def get_object_list(self):
                            return scope_queryset(super().get_object_list(), self.request.user, portal_field)

                    view_class = ScopedChooser
                return super().construct_view(view_class, **kwargs)

            def get_urlpatterns(self):
                return _guard_patterns(super().get_urlpatterns(), model, portal_field)

        base.__class__ = ScopedChooserViewSet
        return base


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
