"""A department reviewer's tasks and answers (R-JOINT-2, R-JOINT-3, R-KIND-7): the row's mark
and the answer form as the API's opinion (pure: no calls, no pages)."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from workday_calendar import OVERDUE, WorkingCalendar, deadline_alert

VERDICTS = {"approve": "同意", "reject": "不同意", "supplement": "需补正"}
TASK_STATUSES = {"open": "待答复", "answered": "已答复"}
KINDS = {"main": "主件", "attachment": "附件"}


@functools.cache
def calendar() -> WorkingCalendar:
    return WorkingCalendar()


def row_class(task: Mapping[str, Any], now: datetime) -> str:
    """``overdue`` (past 17:00 of its due day), ``due-soon`` (due today or the next working day)
    for an open task, else ``""``: the hall's one rule (``workday_calendar.deadline_alert``)."""
    if task.get("status") != "open" or not task.get("due_date"):
        return ""
    alert = deadline_alert(calendar(), date.fromisoformat(str(task["due_date"])[:10]), now)
    if alert is None:
        return ""
    return "overdue" if alert == OVERDUE else "due-soon"


def lines(text: Any) -> list[str]:
    """A textarea, one entry a line: ``"甲\\n\\n 乙 "`` -> ``["甲", "乙"]``."""
    return [line.strip() for line in str(text or "").splitlines() if line.strip()]


def opinion_command(form: Mapping[str, Any], opinion_id: str) -> dict[str, Any]:
    """The answer form as ``POST /tasks/{id}/opinion``: only what the verdict takes (conditions
    with an approval, the reason with a rejection, materials with a supplement request), so a
    line left in another verdict's box does not refuse the answer."""
    verdict = str(form.get("verdict") or "")
    command: dict[str, Any] = {"opinion_id": opinion_id, "verdict": verdict}
    if verdict == "approve":
        command["conditions"] = lines(form.get("conditions"))
    elif verdict == "reject":
        command["reason"] = str(form.get("reason") or "").strip()
    elif verdict == "supplement":
        command["materials"] = lines(form.get("materials"))
    return command


def answer_errors(errors: Mapping[str, str]) -> dict[str, str]:
    """``conditions.0`` -> ``conditions``: a problem with one line lands on its box; the form's
    hidden opinion id is never the person's fault."""
    found: dict[str, str] = {}
    for key, message in errors.items():
        parts = key.split(".")
        while len(parts) > 1 and parts[-1].isdigit():
            parts.pop()
        name = ".".join(parts)
        found.setdefault("_" if name == "opinion_id" else name, message)
    return found
