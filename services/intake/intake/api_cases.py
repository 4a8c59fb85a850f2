"""Entrypoints of a case's life at the window: accept, supplement, complete, forward upwards."""

from __future__ import annotations

from contextlib import contextmanager

from intake import case_metrics, handlers, repository
from intake.domain import IntakeError
from intake.schemas import (
    AcceptCaseSchema,
    AuthorityAnswerSchema,
    CaseAcceptedSchema,
    CaseSchema,
    CompletionSchema,
    ForwardingSchema,
    SupplementSchema,
)
from web_api import ApiError, Forbidden, NotFound, api, json_response, load_json
from web_api.idempotency import IdempotentPosts, idempotent

WINDOW_ROLES = ("window_staff", "window_head", "lead_window")
READ_ROLES = (*WINDOW_ROLES, "supervision", "operator")


class CaseWork:
    """Mixin of the intake service: needs ``db``, ``clock``, ``calendar``, ``catalogue``, ``access``."""

    @contextmanager
    def case_work(self, principal):
        """A use case's context; a domain refusal becomes its HTTP error and nothing is written."""
        try:
            with self.db.transaction() as tx:
                yield handlers.Context(tx, self.catalogue, self.calendar, self.clock(), principal.subject)
        except IntakeError as exc:
            raise ApiError(exc.message, exc.details, status=exc.status, code=exc.code) from exc

    def window_principal(self, request, roles=WINDOW_ROLES):
        return self.access.require(request, *roles)

    @staticmethod
    def check_department(principal, department: str) -> None:
        """Window staff act only for their own window's department (operators for none)."""
        if principal.department != department:
            raise Forbidden(
                f"只能办理本部门 ({principal.department}) 的事项 "
                f"(window staff act only for their own department, not {department})"
            )

    def case_department(self, case_no: str) -> str:
        with self.db.transaction() as tx:
            case = repository.find_case(tx.connection, case_no)
        if case is None:
            raise NotFound(f"没有受理编号为 {case_no} 的办件 (no case {case_no})")
        return case["department"]

    def case_answer(self, case: dict, status: int = 200, **extra):
        body = CaseSchema().dump(case)
        closes = self.calendar.closes_at(case["deadline"]) if case["deadline"] else None
        body["closes_at"] = closes.isoformat() if closes else None
        return json_response({**body, **extra}, status)


class CasesApi(CaseWork, IdempotentPosts):
    @api("POST", "/cases")
    @idempotent
    def accept_case(self, request):
        """Accept a case at a window; the rules decide its kind (R-KIND-1..7).

        ``{"item_code": "SC-010", "applicant_name": "张三", "applicant_phone": "13800000000",
        "presented": ["营业执照申请书", "身份证明"], "to_follow": [], "urgent": false,
        "first_responder": {"staff_id": "S01", "name": "李四", "phone": "0571-1234", "window": "W03"}}``
        -> 201 with case_no, verification_code, kind, status, deadline, missing_materials, notices_due.
        Errors: 401/403, 404 ``unknown_item``, 422 ``validation_failed`` (every problem listed).
        """
        principal = self.window_principal(request)
        command = load_json(request, AcceptCaseSchema())
        self.check_department(principal, self._item(command["item_code"]).department)
        with self.case_work(principal) as ctx:
            holder = self.holder_for(ctx.connection, command["first_responder"]["window"], ctx.today)
            case, found, code = handlers.accept_case(command, ctx, holder)
        case_metrics.count_accepted(case["kind"])  # after the commit: a refused request counts nothing
        closes = self.calendar.closes_at(case["deadline"]) if case["deadline"] else None
        return json_response(
            CaseAcceptedSchema().dump(
                {
                    **case,
                    "verification_code": code,
                    "closes_at": closes,
                    "return_reason": found.return_reason,
                    "notices_due": found.notices_due,
                }
            ),
            201,
        )

    def holder_for(self, connection, window, day):
        """Who handles new work at ``window`` (the A/B roster overrides this)."""
        return None

    def _item(self, code):
        try:
            return self.catalogue.get(code)
        except IntakeError as exc:
            raise ApiError(exc.message, status=exc.status, code=exc.code) from exc

    @api("GET", "/cases/<string:case_no>")
    def get_case(self, request, case_no):
        """A case for staff: ``GET /cases/HALL-20261122-9KN9JEEK`` -> 200; 401/403 (also a window of
        another department, as for its history), 404 ``not_found``."""
        principal = self.access.require(request, *READ_ROLES)
        with self.db.transaction() as tx:
            case = repository.find_case(tx.connection, case_no)
        if case is None:
            raise NotFound(f"没有受理编号为 {case_no} 的办件 (no case {case_no})")
        if principal.role in WINDOW_ROLES:
            self.check_department(principal, case["department"])
        return self.case_answer(case)

    @api("POST", "/cases/<string:case_no>/supplements")
    def add_supplement(self, request, case_no):
        """Materials arrive (R-KIND-3): ``{"materials": ["身份证明"]}`` -> 200 with what is still
        missing; the clock starts when nothing is (R-CLOCK-3). Errors: 404, 409
        ``transition_not_allowed``, 422 (a material not on the notice)."""
        principal = self.window_principal(request)
        command = load_json(request, SupplementSchema())
        self.check_department(principal, self.case_department(case_no))
        with self.case_work(principal) as ctx:
            case = handlers.add_supplement(case_no, command["materials"], ctx)
        return self.case_answer(case)

    @api("POST", "/cases/<string:case_no>/completion")
    def complete_case(self, request, case_no):
        """Approve, or refuse with a written reason: ``{"outcome": "refused", "reason": "..."}``
        -> 200 with ``on_time``. Errors: 404, 409 ``transition_not_allowed`` (a returned, joint or
        escalated case), 422 (a refusal without reason)."""
        principal = self.window_principal(request)
        command = load_json(request, CompletionSchema())
        self.check_department(principal, self.case_department(case_no))
        with self.case_work(principal) as ctx:
            case = handlers.complete_case(case_no, command["outcome"], command["reason"], ctx)
        return self.case_answer(case)

    @api("POST", "/cases/<string:case_no>/forwarding")
    def forward_case(self, request, case_no):
        """An escalated case goes to the higher authority (R-KIND-6): ``{"authority": "市自然资源局"}``
        -> 200; late forwarding is recorded. Errors: 404, 409, 422."""
        principal = self.window_principal(request)
        command = load_json(request, ForwardingSchema())
        self.check_department(principal, self.case_department(case_no))
        with self.case_work(principal) as ctx:
            case = handlers.forward_case(case_no, command["authority"], ctx)
        return self.case_answer(case)

    @api("POST", "/cases/<string:case_no>/authority-answer")
    def record_authority_answer(self, request, case_no):
        """The higher authority answered: ``{"authority": "市自然资源局",
        "reference": "市自然资批〔2026〕12号", "outcome": "approved"}`` -> 200, the case is completed.
        Errors: 404, 409, 422."""
        principal = self.window_principal(request)
        command = load_json(request, AuthorityAnswerSchema())
        self.check_department(principal, self.case_department(case_no))
        with self.case_work(principal) as ctx:
            case = handlers.record_authority_answer(case_no, command, ctx)
        return self.case_answer(case)
