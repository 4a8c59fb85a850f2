"""What the complaints office's pages show and send, without a framework (R-COMP-1..8).

- The Chinese names of the complaints API's codes (channels, categories, statuses, …).
- ``filing_payload``: the filing form (fields named by the API's JSON paths, such as
  ``complainant.name``) as the JSON ``POST /complaints`` takes, so the API's refusals land next
  to the field they are about.
- ``mark``: a worklist row overdue (red) or due today (amber).
- ``allowed``: the steps the complaint allows now; the API decides in the end.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from console.web.views import HALL_TIME

CHANNELS = {
    "in_person": "当面",
    "phone": "电话",
    "letter": "信件",
    "online": "网上",
    "complaint_box": "意见箱",
    "hotline_12345": "12345 热线转办",
}
CATEGORIES = {
    "late": "超过承诺时限",
    "procedure_breach": "违反办事程序",
    "decision_objection": "对处理决定有异议",
    "bribes_or_favours": "吃拿卡要",
    "poor_attitude": "态度差、效率低",
    "no_one_time_notice": "未一次性告知",
    "first_responder_duty": "首问责任未落实",
    "window_vacant": "窗口空岗",
    "opaque_handling": "办事不公开、暗箱操作",
    "forced_intermediary": "指定中介",
}
OUTSIDE_SCOPE = {"outside_scope": "不属于投诉范围（按咨询登记）"}
SEVERITIES = {
    "simple": "一般",
    "discipline": "违纪线索（移送纪委监委）",
    "crime": "违法犯罪线索（移送司法机关）",
}
STATUSES = {
    "open": "待处理",
    "forwarded": "已转办",
    "answered": "已答复",
    "closed": "已办结",
    "consultation": "咨询",
}
SATISFACTION = {"satisfied": "满意", "basically_satisfied": "基本满意", "dissatisfied": "不满意"}
DESTINATIONS = {"discipline_commission": "县纪委监委", "judiciary": "司法机关"}
ACTIONS = {
    "filed": "登记投诉",
    "categorised": "更正类别",
    "forwarded": "转办部门",
    "reported_back": "部门回复",
    "explained": "延期说明",
    "referred": "移送",
    "answered": "答复",
    "closed": "办结",
    "followed_up": "回访",
    "identity_read": "查阅投诉人身份",
    "identity_requested": "机关申请查阅身份",
    "identity_request_granted": "同意机关查阅身份",
    "identity_request_refused": "不同意机关查阅身份",
    "due_soon": "即将到期提醒",
    "overdue": "已超期",
}
PURPOSES = {
    "complaints_office": "投诉办查阅",
    "answer_letter": "打印答复信函",
    "written_answer_delivery": "书面答复送达",
    "referral": "移送机关查阅",
}
TRACKED = ("open", "forwarded")
TEXT_FIELDS = ("matter", "place", "case_no", "department", "window", "staff_id", "staff_name")
CHECKBOXES = ("major", "wide_impact", "hotline_written_form")


def china_moment(value: str) -> str | None:
    """A ``datetime-local`` value (China time, no offset) as an aware ISO moment; else as typed.

    >>> china_moment("2026-12-01T09:30")
    '2026-12-01T09:30:00+08:00'
    >>> china_moment("")
    """
    text = (value or "").strip()
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return text  # the API names the problem next to the field
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=HALL_TIME)
    return moment.isoformat()


def _text(form: Any, name: str) -> str | None:
    value = (form.get(name) or "").strip()
    return value or None


def filing_payload(form: Any) -> dict[str, Any]:
    """The filing form as ``POST /complaints`` takes it; empty optional fields are left out."""
    payload: dict[str, Any] = {
        "channel": form.get("channel") or None,
        "category": form.get("category") or None,
        "severity": form.get("severity") or "simple",
        "occurred_at": china_moment(form.get("occurred_at", "")),
        "other_departments": [code for code in form.getlist("other_departments") if code],
        "complainant": {
            key: _text(form, f"complainant.{key}") for key in ("name", "phone", "email", "address")
        },
    }
    for name in TEXT_FIELDS:
        payload[name] = _text(form, name)
    for name in CHECKBOXES:
        payload[name] = form.get(name) == "on"
    if payload["category"] == "outside_scope":
        payload["outside_scope_reason"] = _text(form, "outside_scope_reason")
    # an empty field is left out: the API names each missing one ("此项必填")
    payload["complainant"] = {key: value for key, value in payload["complainant"].items() if value}
    return {key: value for key, value in payload.items() if value is not None}


def call_note(form: Any) -> dict[str, str] | None:
    """The call that told an oral complainant (``call_note.called_at``, ``call_note.summary``)."""
    called_at, summary = form.get("call_note.called_at", ""), _text(form, "call_note.summary")
    if not called_at and not summary:
        return None
    return {"called_at": china_moment(called_at) or "", "summary": summary or ""}


def china_today(now: datetime | None = None) -> date:
    return (now or datetime.now(UTC)).astimezone(HALL_TIME).date()


def mark(row: dict[str, Any], today: date) -> str:
    """``overdue`` (the API says so), ``due-soon`` (tracked and due today), else ``""``.

    >>> mark({"overdue": True, "status": "open", "due_date": "2026-12-01"}, date(2026, 12, 2))
    'overdue'
    >>> mark({"overdue": False, "status": "forwarded", "due_date": "2026-12-02"}, date(2026, 12, 2))
    'due-soon'
    """
    if row.get("overdue"):
        return "overdue"
    if row.get("status") in TRACKED and str(row.get("due_date") or "9999")[:10] <= today.isoformat():
        return "due-soon"
    return ""


def allowed(complaint: dict[str, Any]) -> set[str]:
    """The steps the page offers now (the API still refuses what its rules forbid)."""
    status = complaint.get("status")
    steps: set[str] = set()
    if status in TRACKED:
        steps |= {"category", "forwards", "explanation", "answer"}
        if complaint.get("severity") != "simple" and not complaint.get("referred_to"):
            steps.add("referral")
    if status == "forwarded" or any(f.get("status") == "open" for f in complaint.get("forwards") or []):
        steps.add("report")
    if status == "answered":
        steps.add("close")
    if status == "closed" and not complaint.get("follow_up"):
        steps.add("follow-up")
    return steps


def open_forwards(complaint: dict[str, Any]) -> list[str]:
    """The departments a complaint was forwarded to that have not reported back yet."""
    return [f["department"] for f in complaint.get("forwards") or [] if f.get("status") == "open"]
