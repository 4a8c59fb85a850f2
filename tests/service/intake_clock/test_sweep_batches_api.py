"""The timer's sweep reads due cases in bounded batches and leaves out what it has told already
(R-CLOCK-5): every due case is alerted whatever the batch size, and a case alerted overdue for its
deadline is not read again by the next sweeps while it waits for supervision."""

from datetime import date

from intake_clock_calls import accept, count, events, hall_time

from intake.cases.rules import CLOCK_RUNNING
from intake.clock import alerts
from intake.clock.repository import AlertRepository
from intake.orm import case_alerts
from reliable_events import Store, add_core_tables
from workday_calendar import WorkingCalendar

AFTER_DEADLINE = hall_time(date(2026, 12, 1))  # five cases accepted Monday 23rd: due Monday 30th


def test_r_clock_5_a_sweep_in_batches_of_two_alerts_all_five_overdue_cases_once(intake, web_session):
    intake.clock.return_value = hall_time(date(2026, 11, 23))
    numbers = {accept(web_session)["case_no"] for _ in range(5)}
    store = Store(intake, add_core_tables(case_alerts.metadata), "intake", "intake.tests")
    calendar = WorkingCalendar()
    assert alerts.sweep(store, calendar, AFTER_DEADLINE, batch=2) == {
        "due_soon": 0,
        "overdue": 5,
        "skipped": 0,
    }
    assert {event["subject"] for event in events(intake, "case_overdue")} == numbers
    assert alerts.sweep(store, calendar, AFTER_DEADLINE, batch=2)["overdue"] == 0
    assert count(intake, case_alerts) == 5


def test_r_clock_5_a_case_alerted_overdue_is_not_read_again_by_the_next_sweeps(intake, web_session):
    intake.clock.return_value = hall_time(date(2026, 11, 23))
    accept(web_session), accept(web_session)
    store = Store(intake, add_core_tables(case_alerts.metadata), "intake", "intake.tests")
    horizon = date(2026, 12, 3)
    with intake.connect() as connection:
        assert len(AlertRepository(connection).due_before(CLOCK_RUNNING, horizon)) == 2
    alerts.sweep(store, WorkingCalendar(), AFTER_DEADLINE)
    with intake.connect() as connection:
        assert AlertRepository(connection).due_before(CLOCK_RUNNING, horizon) == []


def test_r_clock_5_a_case_told_due_soon_is_read_again_only_from_its_deadline_day(intake, web_session):
    intake.clock.return_value = hall_time(date(2026, 11, 23))
    case_no = accept(web_session)["case_no"]  # due Monday 30th
    store = Store(intake, add_core_tables(case_alerts.metadata), "intake", "intake.tests")
    friday, monday, horizon = date(2026, 11, 27), date(2026, 11, 30), date(2026, 12, 3)
    assert alerts.sweep(store, WorkingCalendar(), hall_time(friday))["due_soon"] == 1
    with intake.connect() as connection:
        found = AlertRepository(connection)
        assert found.due_before(CLOCK_RUNNING, horizon, today=friday) == []  # told; not overdue before Monday
        assert found.due_before(CLOCK_RUNNING, horizon, today=monday) == [(monday, case_no)]
    assert alerts.sweep(store, WorkingCalendar(), hall_time(date(2026, 12, 1)))["overdue"] == 1
