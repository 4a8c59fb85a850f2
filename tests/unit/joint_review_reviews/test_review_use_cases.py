"""The review use cases, run against in-memory fakes (R-JOINT-2, R-JOINT-3, R-JOINT-4)."""

from datetime import UTC, datetime

import pytest
from unit.joint_review_fakes import FakeUnitOfWork

from joint_review.messaging.topology import TASKS_EXCHANGE
from joint_review.refusals import (
    AlreadyAnswered,
    InvalidOpinion,
    OpinionIdReused,
    TransitionNotAllowed,
    WrongDepartment,
)
from joint_review.reviews.handlers import decide, open_review, record_opinion, review_view, supply_materials

DEPARTMENTS = ["agriculture_rural", "natural_resources", "housing_construction"]
CASE = {
    "case_no": "2026112300001",
    "item_code": "NY-001",
    "item_name": "农村宅基地和建房（规划许可）审批",
    "item_kind": "joint",
    "lead_department": "agriculture_rural",
    "departments": [*DEPARTMENTS, "natural_resources"],  # named twice: one task
    "task_limit_days": 3,
}
REVIEW_ID = "JR-2026112300001"


def task_of(department, round_no=1):
    return f"{REVIEW_ID}-{department}-{round_no}"


def answer(uow, department, verdict="approve", round_no=1, **fields):
    command = {
        "opinion_id": f"OP-{department}-{round_no}",
        "task_id": task_of(department, round_no),
        "verdict": verdict,
        "reviewer_id": f"R-{department}",
        "channel": "http",
        "answering_for": department,
        **fields,
    }
    return record_opinion(command, uow)


@pytest.fixture
def uow():
    unit = FakeUnitOfWork()
    open_review(CASE, unit)
    return unit


def test_r_joint_2_opening_a_joint_case_fans_out_one_task_per_department_to_its_own_queue(uow):
    assert sorted(t["department"] for t in uow.reviews.tasks.values()) == sorted(DEPARTMENTS)
    assert len(uow.published("review_opened")) == 1
    work = [e for e in uow.published("review_task_assigned") if e["exchange"] == TASKS_EXCHANGE]
    assert sorted(e["routing_key"] for e in work) == sorted(DEPARTMENTS)
    assert all(t["due_date"].isoformat() == "2026-11-26" for t in uow.reviews.tasks.values())


def test_r_joint_2_a_case_that_is_not_joint_or_already_open_opens_nothing(uow):
    assert open_review({**CASE, "item_kind": "single"}, FakeUnitOfWork()) is None
    assert open_review(CASE, uow) is None
    assert len(uow.reviews.reviews) == 1


def test_r_joint_3_an_approval_is_recorded_once_and_its_replay_changes_nothing(uow):
    first, new = answer(uow, "natural_resources", conditions=["不得占用耕地"])
    replay, again = answer(uow, "natural_resources", conditions=["不得占用耕地"])
    assert (new, again) == (True, False) and replay == first
    assert uow.reviews.tasks[task_of("natural_resources")]["status"] == "answered"
    assert len(uow.published("opinion_recorded")) == 1


def test_r_joint_3_a_rejection_without_reason_and_a_supplement_without_materials_are_refused(uow):
    with pytest.raises(InvalidOpinion) as refused:
        answer(uow, "natural_resources", "reject", reason="")
    assert "reason" in refused.value.details
    with pytest.raises(InvalidOpinion) as refused:
        answer(uow, "housing_construction", "supplement", materials=[" "])
    assert "materials" in refused.value.details
    assert uow.reviews.opinions == []


def test_r_joint_3_only_the_tasks_own_department_answers_it(uow):
    with pytest.raises(WrongDepartment):
        answer(uow, "natural_resources", answering_for="housing_construction")
    assert uow.reviews.opinions == []


def test_r_joint_3_a_department_answers_a_round_once(uow):
    answer(uow, "natural_resources")
    with pytest.raises(AlreadyAnswered):
        answer(uow, "natural_resources", "reject", reason="占用基本农田", opinion_id="OP-second-answer")


