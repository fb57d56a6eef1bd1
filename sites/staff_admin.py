"""Wagtail's users admin, scoped to the portals a portal administrator manages.

Imported by sites.wagtail_hooks. It

* registers :class:`~sites.staff.PortalStaffPermissionPolicy` as the user
  model's permission policy, so every users route asks it;
* makes Wagtail's users app build its viewset from :class:`PortalStaffUserViewSet`
  (``WagtailUsersAppConfig.user_viewset``, Wagtail's documented extension point,
  set here instead of subclassing the app config in INSTALLED_APPS). Its views
  look objects up only among the users the policy grants (404 otherwise), its
  listing shows only those users, and its forms offer only the groups the
  actor may give (no superuser flag unless the actor is a superuser);
* replaces Wagtail's user bulk actions (delete, active state, assign role)
  with ones that take their objects and their checks from the same policy.
"""

from __future__ import annotations

import logging

from django import forms
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_list_or_404
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin import messages
from wagtail.permissions import policy_registry, register_permission_policy
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views import users as wagtail_user_views
from wagtail.users.views.bulk_actions import (
    AssignRoleBulkAction,
    DeleteBulkAction,
    SetActiveStateBulkAction,
)

from sites.models import Portal
from sites.staff import (
    ROLE_FIELDS,
    PortalStaffPermissionPolicy,
    is_user_manager,
    manageable_groups,
    send_staff_email,
)

logger = logging.getLogger(__name__)
User = get_user_model()

register_permission_policy(User, PortalStaffPermissionPolicy(User))


def user_policy():
    return policy_registry.get_by_type(User)


def scoped_users(user, actions):
    """The users ``user`` may act on with any of ``actions`` (the policy's answer)."""
    return user_policy().instances_user_has_any_permission_for(user, actions)


def _portal_for_groups(groups):
    q = Q()
    for field in ROLE_FIELDS:
        q |= Q(**{f"{field}__in": groups})
    return Portal.objects.select_related("site").filter(q).order_by("name").first()


# -- forms ------------------------------------------------------------------------


