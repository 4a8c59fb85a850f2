"""The ledger's read: every item registered in a period, with its steps, public fields only."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from complaints.desk.rules import public
from complaints.unit_of_work import UnitOfWork


def trail(command: dict[str, date], uow: UnitOfWork) -> list[dict]:
    """Every item registered from ``first`` to ``last`` (hall days of ``uow.calendar``) with its
    steps, public fields only."""
    zone = uow.calendar.timezone
    since = datetime.combine(command["first"], time(0), tzinfo=zone).astimezone(UTC)  # stored in UTC
    before = datetime.combine(command["last"] + timedelta(days=1), time(0), tzinfo=zone).astimezone(UTC)
    items = uow.desk.listed(registered_from=since, registered_before=before, limit=100_000)
    steps = uow.desk.steps_of([item["item_no"] for item in items])
    return [{**public(item), "steps": steps[item["item_no"]]} for item in items]
