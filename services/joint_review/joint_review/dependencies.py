"""What only joint_review needs: the time (injectable), the calendar, the task queues' topology."""

from __future__ import annotations

from workday_calendar.providers import FIXED_NOW_KEY, Calendar, Clock

__all__ = ["FIXED_NOW_KEY", "Calendar", "Clock", "configured_departments"]

DEPARTMENTS_KEY = "DEPARTMENTS"  # comma-separated: the task queues declared up front
TASK_LIMIT_KEY = "TASK_LIMIT_DAYS"


def configured_departments(config) -> list[str]:
    return [code.strip() for code in str(config.get(DEPARTMENTS_KEY) or "").split(",") if code.strip()]
