"""The operator's year schedules, stored so that every replica counts with the same calendar.

``PUT /calendar/years/<year>`` validates a schedule (the override file format of
``workday_calendar``), stores it here and applies it at once in its own process; the other
replicas see a newer ``loaded_at`` (the ``Calendar`` dependency looks every few seconds) and apply
it too.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, insert, select

from intake.domain import InvalidRequest
from intake.orm import calendar_years
from web_api.dates import DATE_MAX, DATE_MIN
from workday_calendar import CalendarFileError, YearSchedule, parse_override

BAD_SCHEDULE = "年度放假安排有误 (the year's schedule is invalid)"


def parse_year(year: int, content) -> YearSchedule:
    """The schedule of ``year``; ``InvalidRequest`` naming the bad entry (the whole file is refused).

    ``{"year": 2027, "official": true, "holidays": ["2027-01-01"], "working_weekends": []}``
    """
    if not DATE_MIN.year <= year <= DATE_MAX.year:
        raise InvalidRequest(
            BAD_SCHEDULE,
            {
                "year": [
                    f"年份须在 {DATE_MIN.year} 至 {DATE_MAX.year} 之间 "
                    f"(the year must lie between {DATE_MIN.year} and {DATE_MAX.year})"
                ]
            },
        )
    if isinstance(content, dict):
        content = {"year": year, **content}
        if content["year"] != year:
            raise InvalidRequest(
                BAD_SCHEDULE,
                {
                    "year": [
                        f"内容中的年份 {content['year']!r} 与地址中的 {year} 不一致 "
                        f"(the body's year does not match the path's)"
                    ]
                },
            )
    try:
        return parse_override(content, f"calendar year {year}")
    except CalendarFileError as error:
        raise InvalidRequest(BAD_SCHEDULE, {"schedule": [error.problem]}) from None


def store_year(connection, schedule: YearSchedule, now: datetime) -> None:
    """Replace the stored schedule of its year (one row per year)."""
    connection.execute(delete(calendar_years).where(calendar_years.c.year == schedule.year))
    connection.execute(
        insert(calendar_years).values(year=schedule.year, content=content_of(schedule), loaded_at=now)
    )


def content_of(schedule: YearSchedule) -> dict:
    return {
        "year": schedule.year,
        "official": schedule.official,
        "holidays": sorted(day.isoformat() for day in schedule.holidays),
        "working_weekends": sorted(day.isoformat() for day in schedule.working_weekends),
    }


def latest_loaded_at(connection) -> datetime | None:
    """The cheap check each replica makes: has any schedule been loaded since it last looked?"""
    return connection.execute(select(func.max(calendar_years.c.loaded_at))).scalar()


def stored_schedules(connection) -> list[YearSchedule]:
    rows = connection.execute(
        select(calendar_years.c.year, calendar_years.c.content).order_by(calendar_years.c.year)
    )
    return [parse_override(row.content, f"calendar_years {row.year}") for row in rows]
