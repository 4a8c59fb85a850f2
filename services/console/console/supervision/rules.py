"""Pure helpers of supervision's pages: which months a report covers, staff ids typed in."""

from __future__ import annotations

import re
from datetime import date

MONTH = re.compile(r"^(20\d\d)-(0[1-9]|1[0-2])$")
STAFF_ID = re.compile(r"^[A-Za-z0-9_-]{1,32}$")


def previous_month(today: date) -> str:
    first = today.replace(day=1)
    return f"{first.year - 1}-12" if first.month == 1 else f"{first.year}-{first.month - 1:02d}"


def report_months(asked: str | None, today: date) -> list[str]:
    """The month asked for (YYYY-MM), else this month and the one before (a task due late last
    month is reported overdue this month); a malformed month is ignored."""
    if asked and MONTH.match(asked):
        return [asked]
    return [f"{today:%Y-%m}", previous_month(today)]


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
