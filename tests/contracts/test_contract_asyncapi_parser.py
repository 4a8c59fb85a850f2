"""The official AsyncAPI parser (@asyncapi/parser 3, as agencies' tools use it) accepts
contracts/asyncapi.yaml with no error and no warning, and checks every message's example, which
is the real sample event of hall_contracts, against the message's payload schema."""

import json
import shutil

import pytest
import yaml
from asyncapi_tools import REPO_ROOT, blocking, parse, parser_ready

from hall_contracts.registry import known_event_types
from hall_contracts.samples import SAMPLES_DIR

CONTRACTS = REPO_ROOT / "contracts"


@pytest.fixture(scope="module")
def node() -> str:
    return parser_ready()


@pytest.fixture(scope="module")
def report(node) -> dict:
    return parse(node, CONTRACTS / "asyncapi.yaml")


def test_the_parser_returns_the_document_with_no_error_and_no_warning(report):
    assert report["parsed"]
    assert blocking(report) == []
    # the one information left: AsyncAPI 3 exists (docs/guides/subscribing-agency.md says why 2.6)
    assert {d["code"] for d in report["diagnostics"]} <= {"asyncapi-latest-version"}


def test_every_message_has_a_message_id_a_tag_and_a_sample_as_example(report):
    messages = {m["messageId"]: m for m in report["messages"]}
    assert None not in messages
    samples = [json.loads(p.read_text(encoding="utf-8")) for p in SAMPLES_DIR.rglob("*.json")]
    for message_id, message in messages.items():
        assert message["tags"], message_id
        if message_id == "DeadLetter":  # any body at all: no sample can stand for it
            continue
        assert len(message["examples"]) == 1, message_id
        assert message["examples"][0] in samples, message_id


def test_each_event_types_example_is_its_sample_file(report):
    examples = {m["messageId"]: m["examples"] for m in report["messages"]}
    document = yaml.safe_load((CONTRACTS / "asyncapi.yaml").read_text(encoding="utf-8"))
    for event in known_event_types():
        channel = document["channels"][f"{event.exchange}/{event.routing_key}"]
        message_id = channel["subscribe"]["message"]["$ref"].rsplit("/", 1)[1]
        sample = SAMPLES_DIR / event.source / f"{event.event_type}.v{event.version}.json"
        assert examples[message_id] == [json.loads(sample.read_text(encoding="utf-8"))], message_id


def test_the_parser_refuses_an_example_that_breaks_its_schema(node, tmp_path):
    """The check above can fail: a sample with a wrong enum value and an unknown field."""
    copy = tmp_path / "contracts"
    shutil.copytree(CONTRACTS, copy, ignore=shutil.ignore_patterns("node_modules", "*.egg-info"))
    broken = copy / "samples" / "intake" / "case_registered.v1.json"
    event = json.loads(broken.read_text(encoding="utf-8"))
    event["data"]["channel"] = "pigeon"
    event["smuggled"] = True
    broken.write_text(json.dumps(event), encoding="utf-8")
    report = parse(node, copy / "asyncapi.yaml")
    refused = [d for d in blocking(report) if d["code"] == "asyncapi2-message-examples"]
    assert {d["path"] for d in refused} == {"", "data/channel"}
    assert any("smuggled" in d["message"] for d in refused)
    assert any("window" in d["message"] for d in refused)


def test_the_parser_refuses_a_message_without_its_example_payload(node, tmp_path):
    """The state the issue found (examples with a name but no payload) is an error, not a pass."""
    copy = tmp_path / "contracts"
    shutil.copytree(CONTRACTS, copy, ignore=shutil.ignore_patterns("node_modules", "*.egg-info"))
    document = copy / "asyncapi.yaml"
    text = document.read_text(encoding="utf-8")
    text = text.replace(
        "          payload:\n            $ref: './samples/intake/case_registered.v1.json'\n", ""
    )
    document.write_text(text, encoding="utf-8")
    report = parse(node, document)
    assert not report["parsed"] and blocking(report)
