"""The ledger's read: every item registered in a period, with its steps, public fields only."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from complaints.desk import repository
from complaints.desk.rules import public


def trail(connection, first: date, last: date, zone) -> list[dict]:
    """Every item registered from ``first`` to ``last`` (hall days) with its steps, public fields only."""
    since = datetime.combine(first, time(0), tzinfo=zone).astimezone(UTC)  # stored in UTC
    before = datetime.combine(last + timedelta(days=1), time(0), tzinfo=zone).astimezone(UTC)
    items = repository.list_items(connection, registered_from=since, registered_before=before, limit=100_000)
    steps = repository.steps_of(connection, [item["item_no"] for item in items])
    return [{**public(item), "steps": steps[item["item_no"]]} for item in items]
