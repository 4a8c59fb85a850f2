"""Schemas of the window's print queue: the letters waiting and their hand-over."""

from marshmallow import Schema, fields, validate

from notify.times import Instant


class PrintJobSchema(Schema):
    id = fields.Integer()
    notice_no = fields.String()
    title = fields.String()
    case_no = fields.String(allow_none=True)
    complaint_no = fields.String(allow_none=True)
    queued_at = Instant()
    handed_over_at = Instant(allow_none=True)
    how = fields.String(allow_none=True)


class PrintQueueSchema(Schema):
    jobs = fields.List(fields.Nested(PrintJobSchema), required=True)


class HandOverSchema(Schema):
    """``POST /print-jobs/{id}/handed-over``: the letter left the window."""

    how = fields.String(required=True, validate=validate.OneOf(("in_person", "post")))


class HandedOverSchema(Schema):
    """The answer to a hand-over."""

    id = fields.Integer(required=True)
    handed_over_at = Instant(required=True)
    how = fields.String(required=True, metadata={"description": "in_person or post"})
