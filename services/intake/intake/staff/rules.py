"""A/B posts and leave (R-AB-1, R-AB-2): pure rules, no framework.

A ``Post`` and a ``Leave`` are the roster's records; the repository reads them, the handlers store
what these functions decide. Transfers (R-FIRST-2) are in ``intake.transfers``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import NotRequired, TypedDict

from intake.refusals import IntakeError, InvalidRequest
from refusals import Conflict, NotFound

LEAVE_KINDS = ("leave", "business_trip")


class Post(TypedDict):
    """R-AB-1: a window's post, with its A (primary) and B (backup)."""

    post_id: str
    window: str
    department: str
    primary_id: str
    backup_id: str


class Leave(TypedDict):
    """A leave or business trip of one person; a cancelled one no longer counts."""

    id: NotRequired[int]
    staff_id: str
    starts_on: date
    ends_on: date
    kind: str
    reason: str
    recorded_at: NotRequired[datetime]
    cancelled: NotRequired[bool]


class RosterNotFound(IntakeError, NotFound):
    code = "not_found"


class BackupUnavailable(IntakeError, Conflict):
    """R-AB-1/R-AB-2: the leave would leave a window without anyone in place."""

    code = "backup_unavailable"


@dataclass(frozen=True)
class Clash:
    """The partner of ``post_id`` is away too, on working days ``first``..``last``."""

    post_id: str
    window: str
    partner_id: str
    partner_name: str
    first: date
    last: date

    def describe(self) -> str:
        return (
            f"岗位 {self.post_id}（窗口 {self.window}）的 {self.partner_name}（{self.partner_id}）"
            f" {self.first}～{self.last} 也不在岗 (post {self.post_id} at window {self.window}: "
            f"{self.partner_name} is away too from {self.first} to {self.last})"
        )


def post_problems(primary_id: str, backup_id: str) -> list[str]:
    """R-AB-1: a post needs two different people with the same authority."""
    if primary_id.strip() == backup_id.strip():
        return ["A角与B角必须是不同的人 (the primary and the backup must be different people)"]
    return []


def period_problems(starts_on: date, ends_on: date) -> list[str]:
    if ends_on < starts_on:
        return [f"结束日期 {ends_on} 早于开始日期 {starts_on} (ends_on is before starts_on)"]
    return []


def partner_of(post: Post, staff_id: str) -> str:
    """The other person of the post."""
    return post["backup_id"] if post["primary_id"] == staff_id else post["primary_id"]


def covers(leave: Leave, day: date) -> bool:
    return not leave.get("cancelled") and leave["starts_on"] <= day <= leave["ends_on"]


def is_away(leaves: Iterable[Leave], staff_id: str, day: date) -> bool:
    return any(leave["staff_id"] == staff_id and covers(leave, day) for leave in leaves)


def away_on(leaves: Iterable[Leave], staff_id: str, day: date) -> Leave | None:
    """The leave that keeps ``staff_id`` away on ``day``, if any."""
    return next((leave for leave in leaves if leave["staff_id"] == staff_id and covers(leave, day)), None)


def in_place(post: Post, leaves: Iterable[Leave], day: date) -> str | None:
    """R-AB-1: who works the post on ``day``: A, or B while A is away; None when both are away."""
    leaves = list(leaves)
    for staff_id in (post["primary_id"], post["backup_id"]):
        if not is_away(leaves, staff_id, day):
            return staff_id
    return None


def holder(posts: list[Post], leaves: Iterable[Leave], day: date) -> str | None:
    """Who receives new work at a window on ``day``: its first post's A or B (None: no post)."""
    if not posts:
        return None
    post = min(posts, key=lambda found: found["post_id"])
    return in_place(post, leaves, day) or post["backup_id"]


def clashes(
    staff_id: str,
    starts_on: date,
    ends_on: date,
    posts: list[Post],
    leaves: Iterable[Leave],
    names: dict[str, str],
    is_open: Callable[[str, date], bool],
) -> list[Clash]:
    """R-AB-2: every post of ``staff_id`` whose other person is away on a day of the period its
    window is open (``is_open(window, day)``: the working days, and the window's own opening days)."""
    leaves = [leave for leave in leaves if not leave.get("cancelled")]
    found = []
    for post in sorted(posts, key=lambda item: item["post_id"]):
        partner = partner_of(post, staff_id)
        days = sorted(
            {
                day
                for leave in leaves
                if leave["staff_id"] == partner
                for day in _days(max(starts_on, leave["starts_on"]), min(ends_on, leave["ends_on"]))
                if is_open(post["window"], day)
            }
        )
        if days:
            found.append(
                Clash(
                    post["post_id"], post["window"], partner, names.get(partner, partner), days[0], days[-1]
                )
            )
    return found


def refuse_leave(staff_id: str, posts: list[Post], found: list[Clash]) -> None:
    """Raise ``BackupUnavailable`` naming every clash, or the missing partner."""
    if not posts:
        raise BackupUnavailable(
            f"{staff_id} 没有A/B角搭档，请假会造成窗口空岗 (R-AB-1: {staff_id} holds no post with a "
            f"backup, so nobody would take over)",
            {"staff_id": [f"{staff_id} 不在任何岗位 (holds no post)"]},
        )
    if found:
        raise BackupUnavailable(
            "请假会造成窗口空岗："
            + "；".join(clash.describe() for clash in found)
            + " (R-AB-2: the window would be vacant)",
            {
                "clashes": [
                    {
                        "post_id": c.post_id,
                        "window": c.window,
                        "partner_id": c.partner_id,
                        "partner_name": c.partner_name,
                        "first": c.first.isoformat(),
                        "last": c.last.isoformat(),
                    }
                    for c in found
                ]
            },
        )


def raise_problems(message: str, problems: list[tuple[str, str]]) -> None:
    if problems:
        details: dict[str, list[str]] = {}
        for field, problem in problems:
            details.setdefault(field, []).append(problem)
        raise InvalidRequest(message, details)


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=offset) for offset in range((last - first).days + 1)]
