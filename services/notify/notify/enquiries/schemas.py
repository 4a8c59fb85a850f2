"""Answers of the one-time notices owed to enquirers (R-ONCE-2)."""

from marshmallow import Schema, fields

from notify.enquiries.rules import STATUSES
from web_api.dates import Moment


class TrackedDeliverySchema(Schema):
    channel = fields.String()
    status = fields.String()
    failure = fields.String(allow_none=True)
    attempts = fields.Integer()
    delivered_at = Moment(allow_none=True)


class OneTimeNoticeSchema(Schema):
    enquiry_no = fields.String(metadata={"example": "ENQ-20261123-9KN9JEEK"})
    notice_no = fields.String()
    item_code = fields.String()
    department = fields.String()
    taken_by = fields.String()
    recorded_at = Moment()
    notice_due_at = Moment(metadata={"description": "24:00 China time of the 3rd calendar day after"})
    status = fields.String(metadata={"enum": list(STATUSES)})
    delivered_at = Moment(allow_none=True)
    delivered_channel = fields.String(allow_none=True)
    overdue_raised_at = Moment(allow_none=True, metadata={"description": "when supervision was told (once)"})
    deliveries = fields.List(fields.Nested(TrackedDeliverySchema))


class OneTimeNoticeListSchema(Schema):
    notices = fields.List(fields.Nested(OneTimeNoticeSchema))
