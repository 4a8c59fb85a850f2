"""The desk's ledger (台账, R-UNRES-2): the whole trail of every item, never the reporter's contact.

JSON: one object per item with its ``steps``; CSV (UTF-8 with BOM, so a spreadsheet reads the
Chinese): one row per step, the item's facts repeated, the step's details as compact JSON.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime, time, timedelta

from complaints import desk_repository
from complaints.desk_rules import InvalidDeskRequest
from web_api import dates
from web_api.csv_cells import safe_row

FORMATS = ("json", "csv")
MAX_PERIOD_DAYS = 366
PUBLIC_FIELDS = (
    "item_no",
    "item",
    "item_code",
    "units",
    "reason",
    "channel",
    "reporter_ref",
    "tier",
    "limit_days",
    "status",
    "department",
    "deadline",
    "extension_days",
    "registered_at",
    "registered_by",
    "forwarded_at",
    "answered_at",
    "result",
    "solved",
    "answered_on_time",
    "follow_up_due",
    "followed_up_at",
    "satisfaction",
)
CSV_COLUMNS = (
    "item_no",
    "item",
    "tier",
    "units",
    "department",
    "reporter_ref",
    "status",
    "deadline",
    "step",
    "at",
    "actor",
    "actor_role",
    "details",
)


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


def trail(connection, first: date, last: date, zone) -> list[dict]:
    """Every item registered from ``first`` to ``last`` (hall days) with its steps, public fields only."""
    since = datetime.combine(first, time(0), tzinfo=zone).astimezone(UTC)  # stored in UTC
    before = datetime.combine(last + timedelta(days=1), time(0), tzinfo=zone).astimezone(UTC)
    items = desk_repository.list_items(
        connection, registered_from=since, registered_before=before, limit=100_000
    )
    steps = desk_repository.steps_of(connection, [item["item_no"] for item in items])
    return [{**public(item), "steps": steps[item["item_no"]]} for item in items]


def public(item: dict) -> dict:
    return {key: item[key] for key in PUBLIC_FIELDS}


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return str(value)


def to_csv(items: list[dict]) -> str:
    """One row per step; a text cell a spreadsheet would run as a formula starts with ``'``."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for item in items:
        for step in item["steps"]:
            row = {**item, **step, "units": ";".join(item["units"])}
            writer.writerow(safe_row([_text(row[column]) for column in CSV_COLUMNS]))
    return "\ufeff" + out.getvalue()
