"""Tell a portal's moderators that a citizen sent a question (best effort)."""

from __future__ import annotations

import logging
import re

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

logger = logging.getLogger(__name__)

# Characters that may not stand in a header line: C0 and C1 controls (CR and LF
# end the header: Django refuses them with BadHeaderError) and the Unicode line
# and paragraph separators.
HEADER_UNSAFE_RE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
SUBJECT_MAX = 180


def header_safe(text: str, limit: int = SUBJECT_MAX) -> str:
    """``text`` as one header line: control characters and line breaks become
    single spaces, runs of spaces fold, and the line is cut at ``limit``."""
    line = " ".join(HEADER_UNSAFE_RE.sub(" ", str(text)).split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def notify_moderators(question) -> int:
    portal = question.portal
    if not portal.moderators_group_id:
        return 0
    recipients = sorted(
        set(
            get_user_model()
            .objects.filter(groups=portal.moderators_group_id, is_active=True)
            .exclude(email="")
            .values_list("email", flat=True)
        )
    )
    if not recipients:
        return 0
    admin_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
        "wagtailsnippets_questions_question:edit", args=[question.pk]
    )
    with override("vi"):
        # Whatever the citizen typed (or an old row holds), the subject stays one header line.
        subject = header_safe(
            _("New question on %(portal)s: %(subject)s") % {"portal": portal.name, "subject": header_safe(question.subject, 120)}
        )
        body = _(
            "A citizen sent a question to %(portal)s.\n\nSubject: %(subject)s\n\nAnswer and publish it in the admin:\n%(url)s\n"
        ) % {
            "portal": portal.name,
            "subject": question.subject,
            "url": admin_url,
        }
    try:
        return send_mail(subject, body, None, recipients, fail_silently=False)
    except Exception:  # mail is a courtesy: the question is already stored
        logger.exception("Could not notify the moderators of %s", portal)
        return 0
