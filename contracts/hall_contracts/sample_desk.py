"""Sample events of the "could not get it done" desk (办不成事反映窗口, R-UNRES-1..2).

On Monday 12 January 2026 a reporter tells the desk that 个体工商户设立登记 failed between the market
regulation and taxation windows. The desk registers it (multi_department: 3 working days) and
forwards it to market_regulation; with the reporter's consent, given on the phone, the limit is
extended by 2 working days; the unit answers on Friday and the desk calls back on Monday.
No reporter contact anywhere: only the pseudonymous reporter_ref. Ids and times are fixed.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from hall_contracts.sample_story import at, sample

ITEM_NO = "DESK-20260112-7KQ2M9XA"
UNITS = ["market_regulation", "taxation"]


def _desk(event_type: str, status: str, data: dict[str, Any], time: datetime) -> dict[str, Any]:
    facts = {
        "item_no": ITEM_NO,
        "item": "个体工商户设立登记",
        "item_code": "SC-010",
        "units": UNITS,
        "tier": "multi_department",
        "limit_days": 3,
        "status": status,
        "reporter_ref": "P-3F9A1C07",
    }
    return sample("complaints", event_type, ITEM_NO, {**facts, **data}, time)


def desk_item_registered_v1() -> dict[str, Any]:
    return _desk(
        "desk_item_registered",
        "registered",
        {
            "reason": "市场监管窗口称须先办税务登记，税务窗口称须先领执照，往返三次未办成 "
            "(each window sent the reporter to the other, three visits)",
            "channel": "desk",
            "registered_at": at(12, 10, 5).isoformat(),
            "registered_by": "CO1",
        },
        at(12, 10, 5),
    )


def desk_item_forwarded_v1() -> dict[str, Any]:
    return _desk(
        "desk_item_forwarded",
        "forwarded",
        {
            "department": "market_regulation",
            "forwarded_at": at(12, 10, 20).isoformat(),
            "forwarded_by": "CO1",
            "deadline": "2026-01-15",
            "closes_at": at(15, 17, 0).isoformat(),
        },
        at(12, 10, 20),
    )


def desk_item_extended_v1() -> dict[str, Any]:
    return _desk(
        "desk_item_extended",
        "forwarded",
        {
            "department": "market_regulation",
            "days": 2,
            "extension_days": 2,
            "reason": "需税务部门调取历史档案 (the tax archive must be retrieved)",
            "previous_deadline": "2026-01-15",
            "deadline": "2026-01-19",
            "closes_at": at(19, 17, 0).isoformat(),
            "consent": {
                "recorded_by": "CO1",
                "recorded_at": at(14, 11, 2).isoformat(),
                "given_at": at(14, 11, 0).isoformat(),
                "method": "phone",
            },
            "extended_by": "CO1",
            "extended_at": at(14, 11, 2).isoformat(),
        },
        at(14, 11, 2),
    )


def desk_item_answered_v1() -> dict[str, Any]:
    return _desk(
        "desk_item_answered",
        "answered",
        {
            "department": "market_regulation",
            "result": "两窗口联合办理，执照与税务登记已当日办结 "
            "(both windows served the reporter together: done)",
            "solved": True,
            "answered_at": at(16, 15, 0).isoformat(),
            "answered_by": "S-0112",
            "deadline": "2026-01-19",
            "on_time": True,
            "follow_up_due": "2026-01-19",
        },
        at(16, 15, 0),
    )


def desk_item_followed_up_v1() -> dict[str, Any]:
    return _desk(
        "desk_item_followed_up",
        "closed",
        {
            "department": "market_regulation",
            "satisfaction": "satisfied",
            "followed_up_at": at(19, 9, 30).isoformat(),
            "followed_up_by": "CO1",
            "follow_up_due": "2026-01-19",
            "on_time": True,
            "answered_on_time": True,
        },
        at(19, 9, 30),
    )


DESK_SAMPLES = {
    "complaints/desk_item_registered.v1.json": desk_item_registered_v1,
    "complaints/desk_item_forwarded.v1.json": desk_item_forwarded_v1,
    "complaints/desk_item_extended.v1.json": desk_item_extended_v1,
    "complaints/desk_item_answered.v1.json": desk_item_answered_v1,
    "complaints/desk_item_followed_up.v1.json": desk_item_followed_up_v1,
}
