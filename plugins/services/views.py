"""Public pages: the procedures that apply to a portal, a procedure, statistics."""

from __future__ import annotations

from django import forms
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy

from cms.middleware import portal_or_404
from cms.pagination import paginate
from sites.models import PortalLevel

from .legal import legal_basis_items
from .models import Procedure, ProcedureField, ServiceLevel, fold
from .stats import compute

PAGE_SIZE = 20


class ProcedureFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Procedure name or code"), required=False, max_length=200)
    field = forms.ModelChoiceField(
        label=gettext_lazy("Field"),
        queryset=ProcedureField.objects.all(),
        to_field_name="code",
        required=False,
        empty_label=gettext_lazy("All fields"),
        error_messages={"invalid_choice": gettext_lazy("This field does not exist; showing every field.")},
    )
    level = forms.ModelChoiceField(
        label=gettext_lazy("Online level"),
        queryset=ServiceLevel.objects.all(),
        to_field_name="code",
        required=False,
        empty_label=gettext_lazy("All levels"),
        error_messages={"invalid_choice": gettext_lazy("This level does not exist; showing every level.")},
    )
    tier = forms.ModelChoiceField(
        label=gettext_lazy("Carried out at"),
        queryset=PortalLevel.objects.all(),
        to_field_name="code",
        required=False,
        empty_label=gettext_lazy("All tiers"),
        error_messages={"invalid_choice": gettext_lazy("This tier does not exist; showing every tier.")},
    )

    def __init__(self, *args, show_tier=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not show_tier:
            del self.fields["tier"]
        for name, field in self.fields.items():
            field.widget.attrs.setdefault("id", f"procedure-filter-{name}")

    def filter(self, queryset):
        """``queryset`` narrowed by the valid filters; invalid ones are ignored (and reported)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        text = (data.get("q") or "").strip()
        if text:
            for word in fold(text).split()[:10]:
                queryset = queryset.filter(search_text__contains=word)
        if data.get("field"):
            queryset = queryset.filter(field=data["field"])
        if data.get("level"):
            queryset = queryset.filter(level=data["level"])
        if data.get("tier"):
            queryset = queryset.at_tier(data["tier"])
        return queryset


def procedure_list(request):
    portal = portal_or_404(request)
    form = ProcedureFilterForm(request.GET or None, show_tier=portal.is_network_root)
    queryset = form.filter(Procedure.objects.public().for_portal(portal)).prefetch_related("tiers")
    pagination = paginate(request, queryset, PAGE_SIZE)
    return render(
        request,
        "services/procedure_list.html",
        {
            "form": form,
            "pagination": pagination,
            "page_obj": pagination.page,
            "procedures": pagination.object_list,
            "filtered": any(form.cleaned_data.values()) if hasattr(form, "cleaned_data") else False,
        },
        status=pagination.status,
    )


def procedure_detail(request, code):
    portal = portal_or_404(request)
    procedure = (
        Procedure.objects.select_related("field", "level", "agency_portal__site")
        .prefetch_related("tiers", "methods", "documents__form")
        .for_portal(portal)
        .filter(code=code[:60])
        .first()
    )
    if procedure is None:
        raise Http404
    return render(
        request,
        "services/procedure_detail.html",
        {"procedure": procedure, "legal_basis": legal_basis_items(procedure, portal)},
    )


def statistics(request):
    portal = portal_or_404(request)
    stats = compute(portal=portal)
    return render(request, "services/statistics.html", {"stats": stats, "bar_max": max([r.count for r in stats.levels] or [0])})
