"""The times notify shows: China time in what a person reads, RFC 3339 with an offset in answers.

A notice is read in the hall, so every time in it is China time (Asia/Shanghai), whatever zone
the event carried; ``china_time`` is the one Jinja filter every template uses for it:

- ``"2026-12-01T22:29:00Z"``, ``"2026-12-01T22:29:00+00:00"``, ``"2026-12-02T06:29:00+08:00"``
  and the naive ``"2026-12-01T22:29:00"`` (taken as UTC, the way the hall stores moments) all
  read ``2026年12月2日 06:29``; ``china_time(date_only=True)`` gives the China date of a moment
  (``2026年12月2日``);
- a date (``"2026-12-02"``) stays that date: ``2026年12月2日``, never shifted by a zone;
- anything else is ``NoticeDataError`` (the notice cannot be filled, never a wrong time).

Notify's HTTP answers and events give a moment in UTC with its offset (``+00:00``), never naive:
``now`` normalises the clock, ``Instant`` is the schema field of every time in an answer.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from notify.notices.rules import NoticeDataError
from reliable_events import as_utc
from web_api.dates import Moment

CHINA = ZoneInfo("Asia/Shanghai")


def now(clock_reading: datetime) -> datetime:
    """The clock's reading as an aware UTC moment (a naive reading is UTC, as the hall stores it)."""
    return as_utc(clock_reading)


def rfc3339(moment: datetime) -> str:
    """``2026-12-01T22:29:00+00:00``: the moment in UTC, with its offset."""
    return as_utc(moment).isoformat()


def _china_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _parsed(value: Any) -> date | datetime:
    if isinstance(value, date):  # a datetime is a date too
        return value
    text = str(value).strip()
    try:
        if len(text) == 10:
            return date.fromisoformat(text)
        return datetime.fromisoformat(text)
    except ValueError:
        raise NoticeDataError(f"not a date or a time: {value!r}") from None


def china_time(value: Any, date_only: bool = False) -> str:
    """A date or a moment as a person in the hall reads it (see the module's examples)."""
    parsed = _parsed(value)
    if not isinstance(parsed, datetime):
        return _china_date(parsed)
    local = as_utc(parsed).astimezone(CHINA)
    if date_only:
        return _china_date(local.date())
    return f"{_china_date(local.date())} {local:%H:%M}"


class Instant(Moment):
    """A time in an answer: RFC 3339 in UTC with its offset (``+00:00``), never naive."""

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> str | None:
        if value is None:
            return None
        return rfc3339(value)


__all__ = ["CHINA", "Instant", "china_time", "now", "rfc3339"]
