"""The worklist: ``GET /cases``, the open cases a caller may see, urgent first (R-KIND-7)."""

from __future__ import annotations

from marshmallow import ValidationError

from intake.entrypoints import READ_ROLES, WINDOW_ROLES, IntakeEntrypoints
from intake.refusals import InvalidRequest
from intake.worklist import handlers
from intake.worklist.schemas import WorklistQuerySchema, WorklistSchema
from web_api import api, json_response, schema_of
from web_api.openapi import Route, query_parameter


class WorklistApi(IntakeEntrypoints):
    """The open cases a window, supervision or the operator may see, one page at a time."""

    @api("GET", "/cases")
    def list_cases(self, request):
        """The worklist: ``GET /cases?urgent=true&overdue=false&limit=20&offset=0`` -> 200
        ``{"cases": [{"case_no": "HALL-20261123-9KN9JEEK", "item_code": "SC-010", "kind": "promised",
        "status": "in_progress", "urgent": true, "deadline": "2026-11-30", "working_days_left": 5,
        "overdue": false, "holder_id": "S01", "window": "W03", ...}], "total": 1, "limit": 20,
        "offset": 0}``: open cases only, urgent first, then by deadline (none last), then by number;
        paged by ``limit`` (1..200, default 50) and ``offset`` (no cursor). A window sees its
        department's cases only, as with ``GET /cases/{case_no}``; supervision and the operator all.
        Errors: 401/403 (also a window asking for another department), 422 ``validation_failed``
        listing every bad filter.
        """
        principal = self.access.require(request, *READ_ROLES)
        try:
            command = schema_of(WorklistQuerySchema).load(request.args.to_dict())
        except ValidationError as error:
            raise InvalidRequest("筛选条件有误 (the filters are invalid)", error.messages) from None
        if principal.role in WINDOW_ROLES:
            self.check_department(principal, command.get("department") or principal.department or "")
            command["department"] = principal.department
        with self.case_work(principal) as ctx:
            answer = handlers.worklist(command, ctx)
        return json_response(schema_of(WorklistSchema).dump(answer))


WORKLIST_ROUTES = [
    Route(
        "GET",
        "/cases",
        "The worklist: open cases the caller may see, urgent first, then by deadline",
        None,
        WorklistSchema,
        200,
        {
            401: "No or unknown bearer token (unauthenticated)",
            403: "Not a reader of cases, or a window asking for another department (forbidden)",
            422: "Invalid filters, every one listed (validation_failed)",
        },
        (
            query_parameter("status", "an open status, e.g. in_progress", False),
            query_parameter("kind", "immediate|promised|supplement|joint|escalated", False),
            query_parameter("window", "the window that registered it, e.g. W03", False),
            query_parameter("department", "a department code (a window: only its own)", False),
            query_parameter("holder", "the staff id who handles it now", False),
            query_parameter("due_before", "YYYY-MM-DD: deadline before this day", False),
            query_parameter("overdue", "true|false: past 17:00 of the deadline", False),
            query_parameter("urgent", "true|false", False),
            query_parameter("limit", "page size, 1..200, default 50", False),
            query_parameter("offset", "cases to skip, default 0", False),
        ),
        roles=("window_staff", "window_head", "lead_window", "supervision", "operator"),
    ),
]
