"""The pure rules of department limits and meetings (R-JOINT-5, R-JOINT-6, R-CLOCK-2, R-CLOCK-5)."""

from datetime import UTC, date, datetime

import pytest

from joint_review import deadlines, meetings, review_metrics
from workday_calendar import WorkingCalendar

CALENDAR = WorkingCalendar()
THURSDAY = date(2026, 11, 26)


def china(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour - 8, minute, tzinfo=UTC)


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (china(date(2026, 11, 24), 10), None),  # Tuesday: two working days ahead
        (china(date(2026, 11, 25), 10), deadlines.DUE_SOON),  # the next working day
        (china(THURSDAY, 16, 59), deadlines.DUE_SOON),  # due today, before closing time
        (china(THURSDAY, 17, 1), deadlines.OVERDUE),  # past 17:00 China time
        (china(date(2026, 11, 27), 9), deadlines.OVERDUE),
    ],
)
def test_r_joint_6_a_task_is_due_soon_the_working_day_before_and_overdue_after_closing_time(now, expected):
    assert deadlines.threshold_reached(CALENDAR, THURSDAY, now) == expected


def test_r_joint_6_a_task_due_on_monday_is_due_soon_on_the_friday_before():
    assert (
        deadlines.threshold_reached(CALENDAR, date(2026, 11, 30), china(date(2026, 11, 27), 10)) == "due_soon"
    )
    assert deadlines.threshold_reached(CALENDAR, date(2026, 12, 1), china(date(2026, 11, 27), 10)) is None


def test_r_clock_5_silence_is_consent_for_no_item_by_default():
    assert deadlines.silence_items(None) == deadlines.silence_items("") == frozenset()
    assert deadlines.silence_items(" NY-001, ,ZJ-009 ") == {"NY-001", "ZJ-009"}


def test_r_clock_5_the_systems_answer_for_a_silent_department_approves_and_says_why():
    answer = deadlines.silence_opinion("JR-X-health-1")
    assert (answer["verdict"], answer["reviewer_id"]) == ("approve", "system")
    assert answer["conditions"] == [deadlines.SILENCE_CONDITION] and "R-CLOCK-5" in answer["conditions"][0]


@pytest.mark.parametrize(
    ("assigned", "starts", "ends", "due", "expected"),
    [
        (date(2026, 11, 23), date(2026, 11, 24), date(2026, 11, 27), THURSDAY, date(2026, 12, 1)),
        (date(2026, 11, 23), date(2026, 11, 24), date(2026, 11, 24), THURSDAY, THURSDAY),  # same day: 0
        (date(2026, 11, 23), date(2026, 11, 27), date(2026, 11, 30), THURSDAY, THURSDAY),  # began after it
        (date(2026, 11, 23), date(2026, 11, 26), date(2026, 11, 30), THURSDAY, THURSDAY),  # on its last day
        # received during the inspection: only the days after receipt are off its clock
        (date(2026, 11, 25), date(2026, 11, 24), date(2026, 11, 27), date(2026, 11, 30), date(2026, 12, 2)),
        # a weekend inside the inspection is not a working day: Fri..Mon is one working day
        (date(2026, 11, 23), date(2026, 11, 27), date(2026, 11, 30), date(2026, 12, 2), date(2026, 12, 3)),
    ],
)
def test_r_clock_2_an_inspection_moves_a_due_date_by_the_working_days_after_its_start_day(
    assigned, starts, ends, due, expected
):
    assert deadlines.pushed_due_date(CALENDAR, due, assigned, starts, ends) == expected


def test_r_joint_5_a_meeting_minutes_opinion_id_is_the_same_for_the_same_meeting_and_department():
    assert meetings.minutes_opinion_id("MTG-1", "health") == meetings.minutes_opinion_id("MTG-1", "health")
    assert meetings.minutes_opinion_id("MTG-1", "health") != meetings.minutes_opinion_id("MTG-2", "health")


def test_r_joint_5_minutes_problems_are_all_listed_at_once():
    entries = [
        {"department": "health", "verdict": "supplement", "materials": []},
        {"department": "taxation", "verdict": "approve"},
        {"department": "taxation", "verdict": "approve"},
    ]
    problems = meetings.minutes_problems(entries, ["health", "natural_resources"])
    assert set(problems) == {"departments", "opinions"}
    assert len(problems["departments"]) == 2 and set(problems["opinions"]) == {"health"}


def test_an_inspection_is_recorded_between_the_reviews_opening_and_today():
    today, opened = date(2026, 11, 25), date(2026, 11, 23)
    assert meetings.inspection_problems(date(2026, 11, 24), today, opened) == {}
    assert "starts_on" in meetings.inspection_problems(date(2026, 11, 26), today, opened)
    assert "starts_on" in meetings.inspection_problems(date(2026, 11, 20), today, opened)
    assert "ends_on" in meetings.end_problems(date(2026, 11, 23), date(2026, 11, 24), today)


def test_the_fan_out_size_is_observed_once_per_committed_opening():
    before = review_metrics.FAN_OUT.collect()[0]
    count = next(s.value for s in before.samples if s.name.endswith("_count"))
    opened = {"type": "cn.gov.hall.joint_review.review_opened", "data": {"departments": ["a", "b", "c", "d"]}}
    review_metrics.observe_committed(engine=None, published=[opened])
    after = review_metrics.FAN_OUT.collect()[0]
    assert next(s.value for s in after.samples if s.name.endswith("_count")) == count + 1
    assert next(
        s.value for s in after.samples if s.name.endswith("_bucket") and s.labels["le"] == "3.0"
    ) == next(s.value for s in before.samples if s.name.endswith("_bucket") and s.labels["le"] == "3.0")
