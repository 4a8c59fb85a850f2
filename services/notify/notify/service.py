"""Notify's nameko entrypoints."""

from __future__ import annotations

from datetime import UTC, datetime

from notify import handlers, repository
from notify.orm import metadata
from notify.schemas import ROUTES
from reliable_events import Database, reliable_event_handler
from service_metrics import EntrypointMetrics, endpoints
from web_api import ApiError, api, json_response


class NotifyService(endpoints.OperationsEndpoints):
    """Every written notice the rules require.

    Consumes ``intake.case_accepted`` and archives the receipt (回执).
    ``GET /notices?case_no=HALL-20261122-ABCDEFGH`` -> 200 ``{"notices": [...]}``;
    400 ``missing_case_no`` without the parameter.
    """

    name = "notify"
    db = Database(metadata)
    metrics_ = EntrypointMetrics()
    api_description = "Every written notice the rules require, rendered and archived."
    api_routes = ROUTES

    @reliable_event_handler("intake", "case_accepted")
    def handle_case_accepted(self, event):
        with self.db.transaction() as tx:
            if tx.seen_before(event):
                return
            handlers.record_receipt(event, tx, datetime.now(UTC))

    @api("GET", "/notices")
    def list_notices(self, request):
        case_no = request.args.get("case_no")
        if not case_no:
            raise ApiError("请提供受理编号 case_no (case_no is required)", code="missing_case_no")
        with self.db.transaction() as tx:
            found = repository.notices_for_case(tx.connection, case_no)
        return json_response({"notices": found})

