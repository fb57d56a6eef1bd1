"""Working days: deadlines in the rules count them (a citizen's question is answered
within 15 working days). Saturdays, Sundays and the public holidays kept as data
(``sites.PublicHoliday``) are not working days."""

from __future__ import annotations

import datetime

from sites.models import PublicHoliday


def holidays_between(start: datetime.date, end: datetime.date) -> set[datetime.date]:
    return set(PublicHoliday.objects.filter(day__gte=start, day__lte=end).values_list("day", flat=True))


def is_working_day(day: datetime.date, holidays: set[datetime.date] = frozenset()) -> bool:
    return day.weekday() < 5 and day not in holidays


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The day ``days`` working days after ``start`` (``start`` itself not counted): a
    question received on a Friday with 1 working day is due on Monday, or on the next
    working day when Monday is a holiday. One query."""
    # Enough calendar days for the longest run of holidays (Tết) plus weekends.
    holidays = holidays_between(start, start + datetime.timedelta(days=days * 2 + 30))
    day, left = start, days
    while left > 0:
        day += datetime.timedelta(days=1)
        if is_working_day(day, holidays):
            left -= 1
    return day


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when end <= start)."""
    if end <= start:
        return 0
    holidays = holidays_between(start, end)
    return sum(1 for n in range(1, (end - start).days + 1) if is_working_day(start + datetime.timedelta(days=n), holidays))
