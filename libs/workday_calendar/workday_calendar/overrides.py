"""Operator files that carry one year's official schedule (放假安排), for years the ``holidays``
package does not know yet.

A file is JSON (``.json``) or YAML (``.yaml``/``.yml``)::

    {"year": 2027, "official": true,
     "holidays": ["2027-01-01", "2027-02-05", ...],
     "working_weekends": ["2027-02-20", ...]}

``holidays`` lists every statutory day off that falls on a weekday or a weekend (weekends off need
not be listed); ``working_weekends`` lists the adjusted working Saturdays and Sundays (调休上班).
A file is refused as a whole: a wrong schedule would move every deadline it touches.
"""

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

SUFFIXES = (".json", ".yaml", ".yml")
KEYS = {"year", "official", "holidays", "working_weekends"}
SATURDAY = 5


class CalendarFileError(ValueError):
    """An override file that cannot be trusted; the message names the file and the bad entry."""

    def __init__(self, path: Path | str, problem: str):
        super().__init__(f"{path}: {problem}")
        self.path = str(path)
        self.problem = problem


@dataclass(frozen=True)
class YearSchedule:
    """The days off and the working weekends of one year, and whether they are the official ones."""

    year: int
    holidays: frozenset[date]
    working_weekends: frozenset[date]
    official: bool
    source: str

    def is_working_day(self, day: date) -> bool:
        if day in self.working_weekends:
            return True
        return day.weekday() < SATURDAY and day not in self.holidays


def load_override(path: Path | str) -> YearSchedule:
    """Read and validate one override file; raise ``CalendarFileError`` naming the bad entry."""
    path = Path(path)
    return parse_override(_read(path), path)


def parse_override(content: object, source: Path | str) -> YearSchedule:
    """Validate one schedule already read (a JSON body, a database row); ``source`` names it in errors."""
    path = source
    if not isinstance(content, dict):
        raise CalendarFileError(path, "the file must hold one mapping with year, holidays, working_weekends")
    unknown = sorted(set(content) - KEYS)
    if unknown:
        raise CalendarFileError(path, f"unknown key(s) {unknown}; expected {sorted(KEYS)}")
    year = content.get("year")
    if not isinstance(year, int) or isinstance(year, bool):
        raise CalendarFileError(path, f"'year' must be an integer, not {year!r}")
    official = content.get("official", True)
    if not isinstance(official, bool):
        raise CalendarFileError(path, f"'official' must be true or false, not {official!r}")
    days_off = _dates(path, content, "holidays", year)
    working = _dates(path, content, "working_weekends", year)
    _check_consistent(path, days_off, working)
    return YearSchedule(year, frozenset(days_off), frozenset(working), official, str(path))


def load_overrides(folder: Path | str) -> dict[int, YearSchedule]:
    """Every override file of a folder, by year; two files for the same year are refused."""
    schedules: dict[int, YearSchedule] = {}
    for path in sorted(Path(folder).iterdir()):
        if path.suffix.lower() not in SUFFIXES:
            continue
        schedule = load_override(path)
        if schedule.year in schedules:
            earlier = schedules[schedule.year].source
            raise CalendarFileError(path, f"year {schedule.year} is already given by {earlier}")
        schedules[schedule.year] = schedule
    return schedules


def _read(path: Path) -> object:
    if path.suffix.lower() not in SUFFIXES:
        raise CalendarFileError(path, f"unsupported file type; use one of {', '.join(SUFFIXES)}")
    try:
        text = path.read_text(encoding="utf-8")
        return json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (OSError, ValueError, yaml.YAMLError) as error:
        raise CalendarFileError(path, f"cannot be read: {error}") from error


def _dates(path: Path | str, content: dict[str, Any], key: str, year: int) -> list[date]:
    entries = content.get(key, [])
    if not isinstance(entries, list):
        raise CalendarFileError(path, f"'{key}' must be a list of YYYY-MM-DD dates")
    days = []
    for entry in entries:
        day = _parse(path, key, entry)
        if day.year != year:
            raise CalendarFileError(path, f"{key} entry {entry!r} is outside the year {year}")
        days.append(day)
    return days


def _parse(path: Path | str, key: str, entry: object) -> date:
    if isinstance(entry, date):  # YAML reads unquoted ISO dates as dates already
        return entry
    try:
        return date.fromisoformat(str(entry))
    except ValueError:
        raise CalendarFileError(path, f"{key} entry {entry!r} is not a YYYY-MM-DD date") from None


def _check_consistent(path: Path | str, days_off: list[date], working: list[date]) -> None:
    for day in working:
        if day.weekday() < SATURDAY:
            raise CalendarFileError(
                path, f"working_weekends entry {day.isoformat()} is a {day:%A}, not a Saturday or Sunday"
            )
    both = sorted(set(days_off) & set(working))
    if both:
        raise CalendarFileError(
            path, f"entry {both[0].isoformat()} is listed both as a holiday and as a working weekend"
        )
