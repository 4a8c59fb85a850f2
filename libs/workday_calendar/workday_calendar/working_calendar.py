"""Working days of the Chinese statutory calendar and limits counted in them (R-CLOCK-1).

Where a year's schedule comes from, in order of trust:

1. an operator override file for that year (``load_override``), official unless it says otherwise;
2. the ``holidays`` package, for the years listed as ``official_years``: it carries the State
   Council's notices, adjusted working weekends (调休) included;
3. otherwise the package's estimate (statutory days from the lunar calendar, weekends off, no 调休).
   Such a year is provisional: results that depend on it say so, ``on_provisional(year)`` is called
   (wire it to a metric) and a warning is logged once per year. It never raises: a case accepted
   in late December must get a deadline, to be recomputed when the official schedule is loaded.
"""

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays as holiday_data

from workday_calendar.overrides import YearSchedule

log = logging.getLogger(__name__)

DEFAULT_OFFICIAL_YEARS = frozenset({2025, 2026})
DEFAULT_CLOSING_TIME = time(17, 0)
DEFAULT_TIMEZONE = "Asia/Shanghai"
ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class Deadline:
    """The last day of a limit; ``provisional`` when a counted day lies in a year without official data."""

    date: date
    provisional: bool = False
    years_estimated: tuple[int, ...] = ()


class WorkingCalendar:
    """Which days are working days, and where a limit of N working days ends.

    >>> calendar = WorkingCalendar()
    >>> calendar.add_working_days(date(2026, 9, 30), 3)   # Oct 1-7 off, Oct 10 is a working Saturday
    Deadline(date=datetime.date(2026, 10, 10), provisional=False, years_estimated=())
    """

    def __init__(
        self,
        *,
        official_years: Iterable[int] = DEFAULT_OFFICIAL_YEARS,
        overrides: Iterable[YearSchedule] = (),
        closing_time: time = DEFAULT_CLOSING_TIME,
        timezone: str = DEFAULT_TIMEZONE,
        on_provisional: Callable[[int], None] | None = None,
    ):
        self.official_years = frozenset(official_years)
        self.closing_time = closing_time
        self.timezone = ZoneInfo(timezone)
        self.on_provisional = on_provisional
        self._overrides: dict[int, YearSchedule] = {}
        self._years: dict[int, YearSchedule] = {}
        self._warned: set[int] = set()
        for schedule in overrides:
            self.apply_override(schedule)

    def apply_override(self, schedule: YearSchedule) -> None:
        """Use an operator's schedule for its year from now on (replacing the package's data)."""
        self._overrides[schedule.year] = schedule
        self._years.pop(schedule.year, None)
        self._warned.discard(schedule.year)

    def is_working_day(self, day: date) -> bool:
        return self._year(day.year).is_working_day(day)

    def is_provisional(self, year: int) -> bool:
        return not self._year(year).official

    def add_working_days(
        self, start: date, n: int, off_clock: Callable[[date], bool] | None = None
    ) -> Deadline:
        """R-CLOCK-1: the start day is not counted; the limit ends on the Nth working day after it.

        ``off_clock(day)`` names days that do not count although they are working days (R-CLOCK-2:
        a hearing, an expert review, a site inspection).
        """
        if n < 0:
            raise ValueError(f"a limit counts forward: n must be >= 0, not {n}")
        day, counted, years = start, 0, set()
        while counted < n:
            day += ONE_DAY
            years.add(day.year)
            counted += self.is_working_day(day) and not (off_clock and off_clock(day))
        return self._deadline(day, years)

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after ``start`` up to and including ``end`` (the days of a limit used so far)."""
        if end < start:
            raise ValueError(f"end {end} is before start {start}")
        days = [start + ONE_DAY * offset for offset in range(1, (end - start).days + 1)]
        self._report({day.year for day in days})
        return sum(self.is_working_day(day) for day in days)

    def next_working_day(self, day: date) -> date:
        """The first working day after ``day``."""
        return self.add_working_days(day, 1).date

    def today(self, now: datetime) -> date:
        """The hall's date at ``now`` (China time, whatever zone ``now`` is in)."""
        return now.astimezone(self.timezone).date()

    def closes_at(self, deadline: Deadline | date) -> datetime:
        """The moment a deadline passes: the closing time of its day, China time."""
        day = deadline.date if isinstance(deadline, Deadline) else deadline
        return datetime.combine(day, self.closing_time, tzinfo=self.timezone)

    def _deadline(self, day: date, years: set[int]) -> Deadline:
        estimated = self._report(years)
        return Deadline(day, provisional=bool(estimated), years_estimated=estimated)

    def _report(self, years: set[int]) -> tuple[int, ...]:
        estimated = tuple(sorted(year for year in years if self.is_provisional(year)))
        for year in estimated:
            if year not in self._warned:
                self._warned.add(year)
                log.warning("no official holiday schedule for %s: deadlines in it are provisional", year)
            if self.on_provisional is not None:
                self.on_provisional(year)
        return estimated

    def _year(self, year: int) -> YearSchedule:
        if year not in self._years:
            self._years[year] = self._overrides.get(year) or self._from_package(year)
        return self._years[year]

    def _from_package(self, year: int) -> YearSchedule:
        data = holiday_data.country_holidays("CN", years=year)
        official = year in self.official_years
        days_off = frozenset(day for day in data if day.year == year)
        # weekend_workdays holds every year the class has ever populated; keep this year's.
        working = frozenset(day for day in data.weekend_workdays if official and day.year == year)
        return YearSchedule(year, days_off, working, official, source=f"holidays {holiday_data.__version__}")
