"""One range for every date a user gives (issue 12 point 10) and CSV cells no spreadsheet runs as a
formula (point 12): the helpers of ``web_api.dates`` and ``web_api.csv_cells``."""

import csv
import io
from datetime import date

import pytest
from marshmallow import Schema, ValidationError

from web_api import ApiError
from web_api.csv_cells import safe_cell, safe_row
from web_api.dates import (
    DATE_MAX,
    DATE_MIN,
    AwareMoment,
    Day,
    Moment,
    distance_problem,
    parse_day,
    parse_month,
    query_day,
)


class DatesSchema(Schema):
    day = Day()
    moment = Moment()
    aware = AwareMoment()


@pytest.mark.parametrize(
    "field, value",
    [
        ("day", "0001-01-01"),
        ("day", "9999-12-31"),
        ("day", "1999-12-31"),
        ("day", "2100-01-01"),
        ("moment", "0001-01-01T00:00:00"),
        ("moment", "9999-12-31T23:59:59"),
        ("aware", "0001-01-01T00:00:00+14:00"),
        ("aware", "9999-12-31T23:59:59-12:00"),
    ],
)
def test_a_date_outside_the_range_is_refused_with_a_clerks_message(field, value):
    with pytest.raises(ValidationError) as refused:
        DatesSchema().load({field: value})
    [message] = refused.value.messages[field]
    assert "2000-01-01" in message and "2099-12-31" in message and "日期" in message


def test_the_ends_of_the_range_are_accepted():
    loaded = DatesSchema().load(
        {"day": "2000-01-01", "moment": "2099-12-31T23:59:59", "aware": "2099-12-31T23:59:59+08:00"}
    )
    assert loaded["day"] == DATE_MIN and loaded["moment"].date() == loaded["aware"].date() == DATE_MAX


def test_a_query_day_is_parsed_or_refused_with_a_422():
    assert parse_day("2026-11-23", "from") == date(2026, 11, 23)
    for text in ("0001-01-01", "9999-12-31", "2026-13-01", "", None):
        with pytest.raises(ValueError):
            parse_day(text, "from")
    assert query_day(None, "date", default=date(2026, 11, 23)) == date(2026, 11, 23)
    with pytest.raises(ApiError) as refused:
        query_day("9999-12-31", "date")
    assert (refused.value.status, refused.value.code, list(refused.value.details)) == (
        422,
        "validation_failed",
        ["date"],
    )


def test_a_month_gives_its_first_and_last_day_within_the_range_only():
    assert parse_month("2028-02") == (date(2028, 2, 1), date(2028, 2, 29))
    assert parse_month("2099-12") == (date(2099, 12, 1), DATE_MAX)
    for text in ("0001-01", "9999-12", "1999-12", "2026-1", "2026-13", "26-11", None):
        with pytest.raises(ValueError):
            parse_month(text)


def test_a_date_too_far_from_today_is_named():
    today = date(2026, 11, 23)
    assert distance_problem(date(2026, 10, 24), today, past_days=30) is None
    assert "30" in distance_problem(date(2026, 10, 23), today, past_days=30)
    assert distance_problem(date(2027, 11, 24), today, future_days=366) is None
    assert "366" in distance_problem(date(2027, 11, 25), today, future_days=366)


@pytest.mark.parametrize(
    "text", ['=HYPERLINK("http://x.cn","点此")', "+1+1", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1"]
)
def test_a_cell_a_spreadsheet_would_run_starts_with_a_quote(text):
    assert safe_cell(text) == "'" + text


def test_other_cells_and_values_pass_unchanged():
    assert safe_row(["张三", "HALL-20261123-9KN9JEEK", "2026-11-23T10:00:00+08:00", "", -1, None, True]) == [
        "张三",
        "HALL-20261123-9KN9JEEK",
        "2026-11-23T10:00:00+08:00",
        "",
        -1,
        None,
        True,
    ]
    assert safe_row({"a": "=1", "b": "a=1"}) == {"a": "'=1", "b": "a=1"}


def test_a_neutralised_cell_reads_back_as_typed_after_the_quote():
    out = io.StringIO()
    csv.writer(out).writerow(safe_row(['=HYPERLINK("http://x.cn","点此")', "ok"]))
    [row] = csv.reader(io.StringIO(out.getvalue()))
    assert row == ['\'=HYPERLINK("http://x.cn","点此")', "ok"]
