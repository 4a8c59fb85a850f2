"""The timer's sweep (R-CLOCK-5): alert the cases due soon and overdue, each alert once.

The sweep raises each alert once per case, threshold and deadline: the ``case_alerts`` row and the
event are written in one transaction per case, and the unique constraint ``uq_case_alert_once``
decides between replicas sweeping at the same moment (``insert_once``): the loser publishes nothing
and counts the alert as skipped. When to alert is ``workday_calendar.deadline_alert``.
"""

from __future__ import annotations

from datetime import datetime

from intake.cases.rules import CLOCK_RUNNING
from intake.catalogue.repository import Catalogue
from intake.clock import events
from intake.clock.repository import AlertRepository
from intake.clock.rules import Alert
from intake.unit_of_work import Context
from workday_calendar import WorkingCalendar, deadline_alert

TIMER = "timer"  # the sweep's actor; it writes no history line
NO_ITEMS = Catalogue({})  # the sweep reads no catalogue item


def sweep(db, calendar: WorkingCalendar, now: datetime) -> dict:
    """Alert every clock-running case due soon or overdue, once: ``{"due_soon": 1, "overdue": 0,
    "skipped": 0}`` (skipped: another replica raised it first)."""
    counts = {"due_soon": 0, "overdue": 0, "skipped": 0}
    for case_no in candidates(db, calendar, now):
        with db.transaction() as tx:
            raised = alert_case(case_no, Context(tx, NO_ITEMS, calendar, now, TIMER))
        if raised:
            counts[raised] += 1
    return counts


def candidates(db, calendar: WorkingCalendar, now: datetime) -> list[str]:
    """Open clock-running cases due before the second working day from today (ix_cases_open_deadline)."""
    horizon = calendar.add_working_days(calendar.today(now), 2).date
    with db.transaction() as tx:
        return AlertRepository(tx.connection).due_before(CLOCK_RUNNING, horizon)


def alert_case(case_no: str, uow: Context) -> str | None:
    """Raise the case's alert under its row lock; None when nothing is (or is any longer) due."""
    case = uow.cases.get(case_no)
    if case["status"] not in CLOCK_RUNNING or case["deadline"] is None:
        return None
    found = deadline_alert(uow.calendar, case["deadline"], uow.now)
    # raised by an earlier sweep: nothing to do and nothing to count (a lost race is counted below)
    if found is None or uow.alerts.alerted(case_no, found, case["deadline"]):
        return None
    alert: Alert = {
        "case_no": case_no,
        "threshold": found,
        "deadline": case["deadline"],
        "raised_at": uow.now,
    }
    if not uow.alerts.add_alert_once(alert):
        return "skipped"  # another replica raised it between our look and our insert
    today = uow.today
    left = uow.calendar.working_days_between(today, case["deadline"]) if case["deadline"] >= today else 0
    closes = uow.calendar.closes_at(case["deadline"])
    uow.tx.publish(f"case_{found}", case_no, events.case_alert(case, closes, left))
    return found
