"""The bodies of the operator's routes every service has (``service_metrics.endpoints``):
dead letters and the outbox's backlog, documented in ``web_api.openapi.OPERATIONS``."""

from __future__ import annotations

from marshmallow import Schema, fields

LIST_LIMIT = 100  # the letters a listing shows by default
MAX_LIST_LIMIT = 500


class DeadLetterSummarySchema(Schema):
    id = fields.String(metadata={"description": "the message id (the event's id)"})
    event_type = fields.String(metadata={"description": "the envelope's type, or empty"})
    queue = fields.String(metadata={"description": "the queue it failed in"})
    reason = fields.String()
    dead_lettered_at = fields.String(metadata={"description": "ISO time; also its version"})


class DeadLetterListSchema(Schema):
    service = fields.String()
    queue = fields.String()
    waiting = fields.Integer(metadata={"description": "letters in the queue"})
    dead_letters = fields.List(fields.Nested(DeadLetterSummarySchema))


class DeadLetterSchema(DeadLetterSummarySchema):
    headers = fields.Dict(keys=fields.String(), values=fields.String())
    body = fields.String()


class RedriveSchema(Schema):
    dead_lettered_at = fields.String(
        load_default=None,
        metadata={"description": "optional: re-drive only the letter dead-lettered at this time"},
    )


class RedrivenSchema(Schema):
    id = fields.String()
    redriven = fields.Integer()


class BacklogSchema(Schema):
    service = fields.String()
    pending = fields.Integer(metadata={"description": "events not published yet"})
    oldest_pending_seconds = fields.Float()
    parked = fields.Integer(metadata={"description": "rows refused by the broker, left to an operator"})


class HealthSchema(Schema):
    status = fields.String(metadata={"description": "ok, or failing (then the answer is a 503)"})
    service = fields.String()
    database = fields.String(metadata={"description": "ok, or unreachable: <error>"})
    broker = fields.String(metadata={"description": "ok, or unreachable: <error>"})
    consumers = fields.String(
        metadata={"description": "ok, or starting: not consuming yet (the queue consumers are connecting)"}
    )


class OpenApiDocumentSchema(Schema):
    """This very document (OpenAPI 3.0.3)."""

    openapi = fields.String(required=True)
    info = fields.Dict(required=True)
    paths = fields.Dict(required=True)
    components = fields.Dict()
    tags = fields.List(fields.Dict())
