"""Admin form of a legal document: files checked by content before anything is saved."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from wagtail.admin.forms import WagtailAdminPageForm

from .files import check_file


class LegalDocumentPageForm(WagtailAdminPageForm):
    def clean(self):
        cleaned = super().clean()
        formset = self.formsets.get("files") if hasattr(self, "formsets") else None
        if formset is not None:
            for form in formset.forms:
                if not form.is_valid() or form.cleaned_data.get("DELETE"):
                    continue
                document = form.cleaned_data.get("document")
                if document is None:
                    continue
                try:
                    checked = check_file(document.file, document.file.name)
                except ValidationError as error:
                    form.add_error("document", error)
                except (OSError, ValueError):
                    from django.utils.translation import gettext as _

                    form.add_error("document", _("The file cannot be read."))
                else:
                    form.instance.apply_check(checked)
        relations = self.formsets.get("relations") if hasattr(self, "formsets") else None
        if relations is not None and self.instance.pk:
            for form in relations.forms:
                if not form.is_valid() or form.cleaned_data.get("DELETE"):
                    continue
                target = form.cleaned_data.get("target")
                if target is not None and target.pk == self.instance.pk:
                    from django.utils.translation import gettext as _

                    form.add_error("target", _("A document cannot be related to itself."))
        return cleaned
