"""Limits counted in working days of the 2026 statutory calendar, 调休 included (R-CLOCK-1).

The 2026 dates below are those of 国务院办公厅关于2026年部分节假日安排的通知 (国办发明电〔2025〕7号,
https://www.gov.cn/gongbao/2025/issue_12406/202511/content_7048922.html), as carried by the
``holidays`` package and checked against it in ``test_the_2026_schedule_is_the_official_one``:
  元旦 Jan 1-3 off, Sun Jan 4 worked;      春节 Feb 15-23 off, Sat Feb 14 and Sat Feb 28 worked;
  清明 Apr 4-6 off;                          劳动节 May 1-5 off, Sat May 9 worked;
  端午 Jun 19-21 off;                        中秋 Sep 25-27 off;
  国庆 Oct 1-7 off, Sun Sep 20 and Sat Oct 10 worked (Thu Oct 8 is an ordinary working day).
"""

from datetime import UTC, date, datetime, time, timedelta

import pytest

from workday_calendar import Deadline, WorkingCalendar

OFFICIAL_2026_DAYS_OFF_ON_WEEKDAYS = {
    date(2026, 1, 1), date(2026, 1, 2),
    date(2026, 2, 16), date(2026, 2, 17), date(2026, 2, 18), date(2026, 2, 19), date(2026, 2, 20),
    date(2026, 2, 23),
    date(2026, 4, 6),
    date(2026, 5, 1), date(2026, 5, 4), date(2026, 5, 5),
    date(2026, 6, 19),
    date(2026, 9, 25),
    date(2026, 10, 1), date(2026, 10, 2), date(2026, 10, 5), date(2026, 10, 6), date(2026, 10, 7),
}  # fmt: skip
OFFICIAL_2026_WORKING_WEEKENDS = {
    date(2026, 1, 4), date(2026, 2, 14), date(2026, 2, 28), date(2026, 5, 9), date(2026, 9, 20),
    date(2026, 10, 10),
}  # fmt: skip


@pytest.fixture
def calendar() -> WorkingCalendar:
    return WorkingCalendar()


def days_of(year: int):
    day = date(year, 1, 1)
    while day.year == year:
        yield day
        day += timedelta(days=1)


def test_the_2026_schedule_is_the_official_one(calendar):
    off_on_weekdays = {day for day in days_of(2026) if day.weekday() < 5 and not calendar.is_working_day(day)}
    worked_weekends = {day for day in days_of(2026) if day.weekday() >= 5 and calendar.is_working_day(day)}
    assert off_on_weekdays == OFFICIAL_2026_DAYS_OFF_ON_WEEKDAYS
    assert worked_weekends == OFFICIAL_2026_WORKING_WEEKENDS
    assert not calendar.is_provisional(2026)


def test_r_clock_1_the_start_day_is_not_counted(calendar):
    assert calendar.add_working_days(date(2026, 3, 2), 1) == Deadline(date(2026, 3, 3))
    assert calendar.add_working_days(date(2026, 3, 2), 3).date == date(2026, 3, 5)


def test_r_clock_1_a_limit_of_zero_working_days_ends_on_the_start_day(calendar):
    assert calendar.add_working_days(date(2026, 3, 2), 0) == Deadline(date(2026, 3, 2))


def test_r_clock_1_weekends_are_skipped(calendar):
    assert calendar.add_working_days(date(2026, 3, 6), 1).date == date(2026, 3, 9)
    assert calendar.add_working_days(date(2026, 3, 6), 5).date == date(2026, 3, 13)


def test_r_clock_1_a_start_on_a_weekend_counts_from_the_next_working_day(calendar):
    assert calendar.add_working_days(date(2026, 3, 7), 1).date == date(2026, 3, 9)


def test_r_clock_1_national_day_2026_is_skipped_and_its_adjusted_saturday_counts(calendar):
    assert calendar.add_working_days(date(2026, 9, 30), 1).date == date(2026, 10, 8)
    assert calendar.add_working_days(date(2026, 9, 30), 3).date == date(2026, 10, 10)  # Sat, 调休
    assert calendar.add_working_days(date(2026, 9, 30), 5).date == date(2026, 10, 13)


def test_r_clock_1_the_adjusted_sunday_before_national_day_2026_counts(calendar):
    assert calendar.add_working_days(date(2026, 9, 18), 1).date == date(2026, 9, 20)  # Sun, 调休
    assert calendar.add_working_days(date(2026, 9, 24), 1).date == date(2026, 9, 28)  # Mid-Autumn Sep 25


def test_r_clock_1_spring_festival_2026_is_skipped_and_its_adjusted_saturdays_count(calendar):
    assert calendar.add_working_days(date(2026, 2, 13), 1).date == date(2026, 2, 14)
    assert calendar.add_working_days(date(2026, 2, 13), 2).date == date(2026, 2, 24)
    assert calendar.add_working_days(date(2026, 2, 27), 1).date == date(2026, 2, 28)


def test_r_clock_1_working_days_between_counts_what_add_working_days_adds(calendar):
    start = date(2026, 9, 15)
    for n in range(0, 25):
        assert calendar.working_days_between(start, calendar.add_working_days(start, n).date) == n
    assert calendar.working_days_between(date(2026, 9, 30), date(2026, 10, 9)) == 2


def test_working_days_between_refuses_an_end_before_the_start(calendar):
    with pytest.raises(ValueError):
        calendar.working_days_between(date(2026, 3, 3), date(2026, 3, 2))


def test_r_clock_1_a_negative_limit_is_refused(calendar):
    with pytest.raises(ValueError):
        calendar.add_working_days(date(2026, 3, 2), -1)


def test_the_next_working_day_after_national_day_eve_is_october_8(calendar):
    assert calendar.next_working_day(date(2026, 9, 30)) == date(2026, 10, 8)
    assert calendar.next_working_day(date(2026, 10, 9)) == date(2026, 10, 10)


def test_r_clock_1_a_deadline_closes_at_17_00_china_time(calendar):
    closing = calendar.closes_at(calendar.add_working_days(date(2026, 9, 30), 5))
    assert closing == datetime(2026, 10, 13, 9, 0, tzinfo=UTC)
    assert closing.utcoffset() == timedelta(hours=8)


def test_the_closing_hour_is_configurable():
    calendar = WorkingCalendar(closing_time=time(18, 30))
    assert calendar.closes_at(date(2026, 10, 13)) == datetime(2026, 10, 13, 10, 30, tzinfo=UTC)
