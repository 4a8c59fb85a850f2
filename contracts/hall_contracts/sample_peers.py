"""Sample events of the services intake listens to: joint_review and complaints.

Same story as ``hall_contracts.samples``: the joint case HALL-20260105-3JD8W2QR (农村宅基地和建房
审批, led by agriculture_rural with natural_resources and housing_construction) is reviewed in
two rounds and approved; a complaint about a late case is substantiated. No applicant and no
complainant appears in any of them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from hall_contracts.sample_story import at, sample

CASE_NO = "HALL-20260105-3JD8W2QR"
REVIEW_ID = f"JR-{CASE_NO}"
LEAD = "agriculture_rural"
DEPARTMENTS = [LEAD, "natural_resources", "housing_construction"]
ITEM = {"item_code": "NY-001", "item_name": "农村宅基地和建房（规划许可）审批"}
ASKED = {"name": "村民小组会议记录和公示材料", "departments": ["housing_construction", "natural_resources"]}


def _review(event_type: str, data: dict[str, Any], time: datetime, round_no: int = 1) -> dict[str, Any]:
    base = {"case_no": CASE_NO, "review_id": REVIEW_ID, "round": round_no, "lead_department": LEAD}
    return sample("joint_review", event_type, CASE_NO, {**base, **data}, time)


def review_opened_v1() -> dict[str, Any]:
    return _review(
        "review_opened",
        {
            **ITEM,
            "departments": DEPARTMENTS,
            "opened_at": at(5, 10, 0).isoformat(),
            "notices_due": ["joint_case"],
        },
        at(5, 10, 0),
    )


def review_task_assigned_v1() -> dict[str, Any]:
    return sample(
        "joint_review",
        "review_task_assigned",
        CASE_NO,
        {
            "task_id": f"{REVIEW_ID}-natural_resources-1",
            "review_id": REVIEW_ID,
            "case_no": CASE_NO,
            **ITEM,
            "department": "natural_resources",
            "lead_department": LEAD,
            "round": 1,
            "assigned_at": at(5, 10, 0).isoformat(),
            "due_date": "2026-01-08",
            "limit_days": 3,
            "assignee": {"reviewer_id": "R-ZR-021", "name": "陈刚"},
            "materials": ["农村宅基地和建房（规划许可）申请表", "宅基地四至图"],
            "material_details": [
                {"name": "农村宅基地和建房（规划许可）申请表", "kind": "main", "presented": True},
                {"name": "宅基地四至图", "kind": "attachment", "presented": True},
            ],
            "asked_materials": [],
            "answer": {
                "exchange": "joint_review.commands",
                "routing_key": "submit_opinion",
                "http": "/tasks/{task_id}/opinion",
            },
        },
        at(5, 10, 0),
    )


def opinion_recorded_v1() -> dict[str, Any]:
    return _review(
        "opinion_recorded",
        {
            "opinion_id": "OP-ZR-7c41",
            "department": "natural_resources",
            "verdict": "supplement",
            "conditions": [],
            "reason": None,
            "materials": [ASKED["name"]],
            "reviewer_id": "R-ZR-021",
            "channel": "amqp",
            "recorded_at": at(6, 15, 12).isoformat(),
        },
        at(6, 15, 12),
    )


def review_converged_v1() -> dict[str, Any]:
    return _review(
        "review_converged",
        {
            "outcome": "supplement",
            "conditions": [],
            "reasons": [],
            "materials": [ASKED],
            "asked_by": ASKED["departments"],
            "converged_at": at(7, 9, 40).isoformat(),
        },
        at(7, 9, 40),
    )


def supplement_consolidated_v1() -> dict[str, Any]:
    return _review(
        "supplement_consolidated",
        {
            "materials": [ASKED],
            "consolidated_at": at(7, 9, 40).isoformat(),
            "notices_due": ["consolidated_supplement"],
        },
        at(7, 9, 40),
    )


def round_started_v1() -> dict[str, Any]:
    return _review(
        "round_started",
        {"departments": ASKED["departments"], "started_at": at(9, 14, 5).isoformat()},
        at(9, 14, 5),
        2,
    )


def review_decided_v1() -> dict[str, Any]:
    return _review(
        "review_decided",
        {
            "decision": "approved",
            "reasons": [],
            "conditions": [{"department": "natural_resources", "condition": "建房不得占用永久基本农田"}],
            "decided_at": at(13, 16, 30).isoformat(),
        },
        at(13, 16, 30),
        2,
    )


def complaint_substantiated_v1() -> dict[str, Any]:
    return sample(
        "complaints",
        "complaint_substantiated",
        "CMP-20260120-4HX7Q2PN",
        {
            "complaint_ref": "CMP-20260120-4HX7Q2PN",
            "case_no": "HALL-20260105-9PLT4K6C",
            "staff_id": "S-0131",
            "department": "civil_affairs",
            "window": "B2",
            "category": "late",
            "deduction_points": 2,
            "substantiated_at": at(23, 10, 45).isoformat(),
        },
        at(23, 10, 45),
    )


PEER_SAMPLES = {
    "joint_review/review_opened.v1.json": review_opened_v1,
    "joint_review/review_task_assigned.v1.json": review_task_assigned_v1,
    "joint_review/opinion_recorded.v1.json": opinion_recorded_v1,
    "joint_review/review_converged.v1.json": review_converged_v1,
    "joint_review/supplement_consolidated.v1.json": supplement_consolidated_v1,
    "joint_review/round_started.v1.json": round_started_v1,
    "joint_review/review_decided.v1.json": review_decided_v1,
    "complaints/complaint_substantiated.v1.json": complaint_substantiated_v1,
}
