"""Commands other systems send to a hall service, and the check that one honours its schema.

A command asks for a change (an event reports one), so it is plain JSON, not a CloudEvents
envelope: ``content_type`` ``application/json``, ``delivery_mode`` 2, ``message_id`` = the
command's own idempotency key, and ``user_id`` = the sender's own broker account (RabbitMQ
refuses any other, so the receiver learns who sent it from the broker, never from the body; a
``submit_opinion`` is applied only from the task's department's ``dept_<department>``).
Its schema lives beside the event schemas, one folder per receiving service:
``urn:hall:command:joint_review:submit_opinion:1`` is
``schemas/commands/joint_review/submit_opinion.v1.json`` (outside the ``<source>/`` folders that
``registry.known_event_types`` reads, so a command is never taken for an event).

    problems = validate_opinion(body)   # [] when joint_review can apply it
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

from hall_contracts.opinion_check import plainly_valid_opinion
from hall_contracts.registry import SCHEMA_DIR, _problems, _validator

COMMAND_DIR = SCHEMA_DIR / "commands"
COMMAND_CONTENT_TYPE = "application/json"
_FILE = re.compile(r"^(?P<name>[a-z_]+)\.v(?P<version>\d+)\.json$")


class CommandType(NamedTuple):
    """One command a service accepts, at one version."""

    target: str
    name: str
    version: int

    @property
    def uri(self) -> str:
        return f"urn:hall:command:{self.target}:{self.name}:{self.version}"

    @property
    def path(self) -> Path:
        return COMMAND_DIR / self.target / f"{self.name}.v{self.version}.json"


SUBMIT_OPINION_V1 = CommandType("joint_review", "submit_opinion", 1)


def known_command_types() -> list[CommandType]:
    """Every command and version with a schema under ``schemas/commands/``, sorted."""
    found: list[CommandType] = []
    for path in COMMAND_DIR.glob("*/*.json"):
        match = _FILE.match(path.name)
        if match:
            found.append(CommandType(path.parent.name, match["name"], int(match["version"])))
    return sorted(found)


def validate_command(command: CommandType, body: object) -> list[str]:
    """Every way ``body`` breaks the command's schema, each prefixed with its field; [] if none."""
    problems = _problems(_validator(command.path), body, "")
    return [re.sub(r"^\(envelope\)", "(command)", problem) for problem in problems]


def validate_opinion(body: object) -> list[str]:
    """Problems of a ``submit_opinion`` command (verdict-dependent rules included); [] if none.

    A command that plainly honours the schema is passed by plain code (``opinion_check``, a
    tenth of jsonschema's cost); any other is checked and worded by the schema, as always."""
    if plainly_valid_opinion(body):
        return []
    return validate_command(SUBMIT_OPINION_V1, body)


__all__ = [
    "COMMAND_CONTENT_TYPE",
    "COMMAND_DIR",
    "SUBMIT_OPINION_V1",
    "CommandType",
    "known_command_types",
    "validate_command",
    "validate_opinion",
]
