"""The deadline sweep on a timer and on an operator's request; business gauges at each scrape."""

from __future__ import annotations

import logging

from joint_review import metrics
from joint_review.deadlines import handlers, rules
from joint_review.deadlines.schemas import DepartmentOverdueReportSchema, SweepResultSchema
from joint_review.entrypoints import Entrypoints
from joint_review.refusals import InvalidQuery
from joint_review.reviewers.handlers import hand_over_absent
from reliable_events import configured_timer
from web_api import api, json_response, schema_of
from web_api.dates import parse_month
from web_api.openapi import Route, query_parameter

log = logging.getLogger(__name__)

SWEEP_SECONDS_KEY = "SWEEP_SECONDS"
DEFAULT_SWEEP_SECONDS = 60
SILENCE_CONSENT_ITEMS_KEY = "SILENCE_CONSENT_ITEMS"
REPORT_ROLES = ("supervision", "operator", "window_head")


class DeadlinesApi(Entrypoints):
    """The deadline sweep (timer and operators' request) and the business gauges."""

    def sweep_now(self) -> dict:
        """Alerts due now, then the hand-over of tasks held by reviewers whose leave started today."""
        silence = rules.silence_items(self.config.get(SILENCE_CONSENT_ITEMS_KEY))
        now = self.clock()  # one moment for the whole sweep
        raised = handlers.sweep({"silence_items": silence}, lambda: self.unit_of_work(handlers.SWEEPER, now))
        with self.unit_of_work("system") as uow:
            moved = hand_over_absent(uow)
        return {**raised, "reassigned": len(moved)}

    @configured_timer(SWEEP_SECONDS_KEY, DEFAULT_SWEEP_SECONDS)
    def sweep_deadlines(self):
        """Every ``SWEEP_SECONDS``: urge (催办) tasks due soon, report overdue ones (督办), R-JOINT-6.
        Safe on every replica: each alert is raised once."""
        raised = self.sweep_now()
        if any(raised.values()):
            log.info("deadline sweep raised %s", raised)

    @api("POST", "/reviews/sweep")
    def sweep(self, request):
        """Operators: run the deadline sweep now, with the service's clock. No body.
        -> 200 ``{"raised": {"due_soon": 1, "overdue": 0, "silence_consent": 0, "reassigned": 0}}``
        (reassigned: tasks handed over because a leave started today). Errors: 401, 403."""
        self.access.require(request, "operator")
        return json_response({"raised": self.sweep_now()})

    @api("GET", "/reports/department-overdue")
    def department_overdue(self, request):
        """R-JOINT-6, counted against them: ``GET /reports/department-overdue?month=2026-11`` -> 200
        ``{"month": "2026-11", "departments": [{"department": "natural_resources", "tasks_due": 12,
        "overdue": 2, "on_time_rate": 0.8333, "days_late": 3, "tasks": [{"task_id", "case_no",
        "due_date", "days_late", "outcome", "reported_at"}]}]}``: tasks due in the month (due time
        passed) and those reported overdue, by due month. Supervision and operators see every
        department, a window head its own only. Errors: 401, 403, 422 ``validation_failed``
        (month missing or not YYYY-MM, or outside 2000-01..2099-12)."""
        principal = self.access.require(request, *REPORT_ROLES)
        try:
            first, last = parse_month(request.args.get("month"))
        except ValueError as problem:
            raise InvalidQuery("月份有误 (the month is invalid)", {"month": [str(problem)]}) from None
        department = principal.department if principal.role == "window_head" else None
        command = {"first": first, "last": last, "department": department}
        with self.unit_of_work("reader") as uow:
            report = handlers.department_overdue(command, uow)
        return json_response(schema_of(DepartmentOverdueReportSchema).dump(report))

    def refresh_business_gauges(self) -> None:
        """Called by ``GET /metrics``: open reviews, open and overdue tasks by department."""
        with self.db.transaction() as tx:
            metrics.refresh(tx.connection, self.calendar, self.clock())


ROUTES = [
    Route(
        "POST",
        "/reviews/sweep",
        "Operators: urge tasks due soon and report overdue ones now (R-JOINT-6)",
        None,
        SweepResultSchema,
        200,
        {},
        (),
        roles=("operator",),
    ),
    Route(
        "GET",
        "/reports/department-overdue",
        "Overdue review tasks counted against each department, by month (R-JOINT-6)",
        None,
        DepartmentOverdueReportSchema,
        200,
        {422: "Month missing or not YYYY-MM, or out of range (validation_failed)"},
        (query_parameter("month", "YYYY-MM, 2000-01..2099-12"),),
        roles=REPORT_ROLES,
    ),
]
