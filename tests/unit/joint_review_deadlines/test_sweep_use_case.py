"""The deadline sweep as a use case, against in-memory fakes (R-JOINT-6, R-CLOCK-2, R-CLOCK-5)."""

from datetime import UTC, datetime

import pytest
from unit.joint_review_fakes import FakeUnitOfWork

from joint_review.deadlines.handlers import sweep
from joint_review.meetings.handlers import start_inspection
from joint_review.reviews.handlers import open_review

CASE = {
    "case_no": "2026112300001",
    "item_code": "NY-001",
    "item_name": "农村宅基地和建房（规划许可）审批",
    "item_kind": "joint",
    "lead_department": "agriculture_rural",
    "departments": ["agriculture_rural", "natural_resources"],
    "task_limit_days": 3,  # opened Monday 2026-11-23: due Thursday 2026-11-26, 17:00 China time
}
WEDNESDAY_10AM = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)
THURSDAY_5PM_PAST = datetime(2026, 11, 26, 9, 1, tzinfo=UTC)
NOTHING = frozenset()


@pytest.fixture
def uow():
    unit = FakeUnitOfWork()
    open_review(CASE, unit)
    return unit


def sweep_at(uow, now, silence_items=NOTHING):
    uow.now = now
    return sweep({"silence_items": silence_items}, uow.units)


def test_r_joint_6_nothing_is_raised_while_a_task_is_not_yet_due_soon(uow):
    assert sweep_at(uow, uow.now) == {"due_soon": 0, "overdue": 0, "silence_consent": 0}


def test_r_joint_6_the_sweep_urges_each_task_due_on_the_next_working_day_once(uow):
    assert sweep_at(uow, WEDNESDAY_10AM)["due_soon"] == 2
    assert sweep_at(uow, WEDNESDAY_10AM)["due_soon"] == 0  # raised once, however often it sweeps
    assert {e["data"]["department"] for e in uow.published("task_due_soon")} == set(CASE["departments"])


def test_r_joint_6_an_overdue_task_is_reported_once_and_stays_open_by_default(uow):
    assert sweep_at(uow, THURSDAY_5PM_PAST)["overdue"] == 2
    assert sweep_at(uow, THURSDAY_5PM_PAST)["overdue"] == 0
    assert {e["data"]["outcome"] for e in uow.published("task_overdue")} == {"escalated"}
    assert {t["status"] for t in uow.reviews.tasks.values()} == {"open"}


def test_r_clock_5_silence_is_consent_only_for_the_configured_items_and_converges_once(uow):
    raised = sweep_at(uow, THURSDAY_5PM_PAST, frozenset({"NY-001"}))
    assert (raised["overdue"], raised["silence_consent"]) == (2, 2)
    assert {o["channel"] for o in uow.reviews.opinions} == {"silence"}
    [converged] = uow.published("review_converged")
    assert converged["data"]["outcome"] == "approve"


def test_r_clock_2_a_running_inspection_stops_the_sweep(uow):
    start_inspection(
        {"review_id": "JR-2026112300001", "site": "城关镇东村3组", "departments": ["natural_resources"]}, uow
    )
    assert sweep_at(uow, THURSDAY_5PM_PAST) == {"due_soon": 0, "overdue": 0, "silence_consent": 0}
