"""What complaints needs besides the core: the time (injectable) and the working-day calendar."""

from __future__ import annotations

from datetime import UTC, datetime

from nameko.extensions import DependencyProvider

from workday_calendar import WorkingCalendar

FIXED_NOW_KEY = "FIXED_NOW"


class Clock(DependencyProvider):
    """``self.clock()`` is the current time; ``FIXED_NOW`` (ISO) freezes it, tests replace it."""

    def setup(self):
        fixed = str(self.container.config.get(FIXED_NOW_KEY) or "").strip()
        self.fixed = datetime.fromisoformat(fixed) if fixed else None

    def get_dependency(self, worker_ctx):
        return lambda: self.fixed or datetime.now(UTC)


class Calendar(DependencyProvider):
    def setup(self):
        self.calendar = WorkingCalendar()

    def get_dependency(self, worker_ctx) -> WorkingCalendar:
        return self.calendar
