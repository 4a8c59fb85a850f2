"""Request and response schemas of notify's HTTP API."""

from marshmallow import Schema, fields

from web_api.openapi import Route, query_parameter


class NoticeSchema(Schema):
    notice_no = fields.String()
    notice_type = fields.String()
    case_no = fields.String(allow_none=True)
    recipient_ref = fields.String()
    channel = fields.String()
    template = fields.String()
    template_version = fields.Integer()
    content = fields.String()
    content_sha256 = fields.String()
    created_at = fields.DateTime()


class NoticeListSchema(Schema):
    notices = fields.List(fields.Nested(NoticeSchema), required=True)


ROUTES = [
    Route("GET", "/notices", "The archived notices of a case", None, NoticeListSchema, 200,
          {400: "case_no is missing (missing_case_no)"},
          (query_parameter("case_no", "the case number"),)),
]
