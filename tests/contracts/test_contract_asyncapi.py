"""The AsyncAPI document describes the bus we run, and points only at schemas that exist."""

from pathlib import Path

import pytest
import yaml

from hall_contracts.registry import SCHEMA_DIR, known_event_types

CONTRACTS_DIR = Path(__file__).resolve().parents[2] / "contracts"
ASYNCAPI = CONTRACTS_DIR / "asyncapi.yaml"
SERVICES = ("intake", "joint_review", "complaints", "notify")


@pytest.fixture(scope="module")
def document() -> dict:
    return yaml.safe_load(ASYNCAPI.read_text(encoding="utf-8"))


def refs(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from refs(item)


def resolve_pointer(document: dict, pointer: str):
    node = document
    for part in pointer.lstrip("/").split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def test_the_document_is_asyncapi_2_6_yaml(document):
    assert document["asyncapi"] == "2.6.0"
    assert document["defaultContentType"] == "application/cloudevents+json"


def test_every_ref_resolves_to_an_existing_file_or_component(document):
    for ref in refs(document):
        if ref.startswith("#"):
            resolve_pointer(document, ref[1:])
        else:
            assert (CONTRACTS_DIR / ref).resolve().is_file(), ref


def test_every_schema_file_is_referenced_by_the_document(document):
    files = {(CONTRACTS_DIR / ref).resolve() for ref in refs(document) if not ref.startswith("#")}
    assert set(SCHEMA_DIR.rglob("*.json")) == {path for path in files if SCHEMA_DIR in path.parents}


def test_every_sample_file_is_the_example_of_a_message(document):
    """The examples are the sample events themselves (test_contract_asyncapi_parser checks them
    against their schemas with the official parser)."""
    examples = {
        (CONTRACTS_DIR / example["payload"]["$ref"]).resolve()
        for message in document["components"]["messages"].values()
        for example in message.get("examples", [])
    }
    assert set((CONTRACTS_DIR / "samples").rglob("*.json")) == examples


def test_each_event_type_has_a_channel_on_its_exchange_with_its_routing_key(document):
    for event in known_event_types():
        channel = document["channels"][f"{event.exchange}/{event.routing_key}"]
        amqp = channel["bindings"]["amqp"]
        assert amqp["is"] == "routingKey"
        assert amqp["exchange"] == {
            "name": event.exchange,
            "type": "topic",
            "durable": True,
            "autoDelete": False,
            "vhost": "/",
        }
        assert channel["subscribe"]["bindings"]["amqp"]["deliveryMode"] == 2
        assert channel["subscribe"]["bindings"]["amqp"]["cc"] == [event.routing_key]
        message = resolve_pointer(document, channel["subscribe"]["message"]["$ref"][1:])
        assert message["name"] == event.event_type
        envelope_ref, specifics = message["payload"]["allOf"]
        assert (CONTRACTS_DIR / envelope_ref["$ref"]).resolve() == SCHEMA_DIR / "envelope.json"
        assert specifics["properties"]["dataschema"]["const"] == event.dataschema
        assert (CONTRACTS_DIR / specifics["properties"]["data"]["$ref"]).resolve() == event.path


def test_the_four_services_exchanges_are_documented_as_durable_topics(document):
    exchanges = {e["name"]: e for e in document["x-hall-exchanges"]}
    assert set(exchanges) == {f"{service}.events" for service in SERVICES}
    assert all(e["type"] == "topic" and e["durable"] for e in exchanges.values())


def test_dead_letters_are_documented(document):
    channel = document["channels"]["{service}.dead_letters"]
    assert channel["x-hall-dead-letter-exchange"]["name"] == "{service}.dlx"
    assert channel["x-hall-dead-letter-exchange"]["type"] == "fanout"
    assert channel["bindings"]["amqp"]["queue"]["durable"] is True


def test_each_exchange_lists_exactly_the_event_types_its_service_publishes(document):
    exchanges = {e["name"]: set(e["publishes"]) for e in document["x-hall-exchanges"]}
    for service in SERVICES:
        published = {e.event_type for e in known_event_types() if e.source == service}
        assert exchanges[f"{service}.events"] == published, service


def test_the_events_intake_consumes_are_documented_with_intake_as_a_consumer(document):
    for channel in (
        "joint_review.events/supplement_consolidated",
        "joint_review.events/round_started",
        "joint_review.events/review_decided",
        "complaints.events/complaint_substantiated",
    ):
        assert "intake" in document["channels"][channel]["x-hall-consumers"], channel


def test_no_channel_is_marked_planned_once_its_producer_ships(document):
    """complaint_substantiated was planned before complaints published it (issue 6); a planned
    channel would now mislead consumers."""
    planned = [
        name
        for name, channel in document["channels"].items()
        if channel.get("x-hall-producer-status") == "planned"
    ]
    assert planned == []


def test_review_task_queues_carry_the_review_task_assigned_message(document):
    channel = document["channels"]["review_tasks.{department}"]
    assert "x-status" not in channel
    assert channel["subscribe"]["message"]["$ref"] == "#/components/messages/ReviewTaskV1"
    task = document["components"]["messages"]["ReviewTaskV1"]
    assert task["payload"] == {"$ref": "#/components/messages/ReviewTaskAssignedV1/payload"}
    assert channel["bindings"]["amqp"]["queue"]["name"] == "review_tasks.{department}"


def test_messages_are_cloudevents_json(document):
    trait = document["components"]["messageTraits"]["cloudEvent"]
    assert trait["contentType"] == "application/cloudevents+json"
