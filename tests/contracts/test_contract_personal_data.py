"""The public contract carries no personal data (ARCHITECTURE: "no personal data beyond what the
schema states"; R-COMP-4: a complainant's identity is sealed in complaints).

Applicants appear only as the opaque ``applicant_ref``; staff ids, names and work phones are
public duty information (R-FIRST-1), so a phone is allowed only on a staff member (the
``first_responder`` / ``$defs/staff`` object). Property names are checked at every depth.
"""

import json
import re

import pytest

from hall_contracts.registry import SCHEMA_DIR

PERSON = re.compile(
    r"applicant(?!_ref$)|complainant(?!_ref$)|citizen|id_?card|id_?number|identity|address|e_?mail|birth"
)
PHONE = re.compile(r"phone|mobile|tel(ephone)?$")
STAFF_OBJECTS = ("staff", "first_responder")
PUBLIC_PHONES = ("office_phone",)  # the complaints office's published number, not a person's
SCHEMAS = sorted(p for p in SCHEMA_DIR.glob("*/*.json"))


def property_paths(node, path=()):
    """Every (path, property name) declared anywhere in a schema."""
    if isinstance(node, dict):
        for name, child in node.get("properties", {}).items():
            yield path, name
            yield from property_paths(child, (*path, name))
        for key, child in node.items():
            if key != "properties":
                yield from property_paths(child, (*path, key))
    elif isinstance(node, list):
        for child in node:
            yield from property_paths(child, path)


def personal_properties(schema: dict) -> list[str]:
    found = []
    for path, name in property_paths(schema):
        on_staff = any(part in STAFF_OBJECTS for part in path)
        if PERSON.search(name) or (PHONE.search(name) and not on_staff and name not in PUBLIC_PHONES):
            found.append("/".join((*path, name)))
    return found


@pytest.mark.parametrize("path", SCHEMAS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_no_event_schema_declares_a_property_of_an_applicant_or_complainant(path):
    assert personal_properties(json.loads(path.read_text(encoding="utf-8"))) == []


@pytest.mark.parametrize(
    "name",
    ["applicant_name", "applicant_phone", "phone", "mobile", "complainant", "id_card", "applicant_address"],
)
def test_the_check_catches_personal_data_at_any_depth(name):
    leaky = {"properties": {"case_no": {}, "contact": {"type": "object", "properties": {name: {}}}}}
    assert personal_properties(leaky) == [f"contact/{name}"]


def test_a_first_responder_work_phone_is_public_duty_information_and_allowed():
    schema = json.loads((SCHEMA_DIR / "intake" / "case_accepted.v1.json").read_text(encoding="utf-8"))
    assert "phone" in schema["$defs"]["staff"]["properties"]
    assert personal_properties(schema) == []
