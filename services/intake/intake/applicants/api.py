"""Internal paths for the hall's other services, never for the public (ARCHITECTURE: personal data).

The public events name an applicant only by ``applicant_ref``. Notify, holding a token of role
``service``, reads the contact it needs to deliver a notice here, one applicant at a time; the
read is logged with the caller's subject and the reference, never with the contact itself.
Likewise the receipt's verification code, which opens the case to whoever holds it: never in an
event (agencies subscribe) nor in a log line; notify reads it here to print it on the receipt.
"""

from __future__ import annotations

import logging

from marshmallow import Schema, fields

from intake.cases.events import APPLICANT_REF_PREFIX
from intake.cases.repository import CaseRepository
from intake.enquiries.repository import EnquiryRepository
from intake.entrypoints import IntakeEntrypoints
from web_api import NotFound, api, json_response, schema_of
from web_api.openapi import Route, path_parameter

log = logging.getLogger(__name__)
ENQUIRY_PREFIX = "ENQ-"


class ContactSchema(Schema):
    applicant_ref = fields.String(required=True)
    name = fields.String(allow_none=True, metadata={"description": "null for an enquirer (not asked)"})
    phone = fields.String(
        allow_none=True, metadata={"description": "null for an enquirer who gave only an email"}
    )
    email = fields.String(allow_none=True)
    channel = fields.String(required=True, metadata={"description": "how the case came in"})


class ReceiptCodeSchema(Schema):
    case_no = fields.String(required=True)
    verification_code = fields.String(
        required=True, metadata={"description": "the code the receipt prints (tracking, rating, notices)"}
    )


class InternalApi(IntakeEntrypoints):
    """Mixin of the intake service: what other services may read, with a ``service`` token."""

    @api("GET", "/internal/applicants/<string:applicant_ref>/contact")
    def applicant_contact(self, request, applicant_ref):
        """``GET /internal/applicants/APP-HALL-20261123-9KN9JEEK/contact`` (role ``service``) ->
        200 ``{"applicant_ref", "name", "phone", "email", "channel"}``. Errors: 401/403, 404
        ``not_found`` (an unknown reference)."""
        case_no = applicant_ref.removeprefix(APPLICANT_REF_PREFIX)
        if case_no.startswith(ENQUIRY_PREFIX):  # R-ONCE-2: an enquirer owed a one-time notice
            return self._enquirer_contact(request, case_no, applicant_ref)
        return self._contact(request, case_no if applicant_ref != case_no else None, applicant_ref)

    @api("GET", "/internal/cases/<string:case_no>/contact")
    def case_applicant_contact(self, request, case_no):
        """``GET /internal/cases/HALL-20261123-9KN9JEEK/contact`` (role ``service``): the same, for
        events that name only the case (joint review's). Errors: 401/403, 404 ``not_found``."""
        return self._contact(request, case_no, case_no)

    @api("GET", "/internal/cases/<string:case_no>/receipt-code")
    def receipt_code(self, request, case_no):
        """``GET /internal/cases/HALL-20261123-9KN9JEEK/receipt-code`` (role ``service``) -> 200
        ``{"case_no", "verification_code"}``: notify prints it on the receipt. Errors: 401/403, 404
        ``not_found`` (no such case, or one registered before intake kept its code)."""
        principal = self.access.require(request, "service")
        with self.db.transaction() as tx:
            case = CaseRepository(tx.connection).find(case_no)
        if case is None or not case.get("verification_code"):
            raise NotFound(f"没有办件 {case_no} 的回执查询码 (no receipt code for {case_no})")
        log.info("receipt code of %s read by %s", case_no, principal.subject)
        return json_response(schema_of(ReceiptCodeSchema).dump(case))

    def _contact(self, request, case_no: str | None, asked: str):
        principal = self.access.require(request, "service")
        with self.db.transaction() as tx:
            case = CaseRepository(tx.connection).find(case_no) if case_no else None
        if case is None:
            raise NotFound(f"没有申请人 {asked} (no applicant for {asked})")
        log.info("applicant contact for %s read by %s", asked, principal.subject)
        return json_response(
            schema_of(ContactSchema).dump(
                {
                    "applicant_ref": f"{APPLICANT_REF_PREFIX}{case['case_no']}",
                    "name": case["applicant_name"],
                    "phone": case["applicant_phone"],
                    "email": case.get("applicant_email"),
                    "channel": case["channel"],
                }
            )
        )

    def _enquirer_contact(self, request, enquiry_no: str, asked: str):
        principal = self.access.require(request, "service")
        with self.db.transaction() as tx:
            enquiry = EnquiryRepository(tx.connection).find(enquiry_no)
        if enquiry is None:
            raise NotFound(f"没有申请人 {asked} (no applicant for {asked})")
        log.info("enquirer contact for %s read by %s", asked, principal.subject)
        return json_response(
            schema_of(ContactSchema).dump(
                {
                    "applicant_ref": asked,
                    "name": None,
                    "phone": enquiry["enquirer_phone"],
                    "email": enquiry["enquirer_email"],
                    "channel": enquiry["channel"],
                }
            )
        )


INTERNAL_ROUTES = [
    Route(
        "GET",
        "/internal/applicants/{applicant_ref}/contact",
        "An applicant's contact, for notify delivering a notice (internal)",
        None,
        ContactSchema,
        200,
        {404: "No such applicant reference (not_found)"},
        (path_parameter("applicant_ref", "the applicant_ref of intake's events"),),
        roles=("service",),
    ),
    Route(
        "GET",
        "/internal/cases/{case_no}/contact",
        "The contact of a case's applicant, for notify (internal)",
        None,
        ContactSchema,
        200,
        {404: "No such case (not_found)"},
        (path_parameter("case_no", "the case number"),),
        roles=("service",),
    ),
    Route(
        "GET",
        "/internal/cases/{case_no}/receipt-code",
        "The receipt's verification code of a case, for notify printing the receipt (internal)",
        None,
        ReceiptCodeSchema,
        200,
        {404: "No such case, or none whose code intake keeps (not_found)"},
        (path_parameter("case_no", "the case number"),),
        roles=("service",),
    ),
]
