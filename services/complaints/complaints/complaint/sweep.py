"""Due-soon and overdue complaints (R-COMP-5): the office tracks every complaint until it closes.

A complaint is due by the hall's closing time (17:00 China time) of its due date. The sweep
(a timer and ``POST /complaints/sweep``) marks each tracked complaint once per threshold and due
date: ``due_soon`` when it is due today or on the next working day, ``overdue`` past closing
time (a limit breach, counted in ``hall_complaints_limit_breaches_total``). The
``complaint_alerts`` key decides between replicas. An explained complaint has a new due date,
so it is alerted again against that date.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import date, datetime, timedelta

from complaints.complaint.rules import TRACKED, Complaint
from complaints.unit_of_work import UnitOfWork
from workday_calendar import DUE_SOON, OVERDUE, WorkingCalendar, deadline_alert

SWEEPER = "system"
Units = Callable[[], AbstractContextManager[UnitOfWork]]


def overdue_before(calendar: WorkingCalendar, now: datetime) -> date:
    """Tracked complaints due before this date are past their limit at ``now``."""
    today = calendar.today(now)
    return today + timedelta(days=1) if now > calendar.closes_at(today) else today


def sweep(units: Units) -> dict:
    """Raise every alert due now, one unit of work (``units()``) each; the categories alerted.

    ``{"due_soon": 1, "overdue": 2, "breached": {"late": 2}}``
    """
    with units() as uow:
        found = uow.complaints.tracked_due_by(uow.calendar.next_working_day(uow.today))
    raised: Counter = Counter({DUE_SOON: 0, OVERDUE: 0})
    breached: Counter = Counter()
    for complaint_no in found:
        with units() as uow:
            complaint = uow.complaints.get(complaint_no, lock=True)
            threshold = alert(complaint, uow)
        if threshold:
            raised[threshold] += 1
            if threshold == OVERDUE:
                breached[complaint["category"]] += 1
    return {**raised, "breached": dict(breached)}


def alert(complaint: Complaint, uow: UnitOfWork) -> str | None:
    """The alert this complaint is due now, noted on its timeline, if no one raised it before."""
    if complaint["status"] not in TRACKED:
        return None
    threshold = deadline_alert(uow.calendar, complaint["due_date"], uow.now)
    if threshold is None:
        return None
    if not uow.complaints.claim_alert(complaint["complaint_no"], threshold, complaint["due_date"], uow.now):
        return None
    explained = complaint["explained_at"] is not None
    waiting = [
        row["department"]
        for row in uow.complaints.forwards(complaint["complaint_no"])
        if row["status"] == "open"
    ]
    uow.note(
        complaint["complaint_no"],
        threshold,
        due_date=complaint["due_date"].isoformat(),
        explained=explained,
        waiting_for=waiting,  # R-COMP-8: the departments that have not reported back
    )
    return threshold
