"""Meetings (联审会, 会签) and inspections as use cases, against in-memory fakes (R-JOINT-5, R-CLOCK-2)."""

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from unit.joint_review_fakes import FakeUnitOfWork

from joint_review.meetings.handlers import end_inspection, record_minutes, schedule_meeting, start_inspection
from joint_review.refusals import AlreadyAnswered, AlreadyMinuted, InspectionRunning, InvalidOpinion
from joint_review.reviews.handlers import open_review, record_opinion

CASE = {
    "case_no": "2026112300001",
    "item_code": "NY-001",
    "item_name": "农村宅基地和建房（规划许可）审批",
    "item_kind": "joint",
    "lead_department": "agriculture_rural",
    "departments": ["agriculture_rural", "natural_resources"],
    "task_limit_days": 3,
}
REVIEW_ID = "JR-2026112300001"
CHINA = timezone(timedelta(hours=8))
MINUTES = [
    {"department": "agriculture_rural", "verdict": "approve", "representative": "王农"},
    {
        "department": "natural_resources",
        "verdict": "approve",
        "conditions": ["不得占用耕地"],
        "representative": "陈刚",
    },
]


@pytest.fixture
def uow():
    unit = FakeUnitOfWork()
    open_review(CASE, unit)
    return unit


def meeting_of(uow, departments=("agriculture_rural", "natural_resources")):
    at = datetime(2026, 11, 25, 9, 30, tzinfo=CHINA)
    return schedule_meeting(
        {"review_id": REVIEW_ID, "at": at, "place": "三楼会议室", "departments": list(departments)}, uow
    )


def test_r_joint_5_a_meeting_of_the_reviews_departments_is_scheduled_and_announced(uow):
    meeting = meeting_of(uow)
    assert meeting["at"] == datetime(2026, 11, 25, 1, 30, tzinfo=UTC)
    [scheduled] = uow.published("meeting_scheduled")
    assert scheduled["data"]["at"] == "2026-11-25T09:30:00+08:00"


def test_r_joint_5_a_meeting_naming_a_department_outside_the_review_is_refused(uow):
    with pytest.raises(InvalidOpinion) as refused:
        meeting_of(uow, ["natural_resources", "taxation"])
    assert "departments" in refused.value.details


def test_r_joint_5_the_minutes_answer_for_each_department_once_and_converge(uow):
    meeting = meeting_of(uow)
    command = {
        "review_id": REVIEW_ID,
        "meeting_id": meeting["meeting_id"],
        "opinions": MINUTES,
        "summary": "同意",
    }
    record_minutes(command, uow)
    assert {o["channel"] for o in uow.reviews.opinions} == {"meeting"}
    assert len(uow.published("review_converged")) == 1
    assert record_minutes(command, uow)["minutes"] == MINUTES  # sent twice: nothing changes
    with pytest.raises(AlreadyMinuted):
        record_minutes({**command, "summary": "另一份纪要"}, uow)


def test_r_joint_5_minutes_for_a_department_that_already_answered_are_refused(uow):
    meeting = meeting_of(uow)
    record_opinion(
        {
            "opinion_id": "OP-natural-1",
            "task_id": f"{REVIEW_ID}-natural_resources-1",
            "verdict": "approve",
            "reviewer_id": "R21",
            "channel": "http",
        },
        uow,
    )
    with pytest.raises(AlreadyAnswered) as refused:
        record_minutes(
            {
                "review_id": REVIEW_ID,
                "meeting_id": meeting["meeting_id"],
                "opinions": MINUTES,
                "summary": None,
            },
            uow,
        )
    assert refused.value.details == {"departments": ["natural_resources"]}


def test_r_clock_2_ending_an_inspection_moves_each_open_due_date_by_its_working_days(uow):
    uow.now = datetime(2026, 11, 24, 2, 0, tzinfo=UTC)  # Tuesday
    start_inspection(
        {"review_id": REVIEW_ID, "site": "城关镇东村3组", "departments": ["natural_resources"]}, uow
    )
    with pytest.raises(InspectionRunning):  # one running inspection at a time
        start_inspection({"review_id": REVIEW_ID, "site": "again", "departments": ["natural_resources"]}, uow)
    uow.now = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)  # Wednesday
    inspection_id = next(iter(uow.meetings.inspections))
    ended = end_inspection({"review_id": REVIEW_ID, "inspection_id": inspection_id}, uow)
    assert ended["working_days_off"] == 1
    assert {t["due_date"] for t in uow.reviews.tasks.values()} == {date(2026, 11, 27)}
