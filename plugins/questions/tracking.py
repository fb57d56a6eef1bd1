"""A citizen's handle on their question: the tracking code and the due date (issue #15).

* **Tracking code** (``Question.tracking_code``): ``TRACKING_CODE_LENGTH`` characters drawn
  with :mod:`secrets` from an alphabet without the look-alikes 0/O and 1/I/L, so it can be
  read over the phone and typed from a letter: 31 ** 10 (about 8 × 10**14) codes, looked up
  on the status page (``/hoi-dap/tra-cuu/?ma=<code>``) under a rate limit per address.
  What a citizen types is read leniently (:func:`normalize_code`: case, spaces, dashes).
* **Due date** (``Question.due_on``): the day received plus ``ANSWER_WORKING_DAYS``
  working days (Saturdays, Sundays and ``sites.PublicHoliday`` skipped:
  :func:`sites.workdays.add_working_days`); ``settings.QUESTIONS_ANSWER_WORKING_DAYS``
  changes the number.
"""

from __future__ import annotations

import datetime
import re
import secrets

from django.conf import settings
from django.utils import timezone

from sites.workdays import add_working_days

TRACKING_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
TRACKING_CODE_LENGTH = 10
# What may separate the groups of a typed code ("ABCDE-FGHJK", "abcde fghjk").
_SEPARATORS_RE = re.compile(r"[\s\-_.]+")
_CODE_RE = re.compile(rf"^[{TRACKING_CODE_ALPHABET}]{{{TRACKING_CODE_LENGTH}}}$")

# Citizens' questions are answered within 15 working days of their receipt.
ANSWER_WORKING_DAYS = 15


def new_tracking_code() -> str:
    return "".join(secrets.choice(TRACKING_CODE_ALPHABET) for _ in range(TRACKING_CODE_LENGTH))


def normalize_code(value) -> str | None:
    """The tracking code a citizen typed, in its stored form, or None when it cannot be one
    (too long, wrong characters)."""
    if not isinstance(value, str) or len(value) > 4 * TRACKING_CODE_LENGTH:
        return None
    code = _SEPARATORS_RE.sub("", value).upper()
    return code if _CODE_RE.match(code) else None


def answer_working_days() -> int:
    return int(getattr(settings, "QUESTIONS_ANSWER_WORKING_DAYS", ANSWER_WORKING_DAYS))


def due_date(received: datetime.datetime | datetime.date) -> datetime.date:
    """The day a question received at ``received`` must be answered by (local date)."""
    if isinstance(received, datetime.datetime):
        received = timezone.localdate(received) if timezone.is_aware(received) else received.date()
    return add_working_days(received, answer_working_days())
