"""Request and response schemas of notify's HTTP API."""

from marshmallow import Schema, fields, validate

from web_api.dates import Moment


class DeliverySchema(Schema):
    id = fields.Integer()
    channel = fields.String(metadata={"description": "sms, email, inbox or letter"})
    idempotency_key = fields.String(metadata={"description": "source event, notice type, recipient, channel"})
    status = fields.String(metadata={"description": "pending, sending, sent, delivered, failed, in_doubt"})
    failure = fields.String(allow_none=True, metadata={"description": "temporary or permanent"})
    attempts = fields.Integer()
    fallback_from = fields.Integer(allow_none=True)
    detail = fields.String(allow_none=True)
    created_at = Moment()
    updated_at = Moment()
    delivered_at = Moment(allow_none=True)


class NoticeSchema(Schema):
    notice_no = fields.String()
    notice_type = fields.String()
    title = fields.String()
    case_no = fields.String(allow_none=True)
    complaint_no = fields.String(allow_none=True)
    audience = fields.String(metadata={"description": "applicant, complainant or staff"})
    recipient_ref = fields.String()
    channel = fields.String(metadata={"description": "the first channel tried outside the app"})
    template = fields.String()
    template_version = fields.Integer()
    content = fields.String()
    content_sha256 = fields.String()
    source_type = fields.String()
    created_at = Moment()
    deliveries = fields.List(fields.Nested(DeliverySchema))


class NoticeListSchema(Schema):
    notices = fields.List(fields.Nested(NoticeSchema), required=True)


class InboxEntrySchema(Schema):
    notice_no = fields.String()
    title = fields.String()
    recipient_ref = fields.String()
    created_at = Moment()
    read_at = Moment(allow_none=True)
    content = fields.String()


class InboxSchema(Schema):
    messages = fields.List(fields.Nested(InboxEntrySchema), required=True)


class PrintJobSchema(Schema):
    id = fields.Integer()
    notice_no = fields.String()
    title = fields.String()
    case_no = fields.String(allow_none=True)
    complaint_no = fields.String(allow_none=True)
    queued_at = Moment()
    handed_over_at = Moment(allow_none=True)
    how = fields.String(allow_none=True)


class PrintQueueSchema(Schema):
    jobs = fields.List(fields.Nested(PrintJobSchema), required=True)


class HandOverSchema(Schema):
    """``POST /print-jobs/{id}/handed-over``: the letter left the window."""

    how = fields.String(required=True, validate=validate.OneOf(("in_person", "post")))


class DeliveryListSchema(Schema):
    deliveries = fields.List(fields.Nested(DeliverySchema), required=True)
