"""The case clock: a pure function of what happened to the case (R-CLOCK-1..4).

How it counts (stated in the README too):

- the clock starts on the day the materials are complete: the day of acceptance, or for a
  supplement case the day the last item arrives (R-CLOCK-3); that start day is not counted
  (R-CLOCK-1): a limit of N working days ends at the close of the Nth working day after it;
- a suspension (hearing, testing, expert review, site inspection... R-CLOCK-2) stops the clock at
  the end of the day it starts; the days after it up to and including the day the case resumes
  are not counted, so resuming works like a new start day;
- an approved extension adds its working days to the limit (R-CLOCK-4);
- the deadline falls at the hall's closing time (17:00 China time) of its last day; an immediate
  case (limit 0) is due by closing time the same day.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from workday_calendar import Deadline, WorkingCalendar

STARTS = ("accepted", "supplement_completed")  # the clock (re)starts on these


@dataclass(frozen=True)
class Suspension:
    since: date
    until: date | None = None  # None: still suspended

    def covers(self, day: date) -> bool:
        return self.since < day and (self.until is None or day <= self.until)


@dataclass
class ClockInputs:
    """What the deadline depends on, read from the case's history."""

    start: date | None = None
    limit_days: int = 0
    extension_days: int = 0
    suspensions: list[Suspension] = field(default_factory=list)

    @property
    def suspended(self) -> bool:
        return any(s.until is None for s in self.suspensions)


def inputs_from_history(history: Iterable[dict]) -> ClockInputs:
    """Fold ``{"action", "on_date", "details"}`` entries, oldest first, into the clock's inputs."""
    clock = ClockInputs()
    for entry in history:
        action, day, details = entry["action"], entry["on_date"], entry.get("details") or {}
        if action in STARTS and "limit_days" in details:
            clock.start, clock.limit_days = day, details["limit_days"]
        elif action == "suspended":
            clock.suspensions.append(Suspension(day))
        elif action == "resumed" and clock.suspended:
            clock.suspensions[-1] = Suspension(clock.suspensions[-1].since, day)
        elif action == "extended":
            clock.extension_days += details["days"]
    return clock


def deadline(calendar: WorkingCalendar, clock: ClockInputs) -> Deadline | None:
    """The deadline, or ``None`` while the clock has not started or is stopped."""
    if clock.start is None or clock.suspended:
        return None
    return calendar.add_working_days(clock.start, clock.limit_days + clock.extension_days,
                                     lambda day: any(s.covers(day) for s in clock.suspensions))
