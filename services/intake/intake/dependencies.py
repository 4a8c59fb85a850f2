"""DependencyProviders only intake needs: the time and the working-day calendar.

"Now" is injectable: tests replace ``clock`` (``replace_dependencies``) or set ``FIXED_NOW`` in
the config, so no test ever sleeps for a deadline.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from nameko.extensions import DependencyProvider
from prometheus_client import Counter

from workday_calendar import WorkingCalendar, load_overrides

FIXED_NOW_KEY = "FIXED_NOW"  # ISO time; empty: the real clock
CALENDAR_OVERRIDES_KEY = "CALENDAR_OVERRIDES_DIR"  # a folder of <year>.json operator schedules

PROVISIONAL = Counter(
    "intake_provisional_deadlines_total",
    "Deadlines computed through a year without an official holiday schedule", ["year"])


class Now:
    def __init__(self, fixed: datetime | None = None):
        self.fixed = fixed

    def __call__(self) -> datetime:
        return self.fixed or datetime.now(UTC)


class Clock(DependencyProvider):
    """``self.clock()`` is the current time (UTC, timezone-aware)."""

    def setup(self):
        fixed = str(self.container.config.get(FIXED_NOW_KEY) or "").strip()
        self.now = Now(datetime.fromisoformat(fixed) if fixed else None)

    def get_dependency(self, worker_ctx) -> Now:
        return self.now


def count_provisional(year: int) -> None:
    PROVISIONAL.labels(str(year)).inc()


class Calendar(DependencyProvider):
    """The statutory working-day calendar with the operator's override files, one per process."""

    def setup(self):
        folder = str(self.container.config.get(CALENDAR_OVERRIDES_KEY) or "").strip()
        overrides = load_overrides(Path(folder)).values() if folder and Path(folder).is_dir() else ()
        self.calendar = WorkingCalendar(overrides=overrides, on_provisional=count_provisional)

    def get_dependency(self, worker_ctx) -> WorkingCalendar:
        return self.calendar
