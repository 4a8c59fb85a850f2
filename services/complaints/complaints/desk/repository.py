"""Queries of the desk: items (updated under a version check) and their trail of steps."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import Connection, func, insert, select, update

from complaints.desk.rules import DeskConcurrentChange, DeskItem, DeskItemNotFound
from complaints.orm import desk_items, desk_steps


class DeskRepository:
    """The desk's items and their trail; a fake one stands in for it in unit tests."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def add(self, item: DeskItem) -> None:
        self.connection.execute(insert(desk_items).values(**item))

    def find(self, item_no: str) -> DeskItem | None:
        row = (
            self.connection.execute(select(desk_items).where(desk_items.c.item_no == item_no))
            .mappings()
            .first()
        )
        return cast(DeskItem, dict(row)) if row else None

    def get(self, item_no: str) -> DeskItem:
        item = self.find(item_no)
        if item is None:
            raise DeskItemNotFound(f"没有编号为 {item_no} 的反映事项 (no desk item {item_no})")
        return item

    def update(self, item: DeskItem, **changes: Any) -> DeskItem:
        """Write ``changes`` if nobody changed the item since it was read (else 409, nothing written)."""
        done = self.connection.execute(
            update(desk_items)
            .where(desk_items.c.item_no == item["item_no"], desk_items.c.version == item["version"])
            .values(**changes, version=item["version"] + 1)
        )
        if done.rowcount != 1:
            raise DeskConcurrentChange(
                f"反映事项 {item['item_no']} 刚被他人修改，请刷新后重试 "
                "(the item changed meanwhile: reload and retry)"
            )
        return cast(DeskItem, {**item, **changes, "version": item["version"] + 1})

    def record_step(
        self, item_no: str, step: str, at: datetime, actor: str, role: str, details: dict
    ) -> None:
        self.connection.execute(
            insert(desk_steps).values(
                item_no=item_no, step=step, at=at, actor=actor, actor_role=role, details=details
            )
        )

    def steps_of(self, item_nos: list[str]) -> dict[str, list[dict]]:
        found: dict[str, list[dict]] = {no: [] for no in item_nos}
        if not item_nos:
            return found
        rows = self.connection.execute(
            select(desk_steps).where(desk_steps.c.item_no.in_(item_nos)).order_by(desk_steps.c.id)
        ).mappings()
        for row in rows:
            step = dict(row)
            step.pop("id")
            found[step.pop("item_no")].append(step)
        return found

    def listed(
        self,
        status: str | None = None,
        department: str | None = None,
        registered_from: datetime | None = None,
        registered_before: datetime | None = None,
        limit: int = 500,
    ) -> list[DeskItem]:
        query = select(desk_items).order_by(desk_items.c.registered_at, desk_items.c.item_no).limit(limit)
        if status:
            query = query.where(desk_items.c.status == status)
        if registered_from is not None:
            query = query.where(desk_items.c.registered_at >= registered_from)
        if registered_before is not None:
            query = query.where(desk_items.c.registered_at < registered_before)
        rows = [cast(DeskItem, dict(row)) for row in self.connection.execute(query).mappings()]
        if department:
            rows = [row for row in rows if department == row["department"] or department in row["units"]]
        return rows

    def gauge_counts(self, passed_through: date) -> dict:
        """Open and overdue items by tier, and the follow-ups by satisfaction, for the gauges.

        ``passed_through``: the last deadline day whose closing time has passed."""
        by_tier = self.connection.execute(
            select(desk_items.c.tier, desk_items.c.status, func.count()).group_by(
                desk_items.c.tier, desk_items.c.status
            )
        ).all()
        overdue = self.connection.execute(
            select(desk_items.c.tier, func.count())
            .where(desk_items.c.status == "forwarded", desk_items.c.deadline <= passed_through)
            .group_by(desk_items.c.tier)
        ).all()
        ratings = self.connection.execute(
            select(desk_items.c.satisfaction, func.count())
            .where(desk_items.c.satisfaction.is_not(None))
            .group_by(desk_items.c.satisfaction)
        ).all()
        return {
            "by_tier_status": {(tier, status): count for tier, status, count in by_tier},
            "overdue": dict(overdue),
            "satisfaction": dict(ratings),
        }
