"""manage.py send_reminders [--dry-run] [--schedule]: the oversight reminders (issue #15).

E-mails each portal that needs attention (stale content kinds, unmet duties, overdue
work: ``sites.oversight``) a digest addressed to its moderators, at most once per
``OVERSIGHT_REMINDER_DAYS`` (7), and logs what was sent (*Settings › Reminders sent*).
Also records the day's scores for the dashboard's chart. ``--dry-run`` prints the
portals and items it would remind and changes nothing; ``--schedule`` queues the daily
task (``sites.tasks.daily_oversight``) instead of running now.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from sites import oversight, tasks


class Command(BaseCommand):
    help = "E-mail each stale portal's moderators a digest of what is overdue (and record the day's scores)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Print what would be sent; send and record nothing.")
        parser.add_argument("--schedule", action="store_true", help="Queue the daily task instead of running now.")
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args, dry_run=False, schedule=False, no_progress=False, **options):
        if schedule:
            if not tasks.schedule():
                raise CommandError(
                    "The task backend cannot run a task later (TASKS_BACKEND=database with manage.py db_worker "
                    "can); run this command from cron every morning instead."
                )
            self.stdout.write(f"Queued the daily oversight job for {tasks.next_run():%Y-%m-%d %H:%M}.")
            return
        reminders = oversight.due_reminders()
        if dry_run:
            for reminder in reminders:
                to = ", ".join(reminder.recipients) or "(no moderator with an e-mail address)"
                self.stdout.write(f"{reminder.portal.name} [{reminder.portal.site.hostname}] -> {to}")
                for line in reminder.lines:
                    self.stdout.write(f"  - {line}")
            self.stdout.write(f"Dry run: {len(reminders)} portal(s) would be reminded; nothing was sent.")
            return
        recorded = oversight.record_snapshots()
        sent = skipped = 0
        for reminder in tqdm(reminders, desc="Reminders", unit="portal", disable=no_progress, file=self.stderr):
            if oversight.send_reminder(reminder):
                sent += 1
            else:
                skipped += 1
                self.stdout.write(f"{reminder.portal.name}: no moderator with an e-mail address, not reminded.")
        self.stdout.write(
            f"Recorded {recorded} portal score(s); sent {sent} reminder(s); {skipped} portal(s) without a recipient."
        )
