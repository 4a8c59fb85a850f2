"""The worklist use case: the open cases a query keeps, a page of them, urgent first (R-KIND-7)."""

from __future__ import annotations

from intake.cases.rules import OPEN
from intake.unit_of_work import Context
from intake.worklist.rules import DEFAULT_LIMIT, Filters, overdue_cutoff, row_of


def worklist(command: dict, uow: Context) -> dict:
    """``command``: the loaded query (``WorklistQuerySchema``), the department already narrowed to
    the caller's for a window. Returns ``{"cases": [...], "total": n, "limit": .., "offset": ..}``."""
    filters = Filters(
        overdue_from=overdue_cutoff(uow.calendar, uow.now),
        statuses=(command["status"],) if command.get("status") else OPEN,
        kind=command.get("kind"),
        window=command.get("window"),
        department=command.get("department"),
        holder=command.get("holder"),
        due_before=command.get("due_before"),
        overdue=command.get("overdue"),
        urgent=command.get("urgent"),
        limit=command.get("limit", DEFAULT_LIMIT),
        offset=command.get("offset", 0),
    )
    rows, total = uow.cases.worklist(filters)
    return {
        "cases": [row_of(case, uow.calendar, uow.now) for case in rows],
        "total": total,
        "limit": filters.limit,
        "offset": filters.offset,
    }
