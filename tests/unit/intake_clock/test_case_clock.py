"""The case clock is a pure function of the case's history (R-CLOCK-1..4)."""

from datetime import date

from intake.clock.rules import deadline, inputs_from_history
from workday_calendar import WorkingCalendar

CALENDAR = WorkingCalendar()


def line(action, day, **details):
    return {"action": action, "on_date": day, "details": details}


def test_r_clock_1_the_start_day_is_not_counted_and_national_day_2026_is_skipped():
    history = [line("accepted", date(2026, 9, 30), limit_days=3)]
    # Oct 1-7 are off; Oct 8, 9 count and Saturday Oct 10 is an adjusted working day (调休).
    assert deadline(CALENDAR, inputs_from_history(history)).date == date(2026, 10, 10)


def test_r_clock_1_a_limit_of_zero_is_due_the_same_day():
    history = [line("accepted", date(2026, 11, 23), limit_days=0)]
    assert deadline(CALENDAR, inputs_from_history(history)).date == date(2026, 11, 23)


def test_r_clock_2_the_days_after_a_suspension_up_to_the_resumption_do_not_count():
    start = [line("accepted", date(2026, 11, 23), limit_days=5)]  # Monday; plain deadline Mon 30th
    assert deadline(CALENDAR, inputs_from_history(start)).date == date(2026, 11, 30)
    paused = [
        *start,
        line("suspended", date(2026, 11, 24), reason_kind="expert_review"),
        line("resumed", date(2026, 11, 26)),
    ]  # Wed 25 and Thu 26 do not count
    assert deadline(CALENDAR, inputs_from_history(paused)).date == date(2026, 12, 2)


def test_r_clock_2_a_suspended_case_has_no_deadline_until_it_resumes():
    history = [line("accepted", date(2026, 11, 23), limit_days=5), line("suspended", date(2026, 11, 24))]
    assert inputs_from_history(history).suspended
    assert deadline(CALENDAR, inputs_from_history(history)) is None


def test_r_clock_3_a_supplement_case_counts_from_the_day_the_last_material_arrived():
    history = [
        line("registered", date(2026, 11, 16)),
        line("supplement_completed", date(2026, 11, 23), limit_days=5),
    ]
    assert deadline(CALENDAR, inputs_from_history(history)).date == date(2026, 11, 30)
    assert deadline(CALENDAR, inputs_from_history(history[:1])) is None


def test_r_clock_4_an_extension_adds_its_working_days():
    history = [
        line("accepted", date(2026, 11, 23), limit_days=5),
        line("extended", date(2026, 11, 27), days=3),
    ]
    assert deadline(CALENDAR, inputs_from_history(history)).date == date(2026, 12, 3)


def test_r_clock_1_a_deadline_in_2027_is_provisional_and_never_an_error():
    found = deadline(CALENDAR, inputs_from_history([line("accepted", date(2026, 12, 28), limit_days=5)]))
    assert found.provisional and found.years_estimated == (2027,)
    assert found.date == date(2027, 1, 5)  # Jan 1 estimated off; Jan 2-3 a weekend
