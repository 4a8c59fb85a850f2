"""Request and response schemas of intake's HTTP API."""

from marshmallow import Schema, fields, validate

CHANNELS = ("window", "online", "phone", "mail")


class StaffSchema(Schema):
    staff_id = fields.String(required=True, validate=validate.Length(min=1, max=40))
    name = fields.String(required=True, validate=validate.Length(min=1, max=100))
    phone = fields.String(required=True, validate=validate.Length(min=3, max=40))
    window = fields.String(required=True, validate=validate.Length(min=1, max=40))


class AcceptCaseSchema(Schema):
    """``POST /cases``"""

    item_code = fields.String(required=True, validate=validate.Length(min=1, max=40))
    applicant_name = fields.String(required=True, validate=validate.Length(min=1, max=100))
    applicant_phone = fields.String(required=True, validate=validate.Regexp(r"^[0-9+\- ]{5,20}$"))
    channel = fields.String(load_default="window", validate=validate.OneOf(CHANNELS))
    urgent = fields.Boolean(load_default=False)
    first_responder = fields.Nested(StaffSchema, required=True)
