"""The desk's use cases (R-UNRES-1..2): plain functions, ``(command, uow)``.

Each reads the item, decides with ``desk.rules``, writes the item (version check) and a step of
the trail, and publishes its event through the outbox in the same transaction. HTTP and Open311
both register through ``register_item``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from complaints.desk import events
from complaints.desk.rules import (
    FOLLOW_UP_DAYS,
    TIER_DAYS,
    ConsentRequired,
    DeskItem,
    InvalidDeskRequest,
    check_extension,
    deadline_of,
    default_tier,
    new_item,
    new_item_no,
    require_status,
    tier_problems,
    unit_problems,
)
from complaints.unit_of_work import UnitOfWork


def register_item(command: dict[str, Any], uow: UnitOfWork) -> DeskItem:
    """R-UNRES-1: ``{"item": "个体工商户设立登记", "units": ["market_regulation"], "reason": "...",
    "tier": "ordinary", "channel": "desk", "reporter": {"name": .., "phone": ..}}``; the contact
    is sealed, the tier defaults from the number of units. Errors: ``InvalidDeskRequest``."""
    units = list(command["units"])
    tier = command.get("tier") or default_tier(units)
    problems = {**unit_problems(units), **tier_problems(tier, units)}
    if problems:
        raise InvalidDeskRequest("反映事项登记有误 (the desk item is invalid)", problems)
    item_no = new_item_no(uow.today)
    sealed = {
        "reporter_ref": uow.seal.pseudonym(item_no),
        "identity": uow.seal.seal(_contact(command["reporter"])),
    }
    item = new_item(item_no, command, units, tier, sealed, uow.now, uow.actor)
    uow.desk.add(item)
    uow.step(
        item,
        "registered",
        {"tier": tier, "units": units, "channel": item["channel"], "reporter_ref": item["reporter_ref"]},
    )
    uow.tx.publish("desk_item_registered", item["item_no"], events.desk_item_registered(item))
    return item


def _contact(reporter: dict) -> dict:
    return {key: reporter.get(key) for key in ("name", "phone", "email") if reporter.get(key)}


def forward_item(command: dict[str, Any], uow: UnitOfWork) -> DeskItem:
    """Forward to the owning unit: ``{"department": "market_regulation", "tier": "ordinary"}``
    (tier optional, re-classifies); the limit of the tier starts today (at once: today)."""
    item_no = command["item_no"]
    item = uow.desk.get(item_no)
    require_status(item, ("registered",), "转办", "forwarded")
    tier = command.get("tier") or item["tier"]
    problems = tier_problems(tier, item["units"])
    if command["department"] not in item["units"]:
        problems["department"] = [
            f"{command['department']} 不在涉及部门 {item['units']} 之中 "
            "(the owning unit must be one of the units involved)"
        ]
    if problems:
        raise InvalidDeskRequest("转办有误 (the forwarding is invalid)", problems)
    due = uow.calendar.add_working_days(uow.today, TIER_DAYS[tier]).date
    item = uow.desk.update(
        item,
        status="forwarded",
        department=command["department"],
        tier=tier,
        limit_days=TIER_DAYS[tier],
        deadline=due,
        forwarded_at=uow.now,
    )
    uow.step(
        item,
        "forwarded",
        {
            "department": item["department"],
            "tier": tier,
            "limit_days": item["limit_days"],
            "deadline": due.isoformat(),
        },
    )
    closes = uow.calendar.closes_at(due)
    uow.tx.publish("desk_item_forwarded", item_no, events.desk_item_forwarded(item, closes, uow.actor))
    return item


def extend_item(command: dict[str, Any], uow: UnitOfWork) -> DeskItem:
    """R-UNRES-1: ``{"days": 2, "reason": "...", "consent": {"given_at": "...", "method": "phone"}}``;
    without the reporter's consent ``ConsentRequired``; never past the item's closed limit."""
    item_no = command["item_no"]
    if not command.get("consent"):
        raise ConsentRequired(
            "延期须经反映人同意并记录 (an extension needs the reporter's recorded consent)",
            {"consent": ["缺少反映人同意记录 (the reporter's consent is not recorded)"]},
        )
    item = uow.desk.get(item_no)
    require_status(item, ("forwarded",), "延期", "extended")
    check_extension(item, command, uow.now, uow.calendar.closes_at(deadline_of(item)))
    previous = deadline_of(item)
    due = uow.calendar.add_working_days(previous, command["days"]).date
    item = uow.desk.update(item, deadline=due, extension_days=item["extension_days"] + command["days"])
    _record_extension(item, command, previous, uow)
    return item


def _record_extension(item: DeskItem, command: dict[str, Any], previous: date, uow: UnitOfWork) -> None:
    """The extension's step on the trail and its event, with the consent as recorded."""
    due = deadline_of(item)
    consent = {
        "recorded_by": uow.actor,
        "recorded_at": uow.now,
        "given_at": command["consent"]["given_at"],
        "method": command["consent"]["method"],
    }
    uow.step(
        item,
        "extended",
        {
            "days": command["days"],
            "reason": command["reason"],
            "previous_deadline": previous.isoformat(),
            "deadline": due.isoformat(),
            "consent": {
                **consent,
                "recorded_at": uow.now.isoformat(),
                "given_at": consent["given_at"].isoformat(),
            },
        },
    )
    uow.tx.publish(
        "desk_item_extended",
        item["item_no"],
        events.desk_item_extended(
            item,
            command["days"],
            command["reason"],
            consent,
            previous,
            uow.calendar.closes_at(due),
            uow.actor,
            uow.now,
        ),
    )


def answer_item(command: dict[str, Any], uow: UnitOfWork) -> DeskItem:
    """R-UNRES-2: the owning unit reports the result: ``{"result": "...", "solved": true}``; the
    desk's follow-up call is due within 1 working day."""
    item_no = command["item_no"]
    item = uow.desk.get(item_no)
    require_status(item, ("forwarded",), "反馈办理结果", "answered")
    on_time = uow.now <= uow.calendar.closes_at(deadline_of(item))
    due = uow.calendar.add_working_days(uow.today, FOLLOW_UP_DAYS).date
    item = uow.desk.update(
        item,
        status="answered",
        result=command["result"],
        solved=command["solved"],
        answered_at=uow.now,
        answered_on_time=on_time,
        follow_up_due=due,
    )
    uow.step(
        item,
        "answered",
        {
            "result": command["result"],
            "solved": command["solved"],
            "on_time": on_time,
            "follow_up_due": due.isoformat(),
        },
    )
    uow.tx.publish("desk_item_answered", item_no, events.desk_item_answered(item, uow.actor))
    return item


def follow_up_item(command: dict[str, Any], uow: UnitOfWork) -> DeskItem:
    """R-UNRES-2: the desk's call back records ``{"satisfaction": "satisfied", "note": "..."}``
    and closes the item; a call after the due day is recorded as late."""
    item_no = command["item_no"]
    item = uow.desk.get(item_no)
    require_status(item, ("answered",), "回访", "followed up")
    due = item["follow_up_due"]  # set when the unit answered
    on_time = due is not None and uow.today <= due
    item = uow.desk.update(
        item, status="closed", satisfaction=command["satisfaction"], followed_up_at=uow.now
    )
    uow.step(
        item,
        "followed_up",
        {"satisfaction": command["satisfaction"], "on_time": on_time, "note": command.get("note")},
    )
    uow.tx.publish("desk_item_followed_up", item_no, events.desk_item_followed_up(item, uow.actor, on_time))
    return item
