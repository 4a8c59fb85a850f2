"""Queries on the departments' rosters (``department_reviewers``) and leave (``reviewer_leaves``)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import or_, select

from joint_review.orm import department_reviewers, reviewer_leaves
from joint_review.reviewers.rules import Assignee, in_place, role_of


def roster_of(connection, department: str) -> dict | None:
    row = (
        connection.execute(
            select(department_reviewers).where(department_reviewers.c.department == department)
        )
        .mappings()
        .first()
    )
    return dict(row) if row else None


def rosters_with(connection, reviewer_id: str, lock: bool = False) -> list[dict]:
    """Every department where ``reviewer_id`` is A or B (locked: two leaves are checked one at a time)."""
    query = select(department_reviewers).where(
        or_(department_reviewers.c.primary_id == reviewer_id, department_reviewers.c.backup_id == reviewer_id)
    )
    return [dict(row) for row in connection.execute(query.with_for_update() if lock else query).mappings()]


def leaves_between(connection, reviewer_ids: Iterable[str], first: date, last: date) -> list[dict]:
    query = select(reviewer_leaves).where(
        reviewer_leaves.c.reviewer_id.in_(list(reviewer_ids)),
        reviewer_leaves.c.starts_on <= last,
        reviewer_leaves.c.ends_on >= first,
    )
    return [dict(row) for row in connection.execute(query.order_by(reviewer_leaves.c.starts_on)).mappings()]


def assignee_for(connection, department: str, day: date) -> Assignee | None:
    """The reviewer a new task of ``department`` goes to on ``day``; None: the department's queue."""
    roster = roster_of(connection, department)
    if roster is None:
        return None
    return in_place(roster, leaves_between(connection, [roster["primary_id"]], day, day), day)


def person(connection, department: str, reviewer_id: str | None) -> dict | None:
    """``{"reviewer_id", "name", "role"}`` as the department's roster knows them (role None: not A/B)."""
    if not reviewer_id:
        return None
    roster = roster_of(connection, department)
    role = role_of(roster, reviewer_id)
    name = roster[f"{role}_name"] if roster and role else None
    return {"reviewer_id": reviewer_id, "name": name, "role": role}
