"""What complaints needs besides the core: the time (injectable) and the working-day calendar."""

from workday_calendar.providers import FIXED_NOW_KEY, Calendar, Clock

__all__ = ["FIXED_NOW_KEY", "Calendar", "Clock"]
