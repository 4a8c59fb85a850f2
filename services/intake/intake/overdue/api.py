"""Entrypoint of supervision's decision on an overdue case (R-CLOCK-5)."""

from __future__ import annotations

from intake.cases.schemas import CASE_ERRORS, CASE_NO, CaseSchema
from intake.entrypoints import IntakeEntrypoints
from intake.overdue import handlers
from intake.overdue.schemas import OverdueDecisionSchema
from web_api import api, load_json
from web_api.openapi import Route

SUPERVISION = ("supervision",)


class OverdueApi(IntakeEntrypoints):
    """Supervision decides what becomes of a case past its limit."""

    @api("POST", "/cases/<string:case_no>/overdue-decision")
    def decide_overdue(self, request, case_no):
        """R-CLOCK-5, supervision only: ``{"decision": "approve_as_normal"}`` -> 200, the case
        completed as approved (late; the completion notice), or ``{"decision": "legal_obstacle",
        "reason": "须待不动产登记机构依法确认权属"}`` -> 200, the case stays with the window and the
        applicant gets the overdue explanation notice. Event ``case_overdue_decided``.
        Errors: 401/403 (not supervision), 404, 409 ``not_overdue``, ``overdue_already_decided``
        or ``transition_not_allowed`` (closed; approving a case with the higher authority or
        suspended), 422 ``validation_failed`` (unknown decision, an obstacle without reason)."""
        principal = self.access.require(request, *SUPERVISION)
        command = load_json(request, OverdueDecisionSchema)
        with self.case_work(principal) as ctx:
            case = handlers.decide_overdue(case_no, command, ctx)
        return self.case_answer(case)


OVERDUE_ROUTES = [
    Route(
        "POST",
        "/cases/{case_no}/overdue-decision",
        "Supervision decides on a case past its limit: approve as normal, or a legal obstacle",
        OverdueDecisionSchema,
        CaseSchema,
        200,
        {
            **CASE_ERRORS,
            403: "Not supervision (forbidden)",
            409: "Not overdue (not_overdue), decided already (overdue_already_decided), closed or "
            "not the hall's to approve (transition_not_allowed)",
            422: "Unknown decision, or a legal obstacle without its reason (validation_failed)",
        },
        CASE_NO,
        roles=SUPERVISION,
    ),
]
