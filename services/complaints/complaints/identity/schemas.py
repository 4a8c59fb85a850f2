"""Request and response schemas of the identity's HTTP API (R-COMP-4, R-COMP-7)."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from complaints.complaint.schemas import TEXT
from web_api.dates import Moment


class IdentityRequestSchema(Schema):
    reason = fields.String(required=True, validate=TEXT)


class DecideRequestSchema(Schema):
    grant = fields.Boolean(required=True)
    note = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=2000))


class IdentitySchema(Schema):
    name = fields.String()
    phone = fields.String()
    email = fields.String(allow_none=True)
    address = fields.String(allow_none=True)


class IdentityRequestViewSchema(Schema):
    request_id = fields.String()
    complaint_no = fields.String()
    agency = fields.String()
    reason = fields.String()
    status = fields.String()
    requested_at = Moment()
    decided_by = fields.String(allow_none=True)
    decided_at = Moment(allow_none=True)
    read_at = Moment(allow_none=True)


class IdentityRequestListSchema(Schema):
    requests = fields.List(fields.Nested(IdentityRequestViewSchema), required=True)
