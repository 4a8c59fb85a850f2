"""Queries on the roster: ``staff``, ``posts``, ``leaves`` (and the cases staff hold or supervise)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import cast

from sqlalchemy import delete, insert, literal_column, or_, select, update
from sqlalchemy.engine import Connection

from intake.cases.rules import OPEN, Case
from intake.orm import cases, leave_handovers, leaves, posts, roster_version, staff, window_openings
from intake.staff.opening import Opening
from intake.staff.rules import Leave, Post
from reliable_events import insert_once

ROSTER_ROW = 1
_VERSION = select(roster_version.c.version).where(roster_version.c.id == ROSTER_ROW)
_BUMP = (
    update(roster_version)
    .where(roster_version.c.id == ROSTER_ROW)
    .values(version=roster_version.c.version + literal_column("1"))
)


class RosterRepository:
    """Queries on ``staff``, ``posts`` and ``leaves`` within one transaction (``Context.roster``).
    Every write also moves ``roster_version`` on (``intake.staff.holders``)."""

    def __init__(self, connection: Connection):
        self.connection = connection

    def version(self) -> int | None:
        """The roster's version as this transaction sees it; None without the row."""
        found: int | None = self.connection.execute(_VERSION).scalar()
        return found

    def changed(self) -> None:
        """The roster changes in this transaction: kept answers of every process are stale."""
        self.connection.execute(_BUMP)

    def upsert_staff(self, person: dict, window: str, department: str) -> None:
        values = {
            "name": person["name"],
            "phone": person["phone"],
            "window": window,
            "department": department,
        }
        self.changed()
        if self.find_staff(person["staff_id"]) is None:
            self.connection.execute(insert(staff).values(staff_id=person["staff_id"], **values))
        else:
            self.connection.execute(
                update(staff).where(staff.c.staff_id == person["staff_id"]).values(**values)
            )

    def find_staff(self, staff_id: str) -> dict | None:
        row = self.connection.execute(select(staff).where(staff.c.staff_id == staff_id)).mappings().first()
        return dict(row) if row is not None else None

    def staff_named(self, staff_ids) -> dict[str, dict]:
        rows = self.connection.execute(select(staff).where(staff.c.staff_id.in_(list(staff_ids)))).mappings()
        return {row["staff_id"]: dict(row) for row in rows}

    def find_post(self, post_id: str) -> Post | None:
        row = self.connection.execute(select(posts).where(posts.c.post_id == post_id)).mappings().first()
        return cast(Post, dict(row)) if row is not None else None

    def upsert_post(self, post: Post) -> bool:
        """Write the post; True when it is new."""
        values = {key: post[key] for key in ("window", "department", "primary_id", "backup_id")}
        self.changed()
        if self.find_post(post["post_id"]) is None:
            self.connection.execute(insert(posts).values(post_id=post["post_id"], **values))
            return True
        self.connection.execute(update(posts).where(posts.c.post_id == post["post_id"]).values(**values))
        return False

    def all_posts(self, department: str | None = None) -> list[Post]:
        query = select(posts).order_by(posts.c.window, posts.c.post_id)
        if department is not None:
            query = query.where(posts.c.department == department)
        return [cast(Post, dict(row)) for row in self.connection.execute(query).mappings()]

    def posts_at(self, window: str) -> list[Post]:
        return [
            cast(Post, dict(row))
            for row in self.connection.execute(
                select(posts).where(posts.c.window == window).order_by(posts.c.post_id)
            ).mappings()
        ]

    def posts_of(self, staff_id: str, lock: bool = False) -> list[Post]:
        """The posts ``staff_id`` holds as A or B; ``lock`` serialises concurrent leave requests."""
        query = (
            select(posts)
            .where(or_(posts.c.primary_id == staff_id, posts.c.backup_id == staff_id))
            .order_by(posts.c.post_id)
        )
        if lock:
            query = query.with_for_update()
        return [cast(Post, dict(row)) for row in self.connection.execute(query).mappings()]

    def active_leaves(self, staff_ids: Iterable[str], first: date, last: date) -> list[Leave]:
        """Leaves of ``staff_ids`` not cancelled that touch ``first``..``last``."""
        rows = self.connection.execute(
            select(leaves)
            .where(
                leaves.c.staff_id.in_(list(staff_ids)),
                leaves.c.cancelled.is_(False),
                leaves.c.starts_on <= last,
                leaves.c.ends_on >= first,
            )
            .order_by(leaves.c.id)
        ).mappings()
        return [cast(Leave, dict(row)) for row in rows]

    def add_leave(self, leave: Leave, recorded_at: datetime) -> Leave:
        self.changed()
        result = self.connection.execute(
            insert(leaves).values(**leave, recorded_at=recorded_at, cancelled=False)
        )
        (leave_id,) = result.inserted_primary_key or (None,)
        return cast(Leave, {**leave, "id": leave_id, "recorded_at": recorded_at, "cancelled": False})

    def find_leave(self, staff_id: str, leave_id: int) -> Leave | None:
        row = (
            self.connection.execute(
                select(leaves).where(leaves.c.id == leave_id, leaves.c.staff_id == staff_id)
            )
            .mappings()
            .first()
        )
        return cast(Leave, dict(row)) if row is not None else None

    def cancel_leave(self, leave_id: int) -> None:
        self.changed()
        self.connection.execute(update(leaves).where(leaves.c.id == leave_id).values(cancelled=True))

    def open_cases_held_by(self, staff_id: str) -> list[Case]:
        rows = self.connection.execute(
            select(cases)
            .where(cases.c.holder_id == staff_id, cases.c.status.in_(OPEN))
            .order_by(cases.c.id)
            .with_for_update()
        ).mappings()
        return [cast(Case, dict(row)) for row in rows]

    def open_cases_of_first_responder(self, staff_id: str) -> list[Case]:
        """R-FIRST-3: what ``staff_id`` received and must follow until it is closed."""
        rows = self.connection.execute(
            select(cases)
            .where(cases.c.staff_id == staff_id, cases.c.status.in_(OPEN))
            .order_by(cases.c.registered_at, cases.c.id)
        ).mappings()
        return [cast(Case, dict(row)) for row in rows]

    def leaves_to_hand_over(self, day: date) -> list[Leave]:
        """R-AB-1: leaves not cancelled that cover ``day`` and were not handed over yet, in the
        order they were recorded. Found by ``ix_leaves_ends_on`` (leaves not over yet), never by
        reading the past ones; sorted here, as an ORDER BY id would make SQLite read the table in
        rowid order instead."""
        done = select(leave_handovers.c.leave_id)
        rows = self.connection.execute(
            select(leaves).where(
                leaves.c.ends_on >= day,
                leaves.c.starts_on <= day,
                leaves.c.cancelled.is_(False),
                leaves.c.id.not_in(done),
            )
        ).mappings()
        return sorted((cast(Leave, dict(row)) for row in rows), key=lambda leave: leave["id"])

    def hand_over_once(self, leave_id: int, at: datetime) -> bool:
        """Mark the leave handed over unless a replica (or an earlier run) did; True when this call did."""
        return insert_once(self.connection, leave_handovers, {"leave_id": leave_id, "handed_over_at": at})

    def openings(self, windows: Iterable[str] | None = None) -> dict[str, Opening]:
        """R-AB-2: the windows' openings beyond the working days (all of them when ``windows`` is None)."""
        query = select(window_openings).order_by(window_openings.c.window)
        if windows is not None:
            query = query.where(window_openings.c.window.in_(list(windows)))
        return {row["window"]: cast(Opening, dict(row)) for row in self.connection.execute(query).mappings()}

    def set_opening(self, opening: Opening) -> bool:
        """Write a window's opening; True when it is new."""
        key = window_openings.c.window == opening["window"]
        self.changed()
        existed = self.connection.execute(delete(window_openings).where(key)).rowcount > 0
        self.connection.execute(insert(window_openings).values(**opening))
        return not existed
