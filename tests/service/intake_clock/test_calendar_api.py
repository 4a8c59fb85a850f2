"""Working days at the window (R-CLOCK-1): holidays with their 调休, the New Year into a year
without an official schedule, the public calculator, and the operator loading a year's schedule
that every replica then uses and that recounts the provisional deadlines."""

import json
from datetime import UTC, date, datetime
from types import SimpleNamespace

from intake_clock_calls import OPERATOR, WINDOW, accept, case_row, count, events, hall_time, history
from prometheus_client import REGISTRY

from intake.clock.repository import store_year
from intake.clock.rules import parse_year
from intake.dependencies import Calendar
from intake.orm import calendar_years

# A made-up official 2027 schedule for the tests: New Year's Day off, Saturday Jan 2 worked.
SCHEDULE_2027 = {"official": True, "holidays": ["2027-01-01"], "working_weekends": ["2027-01-02"]}


def provisional_count(year: int) -> float:
    return REGISTRY.get_sample_value("hall_intake_provisional_deadlines_total", {"year": str(year)}) or 0.0


def load_year(web, year, body, headers=OPERATOR):
    return web.put(f"/calendar/years/{year}", data=json.dumps(body), headers=headers)


def test_r_clock_1_a_case_accepted_on_national_day_eve_2026_counts_the_adjusted_saturday(intake, web_session):
    intake.clock.return_value = hall_time(date(2026, 9, 30))
    answer = accept(web_session)  # 5 working days: Oct 8, 9, Sat 10 (调休), 12, 13
    assert (answer["deadline"], answer["deadline_provisional"]) == ("2026-10-13", False)
    assert answer["closes_at"].startswith("2026-10-13T17:00:00+08:00")


def test_r_clock_1_the_adjusted_sunday_before_national_day_2026_counts(intake, web_session):
    intake.clock.return_value = hall_time(date(2026, 9, 18))  # Friday; Sunday Sep 20 is worked
    assert accept(web_session)["deadline"] == "2026-09-24"


def test_r_clock_1_a_case_across_the_new_year_into_2027_is_provisional_and_counted(intake, web_session):
    before = provisional_count(2027)
    intake.clock.return_value = hall_time(date(2026, 12, 28))
    answer = accept(web_session)  # Dec 29, 30, 31, (Jan 1 off), Jan 4, 5
    assert (answer["deadline"], answer["deadline_provisional"]) == ("2027-01-05", True)
    assert provisional_count(2027) > before


def test_r_clock_1_the_public_calculator_needs_no_login_and_counts_national_day(intake, web_session):
    response = web_session.get("/calendar/deadline?start=2026-09-30&days=3")
    assert response.status_code == 200, response.text
    assert response.json() == {
        "start": "2026-09-30",
        "days": 3,
        "deadline": "2026-10-10",
        "closes_at": "2026-10-10T17:00:00+08:00",
        "provisional": False,
        "years_estimated": [],
        "holidays_skipped": ["2026-10-01", "2026-10-02", "2026-10-05", "2026-10-06", "2026-10-07"],
        "working_weekends": ["2026-10-10"],
    }


def test_r_clock_1_the_calculator_says_when_a_deadline_is_provisional(intake, web_session):
    answer = web_session.get("/calendar/deadline?start=2026-12-28&days=5").json()
    assert (answer["deadline"], answer["provisional"], answer["years_estimated"]) == (
        "2027-01-05",
        True,
        [2027],
    )


def test_the_calculator_lists_every_bad_parameter(intake, web_session):
    response = web_session.get("/calendar/deadline?start=2026-13-01&days=366")
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "validation_failed"
    assert set(response.json()["error"]["details"]) == {"start", "days"}
    missing = web_session.get("/calendar/deadline")
    assert missing.status_code == 422 and set(missing.json()["error"]["details"]) == {"start", "days"}
    assert web_session.get("/calendar/deadline?start=2026-11-23&days=-1").status_code == 422


def test_r_clock_1_loading_2027s_schedule_recounts_every_provisional_deadline(intake, web_session):
    intake.clock.return_value = hall_time(date(2026, 12, 28))
    case_no = accept(web_session)["case_no"]
    response = load_year(web_session, 2027, SCHEDULE_2027)
    assert response.status_code == 200, response.text
    assert response.json() == {"year": 2027, "official": True, "recomputed": 1}
    row = case_row(intake, case_no)  # Dec 29, 30, 31, Sat Jan 2 (worked), Jan 4
    assert (row["deadline"], row["deadline_provisional"]) == (date(2027, 1, 4), False)
    [event] = events(intake, "case_deadline_recomputed")
    assert (event["data"]["previous_deadline"], event["data"]["deadline"], event["data"]["provisional"]) == (
        "2027-01-05",
        "2027-01-04",
        False,
    )
    assert history(intake, case_no)[-1]["action"] == "deadline_recomputed"
    calculated = web_session.get("/calendar/deadline?start=2026-12-28&days=5").json()
    assert (calculated["deadline"], calculated["provisional"]) == ("2027-01-04", False)


def test_r_clock_1_loading_a_year_leaves_official_deadlines_alone(intake, web_session):
    intake.clock.return_value = hall_time(date(2026, 11, 23))
    accept(web_session)
    assert load_year(web_session, 2027, SCHEDULE_2027).json()["recomputed"] == 0
    assert events(intake, "case_deadline_recomputed") == []


def test_r_clock_1_a_bad_schedule_is_refused_naming_the_entry_and_nothing_is_stored(intake, web_session):
    intake.clock.return_value = hall_time(date(2026, 12, 28))
    case_no = accept(web_session)["case_no"]
    before = case_row(intake, case_no)
    response = load_year(web_session, 2027, {**SCHEDULE_2027, "holidays": ["2027-02-30"]})
    assert response.status_code == 422
    assert "2027-02-30" in json.dumps(response.json()["error"]["details"])
    other_year = load_year(web_session, 2027, {**SCHEDULE_2027, "year": 2028})
    assert other_year.status_code == 422 and "year" in other_year.json()["error"]["details"]
    assert count(intake, calendar_years) == 0 and case_row(intake, case_no) == before
    assert web_session.put("/calendar/years/2027", data="{", headers=OPERATOR).status_code == 400


def test_r_clock_1_only_an_operator_loads_a_years_schedule(intake, web_session):
    assert load_year(web_session, 2027, SCHEDULE_2027, headers=WINDOW).status_code == 403
    assert load_year(web_session, 2027, SCHEDULE_2027, headers={}).status_code == 401
    assert count(intake, calendar_years) == 0


def test_r_clock_1_another_replica_applies_a_stored_schedule_when_it_next_looks(migrated):
    url = migrated("intake")
    replica = Calendar()
    replica.container = SimpleNamespace(config={"DATABASE_URL": url, "CALENDAR_REFRESH_SECONDS": 3600})
    replica.setup()
    assert replica.get_dependency(None).is_provisional(2027)
    with replica.engine.begin() as connection:  # what PUT /calendar/years/2027 stored on another replica
        schedule = parse_year(2027, SCHEDULE_2027)
        store_year(connection, schedule, datetime(2026, 12, 1, tzinfo=UTC))
    assert replica.get_dependency(None).is_provisional(2027)  # not looked again yet: one query per hour
    replica.looked_at -= 3600
    calendar = replica.get_dependency(None)
    assert not calendar.is_provisional(2027) and calendar.is_working_day(date(2027, 1, 2))
    replica.stop()
