"""Opening days and hours of a window (R-AB-2: a window is never vacant while it is open).

Every window is open on the working days of the calendar (the clock's days, R-CLOCK-1). An
operator may give a window more: the weekdays it also opens (a village station open Monday to
Sunday, 周一至周日都有人在岗) and whether it opens on statutory holidays too. Leave is then
checked on every day the window is open, and the roster reports a vacant window on those days.
The working-day clock is not changed by any of this: limits still count working days.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from typing import TypedDict

WEEKDAYS = (1, 2, 3, 4, 5, 6, 7)  # ISO: Monday 1 .. Sunday 7
WINDOW = re.compile(r"^[A-Za-z0-9_-]{1,40}$")  # as a post's window (staff.schemas.CODE)
HOUR = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")


class Opening(TypedDict):
    """A window's opening: ``days`` (ISO weekdays), ``on_holidays``, ``opens``..``closes`` (China time)."""

    window: str
    days: list[int]
    on_holidays: bool
    opens: str
    closes: str
    updated_at: datetime | None
    updated_by: str | None


def opening_problems(window: str, days: list[int], opens: str, closes: str) -> list[tuple[str, str]]:
    """Every problem of an opening at once: a window code, weekdays 1..7 without repeats,
    ``HH:MM`` hours in order."""
    problems = []
    if not WINDOW.match(window):
        problems.append(("window", f"窗口编号 {window!r} 无效 (a window code: letters, digits, - and _)"))
    if not days or any(day not in WEEKDAYS for day in days) or len(set(days)) != len(days):
        problems.append(
            ("days", "开放日须为 1（周一）至 7（周日）且不重复 (days are ISO weekdays 1..7, once each)")
        )
    for name, value in (("opens", opens), ("closes", closes)):
        if not HOUR.match(value):
            problems.append((name, f"时间 {value!r} 须为 HH:MM (a time of day, HH:MM)"))
    if HOUR.match(opens) and HOUR.match(closes) and opens >= closes:
        problems.append(("closes", f"关门时间 {closes} 须晚于开门时间 {opens} (closes must be after opens)"))
    return problems


def is_open(opening: Opening | None, day: date, is_working_day: Callable[[date], bool]) -> bool:
    """R-AB-2: open on every working day, and on the weekdays of its opening; a statutory holiday
    (a weekday off) only when the opening says ``on_holidays``."""
    if is_working_day(day):
        return True
    if opening is None or day.isoweekday() not in opening["days"]:
        return False
    holiday = day.weekday() < 5  # a weekday that is not a working day: a statutory holiday
    return opening["on_holidays"] or not holiday


def open_days(
    openings: dict[str, Opening], is_working_day: Callable[[date], bool]
) -> Callable[[str, date], bool]:
    """``is_open(window, day)`` for the windows of ``openings`` (others: working days only)."""
    return lambda window, day: is_open(openings.get(window), day, is_working_day)
