"""The window's pages' small decisions: a row's colour state, the actions a case allows now, the
receipt's code, the clock's summary. No HTTP here: plain data in, plain data out."""

from __future__ import annotations

import re
from typing import Any

RECEIPT_CODE = re.compile(r"查询码：(\S+)")
MASK = "********"
# the actions of a case page, by the status that allows them (intake's own rules decide again)
BY_STATUS: dict[str, tuple[str, ...]] = {
    "awaiting_supplement": ("supplement", "transfer"),
    "in_progress": ("complete", "suspend", "request_extension", "extend", "decline_extension", "transfer"),
    "in_joint_review": ("suspend", "request_extension", "extend", "decline_extension", "transfer"),
    "forwarding": ("forward", "suspend", "request_extension", "extend", "decline_extension", "transfer"),
    "awaiting_authority": ("authority_answer", "transfer"),
    "suspended": ("resume", "transfer"),
}
# R-CLOCK-4: a clerk asks, the window head approves (extends) or declines the request
HEAD_ONLY = frozenset(["extend", "decline_extension"])
NEEDS_REQUEST = frozenset(["decline_extension"])  # only while a request waits
NEEDS_NO_REQUEST = frozenset(["request_extension"])  # one request at a time
SUSPENSION_KINDS = (
    ("hearing", "听证"),
    ("tendering", "招标"),
    ("auction", "拍卖"),
    ("testing", "检验"),
    ("quarantine", "检疫"),
    ("appraisal", "鉴定"),
    ("expert_review", "专家评审"),
    ("site_inspection", "现场勘查"),
)


ACTIONS = {
    "registered": "收件登记",
    "accepted": "受理",
    "returned": "不予受理",
    "supplement_requested": "一次性告知补正",
    "supplement_received": "收到补正材料",
    "supplement_completed": "材料补齐，开始计时",
    "suspended": "中止计时",
    "resumed": "恢复计时",
    "extension_requested": "申请延期",
    "extension_declined": "延期申请未获批准",
    "extended": "延期",
    "transferred": "转交",
    "reassigned": "A/B 岗交接",
    "escalated": "上报上级机关",
    "authority_answered": "上级机关答复",
    "completed": "办结",
    "marked_overdue": "超期",
    "overdue_decided": "督查决定",
    "rated": "申请人评价",
}


def timeline(lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The history's lines, each with its Chinese label."""
    return [
        {**line, "label": ACTIONS.get(str(line.get("action")), str(line.get("action")))} for line in lines
    ]


def row_state(row: dict[str, Any]) -> str:
    """``overdue`` (red), ``due-soon`` (amber: due within one working day) or ``""``.

    >>> row_state({"overdue": True, "working_days_left": 0})
    'overdue'
    >>> row_state({"overdue": False, "working_days_left": 1}), row_state({"working_days_left": None})
    ('due-soon', '')
    """
    if row.get("overdue"):
        return "overdue"
    left = row.get("working_days_left")
    return "due-soon" if left is not None and left <= 1 else ""


def actions_allowed(
    case: dict[str, Any], role: str, request: dict[str, Any] | None = None
) -> tuple[str, ...]:
    """The actions the case page offers ``role`` now: a clerk may ask for an extension (one
    request at a time); the window head extends, or declines a waiting ``request``.

    >>> actions_allowed({"status": "in_progress"}, "window_staff")
    ('complete', 'suspend', 'request_extension', 'transfer')
    >>> actions_allowed({"status": "in_progress"}, "window_head", {"days": 2})
    ('complete', 'suspend', 'extend', 'decline_extension', 'transfer')
    >>> actions_allowed({"status": "completed"}, "window_head")
    ()
    """
    head = role == "window_head"

    def offered(action: str) -> bool:
        if action in HEAD_ONLY:
            return head and not (action in NEEDS_REQUEST and request is None)
        if action in NEEDS_NO_REQUEST:  # the head extends directly
            return not head and request is None
        return True

    return tuple(action for action in BY_STATUS.get(str(case.get("status")), ()) if offered(action))


def pending_extension(lines: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The extension request waiting for the head (intake's history, in order), or None.

    >>> asked = {"action": "extension_requested", "details": {"days": 2}}
    >>> pending_extension([asked]), pending_extension([asked, {"action": "extended"}])
    ({'days': 2}, None)
    """
    pending: dict[str, Any] | None = None
    for line in lines:
        if line.get("action") == "extension_requested":
            pending = dict(line.get("details") or {})
        elif line.get("action") in ("extended", "extension_declined"):
            pending = None
    return pending


def receipt_code(notices: list[dict[str, Any]]) -> str | None:
    """The verification code the receipt prints (``查询码：``), unless masked or not issued yet.

    >>> receipt_code([{"notice_type": "receipt", "content": "受理编号：H\\n查询码：7QX3M2PA\\n"}])
    '7QX3M2PA'
    >>> receipt_code([{"notice_type": "receipt", "content": "查询码：********"}]) is None
    True
    """
    for notice in notices:
        if notice.get("notice_type") != "receipt":
            continue
        found = RECEIPT_CODE.search(str(notice.get("content") or ""))
        if found and found.group(1) != MASK:
            return found.group(1)
    return None


def clock_of(case: dict[str, Any]) -> dict[str, Any]:
    """The clock as the case page shows it: the limit with extensions, the working days used and
    left (while it runs), and whether it stands still (suspended, waiting, with the authority).

    >>> case = {"limit_days": 5, "extension_days": 2, "working_days_left": 3, "deadline": "2026-12-01"}
    >>> clock_of(case)["used"]
    4
    """
    limit = int(case.get("limit_days") or 0) + int(case.get("extension_days") or 0)
    left = case.get("working_days_left")
    running = case.get("deadline") is not None and left is not None
    return {
        "limit": limit,
        "extension": int(case.get("extension_days") or 0),
        "left": left if running else None,
        "used": max(limit - left, 0) if running and left is not None else None,
        "running": running,
        "provisional": bool(case.get("deadline_provisional")),
    }


def suspensions(lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each suspension of the history with the day it resumed (None while it lasts)."""
    found: list[dict[str, Any]] = []
    for line in lines:
        details = line.get("details") or {}
        if line.get("action") == "suspended":
            found.append({"since": line.get("on_date"), "until": None, **details})
        elif line.get("action") == "resumed" and found and found[-1]["until"] is None:
            found[-1]["until"] = line.get("on_date")
    return found
