"""The ledger (台账), on-time, rating rates and monthly staff scores: pure rules, no framework.

- R-CLOCK-6: every case registered in a period is a ledger row with its acceptance time, number,
  completion time and the staff member who accepted it; an open case past its deadline is
  ``overdue`` (not on time), and so is one the sweep marked overdue (R-CLOCK-5) until it closes;
  an escalated case shows the working days its higher authority held it, not counted against the
  hall (R-KIND-6), and supervision's decision on an overdue case.
- R-RATE-1: rating rate = rated / completed, satisfaction rate = (satisfied + basically) / rated,
  per window and per department; ``None`` when there is nothing to divide.
- R-SCORE-1 (monthly staff scores) is in ``intake.staff.scores``.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any, cast

from intake.refusals import InvalidRequest
from intake.tracking.rules import RATINGS
from reliable_events import as_utc
from web_api import dates
from web_api.csv_cells import safe_row, write_headings
from workday_calendar import WorkingCalendar

LEDGER_HEADINGS = {  # each column's code (JSON field, CSV second header row) and its Chinese heading
    "registered_at": "登记时间",
    "accepted_at": "受理时间",
    "case_no": "办件编号",
    "item_code": "事项编码",
    "item_name": "事项名称",
    "department": "承办部门",
    "kind": "办件类型",
    "window": "受理窗口",
    "acceptor_staff_id": "受理人工号",
    "acceptor_name": "受理人",
    "holder_id": "当前经办人",
    "deadline": "承诺办结期限",
    "provisional": "期限暂定（节假日未公布）",
    "completed_at": "办结时间",
    "outcome": "办理结果",
    "on_time": "是否按时办结",
    "rating": "评价",
    "forwarded_on": "报上级日期",
    "authority_answered_on": "上级答复日期",
    "authority_working_days": "上级占用工作日",
    "overdue_since": "逾期起始日",
    "overdue_decision": "逾期处理决定",
}
LEDGER_COLUMNS = tuple(LEDGER_HEADINGS)
# web_api.csv_cells is not annotated: the type this module relies on
_safe_row = cast(Callable[[dict[str, Any]], dict[str, Any]], safe_row)
ON_TIME_VALUES = ("yes", "no", "overdue", "pending")  # pending: open, deadline not passed (or none)
MAX_PERIOD_DAYS = 366


def parse_period(start: str | None, end: str | None) -> tuple[date, date]:
    """``?from=2026-11-01&to=2026-11-30`` -> both dates; every problem listed at once (422)."""
    problems: dict[str, list[str]] = {}
    first, last = _parse_day("from", start, problems), _parse_day("to", end, problems)
    if first is not None and last is not None and last < first:
        problems["to"] = ["结束日期早于开始日期 (to is before from)"]
    elif first is not None and last is not None and (last - first).days + 1 > MAX_PERIOD_DAYS:
        problems["to"] = [f"期间最长 {MAX_PERIOD_DAYS} 天 (the period is at most {MAX_PERIOD_DAYS} days)"]
    if problems or first is None or last is None:
        raise InvalidRequest("查询期间有误 (the period is invalid)", problems)
    return first, last


def _parse_day(name: str, text: str | None, problems: dict[str, list[str]]) -> date | None:
    try:
        return dates.parse_day(text, name)
    except ValueError as problem:
        problems[name] = [str(problem)]
        return None


def parse_month(text: str | None) -> tuple[date, date]:
    """``2026-11`` -> its first and last day; 422 otherwise (a month outside ``web_api.dates``' range too)."""
    try:
        return dates.parse_month(text)
    except ValueError as problem:
        raise InvalidRequest("月份有误 (the month is invalid)", {"month": [str(problem)]}) from None


def overdue_through(now: datetime, closing: datetime) -> date:
    """The last deadline date already passed at ``now``; ``closing`` is today's closing time."""
    today = closing.date()
    return today if now > closing else today - timedelta(days=1)


def on_time_status(case: Mapping[str, Any], passed_through: date) -> str:
    """``yes``/``no`` once closed; an open case past its deadline is ``overdue``, else ``pending``."""
    if case["completed_at"] is not None:
        return "yes" if case["on_time"] else "no"
    if case.get("overdue_since") is not None:
        return "overdue"
    if case["deadline"] is not None and case["deadline"] <= passed_through:
        return "overdue"
    return "pending"


def _time(value: datetime | None, zone: tzinfo) -> str | None:
    moment = as_utc(value)  # rows may come from anywhere, not only a UtcDateTime column
    return moment.astimezone(zone).isoformat() if moment is not None else None


def authority_days(
    case: Mapping[str, Any], calendar: WorkingCalendar | None, passed_through: date
) -> int | None:
    """R-KIND-6: the working days after the forwarding day up to the authority's answer (or up to
    the last day passed, while it still holds the case); None for a case never forwarded."""
    forwarded, answered = case.get("forwarded_on"), case.get("authority_answered_on")
    if forwarded is None or calendar is None:
        return None
    until = answered or max(passed_through, forwarded)
    return calendar.working_days_between(forwarded, until)


def ledger_row(
    case: Mapping[str, Any], passed_through: date, zone: tzinfo, calendar: WorkingCalendar | None = None
) -> dict[str, Any]:
    """One ledger line (R-CLOCK-6): times in the hall's zone, English column codes."""
    return {
        "registered_at": _time(case["registered_at"], zone),
        "accepted_at": _time(case["accepted_at"], zone),
        "case_no": case["case_no"],
        "item_code": case["item_code"],
        "item_name": case["item_name"],
        "department": case["department"],
        "kind": case["kind"],
        "window": case["window"],
        "acceptor_staff_id": case["staff_id"],
        "acceptor_name": case["staff_name"],
        "holder_id": case["holder_id"],
        "deadline": case["deadline"].isoformat() if case["deadline"] else None,
        "provisional": bool(case["deadline_provisional"]),
        "completed_at": _time(case["completed_at"], zone),
        "outcome": case["outcome"],
        "on_time": on_time_status(case, passed_through),
        "rating": case["rating"],
        "forwarded_on": _day(case.get("forwarded_on")),
        "authority_answered_on": _day(case.get("authority_answered_on")),
        "authority_working_days": authority_days(case, calendar, passed_through),
        "overdue_since": _day(case.get("overdue_since")),
        "overdue_decision": case.get("overdue_decision"),
    }


def _day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def to_csv(rows: list[dict[str, Any]]) -> str:
    """The ledger as CSV with a UTF-8 BOM, so Excel opens the Chinese correctly: the Chinese
    headings, then the English codes (``web_api.csv_cells.write_headings``); a text cell that a
    spreadsheet would run as a formula starts with ``'`` (``web_api.csv_cells``)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=LEDGER_COLUMNS, lineterminator="\r\n")
    write_headings(csv.writer(out, lineterminator="\r\n"), LEDGER_HEADINGS)
    for row in rows:
        writer.writerow(_safe_row({key: "" if value is None else value for key, value in row.items()}))
    return "\ufeff" + out.getvalue()


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def rating_line(completed: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """R-RATE-1 over the completed cases of one window or department (each with its ``rating``)."""
    counts = {name: sum(1 for case in completed if case["rating"] == name) for name in RATINGS}
    rated = sum(counts.values())
    return {
        "completed": len(completed),
        "rated": rated,
        "rating_rate": _rate(rated, len(completed)),
        **counts,
        "satisfaction_rate": _rate(counts["satisfied"] + counts["basically_satisfied"], rated),
    }


def rating_report(completed: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """``{"windows": [...], "departments": [...]}``: one ``rating_line`` per window and department."""
    report = {}
    for key, plural in (("window", "windows"), ("department", "departments")):
        groups = defaultdict(list)
        for case in completed:
            groups[case[key]].append(case)
        report[plural] = [{key: name, **rating_line(cases)} for name, cases in sorted(groups.items())]
    return report


FORMATS = ("json", "csv")


def parse_ledger_query(start: str | None, end: str | None, fmt: str | None) -> tuple[date, date, str]:
    """``from``, ``to`` and ``format`` of ``GET /ledger``; every problem of the three listed at once."""
    problems: dict[str, list[str]] = {}
    fmt = fmt or "json"
    if fmt not in FORMATS:
        problems["format"] = [f"格式应为 csv 或 json，收到 {fmt!r} (format must be csv or json)"]
    try:
        first, last = parse_period(start, end)
    except InvalidRequest as exc:
        problems.update(exc.details or {})
    if problems:
        raise InvalidRequest("台账查询条件有误 (the ledger query is invalid)", problems)
    return first, last, fmt


def utc_bounds(first: date, last: date, zone: tzinfo) -> tuple[datetime, datetime]:
    """The hall's days ``first``..``last`` as a half-open UTC interval."""
    start = datetime.combine(first, datetime.min.time(), tzinfo=zone)
    end = datetime.combine(last + timedelta(days=1), datetime.min.time(), tzinfo=zone)
    return start.astimezone(UTC), end.astimezone(UTC)
