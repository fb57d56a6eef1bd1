"""Tell a portal's moderators that a citizen sent a question (best effort)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.urls import reverse
from django.utils.translation import gettext as _, override

logger = logging.getLogger(__name__)


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
        subject = _("New question on %(portal)s: %(subject)s") % {"portal": portal.name, "subject": question.subject[:120]}
        body = _("A citizen sent a question to %(portal)s.\n\nSubject: %(subject)s\n\nAnswer and publish it in the admin:\n%(url)s\n") % {
            "portal": portal.name,
            "subject": question.subject,
            "url": admin_url,
        }
    try:
        return send_mail(subject, body, None, recipients, fail_silently=False)
    except Exception:  # mail is a courtesy: the question is already stored
        logger.exception("Could not notify the moderators of %s", portal)
        return 0
