"""Public pages: the procedures that apply to a portal, a procedure, statistics."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render

from cms.cache import depends_on
from cms.middleware import portal_or_404
from cms.pagination import paginate

from .filters import ProcedureFilter
from .legal import legal_basis_items
from .models import CATALOGUE_TOPIC, Procedure
from .stats import compute

PAGE_SIZE = 20


def procedure_list(request):
    portal = portal_or_404(request)
    depends_on(request, CATALOGUE_TOPIC)
    filterset = ProcedureFilter(
        request.GET or None,
        queryset=Procedure.objects.public().for_portal(portal).prefetch_related("tiers"),
        show_tier=portal.is_network_root,
    )
    pagination = paginate(request, filterset.qs, PAGE_SIZE)
    return render(
        request,
        "services/procedure_list.html",
        {
            "form": filterset.form,
            "pagination": pagination,
            "page_obj": pagination.page,
            "procedures": pagination.object_list,
            "filtered": filterset.is_filtered,
        },
        status=pagination.status,
    )


def procedure_detail(request, code):
    portal = portal_or_404(request)
    depends_on(request, CATALOGUE_TOPIC)
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
    depends_on(request, CATALOGUE_TOPIC)
    stats = compute(portal=portal)
    return render(request, "services/statistics.html", {"stats": stats, "bar_max": max([r.count for r in stats.levels] or [0])})
