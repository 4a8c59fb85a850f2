"""Sample events of joint_review's A/B reviewers (R-JOINT-7).

The joint case HALL-20260105-3JD8W2QR (农村宅基地和建房审批, led by agriculture_rural): on Tuesday
6 January 2026 natural_resources' primary reviewer R-ZR-021 goes on leave, and the open task of
round 1 moves to the backup R-ZR-022. Ids and times are fixed so the file only changes when the
contract does.
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
_IDS = uuid.UUID("3c1d7e52-9a4b-4f0e-8d26-5b7a0c9e1f43")


def task_reassigned_v1() -> dict[str, Any]:
    time = datetime(2026, 1, 6, 8, 45, tzinfo=CHINA)
    data = {
        "case_no": CASE_NO,
        "review_id": REVIEW_ID,
        "round": 1,
        "lead_department": "agriculture_rural",
        "task_id": f"{REVIEW_ID}-natural_resources-1",
        "department": "natural_resources",
        "from": {"reviewer_id": "R-ZR-021", "role": "primary"},
        "to": {"reviewer_id": "R-ZR-022", "role": "backup"},
        "reason": "leave",
        "reassigned_at": time.isoformat(),
    }
    return build_envelope(
        "joint_review",
        "task_reassigned",
        CASE_NO,
        data,
        correlation_id=CORRELATION_ID,
        event_id=str(uuid.uuid5(_IDS, "task_reassigned")),
        time=time,
    )


REVIEWER_SAMPLES = {"joint_review/task_reassigned.v1.json": task_reassigned_v1}
