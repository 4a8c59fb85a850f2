"""Working days of the Chinese statutory calendar (调休 included) and deadlines counted in them.

``WorkingCalendar().add_working_days(start, n)`` is R-CLOCK-1; years without an official schedule
give provisional results instead of errors. Free of nameko, SQLAlchemy and Prometheus.
"""

from workday_calendar.alerts import DUE_SOON, OVERDUE, deadline_alert
from workday_calendar.overrides import (
    CalendarFileError,
    YearSchedule,
    load_override,
    load_overrides,
    parse_override,
)
from workday_calendar.working_calendar import (
    DEFAULT_CLOSING_TIME,
    DEFAULT_OFFICIAL_YEARS,
    DEFAULT_TIMEZONE,
    Deadline,
    WorkingCalendar,
)

__all__ = [
    "DEFAULT_CLOSING_TIME",
    "DEFAULT_OFFICIAL_YEARS",
    "DEFAULT_TIMEZONE",
    "DUE_SOON",
    "OVERDUE",
    "CalendarFileError",
    "Deadline",
    "WorkingCalendar",
    "deadline_alert",
    "YearSchedule",
    "load_override",
    "load_overrides",
    "parse_override",
]
