"""Read a raw AMQP body the way an agency would: with the CloudEvents SDK, then our schemas.

``assert_cloudevent(message.body, message.content_type)`` in any test that consumes what
services actually published. Importable as ``cloudevents_check`` from every tier,
like stack.py and bus.py (tests/ is on sys.path: ``pythonpath`` in pyproject.toml).
"""

from __future__ import annotations

import json

from cloudevents.core.base import BaseCloudEvent
from cloudevents.core.bindings.rabbitmq import RabbitMQMessage, from_structured_event

from hall_contracts import CONTENT_TYPE
from hall_contracts.registry import validate_event


def assert_cloudevent(body: bytes, content_type: str | None = None) -> BaseCloudEvent:
    """Parse ``body`` with the CloudEvents SDK (RabbitMQ binding, structured mode) and check
    it against the envelope schema and the schema its ``dataschema`` names.

    Returns the SDK's event. Raises AssertionError for a wrong content type or an SDK reading
    that differs from the JSON, and ``EventValidationError`` (listing every problem) for a
    contract violation; the SDK raises its own errors for what it cannot read at all.
    """
    assert isinstance(body, (bytes, bytearray)), f"AMQP body must be bytes, got {type(body)}"
    if content_type is not None:
        media_type = content_type.split(";", 1)[0].strip().lower()
        assert media_type == CONTENT_TYPE, f"content type {content_type!r}, not {CONTENT_TYPE}"
    message = RabbitMQMessage(headers={}, content_type=CONTENT_TYPE, body=bytes(body))
    event = from_structured_event(message)
    envelope = json.loads(bytes(body).decode("utf-8"))
    validate_event(envelope)
    sdk_view = {
        "id": event.get_id(),
        "source": event.get_source(),
        "type": event.get_type(),
        "subject": event.get_subject(),
        "dataschema": event.get_dataschema(),
        "correlationid": event.get_extension("correlationid"),
        "data": event.get_data(),
    }
    json_view = {key: envelope[key] for key in sdk_view}
    assert sdk_view == json_view, f"the SDK read {sdk_view}, the JSON says {json_view}"
    return event
