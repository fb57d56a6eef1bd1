"""Admin form of a poll: the portal choice is scoped, options are counted."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from cms.admin_scoping import PortalScopedForm

# A poll has 2 to 10 options: checked here, shown by the model's options panel.
MIN_OPTIONS = 2
MAX_OPTIONS = 10


class PollForm(PortalScopedForm):
    def clean(self):
        cleaned = super().clean()
        opens_at, closes_at = cleaned.get("opens_at"), cleaned.get("closes_at")
        if opens_at and closes_at and closes_at <= opens_at:
            self.add_error("closes_at", ValidationError(_("The closing time must be after the opening time.")))
        formset = self.formsets.get("options") if hasattr(self, "formsets") else None
        if formset is not None:
            kept = [
                form
                for form in formset.forms
                if form.is_valid()
                and form.has_changed() | bool(form.instance.pk)
                and not (formset.can_delete and formset._should_delete_form(form))
                and (form.cleaned_data.get("text_vi") or "").strip()
            ]
            if not MIN_OPTIONS <= len(kept) <= MAX_OPTIONS:
                raise ValidationError(
                    _("A poll needs between %(min)d and %(max)d options (now %(count)d).")
                    % {"min": MIN_OPTIONS, "max": MAX_OPTIONS, "count": len(kept)}
                )
        return cleaned
