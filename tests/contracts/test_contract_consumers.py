"""The events intake consumes: their published samples are what intake's handlers apply.

joint_review's review events (R-KIND-5, R-JOINT-4) and complaints' substantiated complaint
(R-COMP-2) have contracts before (complaints) or beside (joint_review) their producers; these tests
feed the contract's own samples to intake, so a schema and its consumer cannot drift apart.
"""

import copy
from datetime import date

import pytest
from intake_producer import NOW, Hall

from hall_contracts.registry import validate_event
from hall_contracts.samples import SAMPLES
from intake.joint import handlers
from intake.staff import scores


def sample_data(relative: str, case_no: str) -> dict:
    envelope = copy.deepcopy(SAMPLES[relative]())
    envelope["data"]["case_no"] = envelope["subject"] = case_no
    validate_event(envelope)
    return envelope["data"]


def joint_case(hall: Hall) -> str:
    return hall.accept("NY-001")["case_no"]


def test_r_joint_4_intake_stops_the_clock_on_the_consolidated_supplement_sample():
    hall = Hall()
    case_no = joint_case(hall)
    hall.run(
        handlers.suspend_for_supplement,
        sample_data("joint_review/supplement_consolidated.v1.json", case_no),
    )
    assert hall.types()[-1] == "case_suspended"
    assert hall.events[-1]["data"]["status"] == "suspended"


def test_r_joint_4_intake_runs_the_clock_again_on_the_round_started_sample():
    hall = Hall()
    case_no = joint_case(hall)
    hall.run(
        handlers.suspend_for_supplement,
        sample_data("joint_review/supplement_consolidated.v1.json", case_no),
    )
    hall.run(handlers.resume_for_round, sample_data("joint_review/round_started.v1.json", case_no))
    assert hall.types()[-1] == "case_resumed"
    assert hall.events[-1]["data"]["status"] == "in_joint_review"


@pytest.mark.parametrize("decision", ["approved", "refused"])
def test_r_joint_4_intake_closes_the_case_with_the_review_decided_sample(decision):
    hall = Hall()
    case_no = joint_case(hall)
    data = sample_data("joint_review/review_decided.v1.json", case_no)
    if decision == "refused":
        data.update(
            decision="refused",
            conditions=[],
            reasons=[
                {"department": "natural_resources", "reason": "占用永久基本农田 (on protected farmland)"}
            ],
        )
    hall.run(handlers.close_on_decision, data)
    completed = hall.events[-1]
    assert completed["type"] == "hall.intake.case_completed" and completed["data"]["outcome"] == decision
    validate_event(completed)


def test_r_joint_4_intake_passes_the_departments_conditions_on_and_names_each_refusing_department():
    hall = Hall()
    approved = sample_data("joint_review/review_decided.v1.json", joint_case(hall))
    hall.run(handlers.close_on_decision, approved)
    completed = hall.events[-1]["data"]
    assert completed["conditions"] == approved["conditions"] and completed["reasons"] == []
    refused = sample_data("joint_review/review_decided.v1.json", joint_case(hall))
    reasons = [
        {"department": "natural_resources", "reason": "拟建位置占用永久基本农田"},
        {"department": "housing_construction", "reason": "建房层数超过村庄规划限制"},
    ]
    refused.update(decision="refused", conditions=[], reasons=reasons)
    hall.run(handlers.close_on_decision, refused)
    completed = hall.events[-1]["data"]
    assert completed["reasons"] == reasons
    assert (
        completed["reason"]
        == "自然资源局：拟建位置占用永久基本农田；住房和城乡建设局：建房层数超过村庄规划限制"
    )
    validate_event(hall.events[-1])


def test_the_suspension_and_resumption_intake_publishes_for_a_joint_review_honour_their_schemas():
    hall = Hall()
    case_no = joint_case(hall)
    hall.run(
        handlers.suspend_for_supplement,
        sample_data("joint_review/supplement_consolidated.v1.json", case_no),
    )
    hall.run(handlers.resume_for_round, sample_data("joint_review/round_started.v1.json", case_no))
    for event in hall.events[-2:]:
        validate_event(event)


def test_r_comp_2_the_complaint_substantiated_sample_becomes_a_score_deduction_of_its_month():
    data = SAMPLES["complaints/complaint_substantiated.v1.json"]()["data"]
    row = scores.complaint_deduction(data, Hall().calendar.timezone, NOW)
    assert (row["staff_id"], row["points"], row["source_ref"]) == ("S-0131", 2, data["complaint_ref"])
    assert row["month"] == "2026-01" and row["reason"].endswith("late")


def test_r_joint_5_and_r_clock_2_a_joint_site_inspection_stops_the_case_clock_for_its_working_days():
    hall = Hall()
    case_no = joint_case(hall)
    before = hall.events[-1]["data"]["deadline"]
    started = sample_data("joint_review/inspection_started.v1.json", case_no)
    ended = sample_data("joint_review/inspection_ended.v1.json", case_no)
    hall.run(handlers.suspend_for_inspection, started)
    suspended = hall.events[-1]
    assert suspended["type"] == "hall.intake.case_suspended" and suspended["data"]["notices_due"] == [
        "suspension"
    ]
    assert started["site"] not in str(suspended)  # the site may be the applicant's address
    hall.run(handlers.resume_after_inspection, ended)
    resumed = hall.events[-1]
    assert resumed["type"] == "hall.intake.case_resumed"
    for event in (suspended, resumed):
        validate_event(event)
    off = hall.calendar.working_days_between(
        date.fromisoformat(started["starts_on"]), date.fromisoformat(ended["ends_on"])
    )
    moved = hall.calendar.working_days_between(
        date.fromisoformat(before), date.fromisoformat(resumed["data"]["deadline"])
    )
    assert off > 0 and moved == off
