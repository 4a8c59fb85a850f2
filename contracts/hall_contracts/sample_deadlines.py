"""Sample events of joint_review's limits, meetings and inspections (R-JOINT-5, R-JOINT-6).

The joint case HALL-20260105-3JD8W2QR (农村宅基地和建房审批, led by agriculture_rural): a site
inspection from Tuesday 6 to Thursday 8 January 2026 moves the open tasks by two working days, a
meeting on the 9th records two departments' opinions, housing_construction is urged and then
reported overdue. Ids and times are fixed so the files only change when the contract does.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone
from typing import Any

from hall_contracts.envelope import build_envelope

CHINA = timezone(timedelta(hours=8))
CASE_NO = "HALL-20260105-3JD8W2QR"
REVIEW_ID = f"JR-{CASE_NO}"
CORRELATION_ID = "5b0f3f0e-2f1a-4d43-9d7e-0c6d2b7b8a11"
_IDS = uuid.UUID("0b8e4c2a-6f1d-4e3a-9c5b-7d2e1f0a3b4c")
BASE = {"case_no": CASE_NO, "review_id": REVIEW_ID, "round": 1, "lead_department": "agriculture_rural"}
MEETING_ID, INSPECTION_ID = "MTG-4f2a9c1e7b30", "INS-8d1e5a3c2b94"
TASK = {
    "item_code": "NY-001",
    "task_id": f"{REVIEW_ID}-housing_construction-1",
    "department": "housing_construction",
    "assignee": {"reviewer_id": "R-ZJ-031", "name": "周建"},
    "due_date": "2026-01-12",
    "due_by": "2026-01-12T17:00:00+08:00",
}


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 1, day, hour, minute, tzinfo=CHINA)


def _sample(event_type: str, data: dict[str, Any], time: datetime) -> dict[str, Any]:
    return build_envelope(
        "joint_review",
        event_type,
        CASE_NO,
        {**BASE, **data},
        correlation_id=CORRELATION_ID,
        event_id=str(uuid.uuid5(_IDS, event_type)),
        time=time,
    )


def inspection_started_v1() -> dict[str, Any]:
    return _sample(
        "inspection_started",
        {
            "inspection_id": INSPECTION_ID,
            "site": "城关镇东村3组",
            "starts_on": "2026-01-06",
            "departments": ["natural_resources", "housing_construction"],
            "expected_working_days": 2,
            "started_at": at(6, 9).isoformat(),
        },
        at(6, 9),
    )


def inspection_ended_v1() -> dict[str, Any]:
    return _sample(
        "inspection_ended",
        {
            "inspection_id": INSPECTION_ID,
            "starts_on": "2026-01-06",
            "ends_on": "2026-01-08",
            "working_days_off": 2,
            "ended_at": at(8, 16).isoformat(),
            "due_dates": [
                {"department": "housing_construction", "task_id": TASK["task_id"], "due_date": "2026-01-12"}
            ],
        },
        at(8, 16),
    )


def meeting_scheduled_v1() -> dict[str, Any]:
    return _sample(
        "meeting_scheduled",
        {
            "meeting_id": MEETING_ID,
            "item_code": "NY-001",
            "item_name": "农村宅基地和建房（规划许可）审批",
            "at": at(9, 9, 30).isoformat(),
            "place": "三楼联审室",
            "departments": ["agriculture_rural", "natural_resources"],
            "scheduled_at": at(8, 16, 30).isoformat(),
        },
        at(8, 16, 30),
    )


def meeting_minuted_v1() -> dict[str, Any]:
    opinions = [
        {"department": d, "verdict": "approve", "opinion_id": f"{MEETING_ID}-{d}", "representative": name}
        for d, name in (("agriculture_rural", "郑农"), ("natural_resources", "陈刚"))
    ]
    return _sample(
        "meeting_minuted",
        {
            "meeting_id": MEETING_ID,
            "held_at": at(9, 9, 30).isoformat(),
            "opinions": opinions,
            "minuted_at": at(9, 11).isoformat(),
        },
        at(9, 11),
    )


def task_due_soon_v1() -> dict[str, Any]:
    return _sample(
        "task_due_soon", {**TASK, "urged_at": at(9, 9).isoformat(), "notices_due": ["reminder"]}, at(9, 9)
    )


def task_overdue_v1() -> dict[str, Any]:
    return _sample(
        "task_overdue",
        {
            **TASK,
            "reported_at": at(12, 17, 1).isoformat(),
            "outcome": "escalated",
            "notices_due": ["overdue_report"],
        },
        at(12, 17, 1),
    )


DEADLINE_SAMPLES = {
    "joint_review/task_due_soon.v1.json": task_due_soon_v1,
    "joint_review/task_overdue.v1.json": task_overdue_v1,
    "joint_review/meeting_scheduled.v1.json": meeting_scheduled_v1,
    "joint_review/meeting_minuted.v1.json": meeting_minuted_v1,
    "joint_review/inspection_started.v1.json": inspection_started_v1,
    "joint_review/inspection_ended.v1.json": inspection_ended_v1,
}
