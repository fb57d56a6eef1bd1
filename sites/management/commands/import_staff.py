"""Import a portal network's staff from a CSV file.

Columns: portal hostname, full name, e-mail, role (bien-tap-vien / editor,
nguoi-duyet / moderator, quan-tri / admin; Vietnamese with or without
diacritics, or English). A header row is recognised and skipped.

A person is found by e-mail: an existing user is added to the portal's group
(never duplicated), a new user is created without a usable password and sent
an invitation (a password link to the portal's admin host). Each bad row is
reported with its number and skipped; the good rows are imported. Running the
same file again changes nothing.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _
from tqdm import tqdm

from sites.models import Portal
from sites.staff import fold, parse_role, send_staff_email

HEADER_WORDS = {"hostname", "host", "portal", "ten-mien", "cong", "email", "e-mail", "role", "vai-tro"}


@dataclass
class Summary:
    created: int = 0
    added: int = 0
    unchanged: int = 0
    invited: int = 0
    errors: list[str] = field(default_factory=list)
    error_rows: set[int] = field(default_factory=set)

    def fail(self, row: int, problem: str):
        self.errors.append(_("Row %(row)d: %(problem)s") % {"row": row, "problem": problem})
        self.error_rows.add(row)


def split_name(full_name: str) -> tuple[str, str]:
    """Vietnamese order: 'Nguyễn Văn An' -> ('Nguyễn Văn', 'An'), so that Django's
    first + last name reads as written and the list sorts by given name."""
    words = full_name.split()
    if len(words) == 1:
        return words[0], ""
    return " ".join(words[:-1])[:150], words[-1][:150]


def _read_rows(path):
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            text = handle.read()
    except OSError as exc:
        raise CommandError(_("Cannot read %(file)s: %(error)s") % {"file": path, "error": exc.strerror}) from None
    except UnicodeDecodeError:
        raise CommandError(_("%(file)s is not a UTF-8 text file.") % {"file": path}) from None
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return list(enumerate(csv.reader(io.StringIO(text), dialect), start=1))


def _is_header(cells) -> bool:
    return len(cells) >= 4 and "@" not in cells[2] and bool({fold(c) for c in cells} & HEADER_WORDS)


class Command(BaseCommand):
    help = (
        "Import portal staff from a CSV file (portal hostname, full name, e-mail, role): "
        "adds existing users to the portal's group, creates and invites new ones."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV file: hostname, full name, e-mail, role")
        parser.add_argument("--dry-run", action="store_true", help="Check and report; change nothing, send nothing")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, **options):
        dry_run = options["dry_run"]
        rows = _read_rows(options["file"])
        if rows and _is_header(rows[0][1]):
            rows = rows[1:]
        portals = {
            p.site.hostname.lower(): p
            for p in Portal.objects.select_related("site", "editors_group", "moderators_group", "admins_group")
        }
        summary = Summary()
        planned: dict[str, set[int]] = {}  # a dry run's new people: e-mail -> group ids
        for number, cells in tqdm(rows, desc=_("Staff"), unit=_("row"), disable=options["no_progress"], file=self.stderr._out):
            cells = [c.strip() for c in cells]
            if not any(cells):
                continue
            problems = self.check_row(cells, portals)
            if problems:
                for problem in problems:
                    summary.fail(number, problem)
                continue
            hostname, full_name, email, role_name = cells[:4]
            portal, role = portals[hostname.lower().rstrip("/.")], parse_role(role_name)
            group = getattr(portal, role.field)
            try:
                outcome, user = self.apply(portal, group, full_name, email, dry_run, planned)
            except ValueError as exc:
                summary.fail(number, str(exc))
                continue
            setattr(summary, outcome, getattr(summary, outcome) + 1)
            if outcome == "created" and not dry_run:
                try:
                    send_staff_email(user, portal, invitation=True)
                except Exception as exc:  # the account exists; report the mail failure and go on
                    summary.fail(
                        number, _("the account was created but the invitation could not be sent (%(error)s).") % {"error": exc}
                    )
                else:
                    summary.invited += 1
        self.report(summary, dry_run)

    def check_row(self, cells, portals) -> list[str]:
        if len(cells) < 4:
            return [_("expected 4 columns (portal hostname, full name, e-mail, role), found %(count)d.") % {"count": len(cells)}]
        hostname, full_name, email, role_name = cells[:4]
        problems = []
        portal = portals.get(hostname.lower().rstrip("/."))
        if portal is None:
            problems.append(_("no portal has the hostname “%(host)s”.") % {"host": hostname})
        if not full_name:
            problems.append(_("the full name is empty."))
        try:
            validate_email(email)
        except ValidationError:
            problems.append(_("“%(email)s” is not a valid e-mail address.") % {"email": email})
        role = parse_role(role_name)
        if role is None:
            problems.append(
                _("unknown role “%(role)s” (use bien-tap-vien, nguoi-duyet or quan-tri; or editor, moderator, admin).")
                % {"role": role_name}
            )
        elif portal is not None and getattr(portal, role.field) is None:
            problems.append(
                _("the portal %(host)s has no group for this role yet; run its provisioning again.") % {"host": hostname}
            )
        return problems

    def apply(self, portal, group, full_name, email, dry_run, planned):
        """Create or complete one person's membership; returns (outcome, user)."""
        User = get_user_model()
        matches = list(User._default_manager.filter(email__iexact=email)[:2])
        if len(matches) > 1:
            raise ValueError(_("several users have the e-mail %(email)s; give them distinct e-mails first.") % {"email": email})
        if matches:
            user = matches[0]
            if user.groups.filter(pk=group.pk).exists():
                return "unchanged", user
            if not dry_run:
                user.groups.add(group)
            return "added", user
        if email.lower() in planned:  # a dry run already counted this person as new
            groups = planned[email.lower()]
            outcome = "unchanged" if group.pk in groups else "added"
            groups.add(group.pk)
            return outcome, None
        if dry_run:
            planned[email.lower()] = {group.pk}
            return "created", None
        first_name, last_name = split_name(full_name)
        with transaction.atomic():
            user = User(
                username=self.free_username(email.lower()),
                email=email,
                first_name=first_name,
                last_name=last_name,
            )
            user.set_unusable_password()
            user.save()
            user.groups.add(group)
        return "created", user

    @staticmethod
    def free_username(wanted):
        User = get_user_model()
        wanted = wanted[:140]
        candidate, n = wanted, 1
        while User._default_manager.filter(username=candidate).exists():
            n += 1
            candidate = f"{wanted}-{n}"
        return candidate

    def report(self, summary: Summary, dry_run: bool):
        for line in summary.errors:
            self.stderr.write(line)
        if dry_run:
            self.stdout.write(_("Dry run: nothing was changed and no e-mail was sent."))
            self.stdout.write(
                _("Would create %(created)d users, add %(added)d existing users to a group; %(unchanged)d already in place.")
                % {"created": summary.created, "added": summary.added, "unchanged": summary.unchanged}
            )
        else:
            self.stdout.write(
                _(
                    "Created %(created)d users, added %(added)d existing users to a group; "
                    "%(unchanged)d already in place; %(invited)d invitations sent."
                )
                % {"created": summary.created, "added": summary.added, "unchanged": summary.unchanged, "invited": summary.invited}
            )
        if summary.error_rows:
            count = {"count": len(summary.error_rows)}
            raise CommandError(
                _("%(count)d rows had errors (listed above).") % count
                if dry_run
                else _("%(count)d rows had errors (listed above); the other rows were imported.") % count
            )
        self.stdout.write(self.style.SUCCESS(_("No errors.")))
