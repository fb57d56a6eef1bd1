"""Procedure statistics: per tier, per online level, per agency.

Everything is computed by aggregate queries (a fixed number of queries,
whatever the size of the catalogue). Percentages are shares of all
procedures in scope, rounded to one decimal and shown Vietnamese style
(36,8%).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from sites.models import Portal, PortalLevel

from .models import Procedure, ServiceLevel


def percent(part: int, total: int) -> float:
    return round(100.0 * part / total, 1) if total else 0.0


def vn_number(value) -> str:
    """1234567 -> 1.234.567"""
    try:
        return f"{int(value):,}".replace(",", ".")
    except (TypeError, ValueError):
        return ""


def vn_percent(value) -> str:
    """36.8 -> 36,8%"""
    try:
        return f"{float(value):.1f}".replace(".", ",") + "%"
    except (TypeError, ValueError):
        return ""


@dataclass
class Row:
    code: str
    name: str
    count: int
    percent: float  # share of all procedures in scope
    online: int = 0
    online_percent: float = 0.0  # share of this row's procedures that are online
    is_online: bool = False
    is_legacy: bool = False
    portal: Portal | None = None

    def as_dict(self):
        data = {
            "code": self.code,
            "name": self.name,
            "count": self.count,
            "percent": self.percent,
            "online": self.online,
            "online_percent": self.online_percent,
        }
        return data


@dataclass
class Statistics:
    total: int
    online: int
    online_percent: float
    levels: list[Row] = field(default_factory=list)
    tiers: list[Row] = field(default_factory=list)
    agencies: list[Row] = field(default_factory=list)

    def as_dict(self, request=None):
        def agency(row):
            data = row.as_dict()
            data.pop("code")
            data["portal"] = row.portal.site.hostname if row.portal else None
            return data

        return {
            "total": self.total,
            "online": self.online,
            "online_percent": self.online_percent,
            "levels": [{**row.as_dict(), "is_online": row.is_online, "is_legacy": row.is_legacy} for row in self.levels],
            "tiers": [row.as_dict() for row in self.tiers],
            "agencies": [agency(row) for row in self.agencies],
        }


ONLINE = Q(level__is_online=True)


def compute(queryset=None, portal=None) -> Statistics:
    """Statistics of ``queryset`` (default: the in-force procedures of ``portal``)."""
    if queryset is None:
        queryset = Procedure.objects.in_force().for_portal(portal) if portal is not None else Procedure.objects.in_force()
    queryset = queryset.order_by()
    totals = queryset.aggregate(total=Count("pk"), online=Count("pk", filter=ONLINE))
    total, online = totals["total"], totals["online"]
    stats = Statistics(total=total, online=online, online_percent=percent(online, total))

    # Per level (one grouped query, one for the names).
    per_level = {row["level_id"]: row["n"] for row in queryset.values("level_id").annotate(n=Count("pk"))}
    for level in ServiceLevel.objects.all():
        count = per_level.get(level.pk, 0)
        if count or not level.is_legacy:
            stats.levels.append(
                Row(
                    code=level.code,
                    name=level.name,
                    count=count,
                    percent=percent(count, total),
                    online=count if level.is_online else 0,
                    online_percent=100.0 if (count and level.is_online) else 0.0,
                    is_online=level.is_online,
                    is_legacy=level.is_legacy,
                )
            )
    offline = per_level.get(None, 0)
    stats.levels.append(Row(code="", name=_("Not offered online"), count=offline, percent=percent(offline, total)))

    # Per tier (a procedure may be carried out at several tiers).
    Through = Procedure.tiers.through
    per_tier = {
        row["portallevel_id"]: row
        for row in Through.objects.filter(procedure__in=queryset.values("pk"))
        .values("portallevel_id")
        .annotate(n=Count("procedure_id"), online=Count("procedure_id", filter=Q(procedure__level__is_online=True)))
    }
    for tier in PortalLevel.objects.all():
        row = per_tier.get(tier.pk)
        if row:
            stats.tiers.append(
                Row(
                    code=tier.code,
                    name=tier.name,
                    count=row["n"],
                    percent=percent(row["n"], total),
                    online=row["online"],
                    online_percent=percent(row["online"], row["n"]),
                )
            )

    # Per implementing agency.
    per_agency = list(
        queryset.values("agency_name", "agency_portal_id")
        .annotate(n=Count("pk"), online=Count("pk", filter=ONLINE))
        .order_by("-n", "agency_name")
    )
    portal_ids = {row["agency_portal_id"] for row in per_agency if row["agency_portal_id"]}
    portals = {p.pk: p for p in Portal.objects.select_related("site").filter(pk__in=portal_ids)} if portal_ids else {}
    for row in per_agency:
        agency_portal = portals.get(row["agency_portal_id"])
        name = row["agency_name"] or (agency_portal.name if agency_portal else _("Agency not stated"))
        stats.agencies.append(
            Row(
                code="",
                name=name,
                count=row["n"],
                percent=percent(row["n"], total),
                online=row["online"],
                online_percent=percent(row["online"], row["n"]),
                portal=agency_portal,
            )
        )
    return stats


def table_rows(stats: Statistics):
    """(section, name, count, percent, online, online percent) rows for the exports."""
    rows = [(_("Total"), _("All procedures"), stats.total, 100.0 if stats.total else 0.0, stats.online, stats.online_percent)]
    for row in stats.levels:
        rows.append((_("Online level"), row.name, row.count, row.percent, row.online, row.online_percent))
    for row in stats.tiers:
        rows.append((_("Tier"), row.name, row.count, row.percent, row.online, row.online_percent))
    for row in stats.agencies:
        rows.append((_("Agency"), row.name, row.count, row.percent, row.online, row.online_percent))
    return rows
