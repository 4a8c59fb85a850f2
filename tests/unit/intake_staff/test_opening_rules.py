"""A window's opening days (R-AB-2): a window open at weekends is never left vacant then either."""

from datetime import date

from intake.staff.opening import is_open, open_days, opening_problems
from intake.staff.rules import clashes
from workday_calendar import WorkingCalendar

CALENDAR = WorkingCalendar()
POST = {
    "post_id": "W09-A",
    "window": "W09",
    "department": "civil_affairs",
    "primary_id": "S31",
    "backup_id": "S32",
}
EVERY_DAY = {
    "window": "W09",
    "days": [1, 2, 3, 4, 5, 6, 7],
    "on_holidays": True,
    "opens": "08:30",
    "closes": "17:30",
    "updated_at": None,
    "updated_by": None,
}
WEEKENDS_NOT_HOLIDAYS = {**EVERY_DAY, "days": [6, 7], "on_holidays": False}
SATURDAY, SUNDAY = date(2026, 11, 28), date(2026, 11, 29)
NATIONAL_DAY = date(2026, 10, 1)  # a Thursday off
ADJUSTED_SATURDAY = date(2026, 10, 10)  # 调休: a Saturday worked


def leave(staff_id, first, last):
    return {"staff_id": staff_id, "starts_on": first, "ends_on": last, "cancelled": False}


def test_r_ab_2_a_window_without_an_opening_opens_on_working_days_only():
    assert is_open(None, date(2026, 11, 27), CALENDAR.is_working_day)
    assert not is_open(None, SATURDAY, CALENDAR.is_working_day)
    assert not is_open(None, NATIONAL_DAY, CALENDAR.is_working_day)
    assert is_open(None, ADJUSTED_SATURDAY, CALENDAR.is_working_day)


def test_r_ab_2_a_window_open_every_day_opens_at_weekends_and_on_holidays_as_its_opening_says():
    for day in (SATURDAY, SUNDAY, NATIONAL_DAY):
        assert is_open(EVERY_DAY, day, CALENDAR.is_working_day), day
    assert is_open(WEEKENDS_NOT_HOLIDAYS, SUNDAY, CALENDAR.is_working_day)
    assert not is_open(WEEKENDS_NOT_HOLIDAYS, NATIONAL_DAY, CALENDAR.is_working_day)
    assert is_open(WEEKENDS_NOT_HOLIDAYS, date(2026, 11, 27), CALENDAR.is_working_day)  # a working day


def test_r_ab_2_absences_that_meet_on_a_weekend_clash_at_a_window_open_at_weekends():
    away = [leave("S31", date(2026, 11, 27), SUNDAY)]
    args = ("S32", SATURDAY, date(2026, 11, 30), [POST], away, {"S31": "孙丽"})
    assert clashes(*args, open_days({}, CALENDAR.is_working_day)) == []
    found = clashes(*args, open_days({"W09": EVERY_DAY}, CALENDAR.is_working_day))
    named = [(c.post_id, c.partner_name, c.first, c.last) for c in found]
    assert named == [("W09-A", "孙丽", SATURDAY, SUNDAY)]


def test_r_ab_2_every_problem_of_an_opening_is_listed_at_once():
    fields = [name for name, _ in opening_problems("W 9", [0, 7, 7], "8:30", "25:00")]
    assert fields == ["window", "days", "opens", "closes"]
    assert [name for name, _ in opening_problems("W09", [6], "18:00", "09:00")] == ["closes"]
    assert opening_problems("W09", [6, 7], "08:30", "17:30") == []
