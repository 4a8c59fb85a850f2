"""The desk's event data (schemas: contracts/hall_contracts/schemas/complaints/desk_item_*.v1.json).

Public: no reporter contact ever, only the pseudonymous ``reporter_ref`` (R-COMP-4 applied to
the desk). Every payload names the item, its tier and the owning unit, so a subscriber can
follow an item from any one of its events.
"""

from __future__ import annotations

from datetime import date, datetime

from complaints.desk.rules import DeskItem


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _facts(item: DeskItem) -> dict:
    return {
        "item_no": item["item_no"],
        "item": item["item"],
        "item_code": item["item_code"],
        "units": list(item["units"]),
        "tier": item["tier"],
        "limit_days": item["limit_days"],
        "status": item["status"],
        "reporter_ref": item["reporter_ref"],
    }


def desk_item_registered(item: DeskItem) -> dict:
    return {
        **_facts(item),
        "reason": item["reason"],
        "channel": item["channel"],
        "registered_at": _iso(item["registered_at"]),
        "registered_by": item["registered_by"],
    }


def desk_item_forwarded(item: DeskItem, closes_at: datetime, actor: str) -> dict:
    return {
        **_facts(item),
        "department": item["department"],
        "forwarded_at": _iso(item["forwarded_at"]),
        "forwarded_by": actor,
        "deadline": _iso(item["deadline"]),
        "closes_at": _iso(closes_at),
    }


def desk_item_extended(
    item: DeskItem,
    days: int,
    reason: str,
    consent: dict,
    previous: date,
    closes_at: datetime,
    actor: str,
    at: datetime,
) -> dict:
    return {
        **_facts(item),
        "department": item["department"],
        "days": days,
        "extension_days": item["extension_days"],
        "reason": reason,
        "previous_deadline": _iso(previous),
        "deadline": _iso(item["deadline"]),
        "closes_at": _iso(closes_at),
        "consent": {
            "recorded_by": consent["recorded_by"],
            "recorded_at": _iso(consent["recorded_at"]),
            "given_at": _iso(consent["given_at"]),
            "method": consent["method"],
        },
        "extended_by": actor,
        "extended_at": _iso(at),
    }


def desk_item_answered(item: DeskItem, actor: str) -> dict:
    return {
        **_facts(item),
        "department": item["department"],
        "result": item["result"],
        "solved": item["solved"],
        "answered_at": _iso(item["answered_at"]),
        "answered_by": actor,
        "deadline": _iso(item["deadline"]),
        "on_time": item["answered_on_time"],
        "follow_up_due": _iso(item["follow_up_due"]),
    }


def desk_item_followed_up(item: DeskItem, actor: str, on_time: bool) -> dict:
    return {
        **_facts(item),
        "department": item["department"],
        "satisfaction": item["satisfaction"],
        "followed_up_at": _iso(item["followed_up_at"]),
        "followed_up_by": actor,
        "follow_up_due": _iso(item["follow_up_due"]),
        "on_time": on_time,
        "answered_on_time": item["answered_on_time"],
    }
