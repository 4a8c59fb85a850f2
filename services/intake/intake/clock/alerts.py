"""The timer's sweep (R-CLOCK-5): alert the cases due soon and overdue, each alert once.

The sweep raises each alert once per case, threshold and deadline: the ``case_alerts`` row and the
event are written in one transaction per case, and the unique constraint ``uq_case_alert_once``
decides between replicas sweeping at the same moment; the loser rolls back and skips.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy.exc import IntegrityError

from intake.cases import repository
from intake.cases.rules import CLOCK_RUNNING
from intake.clock import events
from intake.clock.repository import add_alert, alerted, due_before
from workday_calendar import WorkingCalendar


def threshold(calendar: WorkingCalendar, now: datetime, deadline: date) -> str | None:
    """``overdue`` past 17:00 of the deadline, ``due_soon`` within 1 working day of it, else None."""
    if now > calendar.closes_at(deadline):
        return "overdue"
    today = calendar.today(now)
    if deadline >= today and calendar.working_days_between(today, deadline) <= 1:
        return "due_soon"
    return None


def sweep(db, calendar: WorkingCalendar, now: datetime) -> dict:
    """Alert every clock-running case due soon or overdue, once: ``{"due_soon": 1, "overdue": 0,
    "skipped": 0}`` (skipped: another replica raised it first)."""
    counts = {"due_soon": 0, "overdue": 0, "skipped": 0}
    for case_no in candidates(db, calendar, now):
        try:
            with db.transaction() as tx:
                raised = alert_case(tx, calendar, now, case_no)
        except IntegrityError:  # another replica inserted the same alert first
            raised = "skipped"
        if raised:
            counts[raised] += 1
    return counts


def candidates(db, calendar: WorkingCalendar, now: datetime) -> list[str]:
    """Open clock-running cases due before the second working day from today (ix_cases_open_deadline)."""
    horizon = calendar.add_working_days(calendar.today(now), 2).date
    with db.transaction() as tx:
        return due_before(tx.connection, CLOCK_RUNNING, horizon)


def alert_case(tx, calendar: WorkingCalendar, now: datetime, case_no: str) -> str | None:
    """Raise the case's alert under its row lock; None when nothing is (or is any longer) due."""
    case = repository.get_case(tx.connection, case_no)
    if case["status"] not in CLOCK_RUNNING or case["deadline"] is None:
        return None
    found = threshold(calendar, now, case["deadline"])
    if found is None or alerted(tx.connection, case_no, found, case["deadline"]):
        return None
    add_alert(tx.connection, case_no, found, case["deadline"], now)
    today = calendar.today(now)
    left = calendar.working_days_between(today, case["deadline"]) if case["deadline"] >= today else 0
    closes = calendar.closes_at(case["deadline"])
    tx.publish(f"case_{found}", case_no, events.case_alert(case, closes, left))
    return found
