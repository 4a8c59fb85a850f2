"""Schemas of the deliveries an operator reads and resends."""

from marshmallow import Schema, fields

from notify.times import Instant


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
