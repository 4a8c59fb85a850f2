"""The desk's use cases (R-UNRES-1..2): plain functions, dependencies as parameters.

Each reads the item, decides with ``desk.rules``, writes the item (version check) and a step of
the trail, and publishes its event through the outbox in the same transaction. HTTP and Open311
both register through ``register_item``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from complaints.desk import events, repository
from complaints.desk.rules import (
    FOLLOW_UP_DAYS,
    TIER_DAYS,
    ConsentRequired,
    InvalidDeskRequest,
    check_extension,
    default_tier,
    new_item,
    new_item_no,
    require_status,
    tier_problems,
    unit_problems,
)
from complaints.identity.rules import Seal
from reliable_events import Transaction
from workday_calendar import WorkingCalendar


@dataclass
class DeskContext:
    """What every desk use case works with: the transaction, the calendar, the time, who acts."""

    tx: Transaction
    calendar: WorkingCalendar
    now: datetime
    actor: str
    role: str
    seal: Seal  # complaints' own sealing (R-COMP-4), applied to the reporter's contact

    @property
    def connection(self):
        return self.tx.connection

    @property
    def today(self) -> date:
        return self.calendar.today(self.now)

    def step(self, item: dict, step: str, details: dict) -> None:
        repository.record_step(
            self.connection, item["item_no"], step, self.now, self.actor, self.role, details
        )


def register_item(command: dict, ctx: DeskContext) -> dict:
    """R-UNRES-1: ``{"item": "个体工商户设立登记", "units": ["market_regulation"], "reason": "...",
    "tier": "ordinary", "channel": "desk", "reporter": {"name": .., "phone": ..}}``; the contact
    is sealed, the tier defaults from the number of units. Errors: ``InvalidDeskRequest``."""
    units = list(command["units"])
    tier = command.get("tier") or default_tier(units)
    problems = {**unit_problems(units), **tier_problems(tier, units)}
    if problems:
        raise InvalidDeskRequest("反映事项登记有误 (the desk item is invalid)", problems)
    item_no = new_item_no(ctx.today)
    sealed = {
        "reporter_ref": ctx.seal.pseudonym(item_no),
        "identity": ctx.seal.seal(_contact(command["reporter"])),
    }
    item = new_item(item_no, command, units, tier, sealed, ctx.now, ctx.actor)
    repository.add_item(ctx.connection, item)
    ctx.step(
        item,
        "registered",
        {"tier": tier, "units": units, "channel": item["channel"], "reporter_ref": item["reporter_ref"]},
    )
    ctx.tx.publish("desk_item_registered", item["item_no"], events.desk_item_registered(item))
    return item


def _contact(reporter: dict) -> dict:
    return {key: reporter.get(key) for key in ("name", "phone", "email") if reporter.get(key)}


def forward_item(item_no: str, command: dict, ctx: DeskContext) -> dict:
    """Forward to the owning unit: ``{"department": "market_regulation", "tier": "ordinary"}``
    (tier optional, re-classifies); the limit of the tier starts today (at once: today)."""
    item = repository.get_item(ctx.connection, item_no)
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
    due = ctx.calendar.add_working_days(ctx.today, TIER_DAYS[tier]).date
    item = repository.update_item(
        ctx.connection,
        item,
        status="forwarded",
        department=command["department"],
        tier=tier,
        limit_days=TIER_DAYS[tier],
        deadline=due,
        forwarded_at=ctx.now,
    )
    ctx.step(
        item,
        "forwarded",
        {
            "department": item["department"],
            "tier": tier,
            "limit_days": item["limit_days"],
            "deadline": due.isoformat(),
        },
    )
    closes = ctx.calendar.closes_at(due)
    ctx.tx.publish("desk_item_forwarded", item_no, events.desk_item_forwarded(item, closes, ctx.actor))
    return item


def extend_item(item_no: str, command: dict, ctx: DeskContext) -> dict:
    """R-UNRES-1: ``{"days": 2, "reason": "...", "consent": {"given_at": "...", "method": "phone"}}``;
    without the reporter's consent ``ConsentRequired``; never past the item's closed limit."""
    if not command.get("consent"):
        raise ConsentRequired(
            "延期须经反映人同意并记录 (an extension needs the reporter's recorded consent)",
            {"consent": ["缺少反映人同意记录 (the reporter's consent is not recorded)"]},
        )
    item = repository.get_item(ctx.connection, item_no)
    require_status(item, ("forwarded",), "延期", "extended")
    check_extension(item, command, ctx.now, ctx.calendar.closes_at(item["deadline"]))
    previous = item["deadline"]
    due = ctx.calendar.add_working_days(previous, command["days"]).date
    item = repository.update_item(
        ctx.connection, item, deadline=due, extension_days=item["extension_days"] + command["days"]
    )
    _record_extension(item, command, previous, ctx)
    return item


def _record_extension(item: dict, command: dict, previous: date, ctx: DeskContext) -> None:
    """The extension's step on the trail and its event, with the consent as recorded."""
    due = item["deadline"]
    consent = {
        "recorded_by": ctx.actor,
        "recorded_at": ctx.now,
        "given_at": command["consent"]["given_at"],
        "method": command["consent"]["method"],
    }
    ctx.step(
        item,
        "extended",
        {
            "days": command["days"],
            "reason": command["reason"],
            "previous_deadline": previous.isoformat(),
            "deadline": due.isoformat(),
            "consent": {
                **consent,
                "recorded_at": ctx.now.isoformat(),
                "given_at": consent["given_at"].isoformat(),
            },
        },
    )
    ctx.tx.publish(
        "desk_item_extended",
        item["item_no"],
        events.desk_item_extended(
            item,
            command["days"],
            command["reason"],
            consent,
            previous,
            ctx.calendar.closes_at(due),
            ctx.actor,
            ctx.now,
        ),
    )


