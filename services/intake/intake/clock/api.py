"""Entrypoints of the clock: suspension (R-CLOCK-2), extension (R-CLOCK-4), the sweep (R-CLOCK-5),
the public deadline calculator and the operator's year schedules (R-CLOCK-1)."""

from __future__ import annotations

import json
import logging

from marshmallow import ValidationError

from intake.cases.schemas import CASE_ERRORS, CASE_NO, WINDOW, CaseSchema
from intake.clock import alerts, handlers, years
from intake.clock.schemas import (
    DeadlineAnswerSchema,
    DeadlineQuerySchema,
    ExtensionSchema,
    SuspensionSchema,
    SweepAnswerSchema,
    YearLoadedSchema,
    YearScheduleSchema,
)
from intake.entrypoints import IntakeEntrypoints
from refusals import Invalid, Malformed
from reliable_events import configured_timer
from web_api import api, json_response, load_json, schema_of
from web_api.idempotency import idempotent
from web_api.openapi import Route, path_parameter, query_parameter

log = logging.getLogger(__name__)
SWEEP_SECONDS_KEY = "SWEEP_SECONDS"
OPERATOR = ("operator",)


class ClockApi(IntakeEntrypoints):
    """Mixin of the intake service: the clock's operations."""

    @api("POST", "/cases/<string:case_no>/suspension")
    def suspend_case(self, request, case_no):
        """Stop the clock (R-CLOCK-2): ``{"reason_kind": "expert_review", "reason": "专家评审",
        "expected_working_days": 10}`` -> 200, status ``suspended``, deadline null; event
        ``case_suspended`` with the expected duration and resumption day (notices_due ["suspension"]).
        Errors: 401/403, 404, 409 ``transition_not_allowed`` (clock not running), 422
        ``validation_failed`` (reason kind, reason, expected_working_days missing or not 1..60)."""
        principal = self.window_principal(request)
        command = load_json(request, SuspensionSchema)
        self.check_department(principal, self.case_department(case_no))
        with self.case_work(principal) as ctx:
            case = handlers.suspend_case(case_no, command, ctx)
        return self.case_answer(case)

    @api("POST", "/cases/<string:case_no>/resumption")
    def resume_case(self, request, case_no):
        """Run the clock again: ``{}`` -> 200 with the new deadline (suspended days not counted);
        event ``case_resumed`` (notices_due ["resumption"]: the applicant is told the new deadline).
        Errors: 401/403, 404, 409 ``transition_not_allowed`` (not suspended)."""
        principal = self.window_principal(request)
        self.check_department(principal, self.case_department(case_no))
        with self.case_work(principal) as ctx:
            case = handlers.resume_case(case_no, ctx)
        return self.case_answer(case)

    @api("POST", "/cases/<string:case_no>/extension")
    @idempotent
    def extend_case(self, request, case_no):
        """The window head extends the limit (R-CLOCK-4): ``{"days": 3, "reason": "需补充现场核查"}``
        -> 200 with the new deadline; event ``case_extended`` (notices_due ["extension"]).
        Errors: 401, 403 (not the head of the case's department), 404, 409 ``extension_too_late``
        (less than 1 working day before the deadline) or ``transition_not_allowed`` (suspended,
        closed), 422 (no reason; the limit would pass the legal limit)."""
        principal = self.access.require(request, "window_head")
        command = load_json(request, ExtensionSchema)
        self.check_department(principal, self.case_department(case_no))
        with self.case_work(principal) as ctx:
            case = handlers.extend_case(case_no, command, ctx)
        return self.case_answer(case)

    @configured_timer(SWEEP_SECONDS_KEY, 60)
    def sweep_timer(self):
        """Every ``SWEEP_SECONDS``: alert the cases due soon and overdue (R-CLOCK-5)."""
        counts = alerts.sweep(self.db, self.calendar, self.clock())
        if counts["due_soon"] or counts["overdue"]:
            log.info("clock sweep: %s", counts)

    @api("POST", "/clock/sweep")
    def sweep_now(self, request):
        """Run the sweep now (operators, tests): ``{}`` -> 200 ``{"due_soon": 1, "overdue": 0,
        "skipped": 0}``. Errors: 401/403."""
        self.access.require(request, *OPERATOR)
        return json_response(
            schema_of(SweepAnswerSchema).dump(alerts.sweep(self.db, self.calendar, self.clock()))
        )

    @api("GET", "/calendar/deadline")
    def calculate_deadline(self, request):
        """The public calculator, no login: ``GET /calendar/deadline?start=2026-09-30&days=3`` ->
        ``{"deadline": "2026-10-10", "closes_at": "2026-10-10T17:00:00+08:00", "provisional": false,
        "holidays_skipped": ["2026-10-01", ...], "working_weekends": ["2026-10-10"], ...}``.
        Errors: 422 ``validation_failed`` listing every bad parameter."""
        try:
            query = schema_of(DeadlineQuerySchema).load(request.args.to_dict())
        except ValidationError as exc:
            raise Invalid("请求参数有误 (the query has invalid parameters)", exc.messages) from None
        answer = years.calculate(self.calendar, query["start"], query["days"])
        return json_response(schema_of(DeadlineAnswerSchema).dump(answer))

    @api("PUT", "/calendar/years/<int:year>")
    def load_year(self, request, year):
        """Load a year's official schedule (operators): ``{"official": true, "holidays":
        ["2027-01-01", ...], "working_weekends": ["2027-02-07", ...]}`` -> 200 ``{"year": 2027,
        "official": true, "recomputed": 3}``: every replica applies it, provisional deadlines are
        counted again (``case_deadline_recomputed``). Errors: 400 ``invalid_json``, 401/403,
        422 ``validation_failed`` naming the bad entry (nothing is stored)."""
        principal = self.access.require(request, *OPERATOR)
        try:
            content = json.loads(request.get_data(as_text=True) or "null")
        except ValueError:
            raise Malformed(
                "请求体不是有效的 JSON (the body is not valid JSON)", code="invalid_json"
            ) from None
        with self.case_work(principal) as ctx:
            answer = years.load_year(year, content, ctx)
        return json_response(schema_of(YearLoadedSchema).dump(answer))


