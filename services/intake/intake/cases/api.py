"""Entrypoints of a case's life at the window: accept, supplement, complete, forward upwards."""

from __future__ import annotations

from intake.cases import handlers, metrics, responder
from intake.cases.repository import CaseRepository
from intake.cases.schemas import (
    CASE_ERRORS,
    CASE_NO,
    WINDOW,
    AcceptCaseSchema,
    AuthorityAnswerSchema,
    CaseAcceptedSchema,
    CaseSchema,
    CompletionSchema,
    ForwardingSchema,
    SupplementSchema,
)
from intake.entrypoints import READ_ROLES, WINDOW_ROLES, IntakeEntrypoints
from intake.staff.holders import RosterNow
from web_api import NotFound, api, json_response, load_json, schema_of
from web_api.idempotency import idempotent
from web_api.openapi import Route


class CasesApi(IntakeEntrypoints):
    """A case's life at the window: accept, read, supplement, complete, forward, answer."""

    @api("POST", "/cases")
    @idempotent
    def accept_case(self, request):
        """Accept a case at a window; the rules decide its kind (R-KIND-1..7).

        ``{"item_code": "SC-010", "applicant_name": "张三", "applicant_phone": "13800000000",
        "presented": ["营业执照申请书", "身份证明"], "to_follow": [], "urgent": false,
        "first_responder": {"phone": "0571-1234"}}``
        -> 201 with case_no, verification_code, kind, status, deadline, missing_materials, notices_due.
        The first responder is the signed-in clerk (R-FIRST-1); a window head may send
        ``"first_responder": {"staff_id": "S01"}`` for a colleague of the department (audited).
        Errors: 401, 403 (another department's item; ``first_responder`` naming someone else),
        404 ``unknown_item``, 422 ``validation_failed`` (every problem listed).
        """
        principal = self.window_principal(request)
        command = load_json(request, AcceptCaseSchema)
        self.check_department(principal, self.catalogue.get(command["item_code"]).department)
        with self.case_work(principal) as ctx:
            roster = self.roster_answers.now(ctx.roster)  # the kept answers of this roster version
            command["first_responder"] = self.first_responder(principal, command["first_responder"], roster)
            holder = roster.holder(command["first_responder"]["window"], ctx.today)
            case, found, code = handlers.accept_case(command, ctx, holder)
        metrics.count_accepted(case["kind"])  # after the commit: a refused request counts nothing
        closes = self.calendar.closes_at(case["deadline"]) if case["deadline"] else None
        return json_response(
            schema_of(CaseAcceptedSchema).dump(
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

    def first_responder(self, principal, asked: dict, roster: RosterNow) -> dict:
        """R-FIRST-1: the caller, or a colleague a head names, as the access layer knows them."""
        staff_id = asked.get("staff_id") or principal.subject
        principals = self.access.registry.principals.values()
        person = responder.known_staff(staff_id, principals, roster.find_staff(staff_id))
        return responder.first_responder(principal, asked, person)

    @api("GET", "/cases/<string:case_no>")
    def get_case(self, request, case_no):
        """A case for staff: ``GET /cases/HALL-20261122-9KN9JEEK`` -> 200; 401/403 (also a window of
        another department, as for its history), 404 ``not_found``."""
        principal = self.access.require(request, *READ_ROLES)
        with self.db.transaction() as tx:
            case = CaseRepository(tx.connection).find(case_no)
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
        command = load_json(request, SupplementSchema)
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
        command = load_json(request, CompletionSchema)
        self.check_department(principal, self.case_department(case_no))
        with self.case_work(principal) as ctx:
            case = handlers.complete_case(case_no, command["outcome"], command["reason"], ctx)
        return self.case_answer(case)

    @api("POST", "/cases/<string:case_no>/forwarding")
    def forward_case(self, request, case_no):
        """An escalated case goes to the higher authority (R-KIND-6): ``{"authority": "市自然资源局"}``
        -> 200; late forwarding is recorded. Errors: 404, 409, 422."""
        principal = self.window_principal(request)
        command = load_json(request, ForwardingSchema)
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
        command = load_json(request, AuthorityAnswerSchema)
        self.check_department(principal, self.case_department(case_no))
        with self.case_work(principal) as ctx:
            case = handlers.record_authority_answer(case_no, command, ctx)
        return self.case_answer(case)


CASE_ROUTES = [
    Route(
        "POST",
        "/cases",
        "Accept a case at a window; the rules decide its kind",
        AcceptCaseSchema,
        CaseAcceptedSchema,
        201,
        {
            400: "The body is not JSON (invalid_json)",
            403: "Another department's item, or a first responder naming someone else (forbidden)",
            404: "No such catalogue item (unknown_item)",
            422: "Invalid fields, every one listed (validation_failed)",
        },
        roles=WINDOW,
        idempotent=True,
    ),
    Route(
        "GET",
        "/cases/{case_no}",
        "A case, for staff",
        None,
        CaseSchema,
        200,
        {404: "No such case (not_found)"},
        CASE_NO,
        roles=(*WINDOW, "supervision", "operator"),
    ),
    Route(
        "POST",
        "/cases/{case_no}/supplements",
        "Missing materials arrive; the clock starts with the last",
        SupplementSchema,
        CaseSchema,
        200,
        CASE_ERRORS,
        CASE_NO,
        roles=WINDOW,
    ),
    Route(
        "POST",
        "/cases/{case_no}/completion",
        "Approve, or refuse with a written reason",
        CompletionSchema,
        CaseSchema,
        200,
        CASE_ERRORS,
        CASE_NO,
        roles=WINDOW,
    ),
    Route(
        "POST",
        "/cases/{case_no}/forwarding",
        "An escalated case goes to the higher authority",
        ForwardingSchema,
        CaseSchema,
        200,
        CASE_ERRORS,
        CASE_NO,
        roles=WINDOW,
    ),
    Route(
        "POST",
        "/cases/{case_no}/authority-answer",
        "The higher authority's answer completes the case",
        AuthorityAnswerSchema,
        CaseSchema,
        200,
        CASE_ERRORS,
        CASE_NO,
        roles=WINDOW,
    ),
]
