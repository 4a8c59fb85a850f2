"""Entrypoints of the hall's reports: the ledger (R-CLOCK-6), ratings (R-RATE-1), staff scores
(R-SCORE-1), the complaint deductions behind them, and the business gauges (issue point 11)."""

from __future__ import annotations

from datetime import datetime

from werkzeug.wrappers import Response

from intake.entrypoints import IntakeEntrypoints
from intake.reports import metrics, repository, rules
from intake.reports.schemas import LedgerSchema, RatingsReportSchema, StaffScoresSchema
from intake.staff import scores
from reliable_events import reliable_event_handler
from web_api import Forbidden, api, json_response, schema_of
from web_api.openapi import Route, query_parameter

REPORT_ROLES = ("supervision", "operator", "window_head")


class ReportsApi(IntakeEntrypoints):
    """Mixin of the intake service: reports for supervision, operators and window heads."""

    def report_scope(self, request):
        """The caller, and the department a report covers: a window head's own only; others any or all."""
        principal = self.access.require(request, *REPORT_ROLES)
        requested = request.args.get("department") or None
        if principal.role != "window_head":
            return principal, requested
        if requested not in (None, principal.department):
            raise Forbidden(
                f"窗口负责人只能查看本部门 ({principal.department}) 的报表 "
                f"(a window head sees only their own department, not {requested})"
            )
        return principal, principal.department

    def passed_through(self, now: datetime):
        return rules.overdue_through(now, self.calendar.closes_at(self.calendar.today(now)))

    @api("GET", "/ledger")
    def get_ledger(self, request):
        """Every case registered in the period (R-CLOCK-6): ``GET /ledger?from=2026-11-01&to=2026-11-30
        &department=market_regulation&format=csv`` -> 200 CSV (UTF-8 BOM; Chinese headings, then the
        English codes) or JSON
        ``{"rows": [{"case_no", "registered_at", "accepted_at", "acceptor_staff_id", "on_time", ...}]}``.
        Errors: 401/403 (a window head asking for another department), 422 ``validation_failed``
        (missing or bad dates, to before from, more than 366 days, unknown format: all listed)."""
        principal, department = self.report_scope(request)
        with self.case_work(principal) as ctx:
            first, last, fmt = rules.parse_ledger_query(
                request.args.get("from"), request.args.get("to"), request.args.get("format")
            )
            start, end = rules.utc_bounds(first, last, self.calendar.timezone)
            found = repository.registered_between(ctx.connection, start, end, department)
        passed = self.passed_through(ctx.now)
        rows = [rules.ledger_row(case, passed, self.calendar.timezone, self.calendar) for case in found]
        if fmt == "json":
            return json_response(schema_of(LedgerSchema).dump({"rows": rows}))
        return Response(
            rules.to_csv(rows).encode("utf-8"),
            status=200,
            mimetype="text/csv",
            headers={"Content-Disposition": f'attachment; filename="ledger-{first}-{last}.csv"'},
        )

    @api("GET", "/reports/ratings")
    def get_rating_report(self, request):
        """R-RATE-1 for the cases completed in a month: ``GET /reports/ratings?month=2026-11`` -> 200
        ``{"month", "windows": [{"window", "completed", "rated", "rating_rate", "satisfied",
        "basically_satisfied", "dissatisfied", "satisfaction_rate"}], "departments": [...]}``; a rate
        is null when there is nothing to divide. Errors: 401/403, 422 (month not YYYY-MM)."""
        principal, department = self.report_scope(request)
        with self.case_work(principal) as ctx:
            first, last = rules.parse_month(request.args.get("month"))
            start, end = rules.utc_bounds(first, last, self.calendar.timezone)
            completed = repository.completed_between(ctx.connection, start, end, department)
        return json_response(
            schema_of(RatingsReportSchema).dump({"month": f"{first:%Y-%m}", **rules.rating_report(completed)})
        )

    @api("GET", "/reports/staff-scores")
    def get_staff_scores(self, request):
        """R-SCORE-1: ``GET /reports/staff-scores?month=2026-11`` -> 200 ``{"month", "staff":
        [{"staff_id", "name", "score", "deducted", "deductions": [{"reason", "description", "points",
        "ref"}]}], "notes": [...]}``. Errors: 401/403, 422 (month not YYYY-MM)."""
        principal, department = self.report_scope(request)
        with self.case_work(principal) as ctx:
            first, last = rules.parse_month(request.args.get("month"))
            passed = self.passed_through(ctx.now)
            due = repository.due_between(ctx.connection, first, last, department)
            rounds = repository.supplement_rounds(ctx.connection, first, last, department)
            complaints = repository.deductions_in(ctx.connection, f"{first:%Y-%m}", department)
            names = repository.staff_names(ctx.connection, department)
        found = scores.staff_scores(
            names,
            [case for case in due if scores.is_late(case, passed)],
            scores.extra_rounds(rounds, first, last),
            complaints,
        )
        return json_response(
            schema_of(StaffScoresSchema).dump(
                {"month": f"{first:%Y-%m}", "staff": found, "notes": [scores.INVISIBLE_NOTE]}
            )
        )

    @reliable_event_handler("complaints", "complaint_substantiated")
    def handle_complaint_substantiated(self, event):
        """A substantiated complaint deducts its points from the staff member's month, once (inbox,
        and the unique complaint_ref + reason)."""
        with self.db.transaction() as tx:
            if tx.seen_before(event):
                return
            row = scores.complaint_deduction(event["data"], self.calendar.timezone, self.clock())
            repository.add_deduction_once(tx.connection, row)

    def refresh_business_gauges(self):
        """Called by ``GET /metrics`` before the exposition: the gauges read from the database."""
        now = self.clock()
        with self.db.transaction() as tx:
            metrics.refresh(tx.connection, self.passed_through(now))


DEPARTMENT = query_parameter("department", "a department code; a window head gets their own", False)
MONTH = query_parameter("month", "YYYY-MM, 2000-01..2099-12")
REPORT_ERRORS = {422: "Invalid query, every problem listed (validation_failed)"}
REPORT_ROUTES = [
    Route(
        "GET",
        "/ledger",
        "The ledger (台账) of the cases registered in a period, CSV or JSON",
        None,
        LedgerSchema,
        200,
        REPORT_ERRORS,
        (
            query_parameter("from", "YYYY-MM-DD, 2000-01-01..2099-12-31"),
            query_parameter("to", "YYYY-MM-DD, at most 366 days on"),
            DEPARTMENT,
            query_parameter(
                "format", "json (default) or csv: two header rows, the Chinese headings then the codes", False
            ),
        ),
        roles=REPORT_ROLES,
    ),
    Route(
        "GET",
        "/reports/ratings",
        "Rating and satisfaction rates per window and department",
        None,
        RatingsReportSchema,
        200,
        REPORT_ERRORS,
        (MONTH, DEPARTMENT),
        roles=REPORT_ROLES,
    ),
    Route(
        "GET",
        "/reports/staff-scores",
        "Monthly staff scores with every deduction",
        None,
        StaffScoresSchema,
        200,
        REPORT_ERRORS,
        (MONTH, DEPARTMENT),
        roles=REPORT_ROLES,
    ),
]
