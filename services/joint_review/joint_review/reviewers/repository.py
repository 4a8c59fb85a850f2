"""Queries on the departments' rosters (``department_reviewers``) and leave (``reviewer_leaves``)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import cast

from sqlalchemy import Connection, insert, or_, select, update

from joint_review.orm import department_reviewers, reviewer_leaves, tasks
from joint_review.reviewers.rules import Leave, Roster


class RosterRepository:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def roster_of(self, department: str) -> Roster | None:
        query = select(department_reviewers).where(department_reviewers.c.department == department)
        row = self.connection.execute(query).mappings().first()
        return cast(Roster, dict(row)) if row else None

    def rosters_with(self, reviewer_id: str, lock: bool = False) -> list[Roster]:
        """Every department where ``reviewer_id`` is A or B (locked: two leaves are checked one at a time)."""
        query = select(department_reviewers).where(
            or_(
                department_reviewers.c.primary_id == reviewer_id,
                department_reviewers.c.backup_id == reviewer_id,
            )
        )
        rows = self.connection.execute(query.with_for_update() if lock else query).mappings()
        return [cast(Roster, dict(row)) for row in rows]

    def save_roster(self, roster: Roster) -> bool:
        """The department's A and B; True when the department had none before."""
        if self.roster_of(roster["department"]) is None:
            self.connection.execute(insert(department_reviewers).values(**roster))
            return True
        self.connection.execute(
            update(department_reviewers)
            .where(department_reviewers.c.department == roster["department"])
            .values(**roster)
        )
        return False

    def leaves_between(self, reviewer_ids: Iterable[str], first: date, last: date) -> list[Leave]:
        query = select(reviewer_leaves).where(
            reviewer_leaves.c.reviewer_id.in_(list(reviewer_ids)),
            reviewer_leaves.c.starts_on <= last,
            reviewer_leaves.c.ends_on >= first,
        )
        rows = self.connection.execute(query.order_by(reviewer_leaves.c.starts_on)).mappings()
        return [cast(Leave, dict(row)) for row in rows]

    def add_leave(self, leave: Leave) -> int:
        """The leave's id."""
        key = self.connection.execute(reviewer_leaves.insert().values(**leave)).inserted_primary_key
        assert key is not None  # an INSERT of one row always has its key
        return int(key[0])

    def away_holding_tasks(self, day: date) -> list[str]:
        """Reviewers on leave on ``day`` who still hold open tasks."""
        holding = select(tasks.c.assignee_id).where(tasks.c.status == "open")
        query = (
            select(reviewer_leaves.c.reviewer_id)
            .distinct()
            .where(reviewer_leaves.c.starts_on <= day, reviewer_leaves.c.ends_on >= day)
            .where(reviewer_leaves.c.reviewer_id.in_(holding))
        )
        return list(self.connection.execute(query).scalars().all())
