"""The payloads meetings and inspections publish (contracts/ has the schemas)."""

from __future__ import annotations

from datetime import datetime

from joint_review.meetings.rules import minutes_opinion_id
from joint_review.reviews.events import review_head


def meeting_scheduled(review: dict, meeting: dict, at: datetime, now: datetime) -> dict:
    """``at`` as the lead window gave it (its own time zone), not as stored (UTC)."""
    return {
        **review_head(review),
        "meeting_id": meeting["meeting_id"],
        "at": at.isoformat(),
        "place": meeting["place"],
        "departments": meeting["departments"],
        "scheduled_at": now.isoformat(),
    }


def meeting_minuted(review: dict, meeting: dict, entries: list[dict], now: datetime) -> dict:
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


def inspection_started(review: dict, inspection: dict, now: datetime) -> dict:
    return {
        **review_head(review),
        "inspection_id": inspection["inspection_id"],
        "site": inspection["site"],
        "departments": inspection["departments"],
        "starts_on": inspection["starts_on"].isoformat(),
        "started_at": now.isoformat(),
    }


def inspection_ended(review: dict, ended: dict, now: datetime) -> dict:
    return {
        **review_head(review),
        "inspection_id": ended["inspection_id"],
        "starts_on": ended["starts_on"].isoformat(),
        "ends_on": ended["ends_on"].isoformat(),
        "working_days_off": ended["working_days_off"],
        "due_dates": [{k: m[k] for k in ("department", "task_id", "due_date")} for m in ended["due_dates"]],
        "ended_at": now.isoformat(),
    }
