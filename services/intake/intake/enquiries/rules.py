"""Enquiries whose one-time notice follows later (R-ONCE-2): pure rules, no framework.

A phone enquiry, or one at a window where the clerk cannot give the whole one-time notice on the
spot, is recorded; the notice then goes out by SMS or email within 3 days at most (002
一次性告知制: "确实不能当场告知的,应在最短时间内通过电话等形式告知,最长不超过3日").

Calendar days, not working days: the same source says 工作日 wherever it means working days
("七个工作日内办成"), and here it says 日. As for every period counted in days (Civil Code arts.
201 and 203), the day of the enquiry is not counted and the last day ends at 24:00: an enquiry
recorded on Monday (China time) is due by the end of Thursday, 00:00 on Friday.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any

from intake.cases.symbols import random_symbols

NOTICE_DAYS = 3  # calendar days after the enquiry's day
ENQUIRY_CHANNELS = ("phone", "window")  # by phone, or at the window with the notice to follow

Enquiry = dict[str, Any]  # a row of ``enquiries``


def notice_due_at(recorded_at: datetime, zone: tzinfo) -> datetime:
    """When the one-time notice must have reached the enquirer: the end (24:00, China time) of
    the 3rd calendar day after the day the enquiry was recorded."""
    day = recorded_at.astimezone(zone).date()
    return datetime.combine(day + timedelta(days=NOTICE_DAYS + 1), time(0, 0), tzinfo=zone).astimezone(UTC)


def contact_problems(phone: str | None, email: str | None) -> list[tuple[str, str]]:
    """The notice goes by SMS or email: at least one of them is needed."""
    if phone or email:
        return []
    message = (
        "须留下询问人的手机号或电子邮箱，以便三日内告知 "
        "(give the enquirer's phone or email: the notice follows by message)"
    )
    return [("enquirer_phone", message), ("enquirer_email", message)]


def new_enquiry_no(day: date) -> str:
    """Like a case number, with its own prefix: the hall's date + 8 random symbols."""
    return f"ENQ-{day:%Y%m%d}-{random_symbols(8)}"
