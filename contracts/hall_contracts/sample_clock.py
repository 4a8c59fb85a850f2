"""Sample events of intake's clock (R-CLOCK-2..5) and of the applicant's rating.

A second promised case, HALL-20260107-8RTX3B5E (食品经营许可), is accepted on 7 January 2026 with
a five-working-day limit: suspended for a site inspection, resumed, extended by the window head,
warned as due soon, overdue (supervision records a legal obstacle), recomputed when a year's
schedule is loaded, then rated.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from hall_contracts.sample_story import at, case_facts, sample

CASE_NO = "HALL-20260107-8RTX3B5E"
ITEM = {"item_code": "SC-011", "item_name": "食品经营许可", "kind": "promised"}
HOLDER = {
    "holder_id": "S-0112",
    "holder_name": "王五",
    "first_responder_id": "S-0107",
    "first_responder_name": "李敏",
    "window": "A3",
}
CASE_DEADLINE = {"deadline_kind": "case", "forwarding_deadline": None}


def _clock(event_type: str, data: dict[str, Any], time: datetime, **facts: Any) -> dict[str, Any]:
    return sample("intake", event_type, CASE_NO, {**case_facts(CASE_NO, **ITEM, **facts), **data}, time)


def case_suspended_v1() -> dict[str, Any]:
    return _clock(
        "case_suspended",
        {
            "previous_status": "in_progress",
            "reason_kind": "site_inspection",
            "reason": "需现场核查经营场所 (the premises must be inspected on site)",
            "suspended_since": "2026-01-08",
            "expected_working_days": 2,
            "expected_resumption": "2026-01-12",
            "notices_due": ["suspension"],
        },
        at(8, 11, 20),
        status="suspended",
        deadline=None,
    )


def case_resumed_v1() -> dict[str, Any]:
    return _clock(
        "case_resumed",
        {"suspended_since": "2026-01-08", "resumed_on": "2026-01-12", "notices_due": ["resumption"]},
        at(12, 9, 0),
        deadline="2026-01-16",
    )


def case_extended_v1() -> dict[str, Any]:
    return _clock(
        "case_extended",
        {
            "days": 3,
            "extension_days": 3,
            "reason": "需组织专家论证 (an expert review is needed)",
            "approved_by": "S-0009",
            "previous_deadline": "2026-01-16",
            "notices_due": ["extension"],
        },
        at(13, 16, 10),
        deadline="2026-01-21",
    )


def case_due_soon_v1() -> dict[str, Any]:
    return _clock(
        "case_due_soon",
        {"closes_at": at(21, 17, 0).isoformat(), "working_days_left": 1, **HOLDER, **CASE_DEADLINE},
        at(20, 8, 0),
        deadline="2026-01-21",
    )


def case_overdue_v1() -> dict[str, Any]:
    return _clock(
        "case_overdue",
        {"closes_at": at(21, 17, 0).isoformat(), "working_days_left": 0, **HOLDER, **CASE_DEADLINE},
        at(21, 17, 1),
        deadline="2026-01-21",
    )


def case_overdue_decided_v1() -> dict[str, Any]:
    """R-CLOCK-5: supervision finds handling it as normal would break the law; the applicant is told."""
    return _clock(
        "case_overdue_decided",
        {
            "decision": "legal_obstacle",
            "reason": "经营场所权属存在争议，须待不动产登记机构依法确认 "
            "(the premises' ownership must first be settled by the real estate registry)",
            "decided_by": "SUP-01",
            "decided_at": at(22, 9, 30).isoformat(),
            "overdue_since": "2026-01-21",
            "closes_at": at(21, 17, 0).isoformat(),
            "working_days_late": 1,
            "applicant_ref": f"APP-{CASE_NO}",
            "notices_due": ["overdue_explanation"],
        },
        at(22, 9, 30),
        deadline="2026-01-21",
    )


def case_deadline_recomputed_v1() -> dict[str, Any]:
    return _clock(
        "case_deadline_recomputed",
        {
            "previous_deadline": "2026-01-21",
            "previous_provisional": True,
            "provisional": False,
        },
        at(21, 18, 30),
        deadline="2026-01-21",
    )


def case_rated_v1() -> dict[str, Any]:
    return _clock(
        "case_rated",
        {"rating": "satisfied", "window": "A3", "holder_id": "S-0112", "rated_at": at(22, 10, 2).isoformat()},
        at(22, 10, 2),
        status="completed",
        deadline="2026-01-21",
    )


CLOCK_SAMPLES = {
    "intake/case_suspended.v1.json": case_suspended_v1,
    "intake/case_resumed.v1.json": case_resumed_v1,
    "intake/case_extended.v1.json": case_extended_v1,
    "intake/case_due_soon.v1.json": case_due_soon_v1,
    "intake/case_overdue.v1.json": case_overdue_v1,
    "intake/case_overdue_decided.v1.json": case_overdue_decided_v1,
    "intake/case_deadline_recomputed.v1.json": case_deadline_recomputed_v1,
    "intake/case_rated.v1.json": case_rated_v1,
}
