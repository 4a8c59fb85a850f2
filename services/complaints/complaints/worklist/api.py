"""The office's worklist over HTTP: ``GET /complaints`` (R-COMP-5, R-COMP-8)."""

from __future__ import annotations

from marshmallow import ValidationError

from complaints.complaint.rules import InvalidComplaint
from complaints.entrypoints import Entrypoints, complaint_work
from complaints.worklist import handlers
from complaints.worklist.rules import MAX_LIMIT, STATUSES
from complaints.worklist.schemas import WorklistQuerySchema, WorklistSchema
from web_api import api, json_response, schema_of
from web_api.openapi import Route, query_parameter

READERS = ("complaints_office", "supervision")


class WorklistApi(Entrypoints):
    """The complaints the office tracks, one page at a time."""

    @api("GET", "/complaints")
    def list_complaints(self, request):
        """The worklist: ``GET /complaints?status=forwarded&department=civil_affairs&overdue=true&
        due_before=2026-12-10&limit=50&offset=0`` -> 200 ``{"complaints": [{"complaint_no": ...,
        "status": "forwarded", "due_date": "2026-12-08", "overdue": true, "waiting_for":
        ["civil_affairs"], ...}], "total": 1, "limit": 50, "offset": 0}``: without a status the
        complaints not closed yet (open, forwarded, answered), due first, then by number; never an
        identity.
        Errors: 401, 403, 422 ``validation_failed`` naming every bad filter in Chinese."""
        self.access.require(request, *READERS)
        try:
            command = schema_of(WorklistQuerySchema).load(request.args.to_dict())
        except ValidationError as error:
            raise InvalidComplaint("筛选条件有误 (the filters are invalid)", error.messages) from None
        with complaint_work(self, "reader") as uow:
            answer = handlers.worklist(command, uow)
        return json_response(schema_of(WorklistSchema).dump(answer))


ROUTES = [
    Route(
        "GET",
        "/complaints",
        "The office's worklist: complaints not closed, due first, overdue ones marked (R-COMP-5)",
        None,
        WorklistSchema,
        200,
        {422: "Invalid filters, every one listed (validation_failed)"},
        (
            query_parameter("status", f"{'|'.join(STATUSES)}; default: open, forwarded, answered", False),
            query_parameter("department", "complained about, or forwarded to, this department", False),
            query_parameter("overdue", "true|false: past 17:00 China time of the due date", False),
            query_parameter("due_before", "YYYY-MM-DD: due before this day", False),
            query_parameter("limit", f"page size, 1..{MAX_LIMIT}, default 50", False),
            query_parameter("offset", "complaints to skip, default 0", False),
        ),
        roles=READERS,
    ),
]
