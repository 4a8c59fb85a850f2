"""Opening a sealed identity over HTTP (R-COMP-4, R-COMP-7): the office; notify while a written
answer is delivered; a referred-to agency once, after the office granted its request."""

from __future__ import annotations

from complaints.complaint.api import NO, OFFICE
from complaints.entrypoints import Entrypoints, complaint_work, desk_work
from complaints.identity import handlers
from complaints.identity.schemas import (
    DecideRequestSchema,
    IdentityRequestListSchema,
    IdentityRequestSchema,
    IdentityRequestViewSchema,
    IdentitySchema,
)
from web_api import api, json_response, load_json, schema_of
from web_api.idempotency import idempotent
from web_api.openapi import Route, path_parameter, query_parameter


class IdentityApi(Entrypoints):
    """Reading a sealed identity, and an agency's request for it."""

    @api("GET", "/complaints/<string:complaint_no>/identity")
    def read_identity(self, request, complaint_no):
        """The complaints office alone reads who complained; the read is on the timeline (without
        the identity). ``?purpose=answer_letter`` when notify prints the written answer's letter
        with this person's own token (the default purpose: ``complaints_office``).
        -> ``{"name", "phone", "email", "address"}``. Errors: 401, 403, 404, 422 (purpose)."""
        principal = self.access.require(request, "complaints_office")
        purpose = request.args.get("purpose", "complaints_office")
        with complaint_work(self, principal.subject) as uow:
            identity = handlers.read_by_office({"complaint_no": complaint_no, "purpose": purpose}, uow)
        return json_response(schema_of(IdentitySchema).dump(identity))

    @api("GET", "/internal/complaints/<string:complaint_no>/contact")
    def read_contact(self, request, complaint_no):
        """notify (role ``service``) addresses a written answer: ``{"name", "phone", "email",
        "address"}`` only while it is being delivered. Errors: 401, 403, 404,
        409 ``contact_not_available``."""
        principal = self.access.require(request, "service")
        command = {"complaint_no": complaint_no, "delivery_days": self.settings.delivery_days}
        with complaint_work(self, principal.subject) as uow:
            contact = handlers.contact_for_delivery(command, uow)
        return json_response(schema_of(IdentitySchema).dump(contact))

    @api("POST", "/complaints/<string:complaint_no>/identity-requests")
    @idempotent
    def request_identity(self, request, complaint_no):
        """An agency a complaint was referred to asks for the identity: ``{"reason": "..."}`` -> 201
        the request (pending). Errors: 401, 403, 404, 409 ``not_referred``, 422."""
        principal = self.access.require(request, "agency")
        command = load_json(request, IdentityRequestSchema)
        with complaint_work(self, principal.subject) as uow:
            row = handlers.request_identity({**command, "complaint_no": complaint_no}, uow)
        return json_response(schema_of(IdentityRequestViewSchema).dump(row), 201)

    @api("GET", "/complaints/<string:complaint_no>/identity-requests")
    def list_identity_requests(self, request, complaint_no):
        """The office sees every request about a complaint. Errors: 401, 403, 404."""
        self.access.require(request, "complaints_office")
        with complaint_work(self, "reader") as uow:
            uow.complaints.get(complaint_no)  # 404 for no such complaint
            rows = uow.identity_requests.of_complaint(complaint_no)
        return json_response({"requests": IdentityRequestViewSchema(many=True).dump(rows)})

    @api("POST", "/identity-requests/<string:request_id>/decision")
    def decide_identity_request(self, request, request_id):
        """The office grants or refuses: ``{"grant": true, "note": "..."}``.
        Errors: 401, 403, 404, 409 ``already_decided``, 422."""
        principal = self.access.require(request, "complaints_office")
        command = load_json(request, DecideRequestSchema)
        with complaint_work(self, principal.subject) as uow:
            row = handlers.decide({**command, "request_id": request_id}, uow)
        return json_response(schema_of(IdentityRequestViewSchema).dump(row))

    @api("GET", "/identity-requests/<string:request_id>/identity")
    def read_granted_identity(self, request, request_id):
        """The requesting agency reads a granted identity once. Errors: 401, 403, 404,
        409 ``not_granted`` / ``already_read``."""
        principal = self.access.require(request, "agency")
        with complaint_work(self, principal.subject) as uow:
            identity = handlers.read_granted({"request_id": request_id}, uow)
        return json_response(schema_of(IdentitySchema).dump(identity))

    @api("GET", "/desk/items/<string:item_no>/reporter")
    def read_reporter(self, request, item_no):
        """The desk reporter's contact (R-UNRES-2): the office; the owning unit's window staff or
        head to report the result back, while the item is forwarded to it or answered by it. Each
        read is a ``contact_read`` step of the item's trail. -> ``{"name", "phone", "email"}``.
        Errors: 401, 403 (another unit), 404, 409 ``contact_not_available``."""
        principal = self.access.require(request, "complaints_office", *DESK_UNIT)
        caller = None if principal.role == "complaints_office" else principal.department or ""
        with desk_work(self, principal) as uow:
            contact = handlers.reporter_for_unit({"item_no": item_no, "caller_department": caller}, uow)
        return json_response(schema_of(IdentitySchema).dump(contact))

    @api("GET", "/internal/desk/items/<string:item_no>/contact")
    def read_reporter_for_notice(self, request, item_no):
        """notify (role ``service``) delivers the desk result notice (R-UNRES-2): the reporter's
        contact, only for ``ANSWER_DELIVERY_DAYS`` after the unit's answer. Errors: 401, 403, 404,
        409 ``contact_not_available``."""
        principal = self.access.require(request, "service")
        command = {"item_no": item_no, "delivery_days": self.settings.delivery_days}
        with desk_work(self, principal) as uow:
            contact = handlers.reporter_for_delivery(command, uow)
        return json_response(schema_of(IdentitySchema).dump(contact))


