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


# -- the citizen (issue #15): the tracking code when sent, the answer once published ------


def _status_url(question) -> str:
    return question.portal.site.root_url.rstrip("/") + reverse("questions:track") + "?ma=" + question.tracking_code


def _answer_url(question) -> str:
    return question.portal.site.root_url.rstrip("/") + reverse("questions:detail", args=[question.pk])


def _language(question) -> str:
    languages = {code for code, _name in settings.LANGUAGES}
    return question.language if question.language in languages else settings.LANGUAGE_CODE


def notify_sender_received(question) -> int:
    """Send the citizen their tracking code (best effort; nothing when no address)."""
    if not question.email:
        return 0
    with override(_language(question)):
        subject = header_safe(
            _("Your question to %(portal)s: tracking code %(code)s")
            % {"portal": question.portal.name, "code": question.tracking_code}
        )
        body = _(
            "Your question to %(portal)s has been received.\n\n"
            "Subject: %(subject)s\nTracking code: %(code)s\nTo be answered by: %(due)s\n\n"
            "Follow your question here:\n%(url)s\n\n"
            "You will receive another e-mail when the answer is published.\n"
        ) % {
            "portal": question.portal.name,
            "subject": question.subject,
            "code": question.tracking_code,
            "due": question.due_on.strftime("%d/%m/%Y") if question.due_on else "",
            "url": _status_url(question),
        }
    try:
        return send_mail(subject, body, None, [question.email], fail_silently=False)
    except Exception:  # mail is a courtesy: the code is on the screen too
        logger.exception("Could not send the tracking code of question %s", question.pk)
        return 0


def notify_answer_published(question_id) -> int:
    """Tell the citizen their question's answer is published, once: the first caller claims
    ``answer_notified_at`` (a conditional update, so two saves at once send one e-mail);
    a failed send releases it, so the next save of the published question tries again."""
    from django.utils import timezone

    from .models import Question

    now = timezone.now()
    pending = Question.objects.filter(pk=question_id, answer_notified_at__isnull=True).published().exclude(email="")
    if not pending.update(answer_notified_at=now):
        return 0
    question = Question.objects.select_related("portal__site").get(pk=question_id)
    with override(_language(question)):
        subject = header_safe(
            _("Your question to %(portal)s has been answered (tracking code %(code)s)")
            % {"portal": question.portal.name, "code": question.tracking_code}
        )
        body = _(
            "The answer to your question to %(portal)s is published.\n\n"
            "Subject: %(subject)s\nTracking code: %(code)s\n\nRead the answer here:\n%(url)s\n"
        ) % {
            "portal": question.portal.name,
            "subject": question.subject,
            "code": question.tracking_code,
            "url": _answer_url(question),
        }
    try:
        return send_mail(subject, body, None, [question.email], fail_silently=False)
    except Exception:
        logger.exception("Could not tell the sender of question %s that it was answered", question.pk)
        Question.objects.filter(pk=question_id, answer_notified_at=now).update(answer_notified_at=None)
        return 0