YEAR = (path_parameter("year", "e.g. 2027", "integer"),)
OPERATOR_ERRORS = {401: "No or unknown bearer token (unauthenticated)", 403: "Not an operator (forbidden)"}
CLOCK_ROUTES = [
    Route(
        "POST",
        "/cases/{case_no}/suspension",
        "Stop the clock for a hearing, testing, inspection...",
        SuspensionSchema,
        CaseSchema,
        200,
        CASE_ERRORS,
        CASE_NO,
        roles=WINDOW,
    ),
    Route(
        "POST",
        "/cases/{case_no}/resumption",
        "Run the clock again; the deadline moves by the days off",
        None,
        CaseSchema,
        200,
        CASE_ERRORS,
        CASE_NO,
        roles=WINDOW,
    ),
    Route(
        "POST",
        "/cases/{case_no}/extension",
        "The window head extends the limit, 1 working day ahead",
        ExtensionSchema,
        CaseSchema,
        200,
        {**CASE_ERRORS, 409: "Too late (extension_too_late) or not running (transition_not_allowed)"},
        CASE_NO,
        roles=("window_head",),
        idempotent=True,
    ),
    Route(
        "POST",
        "/clock/sweep",
        "Alert the cases due soon and overdue now",
        None,
        SweepAnswerSchema,
        200,
        OPERATOR_ERRORS,
        roles=OPERATOR,
    ),
    Route(
        "GET",
        "/calendar/deadline",
        "Where a limit of N working days ends, no login",
        None,
        DeadlineAnswerSchema,
        200,
        {422: "Invalid parameters, every one listed (validation_failed)"},
        (
            query_parameter("start", "YYYY-MM-DD, 2000-01-01..2099-12-31, not counted", True),
            query_parameter("days", "working days, 0..365", True),
        ),
    ),
    Route(
        "PUT",
        "/calendar/years/{year}",
        "Load a year's official holiday schedule",
        YearScheduleSchema,
        YearLoadedSchema,
        200,
        {
            400: "The body is not JSON (invalid_json)",
            **OPERATOR_ERRORS,
            422: "The schedule is invalid, the bad entry named (validation_failed)",
        },
        YEAR,
        roles=OPERATOR,
    ),
]
