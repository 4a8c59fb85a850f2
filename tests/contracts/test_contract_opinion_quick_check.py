"""The quick yes for opinion commands (hall_contracts.opinion_check) never passes a command the
published schema refuses, and validate_opinion answers exactly what the schema alone answered:
thousands of variants of the sample command, one field or a verdict's pair of fields at a time."""

import copy
import itertools
import json

from hall_contracts.commands import SUBMIT_OPINION_V1, validate_command, validate_opinion
from hall_contracts.opinion_check import plainly_valid_opinion
from hall_contracts.sample_commands import SAMPLES_DIR

SAMPLE = json.loads((SAMPLES_DIR / "joint_review" / "submit_opinion.v1.json").read_text(encoding="utf-8"))
UUID = SAMPLE["opinion_id"]
ODD = [
    None, True, False, 0, 1, 2, -1, 1.0, 2.5, "", " ", "\n", "a", "abc", "ab c", "a b c d", "  x  ", "真",
    "x" * 40, "x" * 41, "x" * 60, "x" * 61, "x" * 120, "x" * 121, "x" * 200, "x" * 201, "x" * 500,
    "x" * 501, "x" * 2000, "x" * 2001, [], [""], [" "], ["a"], ["a", 1], ["a", " "], ["x" * 201], [None],
    {}, {"id": "R"}, {"id": ""}, {"id": "R", "name": ""}, {"id": "R", "name": "N"}, {"id": "R", "x": 1},
    {"id": 1}, {"name": "N"}, UUID.upper(), "{" + UUID + "}", UUID.replace("-", ""), "urn:uuid:" + UUID,
    UUID + "\n", "natural_resources", "natural_resources\n", "Natural", "n", "n" * 41, "approve",
    "reject", "supplement", "Approve", "2026-01-06T15:20:00+08:00", "2026-01-06 15:20:00+08:00",
    "2026-01-06T15:20:00", "2026-13-06T15:20:00Z", "2026-01-06t15:20:00z",
]  # fmt: skip
BASES = [
    {**SAMPLE, "verdict": "approve", "conditions": ["建房层数不超过三层"], "reason": None, "materials": []},
    {k: v for k, v in SAMPLE.items() if k not in {"conditions", "reason", "materials"}}
    | {"verdict": "approve"},
    {**SAMPLE, "verdict": "reject", "reason": "占用永久基本农田", "conditions": [], "materials": []},
    {**SAMPLE, "verdict": "supplement"},
]


def variants():
    for base in BASES:
        yield base
        for field in [*SAMPLE, "extra"]:
            changed = copy.deepcopy(base)
            changed.pop(field, None)
            yield changed
            for value in ODD:
                yield {**copy.deepcopy(base), field: value}
        for verdict, reason, conditions, materials in itertools.product(
            ["approve", "reject", "supplement"],
            [None, "", "abc", "ab cd", "不符合规划", 4],
            [[], ["x"], None],
            [[], ["宅基地四至图"], [" "]],
        ):
            yield {
                **base,
                "verdict": verdict,
                "reason": reason,
                "conditions": conditions,
                "materials": materials,
            }


def test_the_quick_yes_is_never_given_to_a_command_the_schema_refuses():
    passed = 0
    for body in variants():
        schema_says = validate_command(SUBMIT_OPINION_V1, body)
        if plainly_valid_opinion(body):
            passed += 1
            assert schema_says == [], body
        assert validate_opinion(body) == schema_says, body
    assert passed > 100  # the quick path is taken, not dead code


def test_every_kind_of_valid_sample_takes_the_quick_path():
    for base in BASES:
        assert plainly_valid_opinion(base), base
