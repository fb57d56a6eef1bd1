"""Network oversight (issue #15): how up to date each portal is, what it still owes,
what is overdue.

The province's IT department checks the member portals and urges the slow ones. For
each portal this module gathers, in a fixed number of queries for the whole network
(one per content kind, duty and kind of overdue work, never one per portal):

* **freshness by content kind**: the last update and the updates in the last 30 and 90
  days of each kind the portal publishes (``registry.plugins.ContentActivity``: the
  core's pages here, news, legal documents, procedures, answered questions, polls from
  their plugins), stale after the kind's threshold (``sites.FreshnessThreshold``, data
  network admins edit per level; the plugin's ``max_days`` otherwise);
* **a checklist of duties** (``registry.plugins.Duty``): the starter sections filled in
  and the English minimum here, the spokesperson's phone and e-mail, leadership
  contacts, a non-empty legal-document list, procedures linked from their plugins;
* **overdue work** (``registry.plugins.OverdueWork``: questions past their due date);
* **visits** in the last 30 days (the ``visitors.visits`` service, when installed);
* **a score** from 0 to 100 to sort by: the share of kinds fresh and duties met, less
  5 points per overdue item (at most 30).

Used by the dashboard (``sites.views.OversightView``, ``/admin/oversight/``), the admin
home panel, the daily snapshots behind the freshness chart, and the reminders
(``manage.py send_reminders``).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Avg, Case, Count, Exists, F, Max, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Substr
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Locale, Page

from registry.plugins import ContentActivity, Duty, OverdueItem, OverdueWork, registry
from sites.models import FreshnessThreshold, OversightSnapshot, Portal, ReminderLog, StarterPage

DAYS = (30, 90)  # the windows of the update counts
OVERDUE_PENALTY, OVERDUE_PENALTY_MAX = 5, 30

CORE_ACTIVITIES = (
    ContentActivity(key="core.pages", label=gettext_lazy("Pages"), activity="sites.oversight:page_activity", max_days=30),
)
CORE_DUTIES = (
    Duty(key="core.starter", label=gettext_lazy("Starter sections filled in"), check="sites.oversight:starter_filled"),
    Duty(key="core.english", label=gettext_lazy("English minimum up to date"), check="sites.oversight:english_minimum"),
)


# -- the core's providers -------------------------------------------------------------------


def _home_paths() -> dict[str, int]:
    """Path of every portal's home page, in every language, -> portal id."""
    keys = dict(Portal.objects.values_list("site__root_page__translation_key", "pk"))
    return {path: keys[key] for path, key in Page.objects.filter(translation_key__in=keys).values_list("path", "translation_key")}


