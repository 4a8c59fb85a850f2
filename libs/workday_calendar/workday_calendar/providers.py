"""The time and the calendar as nameko dependencies, for every service that needs them.

``self.clock()`` is the current time (aware, UTC); ``FIXED_NOW`` (ISO) in the config freezes it,
and tests replace it with ``replace_dependencies``, so no test sleeps for a deadline.
``self.calendar`` is the official working-day calendar (intake adds operator schedules of its
own on top, see ``intake.dependencies``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from nameko.extensions import DependencyProvider

from workday_calendar.working_calendar import WorkingCalendar

FIXED_NOW_KEY = "FIXED_NOW"


class Clock(DependencyProvider):
    def setup(self) -> None:
        fixed = str(self.container.config.get(FIXED_NOW_KEY) or "").strip()
        self.fixed = datetime.fromisoformat(fixed) if fixed else None

    def get_dependency(self, worker_ctx: Any) -> Callable[[], datetime]:
        return lambda: self.fixed or datetime.now(UTC)


class Calendar(DependencyProvider):
    def setup(self) -> None:
        self.calendar = WorkingCalendar()

    def get_dependency(self, worker_ctx: Any) -> WorkingCalendar:
        return self.calendar
