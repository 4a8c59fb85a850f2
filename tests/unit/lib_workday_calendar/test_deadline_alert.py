"""The one due-soon / overdue rule every sweep (cases, tasks, complaints, desk items) uses."""

from datetime import UTC, date, datetime

from workday_calendar import DUE_SOON, OVERDUE, WorkingCalendar, deadline_alert

CALENDAR = WorkingCalendar()
FRIDAY_MORNING = datetime(2026, 12, 4, 1, 0, tzinfo=UTC)  # 09:00 in China


def test_a_limit_ending_on_the_next_working_day_is_due_soon_across_the_weekend():
    assert deadline_alert(CALENDAR, date(2026, 12, 7), FRIDAY_MORNING) == DUE_SOON  # Monday


def test_a_limit_ending_today_is_due_soon_until_closing_time_then_overdue():
    assert deadline_alert(CALENDAR, date(2026, 12, 4), FRIDAY_MORNING) == DUE_SOON
    after_closing = datetime(2026, 12, 4, 9, 30, tzinfo=UTC)  # 17:30 in China
    assert deadline_alert(CALENDAR, date(2026, 12, 4), after_closing) == OVERDUE


def test_a_limit_two_working_days_away_raises_nothing_yet():
    assert deadline_alert(CALENDAR, date(2026, 12, 8), FRIDAY_MORNING) is None


def test_a_weekend_deadline_before_the_next_working_day_is_due_soon():
    assert deadline_alert(CALENDAR, date(2026, 12, 6), FRIDAY_MORNING) == DUE_SOON  # Sunday
