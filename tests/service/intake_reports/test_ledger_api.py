"""The ledger (台账, R-CLOCK-6) over HTTP: every case registered in the period, with its fields."""

import csv
import io

from intake_ledger_calls import (
    HEAD,
    OPERATOR,
    S01,
    SUPERVISION,
    accept,
    accept_missing_attachment,
    at,
    complete,
)

from intake.reports.rules import LEDGER_COLUMNS, LEDGER_HEADINGS
from web_api.csv_cells import read_with_headings

NOVEMBER = "/ledger?from=2026-11-01&to=2026-11-30"


def test_r_clock_6_every_case_registered_in_the_period_is_in_the_ledger_with_its_fields(intake, web_session):
    at(intake, 10, 30)
    before = accept(web_session)  # registered in October: not in November's ledger
    at(intake, 11, 23)
    done = accept(web_session)
    waiting = accept_missing_attachment(web_session)
    at(intake, 11, 24, 15)
    complete(web_session, done["case_no"])
    at(intake, 12, 1)
    after = accept(web_session)

    response = web_session.get(NOVEMBER, headers=SUPERVISION)

    assert response.status_code == 200, response.text
    rows = {row["case_no"]: row for row in response.json()["rows"]}
    assert set(rows) == {done["case_no"], waiting["case_no"]}
    assert before["case_no"] not in rows and after["case_no"] not in rows
    assert rows[done["case_no"]] == {
        "registered_at": "2026-11-23T10:00:00+08:00",
        "accepted_at": "2026-11-23T10:00:00+08:00",
        "case_no": done["case_no"],
        "item_code": "SC-010",
        "item_name": rows[done["case_no"]]["item_name"],
        "department": "market_regulation",
        "kind": "promised",
        "window": "W03",
        "acceptor_staff_id": "S01",
        "acceptor_name": "李四",
        "holder_id": "S01",
        "deadline": "2026-11-30",
        "provisional": False,
        "completed_at": "2026-11-24T15:00:00+08:00",
        "outcome": "approved",
        "on_time": "yes",
        "rating": None,
        "forwarded_on": None,  # R-KIND-6: never forwarded to a higher authority
        "authority_answered_on": None,
        "authority_working_days": None,
        "overdue_since": None,  # R-CLOCK-5: never marked overdue
        "overdue_decision": None,
    }
    assert rows[done["case_no"]]["item_name"]
    waiting_row = rows[waiting["case_no"]]
    assert (
        waiting_row["kind"],
        waiting_row["accepted_at"],
        waiting_row["deadline"],
        waiting_row["on_time"],
    ) == ("supplement", None, None, "pending")


def test_r_clock_6_an_open_case_past_its_deadline_is_overdue_and_a_late_one_is_not_on_time(
    intake, web_session
):
    at(intake, 11, 2)
    overdue = accept(web_session)  # due 2026-11-09, never completed
    late = accept(web_session)
    at(intake, 11, 10)
    complete(web_session, late["case_no"])
    at(intake, 11, 9, 16)
    on_time_so_far = web_session.get(NOVEMBER, headers=OPERATOR).json()["rows"]
    at(intake, 11, 9, 18)  # after closing time on the deadline day

    rows = {
        row["case_no"]: row["on_time"] for row in web_session.get(NOVEMBER, headers=OPERATOR).json()["rows"]
    }

    assert {row["case_no"]: row["on_time"] for row in on_time_so_far}[overdue["case_no"]] == "pending"
    assert rows == {overdue["case_no"]: "overdue", late["case_no"]: "no"}


def test_r_clock_6_the_csv_ledger_has_chinese_headings_then_english_codes(intake, web_session):
    case = accept(web_session)

    response = web_session.get(NOVEMBER + "&format=csv", headers=SUPERVISION)

    assert response.status_code == 200 and response.headers["Content-Type"].startswith("text/csv")
    assert response.content.startswith(b"\xef\xbb\xbf")  # the UTF-8 BOM Excel needs for Chinese
    assert "ledger-2026-11-01-2026-11-30.csv" in response.headers["Content-Disposition"]
    text = response.content.decode("utf-8")
    first, second = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))[:2]
    assert first == list(LEDGER_HEADINGS.values()) and first[2] == "办件编号"  # what a clerk reads
    assert tuple(second) == LEDGER_COLUMNS  # what a program reads
    _, (row,) = read_with_headings(text)
    assert (row["case_no"], row["acceptor_name"], row["item_name"], row["deadline"], row["rating"]) == (
        case["case_no"],
        "李四",
        "个体工商户设立登记",
        "2026-11-30",
        "",
    )


def test_r_clock_6_bad_dates_are_refused_with_every_problem_listed(intake, web_session):
    accept(web_session)
    cases = [
        ("/ledger?to=2026-13-01&format=xls", {"from", "to", "format"}),
        ("/ledger?from=2026-11-30&to=2026-11-01", {"to"}),
        ("/ledger?from=2025-01-01&to=2026-11-30", {"to"}),
    ]
    for url, fields in cases:
        response = web_session.get(url, headers=SUPERVISION)
        assert response.status_code == 422, url
        error = response.json()["error"]
        assert error["code"] == "validation_failed" and set(error["details"]) == fields, url
        assert "(" in error["message"]  # Chinese, then English in brackets


def test_r_clock_6_a_full_year_is_allowed_and_one_day_more_is_not(intake, web_session):
    assert (
        web_session.get("/ledger?from=2025-11-30&to=2026-11-30", headers=SUPERVISION).status_code == 200
    )  # 366 days
    assert web_session.get("/ledger?from=2025-11-29&to=2026-11-30", headers=SUPERVISION).status_code == 422


def test_a_window_head_reads_only_their_own_departments_ledger_and_window_staff_none(intake, web_session):
    case = accept(web_session)

    own = web_session.get(NOVEMBER, headers=HEAD)
    other = web_session.get(NOVEMBER + "&department=civil_affairs", headers=HEAD)
    staff = web_session.get(NOVEMBER, headers=S01)
    civil_only = web_session.get(NOVEMBER + "&department=civil_affairs", headers=SUPERVISION)

    assert [row["case_no"] for row in own.json()["rows"]] == [case["case_no"]]
    assert (other.status_code, other.json()["error"]["code"]) == (403, "forbidden")
    assert (staff.status_code, web_session.get(NOVEMBER).status_code) == (403, 401)
    assert civil_only.json()["rows"] == []
