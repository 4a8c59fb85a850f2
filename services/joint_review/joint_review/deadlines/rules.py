"""Department limits: urging, supervision, silence as consent, time off the clock (R-JOINT-6, R-CLOCK-2/5).

No framework here. A task is due by the hall's closing time (17:00 China time) of its due date.

- due soon (催办) and overdue (督办): the hall's one rule, ``workday_calendar.deadline_alert``;
  an overdue task is reported to the hall's supervision and counts against the department;
- silence as consent: only for the catalogue items configured so (off by default); then an
  overdue task is answered ``approve`` by the system, stating so in a condition;
- a joint site inspection stops the review's clock: the working days after its start day up to
  and including its end day do not count, so each open task's due date moves by the working
  days of that span that lay within the task's own limit (the same convention as intake's clock);
- counted against them: each overdue task is one row of the department's month (its due date's),
  with the working days it was late when reported; the month's report sets them against the
  tasks due in it.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from joint_review.reviews.rules import Task
from workday_calendar import WorkingCalendar

SYSTEM_REVIEWER = "system"
SILENCE_CHANNEL = "silence"
SILENCE_CONDITION = "逾期未答复，视为同意 (no answer by the deadline: deemed approved, R-CLOCK-5)"


def silence_items(setting: str | None) -> frozenset[str]:
    """``SILENCE_CONSENT_ITEMS``: comma-separated item codes; empty (the default) means none."""
    return frozenset(code.strip() for code in str(setting or "").split(",") if code.strip())


def silence_opinion(task_id: str) -> dict[str, Any]:
    """The system's answer for a silent department of an item configured so (R-CLOCK-5)."""
    return {
        "opinion_id": f"silence-{task_id}"[:64],
        "task_id": task_id,
        "verdict": "approve",
        "conditions": [SILENCE_CONDITION],
        "reviewer_id": SYSTEM_REVIEWER,
    }


def days_off_clock(calendar: WorkingCalendar, starts_on: date, ends_on: date, assigned_on: date) -> int:
    """Working days an inspection took off a task's clock: after its start day (or the task's
    receipt, if later) up to and including its end day (R-CLOCK-2)."""
    since = max(starts_on, assigned_on)
    return calendar.working_days_between(since, ends_on) if ends_on > since else 0


def pushed_due_date(
    calendar: WorkingCalendar, due: date, assigned_on: date, starts_on: date, ends_on: date
) -> date:
    """A task's due date once an inspection from ``starts_on`` to ``ends_on`` is off its clock.

    A task already due before the inspection began keeps its date (its limit had run out).
    """
    if due <= starts_on:
        return due
    return calendar.add_working_days(due, days_off_clock(calendar, starts_on, ends_on, assigned_on)).date


def days_late(calendar: WorkingCalendar, due: date, reported_on: date) -> int:
    """Working days a task was late when reported: the missed due day counts as the first, then
    each working day after it up to and including the day it was reported (R-JOINT-6)."""
    return max(1, calendar.working_days_between(due, max(due, reported_on)))


def overdue_record(task: Task, case_no: str, days: int, outcome: str, at: datetime) -> dict[str, Any]:
    """The row that counts an overdue task against its department, in its due date's month."""
    return {
        "task_id": task["task_id"],
        "department": task["department"],
        "month": f"{task['due_date']:%Y-%m}",
        "case_no": case_no,
        "review_id": task["review_id"],
        "due_date": task["due_date"],
        "days_late": days,
        "outcome": outcome,
        "reported_at": at,
    }


def passed_through(now: datetime, closing: datetime) -> date:
    """The last due date already passed at ``now``; ``closing`` is today's closing time (17:00)."""
    today = closing.date()
    return today if now > closing else today - timedelta(days=1)


def department_report(due: dict[str, int], records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per department, by code: the tasks due in the month (whose due time has passed), those
    reported overdue, and the on-time rate (null when none was due). ``due``: department -> count;
    ``records``: the month's overdue rows."""
    late: dict[str, list[dict[str, Any]]] = {}
    for record in records:
        late.setdefault(record["department"], []).append(record)
    rows = []
    for department in sorted(set(due) | set(late)):
        mine = sorted(late.get(department, []), key=lambda r: (r["due_date"], r["task_id"]))
        count = max(due.get(department, 0), len(mine))
        rows.append(
            {
                "department": department,
                "tasks_due": count,
                "overdue": len(mine),
                "on_time_rate": round((count - len(mine)) / count, 4) if count else None,
                "days_late": sum(r["days_late"] for r in mine),
                "tasks": mine,
            }
        )
    return rows
