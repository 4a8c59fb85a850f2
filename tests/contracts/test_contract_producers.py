"""What the producers actually publish honours the published schema.

Intake's real use cases run on an in-memory database (``intake_producer``), so a field added to
``intake/events.py`` without a schema change, a wrong enum value or a leak of the applicant's
name or phone fails here, not at an agency.
"""

import json

import pytest
from intake_producer import APPLICANT, NOW, Hall, materials

from hall_contracts import build_envelope
from hall_contracts.registry import validate_event
from hall_contracts.samples import SAMPLES
from intake.cases import handlers
from joint_review.reviews import events as joint_events
from joint_review.reviews import rules as joint_domain


def assert_public_and_valid(events: list[dict]) -> None:
    assert events
    for event in events:
        validate_event(event)
        text = json.dumps(event, ensure_ascii=False)
        leaked = [value for value in APPLICANT.values() if value in text]
        assert leaked == [], event["type"]


def test_r_kind_2_a_promised_case_publishes_registered_and_accepted_events_that_honour_their_schemas():
    hall = Hall()
    case = hall.accept("SC-010", urgent=True, urgent_days=3)
    hall.run(handlers.complete_case, case["case_no"], "approved", None)
    assert hall.types() == ["case_registered", "case_accepted", "case_completed"]
    assert_public_and_valid(hall.events)
    accepted = hall.events[1]["data"]
    assert (accepted["item_kind"], accepted["limit_days"], accepted["promised_days"]) == ("promised", 3, 5)


def test_r_kind_3_a_supplement_case_publishes_requested_received_completed_and_accepted_per_contract():
    hall = Hall()
    attachments = materials("SC-010", "attachment")
    case = hall.accept("SC-010", presented=materials("SC-010", "main"))
    hall.run(handlers.add_supplement, case["case_no"], attachments[:1])
    hall.run(handlers.add_supplement, case["case_no"], attachments[1:])
    assert hall.types() == [
        "case_registered",
        "supplement_requested",
        "supplement_received",
        "supplement_received",
        "supplement_completed",
        "case_accepted",
    ]
    assert_public_and_valid(hall.events)
    assert hall.events[1]["data"]["missing_materials"] == attachments


def test_r_kind_4_a_returned_case_publishes_its_written_reason_per_contract():
    hall = Hall()
    hall.accept("SC-010", presented=materials("SC-010", "attachment"))
    assert hall.types() == ["case_registered", "case_returned"]
    assert_public_and_valid(hall.events)
    assert hall.events[1]["data"]["status"] == "returned"


def test_r_kind_6_an_escalated_case_publishes_forwarding_and_the_authority_answer_per_contract():
    hall = Hall()
    case = hall.accept("MZ-002")
    hall.run(handlers.forward_case, case["case_no"], "市民政局")
    answer = {
        "authority": "市民政局",
        "reference": "民批〔2026〕7号",
        "outcome": "refused",
        "reason": "家庭收入超过低保标准 (income above the threshold)",
    }
    hall.run(handlers.record_authority_answer, case["case_no"], answer)
    assert hall.types() == ["case_registered", "case_accepted", "case_escalated", "case_completed"]
    assert_public_and_valid(hall.events)
    assert hall.events[1]["data"]["forwarding_deadline"] is not None
    completed = hall.events[-1]["data"]  # the completion notice names who decided (R-KIND-6)
    assert (completed["authority"], completed["authority_reference"]) == ("市民政局", "民批〔2026〕7号")


@pytest.mark.parametrize("item_code", ["MZ-001", "NY-001", "GA-010"])
def test_r_kind_1_and_r_kind_5_immediate_and_joint_cases_publish_contract_valid_acceptances(item_code):
    hall = Hall()
    hall.accept(item_code)
    assert_public_and_valid(hall.events)


def test_r_kind_5_a_joint_acceptance_names_every_department_lead_first():
    hall = Hall()
    hall.accept("NY-001")
    accepted = hall.events[-1]["data"]
    assert accepted["item_kind"] == "joint" and accepted["lead_department"] == accepted["departments"][0]
    assert len(accepted["departments"]) >= 3


def test_a_walking_skeleton_case_accepted_payload_is_still_valid_after_the_additive_change():
    old = dict(SAMPLES["intake/case_accepted.v1.json"]()["data"])
    for added in (
        "deadline_provisional",
        "item_kind",
        "limit_days",
        "departments",
        "lead_department",
        "forwarding_deadline",
    ):
        del old[added]
    old.update(status="accepted", notices_due=["receipt"])
    validate_event(build_envelope("intake", "case_accepted", old["case_no"], old))


REVIEW = {
    "review_id": "JR-HALL-20260105-3JD8W2QR",
    "case_no": "HALL-20260105-3JD8W2QR",
    "round": 1,
    "lead_department": "agriculture_rural",
    "item_code": "NY-001",
    "item_name": "农村宅基地和建房（规划许可）审批",
    "departments": ["agriculture_rural", "natural_resources", "housing_construction"],
    "materials": [],
    "opened_at": NOW,
    "converged_at": NOW,
    "task_limit_days": 3,
    "decision": "approved",
}


def joint_review_events() -> list[tuple[str, dict]]:
    asked = joint_domain.Opinion("OP-1", "natural_resources", 1, "supplement", materials=("公示材料",))
    supplement = joint_domain.converge(1, {"natural_resources": asked})
    approve = joint_domain.Opinion(
        "OP-2", "natural_resources", 2, "approve", conditions=("不得占用基本农田",)
    )
    approval = joint_domain.converge(2, {"natural_resources": approve})
    task = {
        "task_id": "JR-1-natural_resources-1",
        "department": "natural_resources",
        "round": 1,
        "assigned_at": NOW,
        "due_date": NOW.date(),
        "assignee_id": None,
        "asked_materials": [],
    }
    opinion = {
        "round": 1,
        "opinion_id": "OP-1",
        "department": "natural_resources",
        "verdict": "supplement",
        "conditions": [],
        "reason": None,
        "materials": ["公示材料"],
        "reviewer_id": "R-ZR-021",
        "channel": "http",
        "recorded_at": NOW,
    }
    decided = {**REVIEW, "draft": approval.as_dict()}
    return [
        ("review_opened", joint_events.review_opened(REVIEW)),
        ("review_task_assigned", joint_events.review_task_assigned(REVIEW, task)),
        ("opinion_recorded", joint_events.opinion_recorded(REVIEW, opinion)),
        ("review_converged", joint_events.review_converged(REVIEW, supplement)),
        ("supplement_consolidated", joint_events.supplement_consolidated(REVIEW, supplement, NOW)),
        ("round_started", joint_events.round_started(REVIEW, ["natural_resources"], NOW)),
        ("review_decided", joint_events.review_decided(decided, NOW)),
    ]


@pytest.mark.parametrize(
    ("event_type", "data"), joint_review_events(), ids=lambda v: v if isinstance(v, str) else ""
)
def test_joint_review_event_data_honours_its_schema(event_type, data):
    validate_event(build_envelope("joint_review", event_type, data["case_no"], data, time=NOW))
