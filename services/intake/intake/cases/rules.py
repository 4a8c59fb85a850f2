"""A case's kind, its states and the rules for moving between them; no framework.

A case is a ``Case`` (a row of ``cases``); the functions here decide, the handlers store. The kind of a new
case (R-KIND-1..7): the clerk says what the applicant brought (``presented``), which materials exist and
will follow (``to_follow``: the applicant promises them) and, when the content plainly breaks policy or an
inspection showed the conditions are not met, the written reason to return it. The rules do the rest:

- a main material that is neither presented nor to follow is missing altogether: returned (R-KIND-4),
  with a written reason naming every such material;
- a main material to follow, or any attachment not presented: supplement (R-KIND-3), ONE notice
  listing every missing item, and the clock waits for the last one (R-CLOCK-3);
- everything presented: the item's own kind: immediate, promised, joint or escalated
  (R-KIND-1, R-KIND-2, R-KIND-5, R-KIND-6).
Urgent cases (R-KIND-7) keep their kind, go first in the worklist and may get a shorter limit.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import NotRequired

from intake.cases.marks import CaseMarks
from intake.cases.symbols import random_symbols
from intake.catalogue.rules import ServiceItem, promised_cap
from intake.refusals import InvalidRequest, TransitionNotAllowed


class Case(CaseMarks):
    """A row of ``cases``: the aggregate every use case reads and writes."""

    id: NotRequired[int]
    case_no: str
    item_code: str
    item_name: str
    department: str
    kind: str
    status: str
    step: str
    urgent: bool
    channel: str
    applicant_name: str
    applicant_phone: str
    applicant_email: str | None
    verification_hash: str
    verification_code: NotRequired[str | None]  # the receipt's code, for notify's receipt only
    window: str
    staff_id: str  # the first responder
    staff_name: str
    staff_phone: str
    holder_id: str  # who handles it now
    registered_at: datetime
    accepted_at: NotRequired[datetime | None]
    clock_start: NotRequired[date | None]
    limit_days: int
    extension_days: int
    suspended_since: NotRequired[date | None]
    deadline: date | None
    deadline_provisional: bool
    forwarding_deadline: date | None
    missing_materials: list[str]
    supplement_rounds: int
    completed_at: NotRequired[datetime | None]
    outcome: NotRequired[str | None]
    outcome_reason: NotRequired[str | None]
    on_time: NotRequired[bool | None]
    version: int


# status -> the step the applicant sees on the tracking page
STEPS = {
    "awaiting_supplement": "等待补正材料 (waiting for the missing materials)",
    "in_progress": "审查办理中 (under review)",
    "in_joint_review": "联合审查中 (joint review by the departments)",
    "forwarding": "待上报 (to be forwarded to the higher authority)",
    "awaiting_authority": "上级机关审批中，不计入办理时限 (with the higher authority, off the clock)",
    "suspended": "程序中止计时 (paused: hearing, testing, inspection or similar)",
    "completed": "已办结 (completed)",
    "returned": "已退回 (returned, see the return notice)",
}
OPEN = (
    "awaiting_supplement",
    "in_progress",
    "in_joint_review",
    "forwarding",
    "awaiting_authority",
    "suspended",
)
CLOCK_RUNNING = ("in_progress", "in_joint_review", "forwarding")  # awaiting_authority: off (R-KIND-6)
OUTCOMES = ("approved", "refused")
VERIFICATION_LENGTH = 8  # 32^8: not guessable online, short enough to type from a receipt


def status_after_acceptance(item: ServiceItem) -> str:
    """Where a case goes once its materials are complete."""
    return {"joint": "in_joint_review", "escalated": "forwarding"}.get(item.kind, "in_progress")


def new_verification_code() -> str:
    return random_symbols(VERIFICATION_LENGTH)


def verification_hash(case_no: str, code: str) -> str:
    return hashlib.sha256(f"{case_no}:{code.strip().upper()}".encode()).hexdigest()


def code_matches(case: Case, code: str | None) -> bool:
    if not code:
        return False
    return hmac.compare_digest(case["verification_hash"], verification_hash(case["case_no"], code))


def limit_for(item: ServiceItem, urgent: bool, urgent_days: int | None) -> int:
    """R-KIND-7: an urgent case may be handled on a shorter limit, never a longer one (R-KIND-2 cap)."""
    if urgent_days is None:
        return promised_cap(item, item.promised_days)
    problems = []
    if not urgent:
        problems.append("只有急办件可以缩短时限 (only an urgent case gets a shorter limit, R-KIND-7)")
    if urgent_days > item.promised_days:
        problems.append(
            f"急办时限不能超过承诺时限 {item.promised_days} 个工作日 "
            f"(urgent_days cannot exceed the promised limit)"
        )
    if problems:
        raise InvalidRequest("时限有误 (the limit is not allowed)", {"urgent_days": problems})
    return promised_cap(item, urgent_days)


def require_status(case: Case, allowed: tuple[str, ...], doing: str) -> None:
    if case["status"] not in allowed:
        raise TransitionNotAllowed(
            f"办件 {case['case_no']} 当前状态为 {case['status']}，不能{doing} "
            f"(the case is {case['status']}: it cannot be {doing_en(doing)})",
            {"status": [case["status"]], "allowed_from": list(allowed)},
        )


def doing_en(doing: str) -> str:
    return {
        "办结": "completed",
        "补正": "supplemented",
        "上报": "forwarded",
        "记录上级答复": "answered by the authority",
    }.get(doing, doing)


def missing_after(case: Case, arrived: list[str]) -> list[str]:
    """What is still missing once ``arrived`` came in; anything not asked for is refused."""
    missing = list(case["missing_materials"])
    extra = [name for name in arrived if name not in missing]
    if extra:
        raise InvalidRequest(
            "补正材料有误 (the supplement has problems)",
            {"materials": [f"这些材料不在补正通知中 (not on the supplement notice): {', '.join(extra)}"]},
        )
    return [name for name in missing if name not in arrived]


def on_time(completed_at: datetime, deadline_closes_at: datetime | None) -> bool:
    return deadline_closes_at is None or completed_at <= deadline_closes_at


def new_case_no(day: date) -> str:
    """Unique across replicas without coordination: the hall's date + 8 random symbols (32^8 a day;
    the unique index on ``cases.case_no`` refuses the astronomically rare clash)."""
    return f"HALL-{day:%Y%m%d}-{random_symbols(8)}"


MIN_REASON_CHARS = 4  # "材料不符" is the shortest reason a clerk writes that says anything

# The notices due for each kind (DOMAIN section 8), in the order they are handed over.
NOTICES = {
    "immediate": ("receipt",),
    "promised": ("receipt", "acceptance"),
    "supplement": ("receipt", "supplement"),
    "returned": ("return",),
    "joint": ("receipt", "acceptance", "joint_case"),
    "escalated": ("receipt", "acceptance"),
}


@dataclass(frozen=True)
class Classification:
    kind: str
    missing: tuple[str, ...] = ()  # supplement: every missing item, main materials first
    return_reason: str | None = None

    @property
    def notices_due(self) -> list[str]:
        return list(NOTICES[self.kind])


def classify(
    item: ServiceItem,
    presented: Iterable[str],
    to_follow: Iterable[str] = (),
    return_reason: str | None = None,
    decision: str = "accept",
) -> Classification:
    """The kind of a new case; ``InvalidRequest`` lists every problem with what the clerk said."""
    presented, to_follow = list(presented), list(to_follow)
    problems = _problems(item, presented, to_follow, return_reason, decision)
    if problems:
        raise InvalidRequest("受理信息有误 (the acceptance has problems)", problems)
    if decision == "return":
        return Classification("returned", return_reason=(return_reason or "").strip())
    mains = [m.name for m in item.materials if m.kind == "main"]
    absent = [name for name in mains if name not in presented and name not in to_follow]
    if absent:
        return Classification(
            "returned",
            return_reason=(
                f"缺少主件：{'、'.join(absent)}，申请材料不全，不予受理 "
                f"(a main material is missing altogether: {', '.join(absent)})"
            ),
        )
    missing = [
        m.name for m in sorted(item.materials, key=lambda m: m.kind != "main") if m.name not in presented
    ]
    if missing:
        return Classification("supplement", missing=tuple(missing))
    return Classification(item.kind)


def _problems(
    item: ServiceItem, presented: list[str], to_follow: list[str], return_reason: str | None, decision: str
) -> dict[str, list[str]]:
    known = {m.name for m in item.materials}
    problems: dict[str, list[str]] = {}
    for field, names in (("presented", presented), ("to_follow", to_follow)):
        unknown = [name for name in names if name not in known]
        if unknown:
            problems[field] = [
                f"事项 {item.code} 不要求这些材料 (not materials of this item): {', '.join(unknown)}"
            ]
    both = sorted(set(presented) & set(to_follow))
    if both:
        problems.setdefault("to_follow", []).append(
            f"已提交的材料不能再列为后补 (presented and to follow at once): {', '.join(both)}"
        )
    if decision == "return" and len((return_reason or "").strip()) < MIN_REASON_CHARS:
        problems["return_reason"] = ["退回须写明理由 (a return needs a written reason, R-KIND-4)"]
    return problems
