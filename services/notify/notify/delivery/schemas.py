"""Schemas of the deliveries an operator reads and resends, and of the SMS gateway's reports."""

from marshmallow import EXCLUDE, Schema, fields, validate

from notify.times import Instant
from web_api.dates import AwareMoment


class DeliverySchema(Schema):
    id = fields.Integer()
    channel = fields.String(metadata={"description": "sms, email, inbox or letter"})
    idempotency_key = fields.String(metadata={"description": "source event, notice type, recipient, channel"})
    status = fields.String(metadata={"description": "pending, sending, sent, delivered, failed, in_doubt"})
    failure = fields.String(allow_none=True, metadata={"description": "temporary or permanent"})
    attempts = fields.Integer()
    fallback_from = fields.Integer(allow_none=True)
    detail = fields.String(allow_none=True)
    created_at = Instant()
    updated_at = Instant()
    delivered_at = Instant(allow_none=True)


class DeliveryListSchema(Schema):
    deliveries = fields.List(fields.Nested(DeliverySchema), required=True)


class ResentSchema(Schema):
    """The answer to a resend: the delivery is pending again."""

    id = fields.Integer(required=True)
    status = fields.String(required=True, metadata={"description": "pending"})


class SmsReportSchema(Schema):
    """One delivery report the SMS gateway pushes (``POST /callbacks/sms/reports``, an array)."""

    class Meta:
        unknown = EXCLUDE  # a gateway adds fields of its own (error codes, carriers): ignored

    id = fields.String(
        required=True,
        validate=validate.Length(min=1, max=120),
        metadata={"description": "the gateway's id of the message (its answer to the send)"},
    )
    status = fields.String(
        required=True,
        validate=validate.OneOf(
            ("delivered", "undeliverable"), error="状态须为 delivered 或 undeliverable (unknown status)"
        ),
        metadata={"description": "delivered, or undeliverable (falls back to the next channel)"},
    )
    reported_at = AwareMoment(required=True, metadata={"description": "when the gateway learnt it"})


class SmsReportsAnsweredSchema(Schema):
    """What notify made of a push: every report is answered, applied or not (never retried)."""

    received = fields.Integer(required=True)
    applied = fields.Integer(required=True, metadata={"description": "reports that settled a delivery"})
    already_settled = fields.Integer(
        required=True, metadata={"description": "the delivery was settled already (a repeat, or the poll)"}
    )
    # not ``unknown``: a Schema's own attribute (what to do with unknown fields)
    unknown_ids = fields.Integer(
        required=True, data_key="unknown", metadata={"description": "ids notify does not know"}
    )
