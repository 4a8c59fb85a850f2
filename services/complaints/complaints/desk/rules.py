"""The "could not get it done" desk's rules (办不成事反映窗口, R-UNRES-1..2): no framework here.

An item is registered (what the reporter could not get done, the units involved, why it failed,
the reporter's contact, sealed), forwarded to the owning unit with the limit of its tier,
extended only with the reporter's recorded consent, answered by the unit, and closed by the
desk's follow-up call, which records the reporter's satisfaction.

    registered --forward--> forwarded --extend (consent)--> forwarded
                                      --answer--> answered --follow up--> closed
"""

from __future__ import annotations

import secrets
from datetime import date, datetime
from typing import Any, TypedDict

from hall_contracts.departments import department_names
from refusals import Conflict, Invalid, NotFound

# R-UNRES-1: at once (the same day) / 1 working day / 3 working days with several departments
TIER_DAYS = {"immediate": 0, "ordinary": 1, "multi_department": 3}
TIERS = tuple(TIER_DAYS)
STATUSES = ("registered", "forwarded", "answered", "closed")
OPEN_STATUSES = ("registered", "forwarded", "answered")
STEPS = ("registered", "forwarded", "extended", "answered", "followed_up")
# R-UNRES-2: the reporter's satisfaction, recorded by the follow-up call (满意/基本满意/不满意)
SATISFACTION = {"satisfied": "满意", "basically_satisfied": "基本满意", "dissatisfied": "不满意"}
CONSENT_METHODS = ("phone", "in_person", "written", "sms", "online")
FOLLOW_UP_DAYS = 1  # R-UNRES-2: the desk calls back within 1 working day of the unit's answer
MAX_EXTENSION_DAYS = 5  # all extensions of one item together, in working days (our limit)
MAX_UNITS = 10
# the departments stationed in the hall (the units an item can involve), with their names: the
# hall's one directory (hall_contracts.departments), never a list of its own
DEPARTMENTS = department_names()
# what anyone but the office may see of an item: never the reporter's contact (``identity``)
PUBLIC_FIELDS = (
    "item_no",
    "item",
    "item_code",
    "units",
    "reason",
    "channel",
    "reporter_ref",
    "tier",
    "limit_days",
    "status",
    "department",
    "deadline",
    "extension_days",
    "registered_at",
    "registered_by",
    "forwarded_at",
    "answered_at",
    "result",
    "solved",
    "answered_on_time",
    "follow_up_due",
    "followed_up_at",
    "satisfaction",
)
NO_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # read aloud on the phone: no 0/O, 1/I


class DeskItem(TypedDict):
    """An item of the desk (R-UNRES-1..2), from registration to the follow-up call."""

    item_no: str
    item: str
    item_code: str | None
    units: list[str]
    reason: str
    channel: str
    reporter_ref: str
    identity: str  # the reporter's contact, sealed
    tier: str
    limit_days: int
    status: str
    department: str | None
    deadline: date | None
    extension_days: int
    registered_at: datetime
    registered_by: str
    forwarded_at: datetime | None
    answered_at: datetime | None
    result: str | None
    solved: bool | None
    answered_on_time: bool | None
    follow_up_due: date | None
    followed_up_at: datetime | None
    satisfaction: str | None
    version: int


class InvalidDeskRequest(Invalid):
    """``details`` lists every problem by field."""

    code = "validation_failed"


class ConsentRequired(Invalid):
    """R-UNRES-1: a limit is extended only with the reporter's recorded consent."""

    code = "consent_required"


class DeskTransitionNotAllowed(Conflict):
    code = "transition_not_allowed"


class DeskItemNotFound(NotFound):
    code = "not_found"


class DeskConcurrentChange(Conflict):
    code = "concurrent_update"


def new_item(
    item_no: str,
    command: dict[str, Any],
    units: list[str],
    tier: str,
    sealed: dict[str, str],
    at: datetime,
    by: str,
) -> DeskItem:
    """A registered item (R-UNRES-1): ``sealed`` holds its ``reporter_ref`` and sealed ``identity``."""
    return {
        "item_no": item_no,
        "item": command["item"],
        "item_code": command.get("item_code"),
        "units": units,
        "reason": command["reason"],
        "channel": command.get("channel") or "desk",
        "reporter_ref": sealed["reporter_ref"],
        "identity": sealed["identity"],
        "tier": tier,
        "limit_days": TIER_DAYS[tier],
        "status": "registered",
        "department": None,
        "deadline": None,
        "extension_days": 0,
        "registered_at": at,
        "registered_by": by,
        "forwarded_at": None,
        "answered_at": None,
        "result": None,
        "solved": None,
        "answered_on_time": None,
        "follow_up_due": None,
        "followed_up_at": None,
        "satisfaction": None,
        "version": 1,
    }


