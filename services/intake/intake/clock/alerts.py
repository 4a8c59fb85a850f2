"""The timer's sweep (R-CLOCK-5): alert the cases due soon and overdue, each alert once.

The sweep raises each alert once per case, threshold and deadline: the ``case_alerts`` row and the
event are written in one transaction per case, and the unique constraint ``uq_case_alert_once``
decides between replicas sweeping at the same moment (``insert_once``): the loser publishes nothing
and counts the alert as skipped. When to alert is ``workday_calendar.deadline_alert``.
"""

from __future__ import annotations

from datetime import datetime

from intake.cases import repository
from intake.cases.rules import CLOCK_RUNNING
from intake.clock import events
from intake.clock.repository import add_alert_once, alerted, due_before
from workday_calendar import WorkingCalendar, deadline_alert


def sweep(db, calendar: WorkingCalendar, now: datetime) -> dict:
    """Alert every clock-running case due soon or overdue, once: ``{"due_soon": 1, "overdue": 0,
    "skipped": 0}`` (skipped: another replica raised it first)."""
    counts = {"due_soon": 0, "overdue": 0, "skipped": 0}
    for case_no in candidates(db, calendar, now):
        with db.transaction() as tx:
            raised = alert_case(tx, calendar, now, case_no)
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
    found = deadline_alert(calendar, case["deadline"], now)
    # raised by an earlier sweep: nothing to do and nothing to count (a lost race is counted below)
    if found is None or alerted(tx.connection, case_no, found, case["deadline"]):
        return None
    if not add_alert_once(tx.connection, case_no, found, case["deadline"], now):
        return "skipped"  # another replica raised it between our look and our insert
    today = calendar.today(now)
    left = calendar.working_days_between(today, case["deadline"]) if case["deadline"] >= today else 0
    closes = calendar.closes_at(case["deadline"])
    tx.publish(f"case_{found}", case_no, events.case_alert(case, closes, left))
    return found
