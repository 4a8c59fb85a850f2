"""The timer's sweep (R-CLOCK-5, R-KIND-6): alert the cases due soon and overdue, each alert once.

Two deadlines are swept: a clock-running case's own deadline, and the promised forwarding day of
an escalated case the window has not forwarded yet (R-KIND-6; ``deadline_kind: "forwarding"`` in
the event, thresholds ``forwarding_due_soon``/``forwarding_overdue`` in ``case_alerts``).
The sweep raises each alert once per case, threshold and deadline: the ``case_alerts`` row and the
event are written in one transaction per case, and the unique constraint ``uq_case_alert_once``
decides between replicas sweeping at the same moment (``insert_once``): the loser publishes nothing
and counts the alert as skipped. When to alert is ``workday_calendar.deadline_alert``. A case's
first overdue alert also marks it overdue (``overdue_since``, its deadline's day): it waits for
supervision's decision (R-CLOCK-5, ``intake.overdue``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from intake.cases.rules import CLOCK_RUNNING, Case
from intake.catalogue.repository import Catalogue
from intake.clock import events
from intake.clock.repository import SWEEP_BATCH, AlertRepository, Due
from intake.clock.rules import Alert
from intake.unit_of_work import Context
from workday_calendar import OVERDUE, WorkingCalendar, deadline_alert

TIMER = "timer"  # the sweep's actor; its one history line marks a case overdue
NO_ITEMS = Catalogue({})  # the sweep reads no catalogue item
FORWARDING = "forwarding"


def sweep(db, calendar: WorkingCalendar, now: datetime, batch: int = SWEEP_BATCH) -> dict:
    """Alert every clock-running case due soon or overdue, and every escalated case near or past
    its forwarding day, once: ``{"due_soon": 1, "overdue": 0, "skipped": 0}`` (skipped: another
    replica raised it first)."""
    counts = {"due_soon": 0, "overdue": 0, "skipped": 0}
    today = calendar.today(now)
    horizon = calendar.add_working_days(today, 2).date
    due: Callable[[AlertRepository, Due | None], list[Due]]
    for alert, due in (
        (
            alert_case,
            lambda found, after: found.due_before(CLOCK_RUNNING, horizon, after, batch, today=today),
        ),
        (
            alert_forwarding,
            lambda found, after: found.forwarding_due_before(horizon, after, batch, today=today),
        ),
    ):
        after = None
        while True:  # bounded batches, each read in a short transaction of its own
            with db.transaction() as tx:
                found = due(AlertRepository(tx.connection), after)
            for _, case_no in found:
                with db.transaction() as tx:
                    raised = alert(case_no, Context(tx, NO_ITEMS, calendar, now, TIMER))
                if raised:
                    counts[raised] += 1
            if len(found) < batch:
                break
            after = found[-1]
    return counts


def alert_case(case_no: str, uow: Context) -> str | None:
    """Raise the case's alert under its row lock; None when nothing is (or is any longer) due.
    The first overdue alert marks the case overdue for supervision (R-CLOCK-5)."""
    case = uow.cases.get(case_no)
    if case["status"] not in CLOCK_RUNNING or case["deadline"] is None:
        return None
    deadline = case["deadline"]
    raised = _raise(uow, case, deadline, "case")
    if raised == OVERDUE and case.get("overdue_since") is None:
        case = uow.cases.update(case, overdue_since=deadline)
        uow.record(case, "marked_overdue", {"deadline": deadline.isoformat()})
    return raised


def alert_forwarding(case_no: str, uow: Context) -> str | None:
    """R-KIND-6: the promised forwarding day of an escalated case still at the window."""
    case = uow.cases.get(case_no)
    if case["status"] != FORWARDING or case["forwarding_deadline"] is None:
        return None
    return _raise(uow, case, case["forwarding_deadline"], FORWARDING)


def _raise(uow: Context, case: Case, deadline: date, deadline_kind: str) -> str | None:
    found = deadline_alert(uow.calendar, deadline, uow.now)
    if found is None:
        return None
    threshold = found if deadline_kind == "case" else f"{deadline_kind}_{found}"
    # raised by an earlier sweep: nothing to do and nothing to count (a lost race is counted below)
    if uow.alerts.alerted(case["case_no"], threshold, deadline):
        return None
    alert: Alert = {
        "case_no": case["case_no"],
        "threshold": threshold,
        "deadline": deadline,
        "raised_at": uow.now,
    }
    if not uow.alerts.add_alert_once(alert):
        return "skipped"  # another replica raised it between our look and our insert
    today = uow.today
    left = uow.calendar.working_days_between(today, deadline) if deadline >= today else 0
    closes = uow.calendar.closes_at(deadline)
    data = events.case_alert(case, closes, left, deadline_kind, holder_name(uow, case))
    uow.tx.publish(f"case_{found}", case["case_no"], data)
    return found


def holder_name(uow: Context, case) -> str | None:
    """The name of who holds the case: the roster's, else the receipt's when the first responder
    holds it; None for someone the roster does not know."""
    person = uow.roster.staff_named([case["holder_id"]]).get(case["holder_id"])
    if person:
        return person["name"]
    return case["staff_name"] if case["holder_id"] == case["staff_id"] else None
