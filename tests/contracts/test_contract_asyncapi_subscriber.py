"""A subscriber generated from contracts/asyncapi.yaml reads our events: pydantic models made by
datamodel-code-generator from each message's payload schema (as the document states it, with its
envelope and data schemas) parse every sample event, and refuse a broken one."""

import importlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

CONTRACTS = Path(__file__).resolve().parents[2] / "contracts"
NO_SAMPLE = {"DeadLetter"}  # any body at all: its payload states no schema to generate from


def absolute_refs(node):
    if isinstance(node, dict):
        return {
            key: str((CONTRACTS / value).resolve())
            if key == "$ref" and not value.startswith("#")
            else absolute_refs(value)
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [absolute_refs(item) for item in node]
    return node


def message_schemas() -> dict[str, dict]:
    """Each message with a schema of its own, by messageId (a message reusing another's payload
    by a ``#/...`` reference has that message's model)."""
    document = yaml.safe_load((CONTRACTS / "asyncapi.yaml").read_text(encoding="utf-8"))
    schemas = {}
    for message in document["components"]["messages"].values():
        payload = message["payload"]
        if message["messageId"] in NO_SAMPLE or payload.get("$ref", "").startswith("#"):
            continue
        schemas[message["messageId"]] = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": message["messageId"],
            **absolute_refs(payload),
        }
    return schemas


@pytest.fixture(scope="module")
def subscriber(tmp_path_factory) -> str:
    """The generated package's name, importable (tmp dir on sys.path)."""
    root = tmp_path_factory.mktemp("subscriber")
    (root / "schemas").mkdir()
    for message_id, schema in message_schemas().items():
        (root / "schemas" / f"{message_id}.json").write_text(json.dumps(schema), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "datamodel_code_generator", "--input", str(root / "schemas")]
        + ["--input-file-type", "jsonschema", "--output", str(root / "hall_subscriber")]
        + ["--output-model-type", "pydantic_v2.BaseModel", "--formatters", "builtin"]
        + ["--allow-remote-refs", "--disable-timestamp"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    sys.path.insert(0, str(root))
    yield "hall_subscriber"
    sys.path.remove(str(root))
    for name in [name for name in sys.modules if name.startswith("hall_subscriber")]:
        del sys.modules[name]


def model(subscriber: str, message_id: str):
    return getattr(importlib.import_module(f"{subscriber}.{message_id}"), message_id)


def shape(node):
    """The field names of a JSON value, all the way down."""
    if isinstance(node, dict):
        return {key: shape(value) for key, value in node.items()}
    if isinstance(node, list):
        return [shape(item) for item in node]
    return None


def examples() -> dict[str, dict]:
    document = yaml.safe_load((CONTRACTS / "asyncapi.yaml").read_text(encoding="utf-8"))
    found = {}
    for message in document["components"]["messages"].values():
        for example in message.get("examples", []):
            sample = CONTRACTS / example["payload"]["$ref"]
            found[message["messageId"]] = json.loads(sample.read_text(encoding="utf-8"))
    return found


def test_every_message_with_a_schema_has_a_sample():
    assert set(message_schemas()) <= set(examples())
    assert len(message_schemas()) >= 52  # 51 event types and the opinion command


def test_the_generated_models_parse_every_sample(subscriber):
    for message_id in message_schemas():
        sample = examples()[message_id]
        parsed = model(subscriber, message_id).model_validate(sample)
        # every field read, none dropped (times may come back as ``Z`` instead of ``+00:00``)
        assert shape(parsed.model_dump(mode="json", exclude_unset=True, by_alias=True)) == shape(sample), (
            message_id
        )


@pytest.mark.parametrize(
    "break_it",
    [
        lambda event: event["data"].update(channel="pigeon"),
        lambda event: event.update(smuggled=True),
        lambda event: event.update(type="hall.intake.case_accepted"),
        lambda event: event["data"].pop("case_no"),
    ],
    ids=["unknown enum value", "unknown envelope field", "another event's type", "missing field"],
)
def test_the_generated_models_refuse_a_broken_event(subscriber, break_it):
    event = examples()["CaseRegisteredV1"]
    break_it(event)
    with pytest.raises(ValueError):
        model(subscriber, "CaseRegisteredV1").model_validate(event)
