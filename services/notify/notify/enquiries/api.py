"""The one-time notices owed to enquirers (R-ONCE-2): the sweep that raises the overdue ones to
supervision once, and the routes the clerk and supervision read them with."""

from __future__ import annotations

from notify import metrics
from notify.archive.rules import WINDOW
from notify.dependencies import NotifyWorker
from notify.enquiries import handlers
from notify.enquiries.rules import STATUSES, status_of
from notify.enquiries.schemas import OneTimeNoticeListSchema, OneTimeNoticeSchema
from notify.unit_of_work import unit_of_work
from refusals import Forbidden, Invalid, NotFound
from reliable_events import configured_timer
from web_api import api, json_response, schema_of
from web_api.openapi import Route, path_parameter, query_parameter

READERS = (*WINDOW, "supervision", "operator")
LIST_LIMIT = 500


class OneTimeNoticesApi(NotifyWorker):
    """The sweep and the routes of the one-time notices owed to enquirers."""

    @configured_timer("ONE_TIME_SWEEP_SECONDS", 60.0)
    def sweep_one_time_notices(self):
        """Every ``ONE_TIME_SWEEP_SECONDS``: raise the notices past due and not delivered, once."""
        now = self.now()
        with unit_of_work(self.db) as uow:
            raised = handlers.raise_overdue(handlers.RaiseOverdue(now), uow)
            overdue = uow.one_time.count_overdue(now)
        metrics.count_one_time_overdue(len(raised), overdue)

    def _answer(self, uow, row: dict, now) -> dict:
        deliveries = uow.one_time.deliveries_of(row["notice_no"])
        return {**row, "status": status_of(row, now), "deliveries": deliveries}

    @api("GET", "/one-time-notices")
    def list_one_time_notices(self, request):
        """``GET /one-time-notices?status=overdue`` -> 200 ``{"notices": [...]}``, due soonest first
        (at most 500). Supervision and operators see every department (``department=`` narrows),
        a window its own department's. Errors: 401/403, 422 ``validation_failed`` (a status other
        than pending, delivered, delivered_late, overdue)."""
        principal = self.access.require(request, *READERS)
        status = request.args.get("status") or None
        if status is not None and status not in STATUSES:
            message = f"状态须为 {', '.join(STATUSES)} 之一 (status must be one of {', '.join(STATUSES)})"
            raise Invalid(message, {"status": [message]})
        department = principal.department if principal.role in WINDOW else request.args.get("department")
        now = self.now()
        with unit_of_work(self.db) as uow:
            rows = uow.one_time.listing(status, department, now, LIST_LIMIT)
            found = [self._answer(uow, row, now) for row in rows]
        return json_response(schema_of(OneTimeNoticeListSchema).dump({"notices": found}))

    @api("GET", "/one-time-notices/<string:enquiry_no>")
    def get_one_time_notice(self, request, enquiry_no):
        """``GET /one-time-notices/ENQ-20261123-9KN9JEEK`` -> 200 the notice's status against its due
        time and its deliveries (the windows of its department, supervision, operators).
        Errors: 401/403, 404 ``not_found`` (no such enquiry, or not issued yet)."""
        principal = self.access.require(request, *READERS)
        now = self.now()
        with unit_of_work(self.db) as uow:
            row = uow.one_time.find(enquiry_no)
            if row is None:
                raise NotFound(f"没有询问 {enquiry_no} 的一次性告知 (no one-time notice for {enquiry_no})")
            if principal.role in WINDOW and principal.department != row["department"]:
                raise Forbidden(
                    f"只能查看本部门的告知 (only your own department's notices, not {row['department']})"
                )
            found = self._answer(uow, row, now)
        return json_response(schema_of(OneTimeNoticeSchema).dump(found))


ROUTES = [
    Route(
        "GET",
        "/one-time-notices",
        "One-time notices owed to enquirers, by status against their 3-day limit",
        None,
        OneTimeNoticeListSchema,
        200,
        {422: "An unknown status (validation_failed)"},
        (
            query_parameter("status", "pending, delivered, delivered_late or overdue", False),
            query_parameter("department", "supervision and operators: one department", False),
        ),
        roles=READERS,
    ),
    Route(
        "GET",
        "/one-time-notices/{enquiry_no}",
        "The one-time notice owed to one enquirer: status, due time, deliveries",
        None,
        OneTimeNoticeSchema,
        200,
        {404: "No such enquiry's notice (not_found)"},
        (path_parameter("enquiry_no", "the enquiry's number (intake)"),),
        roles=READERS,
    ),
]
