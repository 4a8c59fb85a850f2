"""Every date a user gives, in a body or a query string, lies in one documented range.

Python's ``date`` runs from year 1 to 9999, so a day at either end overflows as soon as a deadline,
a period's end or a time zone is added to it (a 500). No date of the hall's work lies outside
``DATE_MIN``..``DATE_MAX``: anything outside is refused with 422 ``validation_failed`` before any
rule sees it.

- bodies: ``Day`` (a ``fields.Date``), ``Moment`` (``fields.DateTime``) and ``AwareMoment``
  (``fields.AwareDateTime``) check the range when they load; a test walks every service schema;
- query strings: ``parse_day`` and ``parse_month`` raise ``ValueError`` with a clerk's message,
  for the callers that list every problem at once; ``query_day`` raises the 422 itself;
- "not absurdly far from today" depends on the rule (a leave, a new due date): ``distance_problem``
  gives the message, the use case that knows today calls it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any

from marshmallow import ValidationError, fields

from web_api.errors import ApiError

DATE_MIN = date(2000, 1, 1)
DATE_MAX = date(2099, 12, 31)
RANGE_TEXT = f"{DATE_MIN.isoformat()} 至 {DATE_MAX.isoformat()}"
OUT_OF_RANGE = (
    f"日期须在 {RANGE_TEXT} 之间 (dates must lie between {DATE_MIN.isoformat()} and {DATE_MAX.isoformat()})"
)
MONTH_PATTERN = re.compile(r"^\d{4}-\d{2}$")


def in_range(day: date) -> bool:
    return DATE_MIN <= day <= DATE_MAX


class _Ranged(fields.Field[Any]):
    """Refuses a value whose own (local) date lies outside ``DATE_MIN``..``DATE_MAX``."""

    def _deserialize(
        self, value: Any, attr: str | None, data: Mapping[str, Any] | None, **kwargs: Any
    ) -> Any:
        loaded = super()._deserialize(value, attr, data, **kwargs)
        day = loaded.date() if isinstance(loaded, datetime) else loaded
        if not in_range(day):
            raise ValidationError(OUT_OF_RANGE)
        return loaded


class Day(_Ranged, fields.Date):
    """``fields.Date`` for a user's date: YYYY-MM-DD within the hall's range."""


class Moment(_Ranged, fields.DateTime):
    """``fields.DateTime`` for a user's time: ISO 8601 within the hall's range."""


class AwareMoment(_Ranged, fields.AwareDateTime):
    """``fields.AwareDateTime`` for a user's time with its zone, within the hall's range."""


RANGED_FIELDS = (Day, Moment, AwareMoment)


def parse_day(text: str | None, name: str) -> date:
    """``2026-11-01`` -> the date; ``ValueError`` with a clerk's message when missing, malformed or
    outside the range."""
    if not text:
        raise ValueError(f"缺少日期 {name}，格式 YYYY-MM-DD ({name} is required, YYYY-MM-DD)")
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"日期格式应为 YYYY-MM-DD，收到 {text!r} ({name} must be YYYY-MM-DD)") from None
    if not in_range(day):
        raise ValueError(OUT_OF_RANGE)
    return day


def parse_month(text: str | None, name: str = "month") -> tuple[date, date]:
    """``2026-11`` -> its first and last day; ``ValueError`` when malformed or outside the range."""
    try:
        if not MONTH_PATTERN.match(text or ""):
            raise ValueError
        first = datetime.strptime(text or "", "%Y-%m").date()
    except ValueError:
        raise ValueError(f"月份格式应为 YYYY-MM，收到 {text!r} ({name} is required, YYYY-MM)") from None
    if not in_range(first):
        raise ValueError(OUT_OF_RANGE)
    return first, (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def query_day(text: str | None, name: str, default: date | None = None) -> date:
    """A date in a query string, ``default`` when absent; else 422 ``validation_failed``."""
    if not text and default is not None:
        return default
    try:
        return parse_day(text, name)
    except ValueError as problem:
        raise ApiError(
            "请求参数有误 (the query has invalid parameters)",
            {name: [str(problem)]},
            status=422,
            code="validation_failed",
        ) from None


def distance_problem(
    day: date, today: date, *, past_days: int | None = None, future_days: int | None = None
) -> str | None:
    """The message when ``day`` is more than ``past_days`` before or ``future_days`` after ``today``."""
    if past_days is not None and day < today - timedelta(days=past_days):
        return (
            f"日期 {day.isoformat()} 早于今天 {past_days} 天以上 "
            f"(the date may be at most {past_days} days before today)"
        )
    if future_days is not None and day > today + timedelta(days=future_days):
        return (
            f"日期 {day.isoformat()} 晚于今天 {future_days} 天以上 "
            f"(the date may be at most {future_days} days after today)"
        )
    return None


__all__ = [
    "DATE_MAX",
    "DATE_MIN",
    "OUT_OF_RANGE",
    "RANGED_FIELDS",
    "AwareMoment",
    "Day",
    "Moment",
    "distance_problem",
    "in_range",
    "parse_day",
    "parse_month",
    "query_day",
]
