"""Schemas of the archive: notices with their deliveries, and staff inboxes."""

from marshmallow import Schema, fields

from notify.delivery.schemas import DeliverySchema
from notify.times import Instant


class NoticeSchema(Schema):
    notice_no = fields.String()
    notice_type = fields.String()
    title = fields.String()
    case_no = fields.String(allow_none=True)
    complaint_no = fields.String(allow_none=True)
    item_no = fields.String(allow_none=True, metadata={"description": "a desk item's (R-UNRES-2)"})
    audience = fields.String(metadata={"description": "applicant, complainant, reporter or staff"})
    recipient_ref = fields.String()
    channel = fields.String(metadata={"description": "the first channel tried outside the app"})
    template = fields.String()
    template_version = fields.Integer()
    content = fields.String(
        metadata={
            "description": "the text as issued; the receipt's code (查询码) reads ******** but for "
            "the applicant and the windows of the case's department (R-RATE-1)"
        }
    )
    content_sha256 = fields.String(metadata={"description": "SHA-256 of the content as shown"})
    source_type = fields.String()
    created_at = Instant()
    deliveries = fields.List(fields.Nested(DeliverySchema))


class NoticeListSchema(Schema):
    notices = fields.List(fields.Nested(NoticeSchema), required=True)


class InboxEntrySchema(Schema):
    notice_no = fields.String()
    title = fields.String()
    recipient_ref = fields.String()
    created_at = Instant()
    read_at = Instant(allow_none=True)
    content = fields.String()


class InboxSchema(Schema):
    messages = fields.List(fields.Nested(InboxEntrySchema), required=True)
