"""The case clock: a pure function of what happened to the case (R-CLOCK-1..4).

How it counts (stated in docs/guides/window-clerk.md too):

- the clock starts on the day the materials are complete: the day of acceptance, or for a
  supplement case the day the last item arrives (R-CLOCK-3); that start day is not counted
  (R-CLOCK-1): a limit of N working days ends at the close of the Nth working day after it;
- a suspension (hearing, testing, expert review, site inspection... R-CLOCK-2) stops the clock at
  the end of the day it starts; the days after it up to and including the day the case resumes
  are not counted, so resuming works like a new start day;
- a suspension that has a source (a joint site inspection, a joint review's supplement round)
  is paired with its resumption by that source, not by arrival: the two events come on separate
  queues and retries reorder them, so an end recorded before its start still closes exactly that
  interval and the clock is the same whichever arrived first; a suspension without a source (the
  clerk's own, one at a time) is closed by the next resumption without one, as before;
- an escalated case (R-KIND-6) forwarded to the higher authority is off the hall's clock like a
  suspension named ``authority``: from the end of the forwarding day up to and including the day
  the authority's answer is recorded (history ``escalated`` .. ``authority_answered``);
- an approved extension adds its working days to the limit (R-CLOCK-4);
- the deadline falls at the hall's closing time (17:00 China time) of its last day; an immediate
  case (limit 0) is due by closing time the same day.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, TypedDict

from intake.refusals import InvalidRequest
from web_api.dates import DATE_MAX, DATE_MIN
from workday_calendar import CalendarFileError, Deadline, WorkingCalendar, YearSchedule, parse_override

STARTS = ("accepted", "supplement_completed")  # the clock (re)starts on these
AUTHORITY = "authority"  # R-KIND-6: the source of the higher authority's time off the clock
# R-CLOCK-2: the procedures whose time does not count
REASON_KINDS = (
    "hearing",
    "tendering",
    "auction",
    "testing",
    "quarantine",
    "appraisal",
    "expert_review",
    "site_inspection",
)


class Alert(TypedDict):
    """R-CLOCK-5: one alert of a case, raised once per threshold and deadline (``case_alerts``)."""

    case_no: str
    threshold: str  # due_soon | overdue | forwarding_due_soon | forwarding_overdue (R-KIND-6)
    deadline: date
    raised_at: datetime


@dataclass(frozen=True)
class Suspension:
    since: date
    until: date | None = None  # None: still suspended
    source: str | None = None  # what stopped the clock, e.g. "inspection:INS-1"; None: the clerk

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

    @property
    def open_sources(self) -> set[str | None]:
        return {s.source for s in self.suspensions if s.until is None}


def source_of(details: Mapping[str, Any]) -> str | None:
    """The source a history line names; lines written before sources existed name it by their
    inspection id or supplement round, so a case suspended then still resumes by its source."""
    if details.get("source"):
        return str(details["source"])
    if details.get("inspection_id"):
        return f"inspection:{details['inspection_id']}"
    if details.get("reason_kind") == "joint_supplement":
        return f"joint_supplement:{details['round']}"
    return None


def inputs_from_history(history: Iterable[Mapping[str, Any]]) -> ClockInputs:
    """Fold ``{"action", "on_date", "details"}`` entries, oldest first, into the clock's inputs."""
    clock = ClockInputs()
    early_ends: dict[str, date] = {}  # resumptions that arrived before their suspension
    for entry in history:
        action, day, details = entry["action"], entry["on_date"], entry.get("details") or {}
        if action in STARTS and "limit_days" in details:
            clock.start, clock.limit_days = day, details["limit_days"]
        elif action == "suspended":
            _begin(clock, day, source_of(details), early_ends)
        elif action == "resumed":
            _end(clock, day, source_of(details), early_ends)
        elif action == "escalated":
            _begin(clock, day, AUTHORITY, early_ends)
        elif action == "authority_answered":
            _end(clock, day, AUTHORITY, early_ends)
        elif action == "extended":
            clock.extension_days += details["days"]
    return clock


def _begin(clock: ClockInputs, day: date, source: str | None, early_ends: dict[str, date]) -> None:
    if source is not None and any(s.source == source for s in clock.suspensions):
        return  # the same suspension told twice
    until = early_ends.pop(source, None) if source is not None else None
    clock.suspensions.append(Suspension(day, until, source))


def _end(clock: ClockInputs, day: date, source: str | None, early_ends: dict[str, date]) -> None:
    for index in reversed(range(len(clock.suspensions))):
        found = clock.suspensions[index]
        if found.until is None and (source is None or found.source == source):
            clock.suspensions[index] = Suspension(found.since, day, found.source)
            return
    if source is not None and not any(s.source == source for s in clock.suspensions):
        early_ends[source] = day


def running_deadline(calendar: WorkingCalendar, clock: ClockInputs) -> Deadline:
    """The deadline of a clock that runs; asking one of a stopped clock is a mistake of the caller."""
    due = deadline(calendar, clock)
    if due is None:
        raise ValueError("the clock has not started or is stopped: it has no deadline")
    return due


def deadline(calendar: WorkingCalendar, clock: ClockInputs) -> Deadline | None:
    """The deadline, or ``None`` while the clock has not started or is stopped."""
    if clock.start is None or clock.suspended:
        return None
    return calendar.add_working_days(
        clock.start,
        clock.limit_days + clock.extension_days,
        lambda day: any(s.covers(day) for s in clock.suspensions),
    )


BAD_SCHEDULE = "年度放假安排有误 (the year's schedule is invalid)"


def parse_year(year: int, content: object) -> YearSchedule:
    """The schedule of ``year``; ``InvalidRequest`` naming the bad entry (the whole file is refused).

    ``{"year": 2027, "official": true, "holidays": ["2027-01-01"], "working_weekends": []}``
    """
    if not DATE_MIN.year <= year <= DATE_MAX.year:
        raise InvalidRequest(
            BAD_SCHEDULE,
            {
                "year": [
                    f"年份须在 {DATE_MIN.year} 至 {DATE_MAX.year} 之间 "
                    f"(the year must lie between {DATE_MIN.year} and {DATE_MAX.year})"
                ]
            },
        )
    if isinstance(content, dict):
        content = {"year": year, **content}
        if content["year"] != year:
            raise InvalidRequest(
                BAD_SCHEDULE,
                {
                    "year": [
                        f"内容中的年份 {content['year']!r} 与地址中的 {year} 不一致 "
                        f"(the body's year does not match the path's)"
                    ]
                },
            )
    try:
        return parse_override(content, f"calendar year {year}")
    except CalendarFileError as error:
        raise InvalidRequest(BAD_SCHEDULE, {"schedule": [error.problem]}) from None


def content_of(schedule: YearSchedule) -> dict[str, Any]:
    return {
        "year": schedule.year,
        "official": schedule.official,
        "holidays": sorted(day.isoformat() for day in schedule.holidays),
        "working_weekends": sorted(day.isoformat() for day in schedule.working_weekends),
    }
