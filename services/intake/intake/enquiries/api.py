"""Entrypoints of enquiries whose one-time notice follows by SMS or email (R-ONCE-2).

The clerk who took a phone enquiry, or could not give the whole notice at the window, records
it here; intake keeps the enquirer's contact (never on the bus) and announces
``enquiry_recorded``; notify sends the notice and tracks it against its 3-day limit
(``GET /one-time-notices/{enquiry_no}`` on notify).
"""

from __future__ import annotations

from intake.enquiries import handlers
from intake.enquiries.repository import EnquiryRepository
from intake.enquiries.rules import Enquiry
from intake.enquiries.schemas import ENQUIRY_NO, EnquirySchema, RecordEnquirySchema
from intake.entrypoints import OVERSEERS, READ_ROLES, IntakeEntrypoints
from intake.staff.schemas import ERRORS, INVALID, WINDOW
from web_api import NotFound, api, json_response, load_json, schema_of
from web_api.idempotency import idempotent
from web_api.openapi import Route


def _answer(enquiry: Enquiry) -> dict:
    contacts = [
        name for name, key in (("sms", "enquirer_phone"), ("email", "enquirer_email")) if enquiry[key]
    ]
    url = f"/one-time-notices/{enquiry['enquiry_no']}"
    return schema_of(EnquirySchema).dump({**enquiry, "contacts": contacts, "notice_status_url": url})


class EnquiriesApi(IntakeEntrypoints):
    """Enquiries whose one-time notice follows within 3 days."""

    @api("POST", "/enquiries")
    @idempotent
    def record_enquiry(self, request):
        """``{"item_code": "SC-010", "channel": "phone", "enquirer_phone": "13800000000"}`` -> 201
        with ``enquiry_no`` and ``notice_due_at`` (24:00 China time, 3 calendar days after today).
        The clerk signed in is who took it. Event ``enquiry_recorded``. Errors: 401, 403 (another
        department's item), 404 ``unknown_item``, 422 ``validation_failed`` (neither phone nor
        email, a malformed one)."""
        principal = self.window_principal(request)
        command = load_json(request, RecordEnquirySchema)
        self.check_department(principal, self.catalogue.get(command["item_code"]).department)
        with self.case_work(principal) as ctx:
            enquiry = handlers.record_enquiry(command, ctx)
        return json_response(_answer(enquiry), 201)

    @api("GET", "/enquiries/<string:enquiry_no>")
    def get_enquiry(self, request, enquiry_no):
        """``GET /enquiries/ENQ-20261123-9KN9JEEK`` -> 200 (the windows of its department,
        supervision, operators). Errors: 401/403, 404 ``not_found``."""
        principal = self.access.require(request, *READ_ROLES)
        with self.db.transaction() as tx:
            enquiry = EnquiryRepository(tx.connection).find(enquiry_no)
        if enquiry is None:
            raise NotFound(f"没有编号为 {enquiry_no} 的询问登记 (no enquiry {enquiry_no})")
        if principal.role not in OVERSEERS:
            self.check_department(principal, enquiry["department"])
        return json_response(_answer(enquiry))


ENQUIRY_ROUTES = [
    Route(
        "POST",
        "/enquiries",
        "Record an enquiry whose one-time notice follows by SMS or email within 3 days",
        RecordEnquirySchema,
        EnquirySchema,
        201,
        {**ERRORS, 404: "No such catalogue item (unknown_item)", **INVALID},
        roles=WINDOW,
        idempotent=True,
    ),
    Route(
        "GET",
        "/enquiries/{enquiry_no}",
        "An enquiry and when its one-time notice is due",
        None,
        EnquirySchema,
        200,
        {**ERRORS, 404: "No such enquiry (not_found)"},
        ENQUIRY_NO,
        roles=READ_ROLES,
    ),
]