def test_r_joint_3_an_opinion_id_the_department_gave_another_task_is_refused(uow):
    open_review({**CASE, "case_no": "2026112300002"}, uow)
    answer(uow, "natural_resources")
    with pytest.raises(OpinionIdReused) as refused:
        answer(uow, "natural_resources", task_id="JR-2026112300002-natural_resources-1")
    assert refused.value.details["existing"]["task_id"] == task_of("natural_resources")


def test_r_joint_4_every_approval_converges_once_into_a_draft_approval_with_every_condition(uow):
    answer(uow, "agriculture_rural")
    answer(uow, "natural_resources", conditions=["不得占用耕地"])
    assert uow.published("review_converged") == []
    answer(uow, "housing_construction")
    [converged] = uow.published("review_converged")
    assert converged["data"]["outcome"] == "approve"
    assert converged["data"]["conditions"] == [
        {"department": "natural_resources", "condition": "不得占用耕地"}
    ]
    assert uow.reviews.reviews[REVIEW_ID]["status"] == "converged"


def test_r_joint_4_any_rejection_makes_a_draft_refusal_stating_each_reason(uow):
    answer(uow, "agriculture_rural")
    answer(uow, "natural_resources", "reject", reason="占用基本农田")
    answer(uow, "housing_construction", "supplement", materials=["宅基地四至图"])
    [converged] = uow.published("review_converged")
    assert converged["data"]["outcome"] == "refuse"
    assert converged["data"]["reasons"] == [{"department": "natural_resources", "reason": "占用基本农田"}]
    assert uow.published("supplement_consolidated") == []


def test_r_once_1_r_joint_4_supplement_requests_make_one_consolidated_notice_and_a_second_round(uow):
    answer(uow, "agriculture_rural", "supplement", materials=["宅基地四至图", "村委会意见"])
    answer(uow, "natural_resources", "supplement", materials=["宅基地 四至图"])
    answer(uow, "housing_construction")
    [notice] = uow.published("supplement_consolidated")
    assert notice["data"]["materials"] == [
        {"name": "宅基地四至图", "departments": ["agriculture_rural", "natural_resources"]},
        {"name": "村委会意见", "departments": ["agriculture_rural"]},
    ]
    review = supply_materials({"review_id": REVIEW_ID, "materials": ["宅基地四至图", "村委会意见"]}, uow)
    assert review["round"] == 2
    assert sorted(t["department"] for t in uow.reviews.round_tasks(REVIEW_ID, 2)) == [
        "agriculture_rural",
        "natural_resources",
    ]


def test_r_joint_4_the_lead_window_issues_the_one_decision_the_draft_states(uow):
    with pytest.raises(TransitionNotAllowed):
        decide({"review_id": REVIEW_ID, "decision": None}, uow)
    for department in DEPARTMENTS:
        answer(uow, department)
    with pytest.raises(InvalidOpinion):
        decide({"review_id": REVIEW_ID, "decision": "refused"}, uow)
    assert decide({"review_id": REVIEW_ID, "decision": None, "note": "同意"}, uow)["decision"] == "approved"
    assert len(uow.published("review_decided")) == 1
    with pytest.raises(TransitionNotAllowed):
        decide({"review_id": REVIEW_ID, "decision": "approved"}, uow)


@pytest.mark.parametrize(
    ("now", "overdue"),
    [
        (datetime(2026, 11, 26, 8, 59, tzinfo=UTC), False),  # the due day, 16:59 China time
        (datetime(2026, 11, 26, 9, 1, tzinfo=UTC), True),  # 17:01: past closing time, as the sweep says
    ],
)
def test_r_joint_6_the_lead_windows_view_calls_a_task_overdue_by_the_same_rule_as_the_sweep(
    uow, now, overdue
):
    uow.now = now
    view = review_view(uow.reviews.get(REVIEW_ID), uow)
    assert {state["overdue"] for state in view["departments"]} == {overdue}
