"""A year without an official schedule gives provisional deadlines, never errors, until an operator
loads its schedule from a file (R-CLOCK-1; ARCHITECTURE "Time").

The 2027 schedule in these tests is invented test data: the State Council had not published it.
"""

import json
import logging
from datetime import date

from workday_calendar import Deadline, WorkingCalendar, load_override, load_overrides
from workday_calendar.__main__ import main

TEST_2027 = {
    "year": 2027,
    "official": True,
    "holidays": ["2027-01-01", "2027-02-05", "2027-02-08", "2027-02-09", "2027-02-10", "2027-02-11"],
    "working_weekends": ["2027-02-20"],
}


def write(folder, name: str, content: dict):
    path = folder / name
    path.write_text(json.dumps(content), encoding="utf-8")
    return path


def test_r_clock_1_a_limit_crossing_the_2026_2027_new_year_is_provisional():
    deadline = WorkingCalendar().add_working_days(date(2026, 12, 30), 3)
    assert deadline == Deadline(date(2027, 1, 5), provisional=True, years_estimated=(2027,))


def test_r_clock_1_a_limit_ending_on_new_years_eve_2026_is_not_provisional():
    deadline = WorkingCalendar().add_working_days(date(2026, 12, 29), 2)
    assert deadline == Deadline(date(2026, 12, 31), provisional=False)


def test_r_clock_1_a_year_far_without_data_is_estimated_not_refused():
    deadline = WorkingCalendar().add_working_days(date(2030, 9, 30), 1)
    assert deadline.provisional and deadline.years_estimated == (2030,)
    assert deadline.date == date(2030, 10, 4)  # estimate: statutory Oct 1-3 off, no 调休 bridge days


def test_r_clock_1_a_2027_deadline_stays_provisional_until_its_schedule_is_loaded(tmp_path):
    calendar = WorkingCalendar()
    before = calendar.add_working_days(date(2027, 2, 19), 1)
    assert before == Deadline(date(2027, 2, 22), provisional=True, years_estimated=(2027,))

    calendar.apply_override(load_override(write(tmp_path, "2027.json", TEST_2027)))

    after = calendar.add_working_days(date(2027, 2, 19), 1)
    assert after == Deadline(date(2027, 2, 20), provisional=False)  # the file's 调休 Saturday
    assert not calendar.is_working_day(date(2027, 2, 11))


def test_r_clock_1_an_override_folder_in_yaml_makes_its_year_official(tmp_path):
    (tmp_path / "2027.yaml").write_text(
        "year: 2027\nholidays: [2027-02-11]\nworking_weekends:\n  - 2027-02-20\n", encoding="utf-8"
    )
    calendar = WorkingCalendar(overrides=load_overrides(tmp_path).values())
    assert calendar.add_working_days(date(2027, 2, 19), 1) == Deadline(date(2027, 2, 20))


def test_r_clock_1_an_override_marked_unofficial_keeps_its_year_provisional(tmp_path):
    schedule = load_override(write(tmp_path, "2027.json", {**TEST_2027, "official": False}))
    deadline = WorkingCalendar(overrides=[schedule]).add_working_days(date(2027, 2, 19), 1)
    assert deadline == Deadline(date(2027, 2, 20), provisional=True, years_estimated=(2027,))


def test_r_clock_1_a_year_can_be_left_out_of_the_official_years():
    calendar = WorkingCalendar(official_years={2025})
    deadline = calendar.add_working_days(date(2026, 10, 9), 1)
    assert deadline == Deadline(date(2026, 10, 12), provisional=True, years_estimated=(2026,))


def test_on_provisional_is_called_for_each_estimated_year_a_result_depends_on():
    seen = []
    calendar = WorkingCalendar(on_provisional=seen.append)
    calendar.add_working_days(date(2026, 3, 2), 5)
    assert seen == []
    calendar.add_working_days(date(2026, 12, 30), 3)
    calendar.working_days_between(date(2027, 3, 1), date(2027, 3, 5))
    assert seen == [2027, 2027]


def test_a_provisional_year_is_logged_as_a_warning_once(caplog):
    calendar = WorkingCalendar()
    with caplog.at_level(logging.WARNING, logger="workday_calendar"):
        calendar.add_working_days(date(2026, 12, 30), 3)
        calendar.add_working_days(date(2027, 3, 1), 3)
    warnings = [record for record in caplog.records if "2027" in record.getMessage()]
    assert len(warnings) == 1


def test_the_cli_prints_deadline_closing_time_and_provisional(capsys):
    assert main(["2026-09-30", "5"]) == 0
    out = capsys.readouterr().out
    assert "2026-10-13" in out and "2026-10-13T17:00:00+08:00" in out and "provisional: no" in out


def test_the_cli_uses_an_override_folder(tmp_path, capsys):
    write(tmp_path, "2027.json", TEST_2027)
    assert main(["2027-02-19", "1"]) == 0
    assert "2027-02-22" in capsys.readouterr().out
    assert main(["2027-02-19", "1", "--overrides", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "2027-02-20" in out and "provisional: no" in out


def test_the_cli_refuses_a_bad_override_folder_naming_the_file(tmp_path, capsys):
    write(tmp_path, "2027.json", {**TEST_2027, "working_weekends": ["2027-02-22"]})
    assert main(["2027-02-19", "1", "--overrides", str(tmp_path)]) == 2
    assert "2027.json" in capsys.readouterr().err
