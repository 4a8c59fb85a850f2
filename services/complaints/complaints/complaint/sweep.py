"""Due-soon and overdue complaints (R-COMP-5): the office tracks every complaint until it closes.

A complaint is due by the hall's closing time (17:00 China time) of its due date. The sweep
(a timer and ``POST /complaints/sweep``) marks each tracked complaint once per threshold and due
date: ``due_soon`` when it is due today or on the next working day, ``overdue`` past closing
time (a limit breach, counted in ``hall_complaint_limit_breaches_total``). The
``complaint_alerts`` key decides between replicas. An explained complaint has a new due date,
so it is alerted again against that date.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta

from sqlalchemy import select

from complaints.complaint import repository
from complaints.complaint.rules import TRACKED
from complaints.orm import complaint_alerts, complaints
from reliable_events import insert_once
from workday_calendar import DUE_SOON, OVERDUE, WorkingCalendar, deadline_alert

SWEEPER = "system"


def overdue_before(calendar: WorkingCalendar, now: datetime) -> date:
    """Tracked complaints due before this date are past their limit at ``now``."""
    today = calendar.today(now)
    return today + timedelta(days=1) if now > calendar.closes_at(today) else today


def sweep(transaction, calendar: WorkingCalendar, now: datetime) -> dict:
    """Raise every alert due at ``now``, one transaction each; returns the categories alerted.

    ``{"due_soon": 1, "overdue": 2, "breached": {"late": 2}}``
    """
    horizon = calendar.next_working_day(calendar.today(now))
    with transaction() as tx:
        found = (
            tx.connection.execute(
                select(complaints.c.complaint_no)
                .where(complaints.c.status.in_(TRACKED), complaints.c.due_date <= horizon)
                .order_by(complaints.c.due_date, complaints.c.complaint_no)
            )
            .scalars()
            .all()
        )
    raised: Counter = Counter({DUE_SOON: 0, OVERDUE: 0})
    breached: Counter = Counter()
    for complaint_no in found:
        with transaction() as tx:
            complaint = repository.get_complaint(tx.connection, complaint_no, lock=True)
            threshold = alert(tx.connection, complaint, calendar, now)
        if threshold:
            raised[threshold] += 1
            if threshold == OVERDUE:
                breached[complaint["category"]] += 1
    return {**raised, "breached": dict(breached)}


def alert(connection, complaint: dict, calendar: WorkingCalendar, now: datetime) -> str | None:
    if complaint["status"] not in TRACKED:
        return None
    threshold = deadline_alert(calendar, complaint["due_date"], now)
    if threshold is None or not claim(connection, complaint, threshold, now):
        return None
    repository.note(
        connection,
        complaint["complaint_no"],
        now,
        threshold,
        SWEEPER,
        due_date=complaint["due_date"].isoformat(),
        explained=complaint["explained_at"] is not None,
    )
    return threshold


def claim(connection, complaint: dict, threshold: str, now: datetime) -> bool:
    """Whether this call raised the alert (the ``complaint_alerts`` key decides between replicas)."""
    values = {
        "complaint_no": complaint["complaint_no"],
        "threshold": threshold,
        "due_date": complaint["due_date"],
        "raised_at": now,
    }
    return insert_once(connection, complaint_alerts, values)