def new_item_no(today: date) -> str:
    """``DESK-20261123-7KQ2M9XA``: the day and 8 characters a reporter can read out."""
    return f"DESK-{today:%Y%m%d}-" + "".join(secrets.choice(NO_ALPHABET) for _ in range(8))


def tier_problems(tier: str | None, units: list[str]) -> dict[str, list[str]]:
    """The tier must fit the units: several departments take ``multi_department`` and only they."""
    if tier not in TIER_DAYS:
        names = ", ".join(TIERS)
        return {"tier": [f"未知的时限类别 {tier!r}，应为 {names} (unknown tier; one of {names})"]}
    if len(units) >= 2 and tier != "multi_department":
        return {
            "tier": [
                f"涉及 {len(units)} 个部门，应为 multi_department (several departments are "
                f"involved: the tier is multi_department, 3 working days)"
            ]
        }
    if len(units) < 2 and tier == "multi_department":
        return {"tier": ["multi_department 须涉及 2 个以上部门 (multi_department needs 2 or more units)"]}
    return {}


def unit_problems(units: list[str]) -> dict[str, list[str]]:
    found = [f"未知部门 {unit!r} (unknown department)" for unit in units if unit not in DEPARTMENTS]
    if len(set(units)) != len(units):
        found.append("部门重复 (a unit is listed twice)")
    if not units or len(units) > MAX_UNITS:
        found.append(f"须列出 1 至 {MAX_UNITS} 个涉及部门 (list 1 to {MAX_UNITS} units involved)")
    return {"units": found} if found else {}


def require_status(item: DeskItem, allowed: tuple[str, ...], doing: str, doing_en: str) -> None:
    if item["status"] not in allowed:
        raise DeskTransitionNotAllowed(
            f"反映事项 {item['item_no']} 当前状态为 {item['status']}，不能{doing} "
            f"(the desk item is {item['status']}: it cannot be {doing_en})",
            {"status": [item["status"]], "allowed_from": list(allowed)},
        )


def deadline_of(item: DeskItem) -> date:
    """The deadline of a forwarded item (an item gets one when it is forwarded)."""
    if item["deadline"] is None:
        raise DeskTransitionNotAllowed(f"反映事项 {item['item_no']} 尚未转办 (the item is not forwarded)")
    return item["deadline"]


def check_extension(item: DeskItem, command: dict[str, Any], now: datetime, closes_at: datetime) -> None:
    """R-UNRES-1: consent given between registration and now, at most ``MAX_EXTENSION_DAYS`` in all,
    and only before the limit closes."""
    problems: dict[str, list[str]] = {}
    given = command["consent"]["given_at"]
    if given > now:
        problems["consent.given_at"] = ["同意时间不能晚于现在 (consent cannot be given in the future)"]
    elif given < item["registered_at"]:
        problems["consent.given_at"] = ["同意时间早于登记时间 (consent before the item was registered)"]
    if item["extension_days"] + command["days"] > MAX_EXTENSION_DAYS:
        problems["days"] = [
            f"累计延期不得超过 {MAX_EXTENSION_DAYS} 个工作日，已延期 "
            f"{item['extension_days']} (extensions total at most {MAX_EXTENSION_DAYS} "
            "working days)"
        ]
    if problems:
        raise InvalidDeskRequest("延期有误 (the extension is invalid)", problems)
    if now > closes_at:
        raise DeskTransitionNotAllowed(
            f"时限已于 {deadline_of(item).isoformat()} 届满，不能再延期 (the limit has already passed)",
            {"deadline": [deadline_of(item).isoformat()]},
        )


def default_tier(units: list[str]) -> str:
    """What a filing that names no tier gets: several units are multi_department, else ordinary."""
    return "multi_department" if len(units) >= 2 else "ordinary"


def public(item: DeskItem) -> dict[str, Any]:
    """What anyone but the office may see of an item, in ``PUBLIC_FIELDS`` order."""
    values: dict[str, Any] = dict(item)
    return {key: values[key] for key in PUBLIC_FIELDS}
