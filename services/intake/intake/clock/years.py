"""The operator's year schedules (R-CLOCK-1) and the public deadline calculator.

Loading a year's official schedule recounts every provisional deadline of an open case.
"""

from __future__ import annotations

from datetime import date, timedelta

from intake.cases.rules import OPEN
from intake.clock import events
from intake.clock.handlers import deadline_from_history
from intake.clock.repository import store_year
from intake.clock.rules import parse_year
from intake.unit_of_work import Context
from workday_calendar import WorkingCalendar


def load_year(year: int, content, ctx: Context) -> dict:
    """Store and apply a year's official schedule, then recount every provisional deadline.

    ``{"year": 2027, "official": true, "holidays": [...], "working_weekends": [...]}`` ->
    ``{"year": 2027, "recomputed": 3}``. Errors: ``InvalidRequest`` naming the bad entry.
    """
    schedule = parse_year(year, content)
    store_year(ctx.connection, schedule, ctx.now)
    ctx.calendar.apply_override(schedule)
    return {"year": year, "official": schedule.official, "recomputed": recompute_provisional(ctx)}


def recompute_provisional(ctx: Context) -> int:
    """Recount each open case whose deadline is provisional; publish where it changed."""
    numbers = ctx.alerts.provisional_case_numbers(OPEN)
    recomputed = 0
    for case_no in numbers:
        case = ctx.cases.get(case_no)
        due = deadline_from_history(ctx, case_no)
        if due is None or (due.date, due.provisional) == (case["deadline"], case["deadline_provisional"]):
            continue
        previous, was_provisional = case["deadline"], case["deadline_provisional"]
        case = ctx.cases.update(case, deadline=due.date, deadline_provisional=due.provisional)
        ctx.record(
            case,
            "deadline_recomputed",
            {
                "previous_deadline": previous.isoformat() if previous else None,
                "deadline": due.date.isoformat(),
            },
        )
        ctx.tx.publish(
            "case_deadline_recomputed",
            case_no,
            events.case_deadline_recomputed(case, previous, was_provisional),
        )
        recomputed += 1
    return recomputed


def calculate(calendar: WorkingCalendar, start: date, days: int) -> dict:
    """The public calculator: ``start=2026-09-30, days=3`` -> deadline 2026-10-10 (调休 Saturday),
    with the weekdays off it skipped (Oct 1, 2, 5, 6, 7) and the 调休 weekends it counted (Oct 10)."""
    due = calendar.add_working_days(start, days)
    counted = [start + timedelta(days=offset) for offset in range(1, (due.date - start).days + 1)]
    return {
        "start": start,
        "days": days,
        "deadline": due.date,
        "closes_at": calendar.closes_at(due),
        "provisional": due.provisional,
        "years_estimated": list(due.years_estimated),
        "holidays_skipped": [
            day for day in counted if day.weekday() < 5 and not calendar.is_working_day(day)
        ],
        "working_weekends": [day for day in counted if day.weekday() >= 5 and calendar.is_working_day(day)],
    }
