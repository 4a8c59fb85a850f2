"""Department limits: urging, supervision, silence as consent, time off the clock (R-JOINT-6, R-CLOCK-2/5).

No framework here. A task is due by the hall's closing time (17:00 China time) of its due date.

- due soon (催办) and overdue (督办): the hall's one rule, ``workday_calendar.deadline_alert``;
  an overdue task is reported to the hall's supervision and counts against the department;
- silence as consent: only for the catalogue items configured so (off by default); then an
  overdue task is answered ``approve`` by the system, stating so in a condition;
- a joint site inspection stops the review's clock: the working days after its start day up to
  and including its end day do not count, so each open task's due date moves by the working
  days of that span that lay within the task's own limit (the same convention as intake's clock).
"""

from __future__ import annotations

from datetime import date
from typing import Any

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
