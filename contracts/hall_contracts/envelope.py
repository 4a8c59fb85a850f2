"""The event envelope: a CloudEvents 1.0 event in structured JSON mode.

Every message on the bus is one of these, so an agency reads our events with any
CloudEvents SDK. ``type`` is ``hall.<source>.<event_type>``; the AMQP routing key is the
bare ``event_type``; ``dataschema`` names the JSON Schema of ``data`` and its version.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

SPEC_VERSION = "1.0"
CONTENT_TYPE = "application/cloudevents+json"
DATA_CONTENT_TYPE = "application/json"
TYPE_PREFIX = "hall"
SCHEMA_URI_PREFIX = "urn:hall:schema"
TYPE_PATTERN = r"^hall\.[a-z_]+\.[a-z_]+$"
DATASCHEMA_PATTERN = r"^urn:hall:schema:[a-z_]+:[a-z_]+:\d+$"

# RFC 3339 section 5.6 with a mandatory offset: what CloudEvents requires of ``time``.
# ``datetime.fromisoformat`` alone also takes "2026-01-01 08:00:00+08:00" and the basic
# format "20260101T080000+0800", which other SDKs reject.
_RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})\Z")


def is_rfc3339_datetime(value: object) -> bool:
    """True for an RFC 3339 date-time with offset that names a real instant."""
    if not isinstance(value, str) or not _RFC3339.match(value):
        return False
    try:
        datetime.fromisoformat(value.upper())
    except ValueError:
        return False
    return True


class EnvelopeError(ValueError):
    """A message that is not a valid envelope of ours; the details say why."""

    def __init__(self, problems: dict[str, Any]):
        super().__init__(f"invalid event envelope: {problems}")
        self.problems = problems


def dataschema_uri(source: str, event_type: str, version: int) -> str:
    """``urn:hall:schema:intake:case_accepted:1`` -> schemas/intake/case_accepted.v1.json"""
    return f"{SCHEMA_URI_PREFIX}:{source}:{event_type}:{version}"


def event_type_name(source: str, event_type: str) -> str:
    return f"{TYPE_PREFIX}.{source}.{event_type}"


_TYPE_RE = re.compile(TYPE_PATTERN)
_DATASCHEMA_RE = re.compile(DATASCHEMA_PATTERN)
MISSING = "Missing data for required field."


Check = Callable[[object], "str | None"]  # a field's problem, None when it is fine


def _non_empty_string(value: object) -> str | None:
    if not isinstance(value, str):
        return "Not a valid string."
    return None if value else "Shorter than minimum length 1."


def _equal(expected: str) -> Check:
    def check(value: object) -> str | None:
        problem = _non_empty_string(value)
        return problem or (None if value == expected else f"Must be equal to {expected}.")

    return check


def _matching(pattern: re.Pattern[str]) -> Check:
    def check(value: object) -> str | None:
        problem = _non_empty_string(value)
        return problem or (None if pattern.match(str(value)) else "String does not match expected pattern.")

    return check


def _time(value: object) -> str | None:
    return None if is_rfc3339_datetime(value) else "Not an RFC 3339 date-time with offset."


def _object(value: object) -> str | None:
    return None if isinstance(value, dict) else "Not a valid mapping type."


# Every consumer checks every message, so this is plain code rather than a marshmallow
# schema (about 10x faster); tests/contracts keeps it in agreement with envelope.json.
_CHECKS: dict[str, Check] = {
    "specversion": _equal(SPEC_VERSION),
    "id": _non_empty_string,
    "source": _non_empty_string,
    "type": _matching(_TYPE_RE),
    "time": _time,
    "subject": _non_empty_string,
    "dataschema": _matching(_DATASCHEMA_RE),
    "datacontenttype": _equal(DATA_CONTENT_TYPE),
    "correlationid": _non_empty_string,
    "data": _object,
}


def build_envelope(
    source: str,
    event_type: str,
    subject: str,
    data: dict[str, Any],
    *,
    version: int = 1,
    correlation_id: str | None = None,
    event_id: str | None = None,
    time: datetime | None = None,
) -> dict[str, Any]:
    """Make the envelope for one event; ``data`` must already be JSON-ready.

    ``time`` must be timezone-aware: a naive one would go out without an offset, which
    neither CloudEvents nor ``parse_envelope`` accepts.
    """
    if time is not None and time.utcoffset() is None:
        raise ValueError("build_envelope: time must be timezone-aware")
    event_id = event_id or str(uuid.uuid4())
    return {
        "specversion": SPEC_VERSION,
        "id": event_id,
        "source": source,
        "type": event_type_name(source, event_type),
        "time": (time or datetime.now(UTC)).isoformat(),
        "subject": str(subject),
        "dataschema": dataschema_uri(source, event_type, version),
        "datacontenttype": DATA_CONTENT_TYPE,
        "correlationid": correlation_id or event_id,
        "data": data,
    }


def parse_envelope(body: dict[str, Any]) -> dict[str, Any]:
    """Check a received envelope; raise EnvelopeError listing every problem."""
    if not isinstance(body, dict):
        raise EnvelopeError({"_schema": ["the message body is not a JSON object"]})
    errors = {}
    for name, check in _CHECKS.items():
        problem = check(body[name]) if name in body else MISSING
        if problem:
            errors[name] = [problem]
    for name in body.keys() - _CHECKS.keys():
        errors[name] = ["Unknown field."]
    if errors:
        raise EnvelopeError(errors)
    return body
