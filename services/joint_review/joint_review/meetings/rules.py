"""Joint review meetings (联审会) and joint site inspections (联合踏勘), R-JOINT-5.

No framework here. The lead window convenes both. In a meeting's minutes (会签) each department's
opinion is its answer for the current round, recorded once: its opinion id is the meeting id and
the department, so minutes sent twice add nothing. Every problem of a request is listed at once.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from typing import Any, NotRequired, TypedDict

from joint_review.reviews.rules import opinion_problems

MEETING_CHANNEL = "meeting"


class Meeting(TypedDict):
    """A joint review meeting (联审会) of some of the review's departments, and its minutes (会签)."""

    meeting_id: str
    review_id: str
    round: int
    at: datetime
    place: str
    departments: list[str]
    scheduled_by: str
    scheduled_at: datetime
    minutes: NotRequired[list[dict[str, Any]] | None]
    summary: NotRequired[str | None]
    minuted_at: NotRequired[datetime | None]


class Inspection(TypedDict):
    """A joint site inspection (联合踏勘): off the review's clock while it runs (R-CLOCK-2)."""

    inspection_id: str
    review_id: str
    site: str
    departments: list[str]
    starts_on: date
    started_by: str
    expected_working_days: NotRequired[int | None]  # null for the inspections started before it was asked
    ends_on: NotRequired[date | None]
    ended_by: NotRequired[str | None]


def minutes_opinion_id(meeting_id: str, department: str) -> str:
    """Deterministic: the same minutes give the same opinion ids."""
    return f"{meeting_id}-{department}"[:64]


def department_problems(asked: list[str], involved: list[str]) -> dict[str, list[str]]:
    """The departments named must be involved in the review, each named once."""
    problems: dict[str, list[str]] = {}
    unknown = [d for d in dict.fromkeys(asked) if d not in involved]
    if unknown:
        problems["departments"] = [
            f"{d} 不是本联审的部门 ({d} is not a department of this review)" for d in unknown
        ]
    twice = [d for d, n in Counter(asked).items() if n > 1]
    if twice:
        problems.setdefault("departments", []).extend(
            f"{d} 重复 ({d} is named more than once)" for d in twice
        )
    return problems


def minutes_problems(entries: list[dict[str, Any]], round_departments: list[str]) -> dict[str, Any]:
    """What is wrong with the minutes: each department's opinion must be a valid answer
    (R-JOINT-3) of a department asked in the current round, and name its representative."""
    problems: dict[str, Any] = {}
    by_department = department_problems([e["department"] for e in entries], round_departments)
    if by_department:
        problems["departments"] = by_department["departments"]
    for entry in entries:
        found = opinion_problems(
            entry["verdict"], entry.get("conditions"), entry.get("reason"), entry.get("materials")
        )
        if found:
            problems.setdefault("opinions", {})[entry["department"]] = found
    return problems


def inspection_problems(starts_on: date, today: date, opened_on: date) -> dict[str, list[str]]:
    """An inspection starts between the review's opening and today (it is recorded, not planned)."""
    if starts_on > today:
        return {"starts_on": [f"踏勘开始日期不能晚于今天 {today} (an inspection cannot start after today)"]}
    if starts_on < opened_on:
        return {"starts_on": [f"踏勘开始日期不能早于联审开始 {opened_on} (not before the review opened)"]}
    return {}


def end_problems(ends_on: date, starts_on: date, today: date) -> dict[str, list[str]]:
    if ends_on < starts_on:
        return {"ends_on": [f"结束日期早于开始日期 {starts_on} (the end is before the start)"]}
    if ends_on > today:
        return {"ends_on": [f"结束日期不能晚于今天 {today} (an inspection cannot end after today)"]}
    return {}
