"""A quick yes for an opinion command that plainly honours ``submit_opinion`` v1.

joint_review checks every opinion a department sends against the published JSON Schema
(``commands.validate_opinion``); jsonschema walks the schema in Python (its ``if``/``then``
branches build errors even for a valid command) and cost joint_review about a fifth of its CPU
per joint case. This check says yes only where every rule of the schema plainly holds, written
conservatively: anything unusual (a float round, an upper-case or braced UUID, a type it does not
expect) is not a yes, and jsonschema then decides and words the problems exactly as before.
So it may never say yes to a command the schema refuses: tests/contracts holds it to that on
thousands of variants of the sample command.
"""

from __future__ import annotations

import re
from typing import Any

from hall_contracts.envelope import is_rfc3339_datetime

_FIELDS = {
    "opinion_id",
    "task_id",
    "review_id",
    "department",
    "round",
    "verdict",
    "conditions",
    "reason",
    "materials",
    "reviewer",
    "submitted_at",
}
_REQUIRED = _FIELDS - {"conditions", "reason", "materials"}
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\Z")
_DEPARTMENT = re.compile(r"[a-z][a-z0-9_]{1,39}\Z")
_VISIBLE = re.compile(r"\S")
_REASON = re.compile(r"(\S\s*){4}")


def _text(value: object, low: int, high: int) -> bool:
    return type(value) is str and low <= len(value) <= high


def _texts(value: object, high: int) -> bool:
    return type(value) is list and all(
        _text(item, 1, high) and _VISIBLE.search(item) is not None for item in value
    )


def _reviewer(value: object) -> bool:
    return (
        type(value) is dict
        and value.keys() <= {"id", "name"}
        and _text(value.get("id"), 1, 40)
        and ("name" not in value or _text(value["name"], 1, 60))
    )


def _verdict_rules(body: dict[str, Any]) -> bool:
    verdict, reason = body["verdict"], body.get("reason")
    if verdict == "reject":
        return type(reason) is str and _REASON.search(reason) is not None and not body.get("conditions")
    if verdict == "supplement":
        return bool(body.get("materials")) and not body.get("conditions")
    return bool(verdict == "approve")


def plainly_valid_opinion(body: object) -> bool:
    """True only if ``body`` honours every rule of ``submit_opinion`` v1; False means "ask the
    schema", not "invalid"."""
    return (
        type(body) is dict
        and body.keys() <= _FIELDS
        and body.keys() >= _REQUIRED
        and type(body["opinion_id"]) is str
        and _UUID.match(body["opinion_id"]) is not None
        and _text(body["task_id"], 1, 120)
        and _text(body["review_id"], 1, 60)
        and type(body["department"]) is str
        and _DEPARTMENT.match(body["department"]) is not None
        and type(body["round"]) is int
        and body["round"] >= 1
        and ("conditions" not in body or _texts(body["conditions"], 500))
        and ("materials" not in body or _texts(body["materials"], 200))
        and (body.get("reason") is None or _text(body["reason"], 0, 2000))
        and _reviewer(body["reviewer"])
        and is_rfc3339_datetime(body["submitted_at"])
        and _verdict_rules(body)
    )