DESK_UNIT = ("window_head", "window_staff")
ITEM_NO = (path_parameter("item_no", "e.g. DESK-20261123-7KQ2M9XA"),)
ROUTES = [
    Route(
        "GET",
        "/complaints/{complaint_no}/identity",
        "The complainant's identity (R-COMP-4)",
        None,
        IdentitySchema,
        200,
        {404: "No such complaint", 422: "purpose is not complaints_office or answer_letter"},
        (
            *NO,
            query_parameter("purpose", "complaints_office (default) or answer_letter (notify prints)", False),
        ),
        roles=OFFICE,
    ),
    Route(
        "GET",
        "/internal/complaints/{complaint_no}/contact",
        "notify: the contact for a written answer",
        None,
        IdentitySchema,
        200,
        {404: "No such complaint", 409: "No written answer being delivered (contact_not_available)"},
        NO,
        roles=("service",),
    ),
    Route(
        "POST",
        "/complaints/{complaint_no}/identity-requests",
        "An agency asks for a referred identity",
        IdentityRequestSchema,
        IdentityRequestViewSchema,
        201,
        {404: "No such complaint", 409: "Not referred (not_referred)", 422: "No reason"},
        NO,
        roles=("agency",),
        idempotent=True,
    ),
    Route(
        "GET",
        "/complaints/{complaint_no}/identity-requests",
        "Identity requests about a complaint",
        None,
        IdentityRequestListSchema,
        200,
        {404: "No such complaint (not_found)"},
        NO,
        roles=OFFICE,
    ),
    Route(
        "POST",
        "/identity-requests/{request_id}/decision",
        "Grant or refuse an identity request",
        DecideRequestSchema,
        IdentityRequestViewSchema,
        200,
        {404: "No such request", 409: "Already decided (already_decided)", 422: "Invalid"},
        (path_parameter("request_id", "IR-..."),),
        roles=OFFICE,
    ),
    Route(
        "GET",
        "/identity-requests/{request_id}/identity",
        "The requesting agency reads a granted identity once",
        None,
        IdentitySchema,
        200,
        {404: "No such request", 409: "Not granted or already read"},
        (path_parameter("request_id", "IR-..."),),
        roles=("agency",),
    ),
    Route(
        "GET",
        "/desk/items/{item_no}/reporter",
        "The desk reporter's contact, for the office and the owning unit (R-UNRES-2)",
        None,
        IdentitySchema,
        200,
        {
            403: "Not the owning unit (forbidden)",
            404: "No such item (not_found)",
            409: "The item is not with the unit now (contact_not_available)",
        },
        ITEM_NO,
        roles=("complaints_office", *DESK_UNIT),
    ),
    Route(
        "GET",
        "/internal/desk/items/{item_no}/contact",
        "notify: the reporter's contact for the desk result notice",
        None,
        IdentitySchema,
        200,
        {404: "No such item", 409: "No result notice being delivered (contact_not_available)"},
        ITEM_NO,
        roles=("service",),
    ),
]
