"""The A/B post and transfer rules, pure (R-AB-1, R-AB-2, R-FIRST-2)."""

from datetime import UTC, date, datetime

import pytest

from intake.refusals import InvalidRequest
from intake.staff.opening import open_days
from intake.staff.rules import (
    BackupUnavailable,
    clashes,
    holder,
    in_place,
    period_problems,
    post_problems,
    raise_problems,
    refuse_leave,
)
from intake.transfers.rules import transfer_problems
from web_api import status_of
from workday_calendar import WorkingCalendar

CALENDAR = WorkingCalendar()
POST = {
    "post_id": "W03-A",
    "window": "W03",
    "department": "market_regulation",
    "primary_id": "S01",
    "backup_id": "S02",
}
NAMES = {"S01": "李四", "S02": "赵六"}
NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
WORKING_DAYS = open_days({}, CALENDAR.is_working_day)  # no window opens beyond the working days


def leave(staff_id, first, last, cancelled=False):
    return {"staff_id": staff_id, "starts_on": first, "ends_on": last, "cancelled": cancelled}


def test_r_ab_1_a_post_needs_two_different_people():
    assert post_problems("S01", "S01") and not post_problems("S01", "S02")


def test_r_ab_1_the_primary_works_the_post_and_the_backup_takes_over_while_the_primary_is_away():
    away = [leave("S01", date(2026, 11, 24), date(2026, 11, 25))]
    assert in_place(POST, away, date(2026, 11, 23)) == "S01"
    assert in_place(POST, away, date(2026, 11, 24)) == "S02"
    assert in_place(POST, away, date(2026, 11, 26)) == "S01"
    assert (
        in_place(
            POST, [leave("S01", date(2026, 11, 24), date(2026, 11, 25), cancelled=True)], date(2026, 11, 24)
        )
        == "S01"
    )


def test_r_ab_1_new_work_at_a_window_without_a_post_goes_to_nobody_in_particular():
    assert holder([], [], date(2026, 11, 23)) is None
    assert holder([POST], [leave("S01", date(2026, 11, 23), date(2026, 11, 23))], date(2026, 11, 23)) == "S02"


def test_r_ab_2_leave_clashing_with_the_partners_leave_on_a_working_day_names_post_partner_and_dates():
    found = clashes(
        "S02",
        date(2026, 11, 25),
        date(2026, 11, 30),
        [POST],
        [leave("S01", date(2026, 11, 20), date(2026, 11, 26))],
        NAMES,
        WORKING_DAYS,
    )
    assert [(c.post_id, c.partner_id, c.first, c.last) for c in found] == [
        ("W03-A", "S01", date(2026, 11, 25), date(2026, 11, 26))
    ]
    with pytest.raises(BackupUnavailable) as refused:
        refuse_leave("S02", [POST], found)
    assert "W03-A" in refused.value.message and "李四" in refused.value.message
    assert "2026-11-25" in refused.value.message and status_of(refused.value) == 409


def test_r_ab_2_absences_that_only_meet_on_a_weekend_leave_no_window_vacant():
    saturday, sunday = date(2026, 11, 28), date(2026, 11, 29)
    assert (
        clashes(
            "S02",
            saturday,
            date(2026, 11, 30),
            [POST],
            [leave("S01", date(2026, 11, 26), sunday)],
            NAMES,
            WORKING_DAYS,
        )
        == []
    )


def test_r_ab_2_a_cancelled_leave_of_the_partner_does_not_clash():
    assert (
        clashes(
            "S02",
            date(2026, 11, 24),
            date(2026, 11, 24),
            [POST],
            [leave("S01", date(2026, 11, 24), date(2026, 11, 24), cancelled=True)],
            NAMES,
            WORKING_DAYS,
        )
        == []
    )


def test_r_ab_1_leave_is_refused_to_someone_without_a_post_partner():
    with pytest.raises(BackupUnavailable) as refused:
        refuse_leave("S77", [], [])
    assert refused.value.code == "backup_unavailable" and "S77" in refused.value.message


def test_a_leave_that_ends_before_it_starts_is_a_problem():
    assert period_problems(date(2026, 11, 25), date(2026, 11, 24))
    assert period_problems(date(2026, 11, 25), date(2026, 11, 25)) == []


def test_r_first_2_a_transfer_to_an_away_receiver_needs_an_agreed_time_in_the_future():
    case = {"holder_id": "S01"}
    assert [field for field, _ in transfer_problems(case, "S21", True, None, NOW)] == ["agreed_time"]
    assert transfer_problems(case, "S21", True, datetime(2026, 11, 24, 1, 0, tzinfo=UTC), NOW) == []
    assert [field for field, _ in transfer_problems(case, "S21", True, NOW, NOW)] == ["agreed_time"]
    assert transfer_problems(case, "S21", False, None, NOW) == []


def test_r_first_2_every_transfer_problem_is_listed_at_once():
    problems = transfer_problems({"holder_id": "S21"}, "S21", True, None, NOW)
    with pytest.raises(InvalidRequest) as refused:
        raise_problems("转交内容有误", problems)
    assert set(refused.value.details) == {"to", "agreed_time"}
