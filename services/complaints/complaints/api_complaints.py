"""Complaints over HTTP: filing, routing, answers, follow-ups (R-COMP-1..8).

The complaints office (``complaints_office``) files and steers every complaint; a department's
window staff or head sees the complaints forwarded to it and reports back (R-COMP-8); supervision
reads. Every write runs in one transaction: a refusal (4xx, every problem listed) changes nothing.
"""

from __future__ import annotations

import json
from contextlib import contextmanager

from marshmallow import ValidationError

from complaints import complaint_handlers as handlers
from complaints import complaint_metrics as metrics
from complaints import complaint_repository as repository
from complaints import complaint_sweep
from complaints.api_complaint_access import ComplaintAccessApi
from complaints.api_complaint_tracking import ComplaintTrackingApi, refresh_gauges  # noqa: F401
from complaints.complaint_repository import ComplaintError
from complaints.complaint_routes import ROUTES  # noqa: F401
from complaints.complaint_schemas import (
    ComplaintAnswerSchema,
    ComplaintCategorySchema,
    ComplaintCloseSchema,
    ComplaintExplanationSchema,
    ComplaintFollowUpSchema,
    ComplaintForwardSchema,
    ComplaintListSchema,
    ComplaintReportSchema,
    ComplaintSchema,
    DepartmentForwardListSchema,
    FileComplaintSchema,
)
from web_api import ApiError, Forbidden, api, json_object, json_response, load_json
from web_api.idempotency import IdempotentPosts, idempotent

OFFICE = ("complaints_office",)
READERS = ("complaints_office", "supervision")
DEPARTMENT_STAFF = ("window_staff", "window_head")


def load_filing(request) -> tuple[dict, dict]:
    """The filing and what is wrong with its fields; the rules are checked with the case (R-COMP-1)."""
    payload = json_object(request)
    try:
        return FileComplaintSchema().load(payload), {}
    except ValidationError as exc:
        return exc.valid_data or {}, exc.messages