class PortalStaffFormMixin:
    """Group choices limited to what the actor may give; no superuser flag for non-superusers."""

    def __init__(self, *args, actor=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor
        if actor is None or not actor.is_superuser:
            self.fields.pop("is_superuser", None)
        field = self.fields.get("groups")
        self._kept_group_ids = []
        if field is not None:
            offered = manageable_groups(actor).order_by("name") if actor is not None else field.queryset.none()
            field.queryset = offered
            if not is_user_manager(actor):
                # A portal's staff member belongs to at least one of its groups.
                field.required = True
                field.help_text = _("The roles of this person in your portals.")
            if self.instance.pk:
                # Groups the actor may not give are never removed by saving this form.
                self._kept_group_ids = list(self.instance.groups.exclude(pk__in=offered).values_list("pk", flat=True))

    def _save_m2m(self):
        super()._save_m2m()
        if self._kept_group_ids:
            self.instance.groups.add(*self._kept_group_ids)


class PortalStaffCreationForm(PortalStaffFormMixin, UserCreationForm):
    """New users: without a password, they get an invitation to choose one."""

    password_required = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "password1" in self.fields:
            self.fields["password1"].help_text = _(
                "Leave both password fields empty to e-mail the person an invitation to choose their own password."
            )

    def save(self, commit=True):
        user = super().save(commit=False)
        if not self.cleaned_data.get("password1"):
            user.set_unusable_password()
        if commit:
            user.save()
            self.save_m2m()
        return user


class PortalStaffEditForm(PortalStaffFormMixin, UserEditForm):
    send_password_reset = forms.BooleanField(
        label=_("Send a password reset e-mail"),
        required=False,
        help_text=_("E-mails the person a link to choose a new password."),
    )


# -- views ------------------------------------------------------------------------


class ScopedObjectMixin:
    """Look the user up among those the policy grants for ``object_actions``: 404 otherwise.

    Only the object: the history and usage views list log entries and
    references through ``get_queryset``, which must stay theirs (a users
    queryset there made both answer 500 to every portal administrator).
    """

    object_actions = ("change",)

    def get_base_object_queryset(self):
        return scoped_users(self.request.user, self.object_actions)


class ScopedSingleObjectMixin(ScopedObjectMixin):
    """Edit and delete views, whose ``get_queryset`` is the one their object comes from."""

    def get_queryset(self):
        return scoped_users(self.request.user, self.object_actions)


class ActorFormMixin:
    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["actor"] = self.request.user
        return kwargs


class UserFilterSet(wagtail_user_views.UserFilterSet):
    """The group filter lists only the groups the actor may give."""

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        if request is not None:
            self.filters["group"].queryset = manageable_groups(request.user).order_by("name")

    class Meta(wagtail_user_views.UserFilterSet.Meta):
        pass


class IndexView(wagtail_user_views.IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().filter(pk__in=scoped_users(self.request.user, ["view", "change"]).values("pk"))


class CreateView(ActorFormMixin, wagtail_user_views.CreateView):
    def save_instance(self):
        user = super().save_instance()
        self.invite = not self.form.cleaned_data.get("password1")
        return user

    def form_valid(self, form):
        response = super().form_valid(form)
        if getattr(self, "invite", False) and self.object.email:
            portal = _portal_for_groups(self.object.groups.all())
            try:
                send_staff_email(self.object, portal, invitation=True)
            except Exception:  # the account exists; the mail server is not the admin's problem
                logger.exception("Invitation e-mail to user %s failed", self.object.pk)
                messages.warning(self.request, _("The invitation e-mail could not be sent; try again later."))
            else:
                messages.success(self.request, _("An invitation was sent to %(email)s.") % {"email": self.object.email})
        return response


class EditView(ScopedSingleObjectMixin, ActorFormMixin, wagtail_user_views.EditView):
    def get_object(self, queryset=None):
        return super().get_object(self.get_queryset())

    def form_valid(self, form):
        response = super().form_valid(form)
        if form.cleaned_data.get("send_password_reset") and self.object.email:
            try:
                send_staff_email(self.object, invitation=False)
            except Exception:
                logger.exception("Password reset e-mail to user %s failed", self.object.pk)
                messages.warning(self.request, _("The password reset e-mail could not be sent; try again later."))
            else:
                messages.success(self.request, _("A password reset link was sent to %(email)s.") % {"email": self.object.email})
        return response


class DeleteView(ScopedSingleObjectMixin, wagtail_user_views.DeleteView):
    object_actions = ("delete",)

    def get_object(self, queryset=None):
        if getattr(self, "object", None):
            return self.object
        return super().get_object(self.get_queryset())

    def dispatch(self, request, *args, **kwargs):
        if self.object.pk == request.user.pk:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class HistoryView(ScopedObjectMixin, wagtail_user_views.HistoryView):
    object_actions = ("view", "change")


class UsageView(ScopedObjectMixin, wagtail_user_views.UserViewSet.usage_view_class):
    pass


class CopyView(ActorFormMixin, wagtail_user_views.UserViewSet.copy_view_class):
    def get_object(self, queryset=None):
        try:
            return scoped_users(self.request.user, ["change"]).get(pk=self.kwargs[self.pk_url_kwarg])
        except (User.DoesNotExist, ValueError, TypeError):
            raise Http404 from None


class PortalStaffUserViewSet(wagtail_user_views.UserViewSet):
    index_view_class = IndexView
    add_view_class = CreateView
    edit_view_class = EditView
    delete_view_class = DeleteView
    history_view_class = HistoryView
    usage_view_class = UsageView
    copy_view_class = CopyView
    filterset_class = UserFilterSet
    create_template_name = "sites/staff/user_create.html"
    edit_template_name = "sites/staff/user_edit.html"

    def get_form_class(self, for_update=False):
        return PortalStaffEditForm if for_update else PortalStaffCreationForm


apps.get_app_config("wagtailusers").user_viewset = f"{__name__}.PortalStaffUserViewSet"


# -- bulk actions --------------------------------------------------------------------


class ScopedUserBulkActionMixin:
    """Objects only among the users the policy grants for ``policy_action``; others 404."""

    policy_action = "change"

    def scoped(self):
        return scoped_users(self.request.user, [self.policy_action])

    def get_queryset(self, model, object_ids):
        ids = [i for i in object_ids if str(i).isdigit()]
        return get_list_or_404(self.scoped(), pk__in=ids)

    def get_all_objects_in_listing_query(self, parent_id):
        listed = super().get_all_objects_in_listing_query(parent_id)
        if hasattr(listed, "filter"):
            return listed.filter(pk__in=self.scoped().values("pk"))
        allowed = set(self.scoped().values_list("pk", flat=True))  # search results: filter in Python
        return [pk for pk in listed if pk in allowed]

    def check_perm(self, obj):
        return obj.pk != self.request.user.pk and user_policy().user_has_permission_for_instance(
            self.request.user, self.policy_action, obj
        )


class PortalStaffDeleteBulkAction(ScopedUserBulkActionMixin, DeleteBulkAction):
    policy_action = "delete"


class PortalStaffSetActiveStateBulkAction(ScopedUserBulkActionMixin, SetActiveStateBulkAction):
    policy_action = "change"


class PortalStaffAssignRoleBulkAction(ScopedUserBulkActionMixin, AssignRoleBulkAction):
    policy_action = "change"

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.fields["role"].queryset = manageable_groups(self.request.user).order_by("name")
        return form


# Registered after Wagtail's own (same action types): the registry keeps the last.
for _action in (PortalStaffDeleteBulkAction, PortalStaffSetActiveStateBulkAction, PortalStaffAssignRoleBulkAction):
    hooks.register("register_bulk_action", _action, order=100)
