"""An operator's schedule file is refused as a whole, naming the file and the bad entry: a wrong
schedule would move every deadline it touches (R-CLOCK-1)."""

import json

import pytest

from workday_calendar import CalendarFileError, load_override, load_overrides

GOOD = {"year": 2027, "holidays": ["2027-01-01"], "working_weekends": ["2027-02-20"]}


def refusal(tmp_path, name="2027.json", **changes) -> str:
    path = tmp_path / name
    path.write_text(json.dumps({**GOOD, **changes}), encoding="utf-8")
    with pytest.raises(CalendarFileError) as refused:
        load_override(path)
    assert str(path) in str(refused.value)
    return str(refused.value)


def test_r_clock_1_a_good_override_file_is_loaded(tmp_path):
    path = tmp_path / "2027.json"
    path.write_text(json.dumps(GOOD), encoding="utf-8")
    schedule = load_override(path)
    assert schedule.year == 2027 and schedule.official
    assert [day.isoformat() for day in schedule.working_weekends] == ["2027-02-20"]


def test_r_clock_1_an_override_date_outside_its_year_is_refused(tmp_path):
    message = refusal(tmp_path, holidays=["2027-01-01", "2028-01-01"])
    assert "'2028-01-01'" in message and "outside the year 2027" in message


def test_r_clock_1_a_date_both_holiday_and_working_weekend_is_refused(tmp_path):
    message = refusal(tmp_path, holidays=["2027-02-20"])
    assert "2027-02-20" in message and "both" in message


def test_r_clock_1_a_working_weekend_on_a_weekday_is_refused(tmp_path):
    message = refusal(tmp_path, working_weekends=["2027-02-22"])
    assert "2027-02-22 is a Monday" in message


def test_r_clock_1_an_entry_that_is_not_a_date_is_refused(tmp_path):
    assert "'2027-02-30'" in refusal(tmp_path, holidays=["2027-02-30"])


def test_r_clock_1_an_unknown_key_is_refused(tmp_path):
    assert "working_weekend" in refusal(tmp_path, working_weekend=["2027-02-20"])


def test_r_clock_1_a_year_that_is_not_a_number_is_refused(tmp_path):
    assert "'year'" in refusal(tmp_path, year="2027")


def test_r_clock_1_unreadable_json_is_refused_naming_the_file(tmp_path):
    path = tmp_path / "2027.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(CalendarFileError, match="2027.json"):
        load_override(path)


def test_r_clock_1_two_files_for_one_year_are_refused(tmp_path):
    (tmp_path / "a.json").write_text(json.dumps(GOOD), encoding="utf-8")
    (tmp_path / "b.yaml").write_text("year: 2027\nholidays: [2027-01-01]\n", encoding="utf-8")
    with pytest.raises(CalendarFileError, match="already given by .*a.json"):
        load_overrides(tmp_path)
