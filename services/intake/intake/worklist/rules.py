"""The worklist's rules: which open cases a query keeps, in which order, and what each row says.

No framework. ``CaseRepository.worklist`` asks the database the same question in SQL; the fakes of
the unit tests use ``Filters.keeps`` and ``order_key`` here. Urgent cases go first (R-KIND-7), then
the earliest deadline (no deadline last), then the case number. A case is overdue past 17:00 of
its deadline, and stays so once the sweep marked it (``overdue_since``, R-CLOCK-5) until it closes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from intake.cases.rules import OPEN, Case
from workday_calendar import OVERDUE, WorkingCalendar, deadline_alert

DEFAULT_LIMIT = 50
MAX_LIMIT = 200


@dataclass(frozen=True)
class Filters:
    """What the caller asked for; ``None`` keeps every value. ``overdue_from``: the first deadline
    that is not yet overdue (``overdue_cutoff``)."""

    overdue_from: date
    statuses: tuple[str, ...] = OPEN
    kind: str | None = None
    window: str | None = None
    department: str | None = None
    holder: str | None = None
    due_before: date | None = None
    overdue: bool | None = None
    urgent: bool | None = None
    limit: int = DEFAULT_LIMIT
    offset: int = 0

    def keeps(self, case: Case) -> bool:
        deadline = case["deadline"]
        wanted = (
            (self.kind, case["kind"]),
            (self.window, case["window"]),
            (self.department, case["department"]),
            (self.holder, case["holder_id"]),
            (self.urgent, case["urgent"]),
        )
        if case["status"] not in self.statuses or any(w is not None and w != v for w, v in wanted):
            return False
        if self.due_before is not None and (deadline is None or deadline >= self.due_before):
            return False
        late = case.get("overdue_since") is not None or (
            deadline is not None and deadline < self.overdue_from
        )
        return self.overdue is None or self.overdue == late


def overdue_cutoff(calendar: WorkingCalendar, now: datetime) -> date:
    """Deadlines before this day are overdue at ``now`` (``deadline_alert``: past 17:00 of the day)."""
    today = calendar.today(now)
    return today + timedelta(days=1) if deadline_alert(calendar, today, now) == OVERDUE else today


def order_key(case: Case) -> tuple[bool, bool, date, str]:
    """R-KIND-7: urgent first; then by deadline, none last; then by case number."""
    deadline = case["deadline"]
    return (not case["urgent"], deadline is None, deadline or date.min, case["case_no"])


def working_days_left(calendar: WorkingCalendar, deadline: date | None, now: datetime) -> int | None:
    """The working days from today to the deadline: 0 on the deadline and after it; None without one."""
    if deadline is None:
        return None
    today = calendar.today(now)
    return calendar.working_days_between(today, deadline) if deadline >= today else 0


def row_of(case: Case, calendar: WorkingCalendar, now: datetime) -> dict[str, Any]:
    """One line of the worklist: the case, its deadline, the working days left or that it is overdue."""
    deadline = case["deadline"]
    left = working_days_left(calendar, deadline, now)
    return {
        "case_no": case["case_no"],
        "item_code": case["item_code"],
        "item_name": case["item_name"],
        "department": case["department"],
        "kind": case["kind"],
        "status": case["status"],
        "urgent": case["urgent"],
        "deadline": deadline,
        "working_days_left": left,
        "overdue": case.get("overdue_since") is not None
        or (deadline is not None and deadline_alert(calendar, deadline, now) == OVERDUE),
        "overdue_since": case.get("overdue_since"),
        "overdue_decision": case.get("overdue_decision"),
        "holder_id": case["holder_id"],
        "window": case["window"],
    }
