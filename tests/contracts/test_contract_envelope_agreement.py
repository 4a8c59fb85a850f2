"""The envelope's JSON Schema (what agencies get) and parse_envelope (what our consumers run)
accept and reject the same envelopes."""

import pytest

from hall_contracts import EnvelopeError, build_envelope, parse_envelope
from hall_contracts.registry import EventValidationError, validate_envelope


def good_envelope(**changes) -> dict:
    envelope = build_envelope(
        "intake",
        "case_accepted",
        "HALL-20260105-7KQ2M9XA",
        {"case_no": "HALL-20260105-7KQ2M9XA"},
        correlation_id="c-1",
        event_id="e-1",
    )
    envelope.update(changes)
    return envelope


def without(field: str) -> dict:
    envelope = good_envelope()
    del envelope[field]
    return envelope


GOOD = {
    "as build_envelope makes it": good_envelope(),
    "time in UTC with Z": good_envelope(time="2026-01-05T01:30:00Z"),
    "time with fraction and +08:00": good_envelope(time="2026-01-05T09:30:00.123456+08:00"),
    "time with lowercase t and z": good_envelope(time="2026-01-05t01:30:00z"),
    "a later schema version": good_envelope(dataschema="urn:hall:schema:intake:case_accepted:2"),
    "empty data object": good_envelope(data={}),
    "subject in Chinese": good_envelope(subject="受理编号"),
}

# name -> (envelope, the field the rejection must name)
BAD = {
    "no id": (without("id"), "id"),
    "empty id": (good_envelope(id=""), "id"),
    "numeric id": (good_envelope(id=42), "id"),
    "no source": (without("source"), "source"),
    "specversion 0.3": (good_envelope(specversion="0.3"), "specversion"),
    "type without hall prefix": (good_envelope(type="intake.case_accepted"), "type"),
    "type in capitals": (good_envelope(type="hall.Intake.case_accepted"), "type"),
    "no time": (without("time"), "time"),
    "naive time": (good_envelope(time="2026-01-05T09:30:00"), "time"),
    "time with a space": (good_envelope(time="2026-01-05 09:30:00+08:00"), "time"),
    "time in basic format": (good_envelope(time="20260105T093000+0800"), "time"),
    "time in month 13": (good_envelope(time="2026-13-05T09:30:00+08:00"), "time"),
    "time as a number": (good_envelope(time=1767576600), "time"),
    "date only": (good_envelope(time="2026-01-05"), "time"),
    "empty subject": (good_envelope(subject=""), "subject"),
    "no subject": (without("subject"), "subject"),
    "dataschema without version": (
        good_envelope(dataschema="urn:hall:schema:intake:case_accepted"),
        "dataschema",
    ),
    "dataschema as a URL": (good_envelope(dataschema="https://example.org/case_accepted.json"), "dataschema"),
    "datacontenttype text/plain": (good_envelope(datacontenttype="text/plain"), "datacontenttype"),
    "no correlationid": (without("correlationid"), "correlationid"),
    "empty correlationid": (good_envelope(correlationid=""), "correlationid"),
    "data null": (good_envelope(data=None), "data"),
    "data a list": (good_envelope(data=[1, 2]), "data"),
    "data a string": (good_envelope(data="{}"), "data"),
    "no data": (without("data"), "data"),
    "an unknown attribute": (good_envelope(traceparent="00-abc"), "traceparent"),
}


@pytest.mark.parametrize("envelope", GOOD.values(), ids=GOOD.keys())
def test_a_good_envelope_is_accepted_by_both_the_json_schema_and_parse_envelope(envelope):
    validate_envelope(envelope)
    parse_envelope(envelope)


@pytest.mark.parametrize(("envelope", "field"), BAD.values(), ids=BAD.keys())
def test_a_bad_envelope_is_rejected_by_both_naming_the_same_field(envelope, field):
    with pytest.raises(EventValidationError) as by_schema:
        validate_envelope(envelope)
    with pytest.raises(EnvelopeError) as by_marshmallow:
        parse_envelope(envelope)
    assert field in str(by_schema.value)
    assert field in by_marshmallow.value.problems


@pytest.mark.parametrize("body", [[], "text", None, 3])
def test_a_body_that_is_not_an_object_is_rejected_by_both(body):
    with pytest.raises(EventValidationError):
        validate_envelope(body)
    with pytest.raises(EnvelopeError):
        parse_envelope(body)


def test_build_envelope_refuses_a_naive_time():
    from datetime import datetime

    with pytest.raises(ValueError, match="timezone-aware"):
        build_envelope("intake", "case_accepted", "X", {}, time=datetime(2026, 1, 5, 9, 30))
