"""Queries of the desk: items (updated under a version check) and their trail of steps."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func, insert, select, update

from complaints.desk.rules import ConcurrentChange, DeskItemNotFound
from complaints.orm import desk_items, desk_steps


def _row(mapping) -> dict:
    return dict(mapping)


def add_item(connection, item: dict) -> None:
    connection.execute(insert(desk_items).values(**item))


def find_item(connection, item_no: str) -> dict | None:
    row = connection.execute(select(desk_items).where(desk_items.c.item_no == item_no)).mappings().first()
    return _row(row) if row else None


def get_item(connection, item_no: str) -> dict:
    item = find_item(connection, item_no)
    if item is None:
        raise DeskItemNotFound(f"没有编号为 {item_no} 的反映事项 (no desk item {item_no})")
    return item


def update_item(connection, item: dict, **changes) -> dict:
    """Write ``changes`` if nobody changed the item since it was read (else 409, nothing written)."""
    done = connection.execute(
        update(desk_items)
        .where(desk_items.c.item_no == item["item_no"], desk_items.c.version == item["version"])
        .values(**changes, version=item["version"] + 1)
    )
    if done.rowcount != 1:
        raise ConcurrentChange(
            f"反映事项 {item['item_no']} 刚被他人修改，请刷新后重试 "
            "(the item changed meanwhile: reload and retry)"
        )
    return {**item, **changes, "version": item["version"] + 1}


def record_step(
    connection, item_no: str, step: str, at: datetime, actor: str, role: str, details: dict
) -> None:
    connection.execute(
        insert(desk_steps).values(
            item_no=item_no, step=step, at=at, actor=actor, actor_role=role, details=details
        )
    )


def steps_of(connection, item_nos: list[str]) -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = {no: [] for no in item_nos}
    if not item_nos:
        return found
    rows = connection.execute(
        select(desk_steps).where(desk_steps.c.item_no.in_(item_nos)).order_by(desk_steps.c.id)
    ).mappings()
    for row in rows:
        step = _row(row)
        step.pop("id")
        found[step.pop("item_no")].append(step)
    return found


def list_items(
    connection,
    status: str | None = None,
    department: str | None = None,
    registered_from: datetime | None = None,
    registered_before: datetime | None = None,
    limit: int = 500,
) -> list[dict]:
    query = select(desk_items).order_by(desk_items.c.registered_at, desk_items.c.item_no).limit(limit)
    if status:
        query = query.where(desk_items.c.status == status)
    if registered_from is not None:
        query = query.where(desk_items.c.registered_at >= registered_from)
    if registered_before is not None:
        query = query.where(desk_items.c.registered_at < registered_before)
    rows = [_row(row) for row in connection.execute(query).mappings()]
    if department:
        rows = [row for row in rows if department == row["department"] or department in row["units"]]
    return rows


def gauge_counts(connection, passed_through: date) -> dict:
    """Open and overdue items by tier, and the follow-ups by satisfaction, for the gauges.

    ``passed_through``: the last deadline day whose closing time has passed."""
    by_tier = connection.execute(
        select(desk_items.c.tier, desk_items.c.status, func.count()).group_by(
            desk_items.c.tier, desk_items.c.status
        )
    ).all()
    overdue = connection.execute(
        select(desk_items.c.tier, func.count())
        .where(desk_items.c.status == "forwarded", desk_items.c.deadline <= passed_through)
        .group_by(desk_items.c.tier)
    ).all()
    ratings = connection.execute(
        select(desk_items.c.satisfaction, func.count())
        .where(desk_items.c.satisfaction.is_not(None))
        .group_by(desk_items.c.satisfaction)
    ).all()
    return {
        "by_tier_status": {(tier, status): count for tier, status, count in by_tier},
        "overdue": dict(overdue),
        "satisfaction": dict(ratings),
    }
