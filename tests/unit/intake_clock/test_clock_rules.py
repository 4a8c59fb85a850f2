"""The clock's rules without a database: when a case is due soon or overdue (R-CLOCK-5), the
public calculator and the operator's year schedule (R-CLOCK-1)."""

from datetime import UTC, date, datetime

import pytest

from intake.clock.rules import content_of, parse_year
from intake.clock.years import calculate
from intake.refusals import InvalidRequest
from workday_calendar import WorkingCalendar, deadline_alert

CALENDAR = WorkingCalendar()
MONDAY = date(2026, 11, 30)


def threshold(calendar: WorkingCalendar, now: datetime, due: date) -> str | None:
    """The sweep's rule: the hall's one due-soon/overdue rule (``workday_calendar.deadline_alert``)."""
    return deadline_alert(calendar, due, now)


def hall(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour - 8, minute, tzinfo=UTC)


@pytest.mark.parametrize(
    "now, expected",
    [
        (hall(date(2026, 11, 26), 10), None),  # Thursday: Friday and Monday still ahead
        (hall(date(2026, 11, 27), 10), "due_soon"),  # Friday: 1 working day left
        (hall(date(2026, 11, 28), 10), "due_soon"),  # the weekend before
        (hall(MONDAY, 16, 59), "due_soon"),
        (hall(MONDAY, 17, 0), "due_soon"),  # 17:00 itself is still in time
        (hall(MONDAY, 17, 1), "overdue"),
        (hall(date(2026, 12, 1), 9), "overdue"),
    ],
)
def test_r_clock_5_a_case_is_due_soon_within_a_working_day_and_overdue_after_17_00(now, expected):
    assert threshold(CALENDAR, now, MONDAY) == expected


def test_r_clock_5_the_national_day_holiday_is_not_a_working_day_left():
    # due Thu Oct 8 2026: on Sep 30 only Oct 8 itself is a working day ahead
    assert threshold(CALENDAR, hall(date(2026, 9, 30), 10), date(2026, 10, 8)) == "due_soon"
    assert threshold(CALENDAR, hall(date(2026, 9, 29), 10), date(2026, 10, 8)) is None


def test_r_clock_1_the_calculator_counts_the_adjusted_saturday_after_national_day():
    answer = calculate(CALENDAR, date(2026, 9, 30), 3)
    assert (answer["deadline"], answer["provisional"]) == (date(2026, 10, 10), False)
    assert answer["closes_at"].isoformat() == "2026-10-10T17:00:00+08:00"


def test_r_clock_1_a_year_schedule_takes_the_year_from_the_path_and_round_trips():
    schedule = parse_year(2027, {"holidays": ["2027-01-01"], "working_weekends": ["2027-01-02"]})
    assert schedule.year == 2027 and schedule.official
    assert content_of(schedule) == {
        "year": 2027,
        "official": True,
        "holidays": ["2027-01-01"],
        "working_weekends": ["2027-01-02"],
    }


@pytest.mark.parametrize(
    "content, named",
    [
        ({"holidays": ["2027-13-01"]}, "2027-13-01"),
        ({"holidays": ["2026-12-31"]}, "2026-12-31"),
        ({"working_weekends": ["2027-01-04"]}, "2027-01-04"),
        ({"holidays": ["2027-01-02"], "working_weekends": ["2027-01-02"]}, "2027-01-02"),
        ({"holiday": []}, "holiday"),
        ({"year": 2028}, "2028"),
        ([], "mapping"),
    ],
)
def test_r_clock_1_a_bad_year_schedule_is_refused_naming_the_entry(content, named):
    with pytest.raises(InvalidRequest) as refused:
        parse_year(2027, content)
    assert named in str(refused.value.details)
