"""The payloads meetings and inspections publish (contracts/ has the schemas)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from joint_review.meetings.rules import Inspection, Meeting, minutes_opinion_id
from joint_review.reviews.events import review_head
from joint_review.reviews.rules import Review


def meeting_scheduled(review: Review, meeting: Meeting, at: datetime, now: datetime) -> dict[str, Any]:
    """``at`` as the lead window gave it (its own time zone), not as stored (UTC); the item names
    the case in each invited department's invitation (notify, R-JOINT-5)."""
    return {
        **review_head(review),
        "meeting_id": meeting["meeting_id"],
        "item_code": review["item_code"],
        "item_name": review["item_name"],
        "at": at.isoformat(),
        "place": meeting["place"],
        "departments": meeting["departments"],
        "scheduled_at": now.isoformat(),
    }


def meeting_minuted(
    review: Review, meeting: Meeting, entries: list[dict[str, Any]], now: datetime
) -> dict[str, Any]:
    return {
        **review_head(review),
        "meeting_id": meeting["meeting_id"],
        "held_at": meeting["at"].isoformat(),
        "opinions": [
            {
                "department": e["department"],
                "verdict": e["verdict"],
                "opinion_id": minutes_opinion_id(meeting["meeting_id"], e["department"]),
                "representative": e["representative"],
            }
            for e in entries
        ],
        "minuted_at": now.isoformat(),
    }


def inspection_started(review: Review, inspection: Inspection, now: datetime) -> dict[str, Any]:
    """``expected_working_days`` (optional in v1): what intake's suspension notice tells the applicant."""
    expected = inspection.get("expected_working_days")
    return {
        **review_head(review),
        "inspection_id": inspection["inspection_id"],
        "site": inspection["site"],
        "departments": inspection["departments"],
        "starts_on": inspection["starts_on"].isoformat(),
        **({"expected_working_days": expected} if expected else {}),
        "started_at": now.isoformat(),
    }


def inspection_ended(review: Review, ended: dict[str, Any], now: datetime) -> dict[str, Any]:
    return {
        **review_head(review),
        "inspection_id": ended["inspection_id"],
        "starts_on": ended["starts_on"].isoformat(),
        "ends_on": ended["ends_on"].isoformat(),
        "working_days_off": ended["working_days_off"],
        "due_dates": [{k: m[k] for k in ("department", "task_id", "due_date")} for m in ended["due_dates"]],
        "ended_at": now.isoformat(),
    }
