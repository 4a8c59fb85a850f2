"""The window's worklist: its department's open cases, urgent first, then by deadline."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from werkzeug.wrappers import Response

from console.backends.client import Refused
from console.cases.rules import row_state
from console.web.menus import WINDOW_ROLES
from console.web.messages import chinese, field_errors
from console.web.pages import ConsolePages, page
from console.web.views import KINDS, STATUSES, render

PAGE_SIZE = 20
FILTERS = ("status", "kind", "urgent", "overdue", "holder", "due_before")
OPEN = (
    "awaiting_supplement",
    "in_progress",
    "in_joint_review",
    "forwarding",
    "awaiting_authority",
    "suspended",
)
OPEN_STATUSES = [(status, STATUSES[status]) for status in OPEN]
CASE_KINDS = [(kind, KINDS[kind]) for kind in ("immediate", "promised", "supplement", "joint", "escalated")]


def worklist_query(args: Any, visitor: Any) -> dict[str, Any]:
    """The intake query of the filters typed: ``status=open`` (every open case) asks nothing;
    ``holder=me`` is the visitor's own cases."""
    query = {name: str(args.get(name) or "").strip() for name in FILTERS}
    if query["status"] == "open":
        query["status"] = ""
    if query["holder"] == "me":
        query["holder"] = visitor.subject
    offset = str(args.get("offset") or "0")
    query["offset"] = offset if offset.isdigit() else "0"
    query["limit"] = str(PAGE_SIZE)
    return {name: value for name, value in query.items() if value}


class WorklistPages(ConsolePages):
    @page("GET", "/cases", roles=WINDOW_ROLES)
    def worklist(self, request: Any, visitor: Any) -> Response:
        """The department's open cases (intake ``GET /cases``): urgent first, then by deadline;
        overdue rows red, due within one working day amber, each with a text tag; filters, paging."""
        query = worklist_query(request.args, visitor)
        filters = {name: str(request.args.get(name) or "") for name in FILTERS}
        try:
            answer = self.backends.intake.get("/cases", visitor.token, params=query)
        except Refused as refused:
            if refused.status != 422:
                raise
            errors = field_errors(refused.details)
            errors.setdefault("_", chinese(refused.message))
            return render(
                request,
                "cases/worklist.html",
                status=422,
                rows=[],
                total=0,
                form=filters,
                errors=errors,
                pages={},
                statuses=OPEN_STATUSES,
                kinds=CASE_KINDS,
            )
        rows = [{**row, "state": row_state(row)} for row in answer.get("cases", [])]
        return render(
            request,
            "cases/worklist.html",
            rows=rows,
            total=answer.get("total", 0),
            form=filters,
            pages=_pages(filters, int(answer.get("offset", 0)), int(answer.get("total", 0))),
            statuses=OPEN_STATUSES,
            kinds=CASE_KINDS,
        )


def _pages(filters: dict[str, str], offset: int, total: int) -> dict[str, Any]:
    """Links to the previous and next page, keeping the filters."""
    kept = {name: value for name, value in filters.items() if value}

    def link(at: int) -> str:
        return "/cases?" + urlencode({**kept, "offset": at})

    return {
        "first": offset + 1 if total else 0,
        "last": min(offset + PAGE_SIZE, total),
        "previous": link(max(offset - PAGE_SIZE, 0)) if offset > 0 else None,
        "next": link(offset + PAGE_SIZE) if offset + PAGE_SIZE < total else None,
    }
