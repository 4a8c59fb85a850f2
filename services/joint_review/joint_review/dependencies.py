"""What only joint_review needs: the time (injectable), the calendar, the task queues' topology."""

from __future__ import annotations

from datetime import UTC, datetime

from nameko.extensions import DependencyProvider

from workday_calendar import WorkingCalendar

FIXED_NOW_KEY = "FIXED_NOW"
DEPARTMENTS_KEY = "DEPARTMENTS"  # comma-separated: the task queues declared up front
TASK_LIMIT_KEY = "TASK_LIMIT_DAYS"


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


def configured_departments(config) -> list[str]:
    return [code.strip() for code in str(config.get(DEPARTMENTS_KEY) or "").split(",") if code.strip()]
