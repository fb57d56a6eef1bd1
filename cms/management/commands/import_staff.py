"""Import a portal network's staff from a CSV file.

Columns: portal hostname, full name, e-mail, role (bien-tap-vien / editor,
nguoi-duyet / moderator, quan-tri / admin; Vietnamese with or without
diacritics, or English). A header row is recognised and skipped.

A person is found by e-mail: an existing user is added to the portal's group
(never duplicated), a new user is created without a usable password and sent
an invitation (a password link to the portal's admin host). Running the same
file again changes nothing.

Runs on the importer base (:mod:`cms.importing`): each bad row is reported
with its number and skipped, each good row is saved whole (a new person whose
invitation cannot be sent is not created, so the next run tries again); a dry
run goes through every row in a rolled-back transaction and sends no e-mail.
The command lives in the framework, not in ``sites/``: the network layer may
not import the framework's importer base, and this command is the only part
of the staff import that needs it (roles, groups and invitations stay in
:mod:`sites.staff`).
"""

from __future__ import annotations

import csv
import io

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from cms.importing import ImportCommand, Importer, RowError
from sites.models import Portal
from sites.staff import fold, parse_role, send_staff_email

HEADER_WORDS = {"hostname", "host", "portal", "ten-mien", "cong", "email", "e-mail", "role", "vai-tro"}


def split_name(full_name: str) -> tuple[str, str]:
    """Vietnamese order: 'Nguyễn Văn An' -> ('Nguyễn Văn', 'An'), so that Django's
    first + last name reads as written and the list sorts by given name."""
    words = full_name.split()
    if len(words) == 1:
        return words[0], ""
    return " ".join(words[:-1])[:150], words[-1][:150]


def read_rows(path):
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
    rows = list(enumerate(csv.reader(io.StringIO(text), dialect), start=1))
    if rows and is_header(rows[0][1]):
        rows = rows[1:]
    return rows


def is_header(cells) -> bool:
    return len(cells) >= 4 and "@" not in cells[2] and bool({fold(c) for c in cells} & HEADER_WORDS)


class StaffImporter(Importer):
    """One row: one person in one portal group. Outcomes: created, added, unchanged."""

    def prepare(self):
        self.portals = {
            p.site.hostname.lower(): p
            for p in Portal.objects.select_related("site", "editors_group", "moderators_group", "admins_group")
        }

    def import_row(self, row, cells):
        cells = [c.strip() for c in cells]
        if not any(cells):
            return None
        problems = self.check_row(cells)
        if problems:
            raise RowError(*problems)
        hostname, full_name, email, role_name = cells[:4]
        portal = self.portals[hostname.lower().rstrip("/.")]
        group = getattr(portal, parse_role(role_name).field)
        User = get_user_model()
        matches = list(User._default_manager.filter(email__iexact=email)[:2])
        if len(matches) > 1:
            raise RowError(_("several users have the e-mail %(email)s; give them distinct e-mails first.") % {"email": email})
        if matches:
            user = matches[0]
            if user.groups.filter(pk=group.pk).exists():
                return "unchanged"
            user.groups.add(group)
            return "added"
        first_name, last_name = split_name(full_name)
        user = User(username=self.free_username(email.lower()), email=email, first_name=first_name, last_name=last_name)
        user.set_unusable_password()
        user.save()
        user.groups.add(group)
        if not self.dry_run:
            try:
                send_staff_email(user, portal, invitation=True)
            except Exception as exc:  # not created: the next run tries again
                raise RowError(
                    _("the invitation could not be sent (%(error)s); this person was not added.") % {"error": exc}
                ) from exc
            self.report.count("invited")
        return "created"

    def check_row(self, cells) -> list[str]:
        if len(cells) < 4:
            return [_("expected 4 columns (portal hostname, full name, e-mail, role), found %(count)d.") % {"count": len(cells)}]
        hostname, full_name, email, role_name = cells[:4]
        problems = []
        portal = self.portals.get(hostname.lower().rstrip("/."))
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

    @staticmethod
    def free_username(wanted):
        User = get_user_model()
        wanted = wanted[:140]
        candidate, n = wanted, 1
        while User._default_manager.filter(username=candidate).exists():
            n += 1
            candidate = f"{wanted}-{n}"
        return candidate

    def summary(self):
        counts = {key: self.report[key] for key in ("created", "added", "unchanged", "invited")}
        if self.dry_run:
            return (
                _("Would create %(created)d users, add %(added)d existing users to a group; %(unchanged)d already in place.")
                % counts
            )
        return (
            _(
                "Created %(created)d users, added %(added)d existing users to a group; "
                "%(unchanged)d already in place; %(invited)d invitations sent."
            )
            % counts
        )


class Command(ImportCommand):
    help = (
        "Import portal staff from a CSV file (portal hostname, full name, e-mail, role): "
        "adds existing users to the portal's group, creates and invites new ones."
    )
    progress_label = "Staff"

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV file: hostname, full name, e-mail, role")
        super().add_arguments(parser)

    def handle(self, *args, file, dry_run, no_progress, **options):
        self.run_importer(StaffImporter(dry_run=dry_run), read_rows(file), no_progress=no_progress)
        self.stdout.write(self.style.SUCCESS(_("No errors.")))
