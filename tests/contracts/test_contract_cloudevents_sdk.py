"""An agency reading our events with the CloudEvents Python SDK gets what we sent."""

import json
from datetime import datetime, timedelta, timezone

from cloudevents.core.bindings.rabbitmq import RabbitMQMessage, from_structured_event
from cloudevents.core.formats.json import JSONFormat
from cloudevents.v1.http import from_json as legacy_from_json
from cloudevents_check import assert_cloudevent

from hall_contracts import CONTENT_TYPE, build_envelope, parse_envelope
from hall_contracts.registry import validate_event
from hall_contracts.samples import case_accepted_v1

CHINA = timezone(timedelta(hours=8))
WHEN = datetime(2026, 1, 5, 9, 30, 12, 500000, tzinfo=CHINA)


def published_body() -> tuple[dict, bytes]:
    envelope = build_envelope(
        "intake",
        "case_accepted",
        "HALL-20260105-7KQ2M9XA",
        case_accepted_v1()["data"],
        correlation_id="req-7",
        time=WHEN,
    )
    return envelope, json.dumps(envelope, ensure_ascii=False).encode("utf-8")


def test_the_sdk_reads_every_attribute_of_an_envelope_as_built():
    envelope, body = published_body()
    event = from_structured_event(RabbitMQMessage({}, CONTENT_TYPE, body))
    assert event.get_specversion() == "1.0"
    assert event.get_id() == envelope["id"]
    assert event.get_source() == "intake"
    assert event.get_type() == "hall.intake.case_accepted"
    assert event.get_subject() == "HALL-20260105-7KQ2M9XA"
    assert event.get_dataschema() == "urn:hall:schema:intake:case_accepted:1"
    assert event.get_datacontenttype() == "application/json"
    assert event.get_time() == WHEN
    assert event.get_extension("correlationid") == "req-7"
    assert event.get_data() == envelope["data"]


def test_the_legacy_sdk_api_reads_the_same_envelope():
    envelope, body = published_body()
    event = legacy_from_json(body)
    assert event["id"] == envelope["id"]
    assert event["type"] == envelope["type"]
    assert event["correlationid"] == "req-7"
    assert event.data == envelope["data"]


def test_an_event_written_back_by_the_sdk_still_honours_the_contract():
    _, body = published_body()
    event = from_structured_event(RabbitMQMessage({}, CONTENT_TYPE, body))
    rewritten = json.loads(JSONFormat().write(event))
    validate_event(rewritten)
    parse_envelope(rewritten)


def test_assert_cloudevent_returns_the_sdk_event_for_a_published_body():
    envelope, body = published_body()
    event = assert_cloudevent(body, "application/cloudevents+json; charset=utf-8")
    assert event.get_id() == envelope["id"]
