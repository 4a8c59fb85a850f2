"""The "could not get it done" desk's pages without a framework (办不成事反映窗口, R-UNRES-1..2).

The Chinese names of the desk API's codes, the register form and each step's form as the API's
JSON (fields named by their JSON paths, ``reporter.phone``, ``consent.method``), the steps an
item allows now, and whether a row is overdue or due today.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from console.complaints.rules import china_moment

TIERS = {
    "immediate": "即时办理（当日）",
    "ordinary": "一般（1 个工作日）",
    "multi_department": "多部门（3 个工作日）",
}
STATUSES = {"registered": "已登记", "forwarded": "已转办", "answered": "单位已答复", "closed": "已回访办结"}
CHANNELS = {"desk": "窗口现场", "phone": "电话", "online": "网上", "open311": "311 应用"}
SATISFACTION = {"satisfied": "满意", "basically_satisfied": "基本满意", "dissatisfied": "不满意"}
CONSENT_METHODS = {"phone": "电话", "in_person": "当面", "written": "书面", "sms": "短信", "online": "网上"}
STEPS = {
    "registered": "登记",
    "forwarded": "转办",
    "extended": "延期",
    "answered": "单位答复",
    "followed_up": "回访",
    "contact_read": "查阅反映人联系方式",
}
STEP_TITLES = {
    "forwarding": "转办责任单位",
    "extension": "延期（须反映人同意）",
    "answer": "登记办理结果",
    "follow-up": "回访",
}
STEP_PATHS = {
    "forwarding": "/forwarding",
    "extension": "/extension",
    "answer": "/answer",
    "follow-up": "/follow-up",
}


def _text(form: Any, name: str) -> str:
    return (form.get(name) or "").strip()


def _whole(text: str) -> Any:
    return int(text) if text.isdigit() else text


def register_payload(form: Any) -> dict[str, Any]:
    """``POST /desk/items`` from the register form; empty optional fields left out."""
    payload: dict[str, Any] = {
        "item": _text(form, "item"),
        "units": [code for code in form.getlist("units") if code],
        "reason": _text(form, "reason"),
        "channel": _text(form, "channel") or "desk",
        "reporter": {"phone": _text(form, "reporter.phone")},
    }
    for name in ("item_code", "tier"):
        if _text(form, name):
            payload[name] = _text(form, name)
    for name in ("name", "email"):
        if _text(form, f"reporter.{name}"):
            payload["reporter"][name] = _text(form, f"reporter.{name}")
    return payload


def step_payload(step: str, form: Any) -> dict[str, Any]:
    """A step's JSON from its form.

    >>> step_payload("answer", {"result": "已办结", "solved": "yes"})
    {'result': '已办结', 'solved': True}
    >>> step_payload("extension", {"days": "2", "reason": "调档"})
    {'days': 2, 'reason': '调档'}
    """
    if step == "forwarding":
        payload = {"department": _text(form, "department")}
        if _text(form, "tier"):
            payload["tier"] = _text(form, "tier")
        return payload
    if step == "extension":
        extension: dict[str, Any] = {"days": _whole(_text(form, "days")), "reason": _text(form, "reason")}
        given, method = _text(form, "consent.given_at"), _text(form, "consent.method")
        if given or method:
            extension["consent"] = {"given_at": china_moment(given) or "", "method": method}
        return extension
    if step == "answer":
        answer: dict[str, Any] = {"result": _text(form, "result")}
        solved = {"yes": True, "no": False}.get(_text(form, "solved"))
        if solved is not None:
            answer["solved"] = solved
        return answer
    follow_up = {"satisfaction": _text(form, "satisfaction")}
    if _text(form, "note"):
        follow_up["note"] = _text(form, "note")
    return follow_up


def allowed(item: dict[str, Any]) -> list[str]:
    """The steps the desk offers now, by the item's status."""
    return {
        "registered": ["forwarding"],
        "forwarded": ["answer", "extension"],
        "answered": ["follow-up"],
    }.get(item.get("status", ""), [])


def mark(item: dict[str, Any], today: date) -> str:
    """``overdue`` (forwarded, its deadline passed), ``due-soon`` (due today), else ``""``.

    >>> mark({"status": "forwarded", "deadline": "2026-12-01"}, date(2026, 12, 2))
    'overdue'
    >>> mark({"status": "answered", "deadline": "2026-12-01"}, date(2026, 12, 2))
    ''
    """
    deadline = str(item.get("deadline") or "")[:10]
    if item.get("status") != "forwarded" or not deadline:
        return ""
    if deadline < today.isoformat():
        return "overdue"
    return "due-soon" if deadline == today.isoformat() else ""
