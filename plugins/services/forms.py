"""Admin and public forms of the procedure catalogue."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cms.admin_scoping import PortalScopedForm
from sites.permissions import is_network_admin


class ProcedureAdminForm(PortalScopedForm):
    """The agency choice offers only the user's portals; an agency editor must pick one.

    Network admins edit the whole catalogue (the agency portal may stay
    empty); anyone else edits only the procedures of their own agency, so a
    procedure they save always belongs to one of their portals.
    """

    portal_form_field = "agency_portal"

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        self._for_user = for_user
        field = self.fields.get("agency_portal")
        if field is not None and for_user is not None and not is_network_admin(for_user):
            field.required = True
            field.empty_label = None

    def clean_agency_portal(self):
        portal = self.cleaned_data.get("agency_portal")
        if portal is None and self._for_user is not None and not is_network_admin(self._for_user):
            raise forms.ValidationError(_("Choose the portal of your agency."))
        return portal
