"""The submit_opinion command departments send to joint_review (R-JOINT-3): its schema, sample and
``validate_opinion``; the verdict-dependent rules hold on the wire; what the schema accepts
joint_review accepts (and the verdict mistakes it refuses, joint_review refuses too)."""

import copy
import json

import pytest

from hall_contracts.commands import (
    COMMAND_DIR,
    SUBMIT_OPINION_V1,
    known_command_types,
    validate_opinion,
)
from hall_contracts.registry import known_event_types, validate_event
from hall_contracts.sample_commands import COMMAND_SAMPLES, SAMPLES_DIR
from hall_contracts.sample_peers import review_task_assigned_v1
from hall_contracts.samples import render

SAMPLE = json.loads((SAMPLES_DIR / "joint_review" / "submit_opinion.v1.json").read_text(encoding="utf-8"))


def opinion(**changes) -> dict:
    body = copy.deepcopy(SAMPLE)
    body.update(conditions=[], reason=None, materials=[])
    body.update(changes)
    return body


APPROVE = opinion(verdict="approve", conditions=["建房层数不超过三层"])
REJECT = opinion(verdict="reject", reason="占用永久基本农田，不符合国土空间规划")
SUPPLEMENT = opinion(verdict="supplement", materials=["宅基地四至图"])
MISTAKES = {
    "reject without a reason": (opinion(verdict="reject"), "reason"),
    "reject with a blank reason": (opinion(verdict="reject", reason="   "), "reason"),
    "supplement without materials": (opinion(verdict="supplement"), "materials"),
    "supplement with a blank material": (opinion(verdict="supplement", materials=[" "]), "materials"),
    "conditions on a rejection": (
        opinion(verdict="reject", reason="不符合规划要求", conditions=["x"]),
        "conditions",
    ),
    "an unknown verdict": (opinion(verdict="maybe"), "verdict"),
}


def test_the_sample_command_is_what_sample_commands_makes_and_it_is_valid():
    assert set(COMMAND_SAMPLES) == {"joint_review/submit_opinion.v1.json"}
    assert (SAMPLES_DIR / "joint_review" / "submit_opinion.v1.json").read_text(encoding="utf-8") == render(
        COMMAND_SAMPLES["joint_review/submit_opinion.v1.json"]()
    )
    assert validate_opinion(SAMPLE) == []


def test_commands_have_schemas_of_their_own_never_taken_for_events():
    assert known_command_types() == [SUBMIT_OPINION_V1]
    schema = json.loads(SUBMIT_OPINION_V1.path.read_text(encoding="utf-8"))
    assert schema["$id"] == SUBMIT_OPINION_V1.uri == "urn:hall:command:joint_review:submit_opinion:1"
    assert SUBMIT_OPINION_V1.path.parent.parent == COMMAND_DIR
    assert "commands" not in {event.source for event in known_event_types()}


@pytest.mark.parametrize("body", [APPROVE, REJECT, SUPPLEMENT], ids=["approve", "reject", "supplement"])
def test_r_joint_3_each_verdict_with_what_it_needs_is_a_valid_opinion(body):
    assert validate_opinion(body) == []


@pytest.mark.parametrize("mistake", sorted(MISTAKES))
def test_r_joint_3_an_opinion_missing_what_its_verdict_needs_is_refused_naming_the_field(mistake):
    body, field = MISTAKES[mistake]
    problems = validate_opinion(body)
    assert problems and all(field in problem for problem in problems), problems


def test_the_idempotency_key_is_a_uuid_and_the_time_has_an_offset():
    problems = validate_opinion({**APPROVE, "opinion_id": "OP-1", "submitted_at": "2026-01-06T15:20:00"})
    assert [p.split(":")[0] for p in problems] == ["opinion_id", "submitted_at"]
    assert validate_opinion({**APPROVE, "extra": 1}) and validate_opinion("not an object")


@pytest.mark.parametrize(
    "body", [APPROVE, REJECT, SUPPLEMENT, SAMPLE], ids=["approve", "reject", "supplement", "sample"]
)
def test_r_joint_3_joint_review_accepts_every_opinion_the_schema_accepts(body):
    from joint_review.messaging.rules import parse_opinion

    assert parse_opinion(copy.deepcopy(body))["reviewer_id"] == body["reviewer"]["id"]


@pytest.mark.parametrize("mistake", sorted(MISTAKES))
def test_r_joint_3_joint_review_refuses_the_verdict_mistakes_the_schema_refuses(mistake):
    from joint_review.messaging.rules import parse_opinion
    from reliable_events import CommandRejected

    with pytest.raises(CommandRejected):
        parse_opinion(copy.deepcopy(MISTAKES[mistake][0]))


def test_r_joint_7_a_review_task_may_say_whether_its_reviewer_is_the_primary_or_the_backup():
    task = review_task_assigned_v1()
    task["data"]["assignee"] = {"reviewer_id": "R-ZR-022", "role": "backup"}
    validate_event(task)
    task["data"]["assignee"]["role"] = "deputy"
    with pytest.raises(ValueError, match="assignee.role"):
        validate_event(task)


def test_the_asyncapi_document_carries_the_opinion_command_on_its_queue():
    import yaml

    document = yaml.safe_load((COMMAND_DIR.parents[2] / "asyncapi.yaml").read_text(encoding="utf-8"))
    channel = document["channels"]["joint_review.opinions"]
    assert channel["x-hall-exchange"]["name"] == "joint_review.commands"
    assert channel["publish"]["message"]["$ref"] == "#/components/messages/SubmitOpinionV1"
    message = document["components"]["messages"]["SubmitOpinionV1"]
    assert message["contentType"] == "application/json"
    assert (COMMAND_DIR.parents[2] / message["payload"]["$ref"]).resolve() == SUBMIT_OPINION_V1.path
