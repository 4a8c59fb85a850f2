"""When a deadline deserves an alert: the one "due soon / overdue" rule of the hall.

Every limit the hall watches (a case's, a review task's, a complaint's, a desk item's) reaches
``due_soon`` on the working day before its deadline day and on that day itself, and ``overdue``
once the closing time of its deadline day has passed (China time). One definition, so a case and
the review task inside it never disagree about the same afternoon.
"""

from __future__ import annotations

from datetime import date, datetime

from workday_calendar.working_calendar import WorkingCalendar

DUE_SOON = "due_soon"
OVERDUE = "overdue"


def deadline_alert(calendar: WorkingCalendar, due: date, now: datetime) -> str | None:
    """``"overdue"``, ``"due_soon"`` or None for a limit ending on ``due``, at ``now``.

    >>> from datetime import UTC
    >>> calendar = WorkingCalendar()
    >>> deadline_alert(calendar, date(2026, 12, 7), datetime(2026, 12, 4, 2, tzinfo=UTC))  # Fri -> Mon
    'due_soon'
    >>> deadline_alert(calendar, date(2026, 12, 8), datetime(2026, 12, 4, 2, tzinfo=UTC)) is None
    True
    """
    if now > calendar.closes_at(due):
        return OVERDUE
    today = calendar.today(now)
    if today <= due <= calendar.next_working_day(today):
        return DUE_SOON
    return None
