"""Pure helpers of supervision's pages: which months a report covers, staff ids typed in."""

from __future__ import annotations

import re
from datetime import date

MONTH = re.compile(r"^(20\d\d)-(0[1-9]|1[0-2])$")
STAFF_ID = re.compile(r"^[A-Za-z0-9_-]{1,32}$")


RECENT_MONTHS = 3  # the overdue tasks shown by default: due this month or the two before


def months_back(today: date, count: int) -> list[str]:
    """``count`` months as YYYY-MM, this month first."""
    year, month = today.year, today.month
    found = []
    for _ in range(count):
        found.append(f"{year}-{month:02d}")
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return found


def report_months(asked: str | None, today: date, recent: int = RECENT_MONTHS) -> list[str]:
    """The month asked for (YYYY-MM), else the ``recent`` months up to this one (the
    departments' report counts a task in the month it was due); a malformed month is ignored."""
    if asked and MONTH.match(asked):
        return [asked]
    return months_back(today, recent)


def staff_id(typed: str | None) -> str | None:
    """A staff id as typed (trimmed), or None when there is none or it cannot be one."""
    text = (typed or "").strip()
    return text if STAFF_ID.match(text) else None


def overdue_tasks(reports: list[dict]) -> list[dict]:
    """Every task the departments' overdue reports list, with its department, latest due first."""
    found = [
        {**task, "department": row["department"]}
        for report in reports
        for row in report.get("departments", [])
        for task in row.get("tasks", [])
    ]
    return sorted(found, key=lambda task: (str(task.get("due_date")), str(task.get("task_id"))), reverse=True)
