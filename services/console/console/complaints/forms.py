"""The office's steps on one complaint: which API call each form of the complaint's page makes.

Each form's fields are named by the API's JSON paths (``call_note.summary``), so a refusal's
details land next to the field. ``step_call(step, form)`` -> ``(method, path, payload)``, the
path relative to ``/complaints/<no>``; an unknown step is ``None``.
"""

from __future__ import annotations

from typing import Any

from console.complaints.rules import call_note

STEP_TITLES = {
    "category": "更正投诉类别",
    "forwards": "转办部门",
    "report": "代部门登记回复",
    "explanation": "延期说明",
    "referral": "移送",
    "answer": "答复投诉人",
    "close": "办结",
    "follow-up": "回访",
    "identity-request": "机关查阅身份申请的决定",
}


def _text(form: Any, name: str) -> str:
    return (form.get(name) or "").strip()


def _with_call_note(payload: dict[str, Any], form: Any) -> dict[str, Any]:
    note = call_note(form)
    if note is not None:
        payload["call_note"] = note
    return payload


def _close(form: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {"substantiated": {"yes": True, "no": False}.get(form.get("substantiated", ""))}
    if payload["substantiated"] is None:
        payload.pop("substantiated")  # the API names it as required
    points = _text(form, "deduction_points")
    if points:
        payload["deduction_points"] = int(points) if points.isdigit() else points
    return payload


def step_call(step: str, form: Any) -> tuple[str, str, dict[str, Any] | None] | None:
    """The API call of the office's ``step`` with what the form holds.

    >>> step_call("forwards", {"departments": "civil_affairs"})
    ('POST', '/forwards', {'departments': ['civil_affairs']})
    >>> step_call("answer", {"findings": "属实", "decision": "整改"})
    ('POST', '/answer', {'findings': '属实', 'decision': '整改'})
    >>> step_call("rename", {}) is None
    True
    """
    getlist = getattr(form, "getlist", lambda name: [form[name]] if form.get(name) else [])
    if step == "category":
        return "PUT", "/category", {"category": _text(form, "category")}
    if step == "forwards":
        return "POST", "/forwards", {"departments": [code for code in getlist("departments") if code]}
    if step == "report":
        department = _text(form, "department") or "-"
        return "POST", f"/forwards/{department}/report", {"report": _text(form, "report")}
    if step == "explanation":
        payload = {"reason": _text(form, "reason")}
        if _text(form, "new_due_date"):
            payload["new_due_date"] = _text(form, "new_due_date")
        return "POST", "/explanation", _with_call_note(payload, form)
    if step == "referral":
        return "POST", "/referral", None
    if step == "answer":
        payload = {"findings": _text(form, "findings"), "decision": _text(form, "decision")}
        return "POST", "/answer", _with_call_note(payload, form)
    if step == "close":
        return "POST", "/close", _close(form)
    if step == "follow-up":
        follow_up: dict[str, Any] = {
            "satisfaction": _text(form, "satisfaction"),
            "note": _text(form, "note") or None,
        }
        return "POST", "/follow-up", follow_up
    return None
