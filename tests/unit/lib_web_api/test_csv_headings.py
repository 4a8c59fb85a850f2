"""Every CSV export opens with the Chinese a clerk reads and, under it, the code a program reads."""

from __future__ import annotations

import csv
import io
import re

import pytest

from complaints.ledger import rules as desk_ledger
from intake.reports import rules as intake_ledger
from web_api.csv_cells import read_with_headings, write_headings

CHINESE = re.compile(r"[\u4e00-\u9fff]")


def test_two_header_rows_are_written_and_a_program_reads_the_rows_by_code():
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    write_headings(writer, {"item_no": "事项编号", "status": "状态"})
    writer.writerow(["U-1", "registered"])
    text = "\ufeff" + out.getvalue()
    assert text.splitlines()[:2] == ["\ufeff事项编号,状态", "item_no,status"]
    assert read_with_headings(text) == (["事项编号", "状态"], [{"item_no": "U-1", "status": "registered"}])


@pytest.mark.parametrize(
    "headings", [intake_ledger.LEDGER_HEADINGS, desk_ledger.CSV_HEADINGS], ids=["intake", "desk"]
)
def test_every_column_of_every_ledger_has_a_chinese_heading_of_its_own(headings):
    assert all(CHINESE.search(heading) for heading in headings.values())
    assert len(set(headings.values())) == len(headings)


def test_the_desk_ledger_csv_has_chinese_headings_then_codes_then_one_row_per_step():
    item = {
        "item_no": "U-1",
        "item": "=1+1",
        "tier": "hall",
        "units": ["market_regulation"],
        "department": "market_regulation",
        "reporter_ref": "P-1",
        "status": "registered",
        "deadline": None,
        "steps": [
            {"step": "registered", "at": "2026-11-23T10:00:00+08:00", "actor": "S01", "actor_role": "desk"}
        ],
    }
    item["steps"][0]["details"] = {}
    chinese, rows = read_with_headings(desk_ledger.to_csv([item]))
    assert chinese == list(desk_ledger.CSV_HEADINGS.values())
    assert [(row["item_no"], row["item"], row["step"]) for row in rows] == [("U-1", "'=1+1", "registered")]
