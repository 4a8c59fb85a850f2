"""The timer's sweep (R-CLOCK-5), the year schedules' recompute, and the public calculator.

The sweep raises each alert once per case, threshold and deadline: the ``case_alerts`` row and the
event are written in one transaction per case, and the unique constraint ``uq_case_alert_once``
decides between replicas sweeping at the same moment; the loser rolls back and skips.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import exists, insert, select
from sqlalchemy.exc import IntegrityError

from intake import calendar_store, clock_events, repository
from intake import case as rules
from intake.clock_handlers import deadline_from_history
from intake.handlers import Context
from intake.orm import case_alerts, cases
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
        return list(
            tx.connection.execute(
                select(cases.c.case_no)
                .where(cases.c.status.in_(rules.CLOCK_RUNNING), cases.c.deadline < horizon)
                .order_by(cases.c.deadline, cases.c.case_no)
            ).scalars()
        )


def alert_case(tx, calendar: WorkingCalendar, now: datetime, case_no: str) -> str | None:
    """Raise the case's alert under its row lock; None when nothing is (or is any longer) due."""
    case = repository.get_case(tx.connection, case_no)
    if case["status"] not in rules.CLOCK_RUNNING or case["deadline"] is None:
        return None
    found = threshold(calendar, now, case["deadline"])
    if found is None or _alerted(tx.connection, case_no, found, case["deadline"]):
        return None
    tx.connection.execute(
        insert(case_alerts).values(case_no=case_no, threshold=found, deadline=case["deadline"], raised_at=now)
    )
    today = calendar.today(now)
    left = calendar.working_days_between(today, case["deadline"]) if case["deadline"] >= today else 0
    closes = calendar.closes_at(case["deadline"])
    tx.publish(f"case_{found}", case_no, clock_events.case_alert(case, closes, left))
    return found


def _alerted(connection, case_no: str, found: str, deadline: date) -> bool:
    return connection.execute(
        select(
            exists().where(
                case_alerts.c.case_no == case_no,
                case_alerts.c.threshold == found,
                case_alerts.c.deadline == deadline,
            )
        )
    ).scalar()


def load_year(year: int, content, ctx: Context) -> dict:
    """Store and apply a year's official schedule, then recount every provisional deadline.

    ``{"year": 2027, "official": true, "holidays": [...], "working_weekends": [...]}`` ->
    ``{"year": 2027, "recomputed": 3}``. Errors: ``InvalidRequest`` naming the bad entry.
    """
    schedule = calendar_store.parse_year(year, content)
    calendar_store.store_year(ctx.connection, schedule, ctx.now)
    ctx.calendar.apply_override(schedule)
    return {"year": year, "official": schedule.official, "recomputed": recompute_provisional(ctx)}


def recompute_provisional(ctx: Context) -> int:
    """Recount each open case whose deadline is provisional; publish where it changed."""
    numbers = (
        ctx.connection.execute(
            select(cases.c.case_no).where(
                cases.c.status.in_(rules.OPEN), cases.c.deadline_provisional.is_(True)
            )
        )
        .scalars()
        .all()
    )
    recomputed = 0
    for case_no in numbers:
        case = repository.get_case(ctx.connection, case_no)
        due = deadline_from_history(ctx, case_no)
        if due is None or (due.date, due.provisional) == (case["deadline"], case["deadline_provisional"]):
            continue
        previous, was_provisional = case["deadline"], case["deadline_provisional"]
        case = repository.update_case(
            ctx.connection, case, deadline=due.date, deadline_provisional=due.provisional
        )
        ctx.record(
            case,
            "deadline_recomputed",
            {"previous_deadline": previous.isoformat(), "deadline": due.date.isoformat()},
        )
        ctx.tx.publish(
            "case_deadline_recomputed",
            case_no,
            clock_events.case_deadline_recomputed(case, previous, was_provisional),
        )
        recomputed += 1
    return recomputed


def calculate(calendar: WorkingCalendar, start: date, days: int) -> dict:
    """The public calculator: ``start=2026-09-30, days=3`` -> deadline 2026-10-10 (调休 Saturday)."""
    due = calendar.add_working_days(start, days)
    return {
        "start": start,
        "days": days,
        "deadline": due.date,
        "closes_at": calendar.closes_at(due),
        "provisional": due.provisional,
        "years_estimated": list(due.years_estimated),
    }