def answer_item(item_no: str, command: dict, ctx: DeskContext) -> dict:
    """R-UNRES-2: the owning unit reports the result: ``{"result": "...", "solved": true}``; the
    desk's follow-up call is due within 1 working day."""
    item = repository.get_item(ctx.connection, item_no)
    require_status(item, ("forwarded",), "反馈办理结果", "answered")
    on_time = ctx.now <= ctx.calendar.closes_at(item["deadline"])
    due = ctx.calendar.add_working_days(ctx.today, FOLLOW_UP_DAYS).date
    item = repository.update_item(
        ctx.connection,
        item,
        status="answered",
        result=command["result"],
        solved=command["solved"],
        answered_at=ctx.now,
        answered_on_time=on_time,
        follow_up_due=due,
    )
    ctx.step(
        item,
        "answered",
        {
            "result": command["result"],
            "solved": command["solved"],
            "on_time": on_time,
            "follow_up_due": due.isoformat(),
        },
    )
    ctx.tx.publish("desk_item_answered", item_no, events.desk_item_answered(item, ctx.actor))
    return item


def follow_up_item(item_no: str, command: dict, ctx: DeskContext) -> dict:
    """R-UNRES-2: the desk's call back records ``{"satisfaction": "satisfied", "note": "..."}``
    and closes the item; a call after the due day is recorded as late."""
    item = repository.get_item(ctx.connection, item_no)
    require_status(item, ("answered",), "回访", "followed up")
    on_time = ctx.today <= item["follow_up_due"]
    item = repository.update_item(
        ctx.connection, item, status="closed", satisfaction=command["satisfaction"], followed_up_at=ctx.now
    )
    ctx.step(
        item,
        "followed_up",
        {"satisfaction": command["satisfaction"], "on_time": on_time, "note": command.get("note")},
    )
    ctx.tx.publish("desk_item_followed_up", item_no, events.desk_item_followed_up(item, ctx.actor, on_time))
    return item
