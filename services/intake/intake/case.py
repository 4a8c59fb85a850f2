"""A case's states and the rules for moving between them; no framework.

A case is a plain mapping (a row of ``cases``); the functions here decide, the handlers store.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import date, datetime

from intake.domain import CASE_NO_ALPHABET, InvalidRequest, ServiceItem, TransitionNotAllowed

# status -> the step the applicant sees on the tracking page
STEPS = {
    "awaiting_supplement": "等待补正材料 (waiting for the missing materials)",
    "in_progress": "审查办理中 (under review)",
    "in_joint_review": "联合审查中 (joint review by the departments)",
    "forwarding": "待上报 (to be forwarded to the higher authority)",
    "awaiting_authority": "上级机关审批中 (with the higher authority)",
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
CLOCK_RUNNING = ("in_progress", "in_joint_review", "forwarding", "awaiting_authority")
OUTCOMES = ("approved", "refused")
VERIFICATION_LENGTH = 8  # 32^8: not guessable online, short enough to type from a receipt


def status_after_acceptance(item: ServiceItem) -> str:
    """Where a case goes once its materials are complete."""
    return {"joint": "in_joint_review", "escalated": "forwarding"}.get(item.kind, "in_progress")


def new_verification_code() -> str:
    return "".join(secrets.choice(CASE_NO_ALPHABET) for _ in range(VERIFICATION_LENGTH))


def verification_hash(case_no: str, code: str) -> str:
    return hashlib.sha256(f"{case_no}:{code.strip().upper()}".encode()).hexdigest()


def code_matches(case: dict, code: str | None) -> bool:
    return bool(code) and hmac.compare_digest(
        case["verification_hash"], verification_hash(case["case_no"], code)
    )


def limit_for(item: ServiceItem, urgent: bool, urgent_days: int | None) -> int:
    """R-KIND-7: an urgent case may be handled on a shorter limit, never a longer one."""
    if urgent_days is None:
        return item.promised_days
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
    return urgent_days


def require_status(case: dict, allowed: tuple[str, ...], doing: str) -> None:
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


def missing_after(case: dict, arrived: list[str]) -> list[str]:
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


def month_of(day: date) -> str:
    return f"{day:%Y-%m}"
