"""DependencyProviders only intake needs: the working-day calendar with the operator's schedules.

The time is ``workday_calendar.providers.Clock``, as in every service.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from prometheus_client import Counter
from sqlalchemy.exc import SQLAlchemyError

from intake.clock.repository import latest_loaded_at, stored_schedules
from reliable_events import make_engine
from web_api.dates import DATE_MAX, DATE_MIN
from workday_calendar import WorkingCalendar, load_overrides, providers

CALENDAR_OVERRIDES_KEY = "CALENDAR_OVERRIDES_DIR"  # a folder of <year>.json operator schedules
CALENDAR_REFRESH_KEY = "CALENDAR_REFRESH_SECONDS"  # how often a replica looks for newer schedules
DATABASE_URL_KEY = "DATABASE_URL"

log = logging.getLogger(__name__)

PROVISIONAL = Counter(
    "hall_intake_provisional_deadlines_total",
    "Deadlines computed through a year without an official holiday schedule",
    ["year"],
)


def provisional_label(year: int) -> str:
    """The year, or ``other`` outside the dates anyone may give (``web_api.dates``): the public
    calculator is anonymous, so its input must not add series without bound."""
    return str(year) if DATE_MIN.year <= year <= DATE_MAX.year else "other"


def count_provisional(year: int) -> None:
    PROVISIONAL.labels(provisional_label(year)).inc()


class Calendar(providers.Calendar):
    """The statutory working-day calendar with the operator's schedules, one per process.

    Schedules come from override files (``CALENDAR_OVERRIDES_DIR``) and from the ``calendar_years``
    table (``PUT /calendar/years/<year>``): applied at setup, and again whenever a worker finds a
    newer ``loaded_at`` there, looking at most every ``CALENDAR_REFRESH_SECONDS``.
    """

    def setup(self):
        folder = str(self.container.config.get(CALENDAR_OVERRIDES_KEY) or "").strip()
        overrides = load_overrides(Path(folder)).values() if folder and Path(folder).is_dir() else ()
        self.calendar = WorkingCalendar(overrides=overrides, on_provisional=count_provisional)
        self.refresh_seconds = float(self.container.config.get(CALENDAR_REFRESH_KEY) or 5)
        url = str(self.container.config.get(DATABASE_URL_KEY) or "")
        self.engine = make_engine(url, pool_size=1) if url else None
        self.loaded_at, self.looked_at = None, float("-inf")
        self.refresh()

    def stop(self):
        if self.engine is not None:
            self.engine.dispose()

    def refresh(self) -> None:
        """Apply the stored schedules if one was loaded since the last look (one cheap query)."""
        self.looked_at = time.monotonic()
        if self.engine is None:
            return
        try:
            with self.engine.connect() as connection:
                latest = latest_loaded_at(connection)
                if latest is None or latest == self.loaded_at:
                    return
                schedules = stored_schedules(connection)
        except SQLAlchemyError as error:  # not migrated yet: keep the package's data
            log.warning("cannot read the stored year schedules: %s", error)
            return
        for schedule in schedules:
            self.calendar.apply_override(schedule)
        self.loaded_at = latest

    def get_dependency(self, worker_ctx) -> WorkingCalendar:
        if time.monotonic() - self.looked_at >= self.refresh_seconds:
            self.refresh()
        return self.calendar
