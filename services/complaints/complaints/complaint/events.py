"""The data of complaints' events (contracts/hall_contracts/schemas/complaints has the schemas).

The complainant is only ever ``complainant_ref`` (R-COMP-4); the facts (``matter``) go to those
who must act on them: the department a complaint is forwarded to and the agency it is referred to.
"""

from __future__ import annotations

from datetime import datetime

from complaints.complaint import rules
from complaints.complaint.rules import Complaint

# points deducted from a staff member's month per substantiated complaint (R-SCORE-1, 003 考核办法)
DEDUCTIONS = {
    "late": 2,
    "procedure_breach": 3,
    "decision_objection": 2,
    "bribes_or_favours": 10,
    "poor_attitude": 2,
    "no_one_time_notice": 2,
    "first_responder_duty": 3,
    "window_vacant": 3,
    "opaque_handling": 5,
    "forced_intermediary": 5,
}


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _ref(complaint: Complaint) -> dict:
    return {"complaint_no": complaint["complaint_no"], "complainant_ref": complaint["complainant_ref"]}


def _about(complaint: Complaint) -> dict:
    return {
        "case_no": complaint["case_no"],
        "department": complaint["department"],
        "window": complaint["window"],
        "staff_id": complaint["staff_id"],
    }


def complaint_filed(complaint: Complaint) -> dict:
    return {
        **_ref(complaint),
        **_about(complaint),
        "kind": complaint["kind"],
        "channel": complaint["channel"],
        "written": complaint["written"],
        "category": complaint["category"],
        "severity": complaint["severity"],
        "departments": list(complaint["departments"]),
        "received_at": _iso(complaint["received_at"]),
        "limit_days": complaint["limit_days"],
        "due_date": complaint["due_date"].isoformat(),
        "consultation_reason": complaint["consultation_reason"],
    }


def complaint_categorised(complaint: Complaint, previous: str | None, at: datetime) -> dict:
    return {
        **_ref(complaint),
        "kind": complaint["kind"],
        "category": complaint["category"],
        "previous_category": previous,
        "suggested_categories": list(complaint["suggested_categories"]),
        "categorised_at": at.isoformat(),
    }


def _facts(complaint: Complaint) -> dict:
    return {
        **_about(complaint),
        "category": complaint["category"],
        "matter": complaint["matter"],
        "occurred_at": _iso(complaint["occurred_at"]),
        "place": complaint["place"],
    }


def complaint_forwarded(complaint: Complaint, forward: dict) -> dict:
    return {
        **_ref(complaint),
        **_facts(complaint),
        "to_department": forward["department"],
        "forwarded_at": _iso(forward["forwarded_at"]),
        "due_date": forward["due_date"].isoformat(),
        "report_back": f"/complaints/{complaint['complaint_no']}/forwards/{forward['department']}/report",
    }


def complaint_explained(complaint: Complaint, reason: str, new_due, at: datetime, office: dict) -> dict:
    """What notify's delay notice (R-COMP-5) reads for a written complaint; an oral one was called."""
    return {
        **_ref(complaint),
        "reason": reason,
        "due_date": complaint["due_date"].isoformat(),
        "new_due_date": new_due.isoformat() if new_due else None,
        "complaint_channel": complaint["channel"],
        "answer_channel": rules.answer_channel(complaint["written"]),
        "explained_at": at.isoformat(),
        "received_at": _iso(complaint["received_at"]),
        "office": office["name"],
        "office_phone": office["phone"],
    }


def complaint_forward_reported(complaint: Complaint, forward: dict, on_time: bool, office: dict) -> dict:
    """R-COMP-8: a department's report back; notify sends it to a written complaint's complainant."""
    return {
        **_ref(complaint),
        "department": forward["department"],
        "report": forward["report"],
        "reported_at": _iso(forward["reported_at"]),
        "due_date": forward["due_date"].isoformat(),
        "on_time": on_time,
        "complaint_channel": complaint["channel"],
        "answer_channel": rules.answer_channel(complaint["written"]),
        "office": office["name"],
        "office_phone": office["phone"],
    }


def complaint_answered(complaint: Complaint, office: dict, answered_on) -> dict:
    """Exactly the fields notify's complaint-answer template (投诉处理意见) reads."""
    data = {
        **_ref(complaint),
        "category": complaint["category"],
        "complaint_channel": complaint["channel"],
        "answer_channel": rules.answer_channel(complaint["written"]),
        "received_at": _iso(complaint["received_at"]),
        "findings": complaint["findings"],
        "decision": complaint["decision"],
        "office": office["name"],
        "office_phone": office["phone"],
        "answered_at": answered_on.isoformat(),
    }
    if complaint["case_no"]:
        data["case_no"] = complaint["case_no"]
    return data


def complaint_referred(complaint: Complaint) -> dict:
    destination = complaint["referred_to"]
    return {
        **_ref(complaint),
        **_facts(complaint),
        "severity": complaint["severity"],
        "destination": destination,
        "destination_name": rules.DESTINATION_NAMES[destination or ""],  # set once referred
        "referred_at": _iso(complaint["referred_at"]),
        "disclosure_request": f"/complaints/{complaint['complaint_no']}/identity-requests",
    }


def complaint_closed(complaint: Complaint, on_time: bool) -> dict:
    return {
        **_ref(complaint),
        "category": complaint["category"],
        "severity": complaint["severity"],
        "substantiated": bool(complaint["substantiated"]),
        "on_time": on_time,
        "explained": complaint["explained_at"] is not None,
        "closed_at": _iso(complaint["closed_at"]),
    }


def complaint_substantiated(complaint: Complaint) -> dict:
    """The contract intake already consumes for staff scores (R-SCORE-1)."""
    return {
        "complaint_ref": complaint["complaint_no"],
        "case_no": complaint["case_no"],
        "staff_id": complaint["staff_id"],
        "department": complaint["department"],
        "window": complaint["window"],
        "category": complaint["category"],
        "deduction_points": complaint["deduction_points"],
        "substantiated_at": _iso(complaint["closed_at"]),
    }


def complaint_followed_up(complaint: Complaint, follow_up: dict) -> dict:
    return {
        **_ref(complaint),
        "category": complaint["category"],
        "satisfaction": follow_up["satisfaction"],
        "followed_up_at": _iso(follow_up["followed_up_at"]),
    }
