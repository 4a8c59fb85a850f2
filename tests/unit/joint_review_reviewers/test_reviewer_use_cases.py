"""The A/B reviewers' use cases, against in-memory fakes (R-JOINT-7, R-AB-1)."""

from datetime import date

import pytest
from unit.joint_review_fakes import FakeUnitOfWork

from joint_review.refusals import BackupUnavailable, InvalidOpinion, UnknownReview
from joint_review.reviewers.handlers import hand_over_absent, record_leave, set_reviewers
from joint_review.reviews.handlers import open_review

ROSTER = {
    "department": "natural_resources",
    "primary": {"reviewer_id": "R21", "name": "陈刚"},
    "backup": {"reviewer_id": "R22", "name": "李娜"},
}
CASE = {
    "case_no": "2026112300001",
    "item_code": "NY-001",
    "item_name": "农村宅基地和建房（规划许可）审批",
    "item_kind": "joint",
    "lead_department": "agriculture_rural",
    "departments": ["agriculture_rural", "natural_resources"],
    "task_limit_days": 3,
}
MONDAY, FRIDAY = date(2026, 11, 23), date(2026, 11, 27)


def leave(reviewer_id, starts_on=MONDAY, ends_on=FRIDAY):
    return {"reviewer_id": reviewer_id, "starts_on": starts_on, "ends_on": ends_on, "reason": "年休假"}


@pytest.fixture
def uow():
    unit = FakeUnitOfWork()
    set_reviewers(ROSTER, unit)
    return unit


def test_r_ab_1_a_department_registers_two_different_reviewers(uow):
    assert set_reviewers(ROSTER, uow)[1] is False  # the department had its reviewers already
    with pytest.raises(InvalidOpinion):
        set_reviewers({**ROSTER, "backup": {"reviewer_id": "R21", "name": "陈刚"}}, uow)


def test_r_joint_7_a_new_task_goes_to_the_departments_primary_or_to_its_queue_without_a_roster(uow):
    open_review(CASE, uow)
    assert uow.reviews.get_task("JR-2026112300001-natural_resources-1")["assignee_id"] == "R21"
    assert (
        uow.reviews.get_task("JR-2026112300001-agriculture_rural-1")["assignee_id"] is None
    )  # no roster yet


def test_r_joint_7_leave_covering_today_hands_the_open_tasks_to_the_backup_at_once(uow):
    open_review(CASE, uow)
    _, moved = record_leave(leave("R21"), uow)
    assert moved == ["JR-2026112300001-natural_resources-1"]
    [reassigned] = uow.published("task_reassigned")
    assert reassigned["data"]["to"] == {"reviewer_id": "R22", "role": "backup"}


def test_r_ab_1_leave_is_refused_while_the_other_reviewer_is_away_and_nothing_is_recorded(uow):
    record_leave(leave("R22", FRIDAY, FRIDAY), uow)
    with pytest.raises(BackupUnavailable):
        record_leave(leave("R21"), uow)
    assert [lv["reviewer_id"] for lv in uow.rosters.leaves] == ["R22"]
    with pytest.raises(UnknownReview):
        record_leave(leave("R99"), uow)


def test_r_joint_7_the_sweep_hands_over_the_tasks_of_a_reviewer_whose_leave_starts_today(uow):
    open_review(CASE, uow)
    uow.rosters.add_leave({**leave("R21"), "recorded_at": uow.now, "recorded_by": "operator"})
    assert hand_over_absent(uow) == ["JR-2026112300001-natural_resources-1"]
    assert hand_over_absent(uow) == []
