"""The daily oversight job (issue #15): record the day's scores for the freshness chart
and e-mail the reminders that are due. Started once with ``manage.py send_reminders
--schedule``; on a backend that can defer (the database backend of production's
``db_worker``) each run queues the next for 07:00 the following day. Cron running
``manage.py send_reminders`` every morning does the same without the task queue."""

from __future__ import annotations

import datetime

from django.core.cache import cache
from django.utils import timezone
from django_tasks import task

from sites import oversight

RUN_AT = datetime.time(7, 0)


def next_run(now: datetime.datetime | None = None) -> datetime.datetime:
    """07:00 (Asia/Ho_Chi_Minh) of the day after ``now``."""
    now = timezone.localtime(now or timezone.now())
    return timezone.make_aware(datetime.datetime.combine(now.date() + datetime.timedelta(days=1), RUN_AT))


def run_daily(now: datetime.datetime | None = None) -> tuple[int, int]:
    """Snapshots and reminders; (portals recorded, reminders sent)."""
    recorded = oversight.record_snapshots(now)
    sent = sum(1 for reminder in oversight.due_reminders(now) if oversight.send_reminder(reminder))
    return recorded, sent


def schedule() -> bool:
    """Queue the next daily run; False when the task backend cannot run a task later."""
    if not daily_oversight.get_backend().supports_defer:
        return False
    daily_oversight.using(run_after=next_run()).enqueue()
    return True


@task()
def daily_oversight():
    # One run a day however many chains were started: a second one the same day stops.
    if not cache.add(f"oversight:daily:{timezone.localdate().isoformat()}", 1, timeout=60 * 60 * 36):
        return
    try:
        run_daily()
    finally:
        schedule()
