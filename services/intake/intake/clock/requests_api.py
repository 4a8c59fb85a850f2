"""Entrypoints of the extension request (R-CLOCK-4): a clerk asks, the window head declines or
extends (``POST /cases/{case_no}/extension``, in ``intake.clock.api``)."""

from __future__ import annotations

from intake.cases.schemas import CASE_ERRORS, CASE_NO, WINDOW, CaseSchema
from intake.clock import extension_requests
from intake.clock.schemas import ExtensionDeclineSchema, ExtensionRequestSchema
from intake.entrypoints import IntakeEntrypoints
from web_api import api, load_json
from web_api.idempotency import idempotent
from web_api.openapi import Route


class ExtensionRequestsApi(IntakeEntrypoints):
    @api("POST", "/cases/<string:case_no>/extension-request")
    @idempotent
    def request_extension(self, request, case_no):
        """A window clerk asks the head for an extension (R-CLOCK-4): ``{"days": 3, "reason":
        "需补充现场核查"}`` -> 200 with the case; the case's history shows the request until the head
        extends (``POST .../extension``) or declines. Errors: 401, 403 (another department), 404,
        409 ``extension_already_requested``, ``extension_too_late``, ``transition_not_allowed``,
        422 (no reason; past the legal limit)."""
        principal = self.window_principal(request)
        command = load_json(request, ExtensionRequestSchema)
        self.check_department(principal, self.case_department(case_no))
        with self.case_work(principal) as ctx:
            case = extension_requests.request_extension(case_no, command, ctx)
        return self.case_answer(case)

    @api("POST", "/cases/<string:case_no>/extension-request/decline")
    @idempotent
    def decline_extension(self, request, case_no):
        """The window head declines the pending request: ``{"reason": "..."}`` -> 200 with the
        case. Errors: 401, 403 (not the head of the case's department), 404, 409
        ``no_extension_request``, 422 (no reason)."""
        principal = self.access.require(request, "window_head")
        command = load_json(request, ExtensionDeclineSchema)
        self.check_department(principal, self.case_department(case_no))
        with self.case_work(principal) as ctx:
            case = extension_requests.decline_extension(case_no, command, ctx)
        return self.case_answer(case)


EXTENSION_REQUEST_ROUTES = [
    Route(
        "POST",
        "/cases/{case_no}/extension-request",
        "A window clerk asks the head for an extension",
        ExtensionRequestSchema,
        CaseSchema,
        200,
        {
            **CASE_ERRORS,
            409: "Already requested (extension_already_requested), too late (extension_too_late) "
            "or not running (transition_not_allowed)",
        },
        CASE_NO,
        roles=WINDOW,
        idempotent=True,
    ),
    Route(
        "POST",
        "/cases/{case_no}/extension-request/decline",
        "The window head declines the pending extension request",
        ExtensionDeclineSchema,
        CaseSchema,
        200,
        {**CASE_ERRORS, 409: "No request is waiting (no_extension_request)"},
        CASE_NO,
        roles=("window_head",),
        idempotent=True,
    ),
]
