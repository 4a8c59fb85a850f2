"""R-JOINT-6 "counted against them": each overdue task is one durable row of its department's month,
written with its task_overdue event, once; the month's report sets them against the tasks due."""

from datetime import UTC, date, datetime

import pytest
from unit.joint_review_fakes import CALENDAR, FakeUnitOfWork

from joint_review.deadlines import rules
from joint_review.deadlines.handlers import department_overdue, sweep
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
THURSDAY_5PM_PAST = datetime(2026, 11, 26, 9, 1, tzinfo=UTC)
NEXT_TUESDAY_10AM = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)
NOVEMBER = {"first": date(2026, 11, 1), "last": date(2026, 11, 30), "department": None}


@pytest.fixture
def uow():
    unit = FakeUnitOfWork()
    open_review(CASE, unit)
    return unit


def sweep_at(uow, now, silence_items=frozenset()):
    uow.now = now
    return sweep({"silence_items": silence_items}, uow.units)


def test_r_joint_6_the_missed_due_day_is_the_first_day_late_then_each_working_day_after_it():
    thursday = date(2026, 11, 26)
    assert rules.days_late(CALENDAR, thursday, thursday) == 1  # reported at 17:01 the same day
    assert rules.days_late(CALENDAR, thursday, date(2026, 11, 27)) == 1
    assert rules.days_late(CALENDAR, thursday, date(2026, 11, 30)) == 2  # the weekend does not count


def test_r_joint_6_an_overdue_task_is_recorded_against_its_department_with_its_event_and_once(uow):
    sweep_at(uow, THURSDAY_5PM_PAST)
    sweep_at(uow, NEXT_TUESDAY_10AM)
    reported = {e["data"]["task_id"] for e in uow.published("task_overdue")}
    assert set(uow.deadlines.overdue) == reported and len(reported) == 2
    row = uow.deadlines.overdue["JR-2026112300001-natural_resources-1"]
    assert (row["department"], row["month"], row["case_no"], row["days_late"], row["outcome"]) == (
        "natural_resources",
        "2026-11",
        "2026112300001",
        1,
        "escalated",
    )
    assert uow.deadlines.record_overdue(row) is False  # a second write of the same task counts nothing


def test_r_joint_6_silence_as_consent_is_still_counted_against_the_silent_department(uow):
    sweep_at(uow, THURSDAY_5PM_PAST, frozenset({"NY-001"}))
    assert {r["outcome"] for r in uow.deadlines.overdue.values()} == {"silence_consent"}


def test_r_joint_6_the_months_report_sets_the_overdue_tasks_against_the_tasks_due(uow):
    open_review({**CASE, "case_no": "2026112300002", "departments": ["natural_resources"]}, uow)
    uow.reviews.tasks["JR-2026112300002-natural_resources-1"]["status"] = "answered"
    sweep_at(uow, THURSDAY_5PM_PAST)
    uow.now = NEXT_TUESDAY_10AM
    report = department_overdue(NOVEMBER, uow)
    assert report["month"] == "2026-11"
    rows = {r["department"]: r for r in report["departments"]}
    assert (rows["natural_resources"]["tasks_due"], rows["natural_resources"]["overdue"]) == (2, 1)
    assert rows["natural_resources"]["on_time_rate"] == 0.5
    assert (rows["agriculture_rural"]["tasks_due"], rows["agriculture_rural"]["on_time_rate"]) == (1, 0.0)
    [late] = rows["agriculture_rural"]["tasks"]
    assert late["task_id"] == "JR-2026112300001-agriculture_rural-1"


def test_r_joint_6_a_task_not_yet_due_is_not_counted_in_the_month_and_a_department_sees_its_own(uow):
    uow.now = THURSDAY_5PM_PAST.replace(hour=8)  # 16:00: due today, not yet late
    assert department_overdue(NOVEMBER, uow)["departments"] == []
    sweep_at(uow, THURSDAY_5PM_PAST)
    own = department_overdue({**NOVEMBER, "department": "natural_resources"}, uow)["departments"]
    assert [(r["department"], r["tasks_due"], r["overdue"]) for r in own] == [("natural_resources", 1, 1)]
    december = {"first": date(2026, 12, 1), "last": date(2026, 12, 31), "department": None}
    assert department_overdue(december, uow)["departments"] == []
