"""Queries on the departments' rosters (``department_reviewers``) and leave (``reviewer_leaves``).

A roster and one day's leave are read through ``roster_cache`` (a task's assignee and name on
every fan-out); a repository that saved a roster or a leave reads around it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import cast

from sqlalchemy import Connection, bindparam, insert, or_, select, update

from joint_review.orm import department_reviewers, reviewer_leaves, tasks
from joint_review.reviewers.roster_cache import ROSTERS
from joint_review.reviewers.rules import Leave, Roster

_ROSTER = select(department_reviewers).where(department_reviewers.c.department == bindparam("department"))
_LEAVES_ON = (
    select(reviewer_leaves)
    .where(
        reviewer_leaves.c.reviewer_id.in_(bindparam("reviewer_ids", expanding=True)),
        reviewer_leaves.c.starts_on <= bindparam("day"),
        reviewer_leaves.c.ends_on >= bindparam("day"),
    )
    .order_by(reviewer_leaves.c.starts_on)
)


class RosterRepository:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.changed = False  # a roster or a leave written in this transaction: no cache

    def _remembered(self, key: tuple, load):
        if self.changed:
            return load()
        return ROSTERS.get(self.connection.engine, key, load)

    def roster_of(self, department: str) -> Roster | None:
        def load() -> Roster | None:
            row = self.connection.execute(_ROSTER, {"department": department}).mappings().first()
            return cast(Roster, dict(row)) if row else None

        found = self._remembered(("roster", department), load)
        return cast(Roster, dict(found)) if found else None

    def leaves_on(self, reviewer_ids: Iterable[str], day: date) -> list[Leave]:
        """The leaves of ``reviewer_ids`` covering ``day``."""
        ids = sorted(set(reviewer_ids))

        def load() -> list[Leave]:
            rows = self.connection.execute(_LEAVES_ON, {"reviewer_ids": ids, "day": day}).mappings()
            return [cast(Leave, dict(row)) for row in rows]

        return list(self._remembered(("leaves", tuple(ids), day), load))

    def forget(self) -> None:
        """What this process remembers of the database's rosters and leave (a change began or ended)."""
        self.changed = True
        ROSTERS.forget(self.connection.engine)

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
        self.forget()
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
        self.forget()
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
