"""Sample events of complaints proper (R-COMP-1..8).

On Tuesday 20 January 2026 a complainant writes to the office about the late case
HALL-20260105-9PLT4K6C (civil_affairs, window B2): the complaint is filed by letter, categorised
late (intake had reported the case overdue), forwarded to civil_affairs (2 working days once two
departments are involved), explained when the department needs a day more, answered in writing,
closed as substantiated (``complaint_substantiated`` in ``sample_peers``) and followed up. A second
complaint, about favours asked at a window, is referred to the county discipline commission.
The complainant is only ``complainant_ref``. Ids and times are fixed.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from hall_contracts.sample_story import at, sample

COMPLAINT_NO = "CMP-20260120-4HX7Q2PN"
REF = {"complaint_no": COMPLAINT_NO, "complainant_ref": "P-3F9A0C21"}
CASE = "HALL-20260105-9PLT4K6C"
ABOUT = {"case_no": CASE, "department": "civil_affairs", "window": "B2", "staff_id": "S-0131"}
MATTER = "婚姻登记补证办件超过承诺时限三个工作日仍未办结，窗口未说明原因。"
REFERRED_NO = "CMP-20260114-8DQ3R5TW"


def _complaint(
    event_type: str, data: dict[str, Any], time: datetime, subject: str = COMPLAINT_NO
) -> dict[str, Any]:
    return sample("complaints", event_type, subject, data, time)


def complaint_filed_v1() -> dict[str, Any]:
    return _complaint(
        "complaint_filed",
        {
            **REF,
            **ABOUT,
            "kind": "complaint",
            "channel": "letter",
            "written": True,
            "category": "late",
            "severity": "simple",
            "departments": ["civil_affairs"],
            "received_at": at(20, 9, 12).isoformat(),
            "limit_days": 1,
            "due_date": "2026-01-21",
            "consultation_reason": None,
        },
        at(20, 9, 12),
    )


def complaint_categorised_v1() -> dict[str, Any]:
    return _complaint(
        "complaint_categorised",
        {
            **REF,
            "kind": "complaint",
            "category": "late",
            "previous_category": None,
            "suggested_categories": ["late"],
            "categorised_at": at(20, 9, 12).isoformat(),
        },
        at(20, 9, 12),
    )


def complaint_forwarded_v1() -> dict[str, Any]:
    return _complaint(
        "complaint_forwarded",
        {
            **REF,
            **ABOUT,
            "category": "late",
            "matter": MATTER,
            "occurred_at": at(16, 15, 0).isoformat(),
            "place": "便民服务中心 B2 窗口",
            "to_department": "civil_affairs",
            "forwarded_at": at(20, 9, 30).isoformat(),
            "due_date": "2026-01-21",
            "report_back": f"/complaints/{COMPLAINT_NO}/forwards/civil_affairs/report",
        },
        at(20, 9, 30),
    )


def complaint_explained_v1() -> dict[str, Any]:
    return _complaint(
        "complaint_explained",
        {
            **REF,
            "reason": "需调取婚姻登记档案核实，答复顺延一个工作日 (the register must be checked)",
            "due_date": "2026-01-21",
            "new_due_date": "2026-01-22",
            "complaint_channel": "letter",
            "answer_channel": "written",
            "explained_at": at(21, 11, 0).isoformat(),
            "received_at": at(20, 9, 12).isoformat(),
            "office": "便民服务中心投诉办",
            "office_phone": "0571-12345",
        },
        at(21, 11, 0),
    )


def complaint_forward_reported_v1() -> dict[str, Any]:
    return _complaint(
        "complaint_forward_reported",
        {
            **REF,
            "department": "civil_affairs",
            "report": "经核查，该办件因档案调取延误；已于1月22日办结并向申请人致歉。",
            "reported_at": at(22, 10, 30).isoformat(),
            "due_date": "2026-01-22",
            "on_time": True,
            "complaint_channel": "letter",
            "answer_channel": "written",
            "office": "便民服务中心投诉办",
            "office_phone": "0571-12345",
        },
        at(22, 10, 30),
    )


def complaint_answered_v1() -> dict[str, Any]:
    return _complaint(
        "complaint_answered",
        {
            **REF,
            "case_no": CASE,
            "category": "late",
            "complaint_channel": "letter",
            "answer_channel": "written",
            "received_at": at(20, 9, 12).isoformat(),
            "findings": "经查，该办件因窗口工作人员未及时流转，超过承诺时限三个工作日。",
            "decision": "已于1月22日办结并送达；对责任人批评教育，按考核办法扣分。",
            "office": "便民服务中心投诉办",
            "office_phone": "0571-12345",
            "answered_at": "2026-01-22",
        },
        at(22, 16, 0),
    )


def complaint_referred_v1() -> dict[str, Any]:
    return _complaint(
        "complaint_referred",
        {
            "complaint_no": REFERRED_NO,
            "complainant_ref": "P-71B0E94D",
            "case_no": None,
            "department": "natural_resources",
            "window": "W07",
            "staff_id": "S-0217",
            "category": "bribes_or_favours",
            "matter": "窗口工作人员暗示办理加急需另行“表示”。",
            "occurred_at": at(13, 10, 20).isoformat(),
            "place": "便民服务中心 W07 窗口",
            "severity": "discipline",
            "destination": "discipline_commission",
            "destination_name": "县纪委监委",
            "referred_at": at(14, 14, 0).isoformat(),
            "disclosure_request": f"/complaints/{REFERRED_NO}/identity-requests",
        },
        at(14, 14, 0),
        REFERRED_NO,
    )


def complaint_closed_v1() -> dict[str, Any]:
    return _complaint(
        "complaint_closed",
        {
            **REF,
            "category": "late",
            "severity": "simple",
            "substantiated": True,
            "on_time": True,
            "explained": True,
            "closed_at": at(23, 10, 45).isoformat(),
        },
        at(23, 10, 45),
    )


def complaint_followed_up_v1() -> dict[str, Any]:
    return _complaint(
        "complaint_followed_up",
        {
            **REF,
            "category": "late",
            "satisfaction": "basically_satisfied",
            "followed_up_at": at(26, 15, 30).isoformat(),
        },
        at(26, 15, 30),
    )


COMPLAINT_SAMPLES = {
    f"complaints/{make.__name__.removesuffix('_v1')}.v1.json": make
    for make in (
        complaint_filed_v1,
        complaint_categorised_v1,
        complaint_forwarded_v1,
        complaint_explained_v1,
        complaint_forward_reported_v1,
        complaint_answered_v1,
        complaint_referred_v1,
        complaint_closed_v1,
        complaint_followed_up_v1,
    )
}
