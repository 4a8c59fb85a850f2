"""The pure rules of department limits (R-JOINT-6, R-CLOCK-2, R-CLOCK-5)."""

from datetime import UTC, date, datetime

import pytest

from joint_review.deadlines import rules
from workday_calendar import DUE_SOON, OVERDUE, WorkingCalendar, deadline_alert

CALENDAR = WorkingCalendar()
THURSDAY = date(2026, 11, 26)


def china(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour - 8, minute, tzinfo=UTC)


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (china(date(2026, 11, 24), 10), None),  # Tuesday: two working days ahead
        (china(date(2026, 11, 25), 10), DUE_SOON),  # the next working day
        (china(THURSDAY, 16, 59), DUE_SOON),  # due today, before closing time
        (china(THURSDAY, 17, 1), OVERDUE),  # past 17:00 China time
        (china(date(2026, 11, 27), 9), OVERDUE),
    ],
)
def test_r_joint_6_a_task_is_due_soon_the_working_day_before_and_overdue_after_closing_time(now, expected):
    assert deadline_alert(CALENDAR, THURSDAY, now) == expected


def test_r_joint_6_a_task_due_on_monday_is_due_soon_on_the_friday_before():
    assert deadline_alert(CALENDAR, date(2026, 11, 30), china(date(2026, 11, 27), 10)) == "due_soon"
    assert deadline_alert(CALENDAR, date(2026, 12, 1), china(date(2026, 11, 27), 10)) is None


def test_r_clock_5_silence_is_consent_for_no_item_by_default():
    assert rules.silence_items(None) == rules.silence_items("") == frozenset()
    assert rules.silence_items(" NY-001, ,ZJ-009 ") == {"NY-001", "ZJ-009"}


def test_r_clock_5_the_systems_answer_for_a_silent_department_approves_and_says_why():
    answer = rules.silence_opinion("JR-X-health-1")
    assert (answer["verdict"], answer["reviewer_id"]) == ("approve", "system")
    assert answer["conditions"] == [rules.SILENCE_CONDITION] and "R-CLOCK-5" in answer["conditions"][0]


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
    assert rules.pushed_due_date(CALENDAR, due, assigned, starts, ends) == expected