def page_activity(until, days):
    """Pages of each portal's trees (both languages) by their last publication."""
    homes = _home_paths()
    result: dict[int, tuple] = {}
    for length in sorted({len(path) for path in homes}):
        rows = (
            Page.objects.filter(live=True, depth__gt=length // Page.steplen, last_published_at__lte=until)
            .annotate(home=Substr("path", 1, length))
            .filter(home__in=[p for p in homes if len(p) == length])
            .values("home")
            .annotate(
                last=Max("last_published_at"),
                **{f"n{d}": Count("pk", filter=Q(last_published_at__gt=until - datetime.timedelta(days=d))) for d in days},
            )
        )
        for row in rows:
            portal_id = homes[row["home"]]
            last, counts = result.get(portal_id, (None, [0] * len(days)))
            last = max(filter(None, [last, row["last"]]), default=None)
            result[portal_id] = (last, [c + row[f"n{d}"] for c, d in zip(counts, days, strict=True)])
    return result


def annotate_translation_status(pages, target: Locale):
    """``pages`` with ``translation_id``, ``translation_live``, ``translation_published_at``
    and ``status``: missing, draft, outdated (older than the source's last publication) or
    current. One rule for the translation report and the English-minimum duty."""
    translation = Page.objects.filter(translation_key=OuterRef("translation_key"), locale=target)
    return pages.annotate(
        translation_id=Subquery(translation.values("pk")[:1]),
        translation_live=Subquery(translation.values("live")[:1]),
        translation_published_at=Subquery(translation.values("last_published_at")[:1]),
    ).annotate(
        status=Case(
            When(translation_id__isnull=True, then=Value("missing")),
            When(translation_live=False, then=Value("draft")),
            When(translation_published_at__lt=F("last_published_at"), then=Value("outdated")),
            default=Value("current"),
        )
    )


def starter_filled(portal_ids):
    """Portals whose starter sections were all filled in by their staff."""
    waiting = set(StarterPage.objects.filter(portal_id__in=portal_ids, filled=False).values_list("portal_id", flat=True))
    return set(portal_ids) - waiting


def english_minimum(portal_ids):
    """Portals whose starter sections (introduction, organisation, leaders, contact, news)
    have a live English version, published after the Vietnamese text was filled in."""
    target = Locale.objects.exclude(pk=Locale.get_default().pk).first()
    if target is None:
        return set()
    pages = Page.objects.filter(Exists(StarterPage.objects.filter(page_id=OuterRef("pk"), portal_id__in=portal_ids)))
    lacking = annotate_translation_status(pages, target).exclude(status="current")
    owing = set(
        StarterPage.objects.filter(page__in=lacking.values("pk"), portal_id__in=portal_ids).values_list("portal_id", flat=True)
    )
    owing |= set(StarterPage.objects.filter(portal_id__in=portal_ids, filled=False).values_list("portal_id", flat=True))
    return set(portal_ids) - owing


# -- gathering --------------------------------------------------------------------------


@dataclass
class KindStatus:
    activity: ContentActivity
    last: datetime.datetime | None
    counts: list[int]
    max_days: int

    @property
    def key(self):
        return self.activity.key

    @property
    def days_since(self) -> int | None:
        return None if self.last is None else self.age.days

    stale: bool = False
    age: datetime.timedelta = datetime.timedelta(0)


@dataclass
class PortalOversight:
    portal: Portal
    kinds: list[KindStatus] = field(default_factory=list)
    duties: list[tuple[Duty, bool]] = field(default_factory=list)
    overdue: list[tuple[OverdueWork, list[OverdueItem]]] = field(default_factory=list)
    visits: int | None = None
    score: int = 100

    @property
    def last_update(self):
        return max((k.last for k in self.kinds if k.last), default=None)

    @property
    def stale_kinds(self) -> list[KindStatus]:
        return [k for k in self.kinds if k.stale]

    @property
    def unmet_duties(self) -> list[Duty]:
        return [duty for duty, met in self.duties if not met]

    @property
    def overdue_count(self) -> int:
        return sum(len(items) for _work, items in self.overdue)

    @property
    def needs_attention(self) -> bool:
        return bool(self.stale_kinds or self.unmet_duties or self.overdue_count)

    def kind(self, key) -> KindStatus | None:
        return next((k for k in self.kinds if k.key == key), None)

    def duty_met(self, key) -> bool | None:
        return next((met for duty, met in self.duties if duty.key == key), None)


def _applies(declared_levels, portal) -> bool:
    return declared_levels is None or (portal.level is not None and portal.level.code in declared_levels)


def declared():
    """(plugin name or None for the core, activities, duties, overdue work)."""
    yield None, CORE_ACTIVITIES, CORE_DUTIES, ()
    for plugin in registry.all():
        yield plugin.name, plugin.activities, plugin.duties, plugin.overdue


def all_activities() -> list[ContentActivity]:
    return [activity for _name, activities, _d, _o in declared() for activity in activities]


def all_duties() -> list[Duty]:
    return [duty for _name, _a, duties, _o in declared() for duty in duties]


def _thresholds() -> dict:
    return {(t.kind, t.level_id): t.max_days for t in FreshnessThreshold.objects.all()}


def oversee(portals, until: datetime.datetime | None = None) -> list[PortalOversight]:
    """The oversight of ``portals`` (level loaded) as of ``until`` (now)."""
    until = until or timezone.now()
    portals = list(portals)
    rows = {p.pk: PortalOversight(portal=p) for p in portals}
    thresholds = _thresholds()
    for plugin_name, activities, duties, overdue in declared():
        having = [p for p in portals if plugin_name is None or p.has_plugin(plugin_name)]
        if not having:
            continue
        for activity in activities:
            found = registry.load(activity.activity)(until, DAYS)
            for portal in having:
                if not _applies(activity.levels, portal):
                    continue
                last, counts = found.get(portal.pk, (None, [0] * len(DAYS)))
                max_days = thresholds.get(
                    (activity.key, portal.level_id), thresholds.get((activity.key, None), activity.max_days)
                )
                status = KindStatus(activity=activity, last=last, counts=list(counts), max_days=max_days)
                status.age = until - last if last else datetime.timedelta(0)
                status.stale = last is None or status.age > datetime.timedelta(days=max_days)
                rows[portal.pk].kinds.append(status)
        for duty in duties:
            asked = [p for p in having if _applies(duty.levels, p)]
            met = registry.load(duty.check)([p.pk for p in asked]) if asked else set()
            for portal in asked:
                rows[portal.pk].duties.append((duty, portal.pk in met))
        for work in overdue:
            items = registry.load(work.items)([p.pk for p in having])
            for portal in having:
                rows[portal.pk].overdue.append((work, list(items.get(portal.pk, []))))
    visits = registry.service("visitors.visits")
    if visits is not None:
        since = timezone.localdate(until) - datetime.timedelta(days=29)  # the last 30 days, today included
        counted = visits([p.pk for p in portals if p.has_plugin("visitors")], since)
        for portal in portals:
            if portal.has_plugin("visitors"):
                rows[portal.pk].visits = counted.get(portal.pk, 0)
    for row in rows.values():
        row.score = score(row)
    return list(rows.values())


def score(row: PortalOversight) -> int:
    """100 × (fresh kinds + duties met) / (kinds + duties), less 5 per overdue item (≤ 30)."""
    total = len(row.kinds) + len(row.duties)
    good = sum(1 for k in row.kinds if not k.stale) + sum(1 for _d, met in row.duties if met)
    base = round(100 * good / total) if total else 100
    return max(0, base - min(OVERDUE_PENALTY_MAX, OVERDUE_PENALTY * row.overdue_count))


# -- snapshots for the chart ------------------------------------------------------------------


def record_snapshots(until: datetime.datetime | None = None) -> int:
    """Keep every portal's score of the day ``until`` falls on (now); returns the rows."""
    until = until or timezone.now()
    day = timezone.localdate(until)
    rows = [
        OversightSnapshot(portal_id=row.portal.pk, day=day, score=row.score, stale_kinds=len(row.stale_kinds))
        for row in oversee(Portal.objects.select_related("level"), until)
    ]
    OversightSnapshot.objects.bulk_create(
        rows, update_conflicts=True, unique_fields=["portal", "day"], update_fields=["score", "stale_kinds"]
    )
    return len(rows)


def freshness_series(portal_ids=None, days: int = 180) -> list[dict]:
    """Per recorded day: the mean score and the share of portals with nothing stale."""
    qs = OversightSnapshot.objects.filter(day__gte=timezone.localdate() - datetime.timedelta(days=days))
    if portal_ids is not None:
        qs = qs.filter(portal_id__in=portal_ids)
    rows = qs.values("day").annotate(mean=Avg("score"), fresh=Count("pk", filter=Q(stale_kinds=0)), total=Count("pk"))
    return [
        {"day": r["day"], "mean": round(r["mean"] or 0), "fresh_share": round(100 * r["fresh"] / r["total"]) if r["total"] else 0}
        for r in rows.order_by("day")
    ]


# -- reminders -------------------------------------------------------------------------------


def digest(row: PortalOversight) -> list[str]:
    """The lines of a portal's reminder: stale kinds, unmet duties, overdue items."""
    lines = []
    for kind in row.stale_kinds:
        if kind.last is None:
            lines.append(_("%(kind)s: nothing published yet.") % {"kind": kind.activity.label})
        else:
            lines.append(
                _("%(kind)s: no update for %(days)s days (expected every %(max)s days).")
                % {"kind": kind.activity.label, "days": kind.days_since, "max": kind.max_days}
            )
    for duty in row.unmet_duties:
        lines.append(_("To do: %(duty)s.") % {"duty": duty.label})
    for work, items in row.overdue:
        for item in items:
            lines.append(
                _("%(work)s overdue since %(due)s: %(title)s")
                % {"work": work.label, "due": item.due.strftime("%d/%m/%Y") if item.due else "", "title": item.title}
            )
    return lines


def reminder_period() -> datetime.timedelta:
    return datetime.timedelta(days=settings.OVERSIGHT_REMINDER_DAYS)


@dataclass
class Reminder:
    portal: Portal
    recipients: list[str]
    lines: list[str]


def due_reminders(now: datetime.datetime | None = None) -> list[Reminder]:
    """Portals needing attention, not reminded within the period, with a moderator to write to."""
    now = now or timezone.now()
    recent = set(ReminderLog.objects.filter(sent_at__gt=now - reminder_period()).values_list("portal_id", flat=True))
    portals = (
        Portal.objects.select_related("level", "site", "moderators_group").exclude(pk__in=recent).order_by("level__rank", "name")
    )
    reminders = []
    with translation.override(settings.LANGUAGE_CODE):
        for row in oversee(portals, now):
            if not row.needs_attention or row.portal.moderators_group is None:
                continue
            recipients = sorted(
                row.portal.moderators_group.user_set.filter(is_active=True).exclude(email="").values_list("email", flat=True)
            )
            reminders.append(Reminder(portal=row.portal, recipients=recipients, lines=digest(row)))
    return reminders


def send_reminder(reminder: Reminder) -> bool:
    """E-mail one digest and log it; False when the portal has no moderator with an e-mail."""
    if not reminder.recipients:
        return False
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("[Portal network] What %(portal)s needs to update") % {"portal": reminder.portal.name}
        body = "\n".join(
            [
                _("Dear moderators of %(portal)s,") % {"portal": reminder.portal.name},
                "",
                _("The network's oversight found the following on your portal:"),
                "",
                *[f"- {line}" for line in reminder.lines],
                "",
                _("The oversight dashboard: %(url)s") % {"url": f"{settings.WAGTAILADMIN_BASE_URL}/admin/oversight/"},
            ]
        )
    send_mail(subject, body, None, reminder.recipients)
    ReminderLog.objects.create(portal=reminder.portal, recipients=", ".join(reminder.recipients), digest=body)
    return True


# -- the demo ---------------------------------------------------------------------------------


def demo_history(slow_portals, weeks: int = 12) -> int:
    """Make the demo's oversight real: the pages of ``slow_portals`` (the wards that
    "chậm cập nhật") were last published 45 to 120 days ago, and the network's scores of
    the last ``weeks`` weeks are recorded as of each week (content did not exist before
    the demo's dates, so the chart shows the network filling in). Returns the snapshots."""
    now = timezone.now()
    for n, portal in enumerate(slow_portals):
        home = portal.site.root_page
        when = now - datetime.timedelta(days=45 + 25 * n)
        trees = Page.objects.filter(translation_key=home.translation_key)
        for tree in trees:
            Page.objects.filter(path__startswith=tree.path, depth__gt=tree.depth).update(
                last_published_at=when, first_published_at=when
            )
    return sum(record_snapshots(now - datetime.timedelta(weeks=w)) for w in range(weeks, -1, -1))
