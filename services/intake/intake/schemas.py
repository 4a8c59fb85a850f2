"""Request and response schemas of intake's HTTP API."""

from marshmallow import Schema, fields, validate

from web_api.openapi import Route, path_parameter

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


class CaseAcceptedSchema(Schema):
    """The answer to ``POST /cases``."""

    case_no = fields.String(required=True, metadata={"example": "HALL-20261122-9KN9JEEK"})
    kind = fields.String(required=True)
    status = fields.String(required=True)
    deadline = fields.Date(allow_none=True)
    notices_due = fields.List(fields.String(), required=True)


class CaseSchema(Schema):
    """Staff view of a case."""

    case_no = fields.String()
    item_code = fields.String()
    item_name = fields.String()
    department = fields.String()
    kind = fields.String()
    status = fields.String()
    window = fields.String()
    staff_name = fields.String()
    accepted_at = fields.DateTime()


ROUTES = [
    Route("POST", "/cases", "Accept a case at a window", AcceptCaseSchema, CaseAcceptedSchema,
          201, {400: "The body is not JSON (invalid_json)",
                404: "No such catalogue item (unknown_item)",
                422: "Invalid fields, every one listed (validation_failed)"}),
    Route("GET", "/cases/{case_no}", "A case, for staff", None, CaseSchema, 200,
          {404: "No such case (not_found)"},
          (path_parameter("case_no", "the number printed on the receipt"),)),
]
