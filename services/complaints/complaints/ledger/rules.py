"""The desk's ledger (台账, R-UNRES-2): the whole trail of every item, never the reporter's contact.

JSON: one object per item with its ``steps``; CSV (UTF-8 with BOM, so a spreadsheet reads the
Chinese): two header rows, the Chinese headings then the English codes (``CSV_HEADINGS``), and
one row per step, the item's facts repeated, the step's details as compact JSON.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from typing import Any

from marshmallow import Schema, fields

from complaints.desk.rules import InvalidDeskRequest
from web_api import dates
from web_api.csv_cells import safe_row, write_headings

FORMATS = ("json", "csv")
MAX_PERIOD_DAYS = 366
CSV_HEADINGS = {  # each column's code (CSV second header row) and its Chinese heading
    "item_no": "事项编号",
    "item": "未办成事项",
    "tier": "层级",
    "units": "涉及单位",
    "department": "承办部门",
    "reporter_ref": "反映人编号",
    "status": "状态",
    "deadline": "反馈期限",
    "step": "环节",
    "at": "时间",
    "actor": "经办人",
    "actor_role": "经办人岗位",
    "details": "环节详情",
}
CSV_COLUMNS = tuple(CSV_HEADINGS)


def parse_query(start: str | None, end: str | None, fmt: str | None) -> tuple[date, date, str]:
    """``?from=2026-11-01&to=2026-11-30&format=csv``; every problem listed at once (422)."""
    problems: dict[str, list[str]] = {}
    days = {}
    for name, text in (("from", start), ("to", end)):
        try:
            days[name] = dates.parse_day(text, name)
        except ValueError as problem:
            problems[name] = [str(problem)]
    if len(days) == 2 and not 0 <= (days["to"] - days["from"]).days < MAX_PERIOD_DAYS:
        problems["to"] = [
            f"结束日期须不早于开始日期，期间最长 {MAX_PERIOD_DAYS} 天 "
            f"(to must not be before from; at most {MAX_PERIOD_DAYS} days)"
        ]
    fmt = fmt or "json"
    if fmt not in FORMATS:
        problems["format"] = [f"格式应为 json 或 csv (format must be json or csv, not {fmt!r})"]
    if problems:
        raise InvalidDeskRequest("台账查询有误 (the ledger query is invalid)", problems)
    return days["from"], days["to"], fmt


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return str(value)


def to_csv(items: list[dict[str, Any]]) -> str:
    """One row per step; a text cell a spreadsheet would run as a formula starts with ``'``."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    write_headings(writer, CSV_HEADINGS)  # the Chinese a clerk reads, then the codes
    for item in items:
        for step in item["steps"]:
            row = {**item, **step, "units": ";".join(item["units"])}
            writer.writerow(safe_row([_text(row[column]) for column in CSV_COLUMNS]))  # type: ignore[no-untyped-call, unused-ignore]  # web_api is not typed yet
    return "\ufeff" + out.getvalue()


class LedgerSchema(Schema):
    """``format=json``: the period and its items."""

    from_ = fields.String(data_key="from", required=True, metadata={"description": "YYYY-MM-DD"})
    to = fields.String(required=True, metadata={"description": "YYYY-MM-DD"})
    items = fields.List(
        fields.Dict(),
        required=True,
        metadata={"description": "an item's public fields (desk.rules.PUBLIC_FIELDS) and its steps"},
    )
