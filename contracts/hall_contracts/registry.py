"""The published JSON Schemas, and the check that an event honours them.

``dataschema`` in every envelope names the schema of its ``data``:
``urn:hall:schema:intake:case_accepted:1`` is ``schemas/intake/case_accepted.v1.json``, and
that file's ``$id`` is the same URN. ``validate_event`` checks the envelope against
``schemas/envelope.json`` and the data against the schema its ``dataschema`` names, and
reports every problem at once, each prefixed with the path of the offending field.

Formats are checked: ``date-time`` by our own RFC 3339 check (jsonschema skips it silently
unless the optional ``rfc3339-validator`` package is installed), ``date`` by jsonschema.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from hall_contracts.envelope import (
    DATASCHEMA_PATTERN,
    dataschema_uri,
    event_type_name,
    is_rfc3339_datetime,
)

SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"
ENVELOPE_SCHEMA_PATH = SCHEMA_DIR / "envelope.json"
_DATASCHEMA = re.compile(DATASCHEMA_PATTERN)
_SCHEMA_FILE = re.compile(r"^(?P<event_type>[a-z_]+)\.v(?P<version>\d+)\.json$")


class EventType(NamedTuple):
    """One published event type at one version."""

    source: str
    event_type: str
    version: int

    @property
    def dataschema(self) -> str:
        return dataschema_uri(self.source, self.event_type, self.version)

    @property
    def type(self) -> str:
        return event_type_name(self.source, self.event_type)

    @property
    def exchange(self) -> str:
        return f"{self.source}.events"

    @property
    def routing_key(self) -> str:
        return self.event_type

    @property
    def path(self) -> Path:
        return SCHEMA_DIR / self.source / f"{self.event_type}.v{self.version}.json"


class UnknownSchema(LookupError):
    """``dataschema`` is malformed or names a schema we do not publish."""


class EventValidationError(ValueError):
    """An event that breaks the contract; ``problems`` lists every reason."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        listed = "\n".join(f"  - {problem}" for problem in problems)
        super().__init__(f"event breaks the contract ({len(problems)} problem(s)):\n{listed}")


def _parse_uri(uri: object) -> EventType:
    if not isinstance(uri, str) or not _DATASCHEMA.match(uri):
        raise UnknownSchema(f"not a hall dataschema URI: {uri!r}")
    _, _, _, source, event_type, version = uri.split(":")
    return EventType(source, event_type, int(version))


def schema_path(uri: str) -> Path:
    """``urn:hall:schema:intake:case_accepted:1`` -> ``.../schemas/intake/case_accepted.v1.json``.

    Raises UnknownSchema for a malformed URI; the file may or may not exist.
    """
    return _parse_uri(uri).path


def load_schema(uri: str) -> dict[str, Any]:
    """The JSON Schema a ``dataschema`` URI names (a copy: mutate it freely)."""
    return copy.deepcopy(_load(schema_path(uri)))


def load_envelope_schema() -> dict[str, Any]:
    return copy.deepcopy(_load(ENVELOPE_SCHEMA_PATH))


def known_event_types() -> list[EventType]:
    """Every event type and version with a schema under ``schemas/``, sorted."""
    found = []
    for path in SCHEMA_DIR.glob("*/*.json"):
        match = _SCHEMA_FILE.match(path.name)
        if match:
            found.append(EventType(path.parent.name, match["event_type"], int(match["version"])))
    return sorted(found)


def validate_envelope(envelope: dict[str, Any]) -> dict[str, Any]:
    """Check the envelope alone against ``envelope.json`` (``data`` only as an object)."""
    problems = _problems(_validator(ENVELOPE_SCHEMA_PATH), envelope, "")
    if problems:
        raise EventValidationError(problems)
    return envelope


def validate_event(envelope: dict[str, Any]) -> dict[str, Any]:
    """Check a whole event against the contract; return it, or raise EventValidationError."""
    problems = _problems(_validator(ENVELOPE_SCHEMA_PATH), envelope, "")
    if not isinstance(envelope, dict):
        raise EventValidationError(problems)
    uri = envelope.get("dataschema")
    try:
        event = _parse_uri(uri)
    except UnknownSchema:
        event = None  # already reported by the envelope schema
    if event is not None:
        problems += _consistency_problems(envelope, event)
        if not event.path.is_file():
            problems.append(f"dataschema: no published schema for {uri} (expected {event.path})")
        elif isinstance(envelope.get("data"), dict):
            problems += _problems(_validator(event.path), envelope["data"], "data")
    if problems:
        raise EventValidationError(problems)
    return envelope


def _consistency_problems(envelope: dict[str, Any], event: EventType) -> list[str]:
    problems = []
    if envelope.get("source") != event.source:
        problems.append(
            f"source: {envelope.get('source')!r} differs from the source of its dataschema ({event.source!r})"
        )
    if envelope.get("type") != event.type:
        problems.append(
            f"type: {envelope.get('type')!r} differs from its dataschema, which implies {event.type!r}"
        )
    return problems


def _problems(validator: Draft202012Validator, instance: object, prefix: str) -> list[str]:
    errors = sorted(validator.iter_errors(instance), key=lambda e: [str(p) for p in e.path])
    return [f"{_where(prefix, error.absolute_path)}: {error.message}" for error in errors]


def _where(prefix: str, path: Iterable[str | int]) -> str:
    where = prefix
    for part in path:
        where += f"[{part}]" if isinstance(part, int) else (f".{part}" if where else part)
    return where or "(envelope)"


@cache
def _load(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        loaded: dict[str, Any] = json.load(handle)
        return loaded


@cache
def _format_checker() -> FormatChecker:
    checker = FormatChecker()
    checker.checks("date-time")(lambda value: not isinstance(value, str) or is_rfc3339_datetime(value))
    return checker


@cache
def _registry() -> Registry:
    """Every published schema under its ``$id``, so a schema may ``$ref`` another by URN."""
    paths = [ENVELOPE_SCHEMA_PATH, *(event.path for event in known_event_types())]
    resources = [
        (_load(p)["$id"], Resource.from_contents(_load(p), default_specification=DRAFT202012)) for p in paths
    ]
    return Registry().with_resources(resources)


@cache
def _validator(path: Path) -> Draft202012Validator:
    schema = _load(path)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=_format_checker(), registry=_registry())


__all__ = [
    "ENVELOPE_SCHEMA_PATH",
    "SCHEMA_DIR",
    "EventType",
    "EventValidationError",
    "UnknownSchema",
    "known_event_types",
    "load_envelope_schema",
    "load_schema",
    "schema_path",
    "validate_envelope",
    "validate_event",
]