class ComplaintsApi(ComplaintAccessApi, ComplaintTrackingApi, IdempotentPosts):
    """Entrypoints of complaints proper; uses ``db``, ``clock``, ``calendar``, ``access``, ``seal``,
    ``settings``, ``config``.

    ``POST /complaints`` files; ``.../forwards``, ``.../referral``, ``.../explanation``,
    ``.../answer``, ``.../close``, ``.../follow-up`` take it to its end.
    """

    @contextmanager
    def complaint_work(self, actor: str):
        try:
            with self.db.transaction() as tx:
                yield handlers.Context(
                    tx, self.calendar, repository.utc(self.clock()), actor, self.seal, self.settings.settings
                )
        except ComplaintError as exc:
            raise ApiError(exc.message, exc.details, status=exc.status, code=exc.code) from exc

    def view(self, ctx, complaint_no: str) -> dict:
        complaint = repository.get_complaint(ctx.connection, complaint_no)
        complaint.pop("identity")
        return ComplaintSchema().dump(
            {
                **complaint,
                "forwards": repository.forwards(ctx.connection, complaint_no),
                "follow_up": _follow_up(repository.follow_up(ctx.connection, complaint_no)),
                "timeline": repository.timeline(ctx.connection, complaint_no),
            }
        )

    @api("POST", "/complaints")
    @idempotent
    def file_complaint(self, request):
        """File a complaint (R-COMP-1..4): ``{"channel": "letter", "category": "late", "matter": "...",
        "occurred_at": "2026-12-01T09:30:00+08:00", "place": "W03", "case_no": "HALL-...",
        "complainant": {"name": "...", "phone": "..."}}`` -> 201 the complaint (no identity; its
        ``complainant_ref``, ``due_date``, ``suggested_categories``). Errors: 401, 403,
        404 ``unknown_case``, 422 ``written_form_required`` / ``validation_failed``."""
        principal = self.access.require(request, *OFFICE)
        command, problems = load_filing(request)
        with self.complaint_work(principal.subject) as ctx:
            complaint = handlers.file_complaint(command, ctx, problems)
            body = self.view(ctx, complaint["complaint_no"])
        metrics.FILED.labels(complaint["channel"], complaint["kind"]).inc()
        return json_response(body, 201)

    @api("GET", "/complaints")
    def list_complaints(self, request):
        """The office's tracking list: ``?status=open``, ``?overdue=true`` (open past their due date),
        ``?limit=200`` (1 to 1000; more is capped at 1000). Errors: 401, 403, 422 (a limit that is
        not a whole number from 1 up)."""
        self.access.require(request, *READERS)
        overdue = request.args.get("overdue") == "true"
        raw_limit = request.args.get("limit", "200")
        if not (raw_limit.isascii() and raw_limit.isdigit() and int(raw_limit) >= 1):
            raise ApiError(
                "limit 须为 1 至 1000 的整数 (limit must be a whole number from 1 to 1000)",
                {"limit": ["须为 1 至 1000 的整数 (a whole number from 1 to 1000)"]},
                status=422,
                code="validation_failed",
            )
        limit = min(int(raw_limit), 1000)  # more than 1000 is answered with the first 1000
        with self.complaint_work("reader") as ctx:
            before = complaint_sweep.overdue_before(ctx.calendar, ctx.now) if overdue else None
            found = repository.list_complaints(ctx.connection, request.args.get("status"), before, limit)
        return json_response(ComplaintListSchema().dump({"complaints": found}))

    @api("GET", "/complaints/<string:complaint_no>")
    def get_complaint(self, request, complaint_no):
        """One complaint with its forwards, follow-up and timeline; never the identity.
        Errors: 401, 403, 404."""
        self.access.require(request, *READERS)
        with self.complaint_work("reader") as ctx:
            return json_response(self.view(ctx, complaint_no))

    def office_step(self, request, complaint_no: str, schema, step) -> object:
        principal = self.access.require(request, *OFFICE)
        command = load_json(request, schema) if schema is not None else {}
        with self.complaint_work(principal.subject) as ctx:
            step(command, ctx)
            return json_response(self.view(ctx, complaint_no))

    @api("PUT", "/complaints/<string:complaint_no>/category")
    def recategorise(self, request, complaint_no):
        """Correct the scope category while the complaint is tracked: ``{"category": "late"}``.
        Errors: 401, 403, 404, 409 ``transition_not_allowed``, 422."""
        return self.office_step(
            request,
            complaint_no,
            ComplaintCategorySchema(),
            lambda c, ctx: handlers.recategorise(complaint_no, c["category"], ctx),
        )

    @api("POST", "/complaints/<string:complaint_no>/forwards")
    @idempotent
    def forward(self, request, complaint_no):
        """Forward to departments (R-COMP-8): ``{"departments": ["civil_affairs"]}``; 2+ departments
        get the multi-department limit. Errors: 401, 403, 404, 409 ``already_forwarded``, 422."""
        return self.office_step(
            request,
            complaint_no,
            ComplaintForwardSchema(),
            lambda c, ctx: handlers.forward(complaint_no, c["departments"], ctx),
        )

    @api("POST", "/complaints/<string:complaint_no>/explanation")
    def explain(self, request, complaint_no):
        """A limit that cannot be met: ``{"reason": "...", "new_due_date": "2026-12-04"}`` told to the
        complainant (complaint_explained). Errors: 401, 403, 404, 409, 422."""
        return self.office_step(
            request,
            complaint_no,
            ComplaintExplanationSchema(),
            lambda c, ctx: handlers.explain(complaint_no, c["reason"], c["new_due_date"], ctx),
        )

    @api("POST", "/complaints/<string:complaint_no>/referral")
    def refer(self, request, complaint_no):
        """Refer a discipline (county commission) or crime (judiciary) complaint (R-COMP-7). No body.
        Errors: 401, 403, 404, 409 ``not_referable`` / ``already_referred``."""
        complaint = self.office_step(
            request, complaint_no, None, lambda c, ctx: handlers.refer(complaint_no, ctx)
        )
        metrics.REFERRALS.labels(json.loads(complaint.get_data())["referred_to"]).inc()
        return complaint

    @api("POST", "/complaints/<string:complaint_no>/answer")
    def answer(self, request, complaint_no):
        """Answer on the complaint's channel (R-COMP-6): ``{"findings": "...", "decision": "...",
        "call_note": {"called_at": "...", "summary": "..."}}`` (the call note for oral ones).
        Errors: 401, 403, 404, 409 ``not_answerable`` / ``transition_not_allowed``, 422."""
        return self.office_step(
            request,
            complaint_no,
            ComplaintAnswerSchema(),
            lambda c, ctx: handlers.answer(complaint_no, c, ctx),
        )

    @api("POST", "/complaints/<string:complaint_no>/close")
    def close(self, request, complaint_no):
        """Close an answered complaint: ``{"substantiated": true}`` (optional ``deduction_points``);
        substantiated against a staff member publishes complaint_substantiated (R-SCORE-1).
        Errors: 401, 403, 404, 409, 422."""
        return self.office_step(
            request, complaint_no, ComplaintCloseSchema(), lambda c, ctx: handlers.close(complaint_no, c, ctx)
        )

    @api("POST", "/complaints/<string:complaint_no>/follow-up")
    @idempotent
    def follow_up(self, request, complaint_no):
        """回访 a closed complaint once: ``{"satisfaction": "satisfied", "note": "..."}``.
        Errors: 401, 403, 404, 409 ``already_followed_up`` / ``transition_not_allowed``, 422."""
        response = self.office_step(
            request,
            complaint_no,
            ComplaintFollowUpSchema(),
            lambda c, ctx: handlers.follow_up(complaint_no, c, ctx),
        )
        metrics.FOLLOW_UPS.labels(json.loads(response.get_data())["follow_up"]["satisfaction"]).inc()
        return response

    @api("GET", "/departments/<string:department>/complaints")
    def department_complaints(self, request, department):
        """Complaints forwarded to a department (facts and pseudonym only): ``?status=open``.
        Errors: 401, 403 (another department)."""
        principal = self.access.require(request, *DEPARTMENT_STAFF)
        self.only_for(principal, department)
        with self.complaint_work(principal.subject) as ctx:
            found = repository.department_forwards(ctx.connection, department, request.args.get("status"))
        return json_response(DepartmentForwardListSchema().dump({"forwards": found}))

    @api("POST", "/complaints/<string:complaint_no>/forwards/<string:department>/report")
    @idempotent
    def report_back(self, request, complaint_no, department):
        """The department reports back (R-COMP-8): ``{"report": "..."}``; its staff, or the office for it.
        Errors: 401, 403 (another department; the accused's own department, R-COMP-4), 404,
        409 ``already_reported``, 422."""
        principal = self.access.require(request, *DEPARTMENT_STAFF, *OFFICE)
        office = principal.role == "complaints_office"
        if not office:
            self.only_for(principal, department)
        command = load_json(request, ComplaintReportSchema())
        with self.complaint_work(principal.subject) as ctx:
            handlers.report_back(
                complaint_no, department, command["report"], ctx, None if office else principal.department
            )
            forwards = repository.forwards(ctx.connection, complaint_no)
        return json_response({"forwards": [_forward(row) for row in forwards]})

    @staticmethod
    def only_for(principal, department: str) -> None:
        if not principal.acts_for(department):
            raise Forbidden(
                f"只能处理本部门 ({principal.department}) 的投诉 "
                f"(you act for {principal.department}, not {department})"
            )


def _forward(row: dict) -> dict:
    return {key: (value.isoformat() if hasattr(value, "isoformat") else value) for key, value in row.items()}


def _follow_up(row: dict | None) -> dict | None:
    return _forward(row) if row else None
