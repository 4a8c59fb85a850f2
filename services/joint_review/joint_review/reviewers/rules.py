"""Who reviews a department's task: its primary (A) reviewer, or the backup (B) while A is away
(R-JOINT-7, R-AB-1). Until a department's reviewers are registered, tasks are held by the
department (``handlers.assignee_for`` answers None and any of its reviewers may answer).

The rules (``in_place``, ``clashes``, ``roster_problems``) are pure; ``repository`` has the queries.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import NotRequired, TypedDict

from joint_review.refusals import BackupUnavailable

PRIMARY, BACKUP = "primary", "backup"


class Roster(TypedDict):
    """A department's primary (A) and backup (B) reviewer (R-JOINT-7, R-AB-1)."""

    department: str
    primary_id: str
    primary_name: str
    backup_id: str
    backup_name: str
    updated_at: datetime
    updated_by: str


class Leave(TypedDict):
    """Days a reviewer is away, both included."""

    reviewer_id: str
    starts_on: date
    ends_on: date
    reason: str
    recorded_at: datetime
    recorded_by: str
    leave_id: NotRequired[int]


@dataclass(frozen=True)
class Assignee:
    reviewer_id: str
    role: str  # primary | backup

    def as_dict(self) -> dict[str, str]:
        return {"reviewer_id": self.reviewer_id, "role": self.role}


def roster_problems(primary_id: str, backup_id: str) -> dict[str, list[str]]:
    """R-AB-1: A and B are two different people."""
    if primary_id.strip() == backup_id.strip():
        return {"backup": ["A角与B角必须是不同的人 (the primary and the backup must be different people)"]}
    return {}


def leave_problems(starts_on: date, ends_on: date) -> dict[str, list[str]]:
    if ends_on < starts_on:
        return {"ends_on": [f"结束日期 {ends_on} 早于开始日期 {starts_on} (ends_on is before starts_on)"]}
    return {}


def is_away(leaves: Iterable[Leave], reviewer_id: str, day: date) -> bool:
    return any(lv["reviewer_id"] == reviewer_id and lv["starts_on"] <= day <= lv["ends_on"] for lv in leaves)


def in_place(roster: Roster, leaves: Iterable[Leave], day: date) -> Assignee:
    """A, or B while A is away on ``day`` (B, too, when both are: leave never allows that)."""
    if is_away(list(leaves), roster["primary_id"], day):
        return Assignee(roster["backup_id"], BACKUP)
    return Assignee(roster["primary_id"], PRIMARY)


def role_of(roster: Roster | None, reviewer_id: str | None) -> str | None:
    if roster and reviewer_id == roster["primary_id"]:
        return PRIMARY
    if roster and reviewer_id == roster["backup_id"]:
        return BACKUP
    return None


def id_of(roster: Roster, role: str) -> str:
    return roster["primary_id"] if role == PRIMARY else roster["backup_id"]


def name_of(roster: Roster, role: str) -> str:
    return roster["primary_name"] if role == PRIMARY else roster["backup_name"]


def partner_of(roster: Roster, reviewer_id: str) -> tuple[str, str]:
    """The other reviewer of the department: (id, name)."""
    if roster["primary_id"] == reviewer_id:
        return roster["backup_id"], roster["backup_name"]
    return roster["primary_id"], roster["primary_name"]


def clashes(
    reviewer_id: str, starts_on: date, ends_on: date, rosters: list[Roster], leaves: list[Leave]
) -> list[dict[str, str]]:
    """R-AB-1: each department whose other reviewer is away on any day of the leave (stricter than
    working days only: a department's tasks are never left with nobody in place)."""
    found: list[dict[str, str]] = []
    for roster in sorted(rosters, key=lambda r: r["department"]):
        partner, name = partner_of(roster, reviewer_id)
        overlapping = [
            lv
            for lv in leaves
            if lv["reviewer_id"] == partner and lv["starts_on"] <= ends_on and starts_on <= lv["ends_on"]
        ]
        if overlapping:
            first = max(starts_on, min(lv["starts_on"] for lv in overlapping))
            last = min(ends_on, max(lv["ends_on"] for lv in overlapping))
            found.append(
                {
                    "department": roster["department"],
                    "reviewer_id": partner,
                    "name": name,
                    "first": first.isoformat(),
                    "last": last.isoformat(),
                }
            )
    return found


def refuse_leave(found: list[dict[str, str]]) -> None:
    if found:
        said = "；".join(
            f"{c['department']} 的 {c['name']}（{c['reviewer_id']}）{c['first']}～{c['last']} 也不在岗"
            for c in found
        )
        raise BackupUnavailable(
            f"请假会使审查任务无人办理：{said} (R-JOINT-7: the other reviewer is away on some of those days)",
            {"clashes": found},
        )
