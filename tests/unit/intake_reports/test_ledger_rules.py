"""The ledger's pure rules: periods, on-time, CSV and rating rates (R-CLOCK-6, R-RATE-1)."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from intake.refusals import InvalidRequest
from intake.reports.metrics import rates
from intake.reports.rules import (
    LEDGER_COLUMNS,
    ledger_row,
    on_time_status,
    overdue_through,
    parse_ledger_query,
    parse_month,
    rating_line,
    to_csv,
    utc_bounds,
)
from web_api.csv_cells import read_with_headings

HALL = ZoneInfo("Asia/Shanghai")
CLOSING = datetime(2026, 11, 30, 17, 0, tzinfo=HALL)


def case(**changes) -> dict:
    return {
        "case_no": "HALL-20261123-ABCDEFGH",
        "item_code": "SC-010",
        "item_name": "个体工商户设立登记",
        "department": "market_regulation",
        "kind": "promised",
        "window": "W03",
        "staff_id": "S01",
        "staff_name": "李四",
        "holder_id": "S02",
        "registered_at": datetime(2026, 11, 23, 2, 0),
        "accepted_at": datetime(2026, 11, 23, 2, 0),
        "deadline": date(2026, 11, 30),
        "deadline_provisional": False,
        "completed_at": None,
        "outcome": None,
        "on_time": None,
        "rating": None,
        **changes,
    }


def test_r_clock_6_an_open_case_is_overdue_only_after_closing_time_on_its_deadline():
    before = overdue_through(CLOSING - timedelta(minutes=1), CLOSING)
    after = overdue_through(CLOSING + timedelta(minutes=1), CLOSING)

    assert (on_time_status(case(), before), on_time_status(case(), after)) == ("pending", "overdue")
    assert on_time_status(case(deadline=None), after) == "pending"


def test_r_clock_6_a_closed_case_is_on_time_or_not_whatever_the_date():
    late = case(completed_at=datetime(2026, 12, 1, 2), on_time=False)
    in_time = case(completed_at=datetime(2026, 11, 24, 2), on_time=True)

    assert (on_time_status(late, date(2026, 11, 1)), on_time_status(in_time, date(2027, 1, 1))) == (
        "no",
        "yes",
    )


def test_r_clock_6_a_ledger_row_shows_times_in_the_hall_and_who_accepted_it():
    row = ledger_row(case(rating="satisfied"), date(2026, 11, 22), HALL)

    assert tuple(row) == LEDGER_COLUMNS
    assert (row["registered_at"], row["acceptor_staff_id"], row["acceptor_name"], row["holder_id"]) == (
        "2026-11-23T10:00:00+08:00",
        "S01",
        "李四",
        "S02",
    )
    assert (row["deadline"], row["on_time"], row["rating"]) == ("2026-11-30", "pending", "satisfied")


def test_r_clock_6_the_csv_starts_with_a_bom_and_reads_back_the_same_rows():
    rows = [ledger_row(case(), date(2026, 12, 1), HALL)]

    text = to_csv(rows)

    assert text.startswith("\ufeff")
    chinese, (read,) = read_with_headings(text)
    assert chinese[:3] == ["登记时间", "受理时间", "办件编号"] and len(chinese) == len(LEDGER_COLUMNS)
    assert (
        read["item_name"] == "个体工商户设立登记"
        and read["on_time"] == "overdue"
        and read["completed_at"] == ""
    )


def test_r_clock_6_every_problem_of_a_ledger_query_is_listed_at_once():
    with pytest.raises(InvalidRequest) as refused:
        parse_ledger_query(None, "2026-02-30", "pdf")

    assert set(refused.value.details) == {"from", "to", "format"}
    assert parse_ledger_query("2026-11-01", "2026-11-30", None) == (
        date(2026, 11, 1),
        date(2026, 11, 30),
        "json",
    )


def test_a_period_of_the_hall_s_days_starts_and_ends_at_midnight_china_time():
    start, end = utc_bounds(date(2026, 11, 1), date(2026, 11, 30), HALL)

    assert (start, end) == (datetime(2026, 10, 31, 16, tzinfo=UTC), datetime(2026, 11, 30, 16, tzinfo=UTC))
    assert parse_month("2026-02") == (date(2026, 2, 1), date(2026, 2, 28))
    assert parse_month("2026-12")[1] == date(2026, 12, 31)


def test_r_rate_1_rates_are_null_when_there_is_nothing_to_divide():
    assert rating_line([]) == {
        "completed": 0,
        "rated": 0,
        "rating_rate": None,
        "satisfied": 0,
        "basically_satisfied": 0,
        "dissatisfied": 0,
        "satisfaction_rate": None,
    }
    line = rating_line(
        [
            {"rating": "satisfied"},
            {"rating": "basically_satisfied"},
            {"rating": "dissatisfied"},
            {"rating": None},
        ]
    )
    assert (line["rating_rate"], line["satisfaction_rate"]) == (0.75, 0.6667)


def test_the_on_time_gauge_counts_an_open_overdue_case_against():
    found = rates(
        {
            "open": {},
            "overdue": {"promised": 1, "joint": 1},
            "completed_on_time": 2,
            "completed": 2,
            "ratings": {"satisfied": 1},
        }
    )

    assert (found["on_time"], found["rating"], found["satisfaction"]) == (0.5, 0.5, 1.0)
