"""No event ships without its contract: every ``tx.publish("<type>", ...)`` in a service's source
has a published JSON Schema and a sample.

The scan reads ``services/<service>/<package>/**/*.py``; the service directory is the event's
source (the exchange ``<service>.events``). A publish whose type is not a string literal cannot be
checked by reading, so it must be listed in ``COMPUTED`` with every type it can produce.
"""

import re
from pathlib import Path

import pytest

from hall_contracts.registry import known_event_types
from hall_contracts.samples import SAMPLES

REPO = Path(__file__).resolve().parents[2]
PUBLISH = re.compile(r"\btx\.publish\(\s*(?P<first>[^,)]+)", re.S)
LITERAL = re.compile(r"""^["'](?P<type>[a-z_]+)["']$""")

# (file under services/, the expression passed as the type) -> the types it can be
COMPUTED = {
    ("intake/intake/clock/alerts.py", 'f"case_{found}"'): ("case_due_soon", "case_overdue"),
}

# Types whose producer is being written right now and whose schema did not exist yet when this
# list was last checked. Empty: every type published today has its contract.
PENDING: set[tuple[str, str]] = set()


def publish_calls() -> list[tuple[str, str, str]]:
    """(service, file relative to services/, first argument as written) for every publish call."""
    found = []
    for path in sorted((REPO / "services").glob("*/*/**/*.py")):
        relative = path.relative_to(REPO / "services")
        if "migrations" in relative.parts:
            continue
        for match in PUBLISH.finditer(path.read_text(encoding="utf-8")):
            found.append((relative.parts[0], relative.as_posix(), " ".join(match["first"].split())))
    return found


def published_types() -> set[tuple[str, str]]:
    types = set()
    for service, relative, first in publish_calls():
        literal = LITERAL.match(first)
        if literal:
            types.add((service, literal["type"]))
        else:
            types.update((service, name) for name in COMPUTED.get((relative, first), (f"<unknown {first}>",)))
    return types


def test_the_scan_finds_the_publishers_it_must_guard():
    """A broken regular expression would make every other test here pass vacuously."""
    types = published_types()
    assert {
        ("intake", "case_accepted"),
        ("intake", "case_registered"),
        ("notify", "notice_issued"),
        ("joint_review", "review_decided"),
    } <= types
    assert len(types) >= 20


def test_every_publish_call_names_its_type_as_a_literal_or_is_listed_with_its_types():
    unreadable = [
        (relative, first)
        for _, relative, first in publish_calls()
        if not LITERAL.match(first) and (relative, first) not in COMPUTED
    ]
    assert unreadable == [], "list these in COMPUTED with the event types they can produce"


@pytest.mark.parametrize(
    ("service", "event_type"), sorted(published_types() - PENDING), ids=lambda value: value
)
def test_every_published_event_type_has_a_schema_and_a_sample(service, event_type):
    schemas = {(e.source, e.event_type) for e in known_event_types()}
    assert (service, event_type) in schemas, (
        f"{service} publishes {event_type} but contracts/hall_contracts/schemas/{service}/"
        f"{event_type}.v1.json does not exist: write its contract first"
    )
    assert any(key.startswith(f"{service}/{event_type}.v") for key in SAMPLES), (
        f"no sample for {service}.{event_type} in hall_contracts.samples.SAMPLES"
    )


def test_pending_types_are_still_really_pending():
    """Once a pending type has its schema, it must leave PENDING and be checked like the others."""
    schemas = {(e.source, e.event_type) for e in known_event_types()}
    assert PENDING & schemas == set()
