"""Opening a sealed identity over HTTP (R-COMP-4, R-COMP-7): the office; notify while a written
answer is delivered; a referred-to agency once, after the office granted its request."""

from __future__ import annotations

from complaints import complaint_repository as repository
from complaints import identity_handlers
from complaints.complaint_schemas import (
    DecideRequestSchema,
    IdentityRequestSchema,
    IdentityRequestViewSchema,
    IdentitySchema,
)
from web_api import api, json_response, load_json
from web_api.idempotency import idempotent


class ComplaintAccessApi:
    """Mixin of ComplaintsApi (``complaint_work`` comes from there)."""

    @api("GET", "/complaints/<string:complaint_no>/identity")
    def read_identity(self, request, complaint_no):
        """The complaints office alone reads who complained; the read is on the timeline (without
        the identity). ``?purpose=answer_letter`` when notify prints the written answer's letter
        with this person's own token (the default purpose: ``complaints_office``).
        -> ``{"name", "phone", "email", "address"}``. Errors: 401, 403, 404, 422 (purpose)."""
        principal = self.access.require(request, "complaints_office")
        purpose = request.args.get("purpose", "complaints_office")
        with self.complaint_work(principal.subject) as ctx:
            identity = identity_handlers.read_by_office(complaint_no, ctx, purpose)
        return json_response(IdentitySchema().dump(identity))

    @api("GET", "/internal/complaints/<string:complaint_no>/contact")
    def read_contact(self, request, complaint_no):
        """notify (role ``service``) addresses a written answer: ``{"name", "phone", "email",
        "address"}`` only while it is being delivered. Errors: 401, 403, 404,
        409 ``contact_not_available``."""
        principal = self.access.require(request, "service")
        with self.complaint_work(principal.subject) as ctx:
            contact = identity_handlers.contact_for_delivery(complaint_no, ctx, self.settings.delivery_days)
        return json_response(IdentitySchema().dump(contact))

    @api("POST", "/complaints/<string:complaint_no>/identity-requests")
    @idempotent
    def request_identity(self, request, complaint_no):
        """An agency a complaint was referred to asks for the identity: ``{"reason": "..."}`` -> 201
        the request (pending). Errors: 401, 403, 404, 409 ``not_referred``, 422."""
        principal = self.access.require(request, "agency")
        command = load_json(request, IdentityRequestSchema())
        with self.complaint_work(principal.subject) as ctx:
            row = identity_handlers.request_identity(complaint_no, command["reason"], ctx)
        return json_response(IdentityRequestViewSchema().dump(row), 201)

    @api("GET", "/complaints/<string:complaint_no>/identity-requests")
    def list_identity_requests(self, request, complaint_no):
        """The office sees every request about a complaint. Errors: 401, 403, 404."""
        self.access.require(request, "complaints_office")
        with self.complaint_work("reader") as ctx:
            repository.get_complaint(ctx.connection, complaint_no)
            rows = repository.identity_requests_of(ctx.connection, complaint_no)
        return json_response({"requests": IdentityRequestViewSchema(many=True).dump(rows)})

    @api("POST", "/identity-requests/<string:request_id>/decision")
    def decide_identity_request(self, request, request_id):
        """The office grants or refuses: ``{"grant": true, "note": "..."}``.
        Errors: 401, 403, 404, 409 ``already_decided``, 422."""
        principal = self.access.require(request, "complaints_office")
        command = load_json(request, DecideRequestSchema())
        with self.complaint_work(principal.subject) as ctx:
            row = identity_handlers.decide(request_id, command["grant"], command["note"], ctx)
        return json_response(IdentityRequestViewSchema().dump(row))

    @api("GET", "/identity-requests/<string:request_id>/identity")
    def read_granted_identity(self, request, request_id):
        """The requesting agency reads a granted identity once. Errors: 401, 403, 404,
        409 ``not_granted`` / ``already_read``."""
        principal = self.access.require(request, "agency")
        with self.complaint_work(principal.subject) as ctx:
            identity = identity_handlers.read_granted(request_id, ctx)
        return json_response(IdentitySchema().dump(identity))
