"""Sample events, one per published event type, built with ``build_envelope``.

Agencies read ``contracts/samples/<source>/<event_type>.v<version>.json`` to see a whole
message. Ids and times are fixed so the files only change when the contract does;
regenerate them with ``python -m hall_contracts.samples``.

The story they tell is in ``hall_contracts.sample_story``; the clock's and the rating's
samples are in ``sample_clock``, those of joint_review and complaints in ``sample_peers``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from hall_contracts.sample_clock import CLOCK_SAMPLES
from hall_contracts.sample_complaints import COMPLAINT_SAMPLES
from hall_contracts.sample_deadlines import DEADLINE_SAMPLES
from hall_contracts.sample_desk import DESK_SAMPLES
from hall_contracts.sample_enquiries import ENQUIRY_SAMPLES
from hall_contracts.sample_notify import NOTIFY_SAMPLES, notice_issued_v1  # noqa: F401 (re-exported)
from hall_contracts.sample_peers import PEER_SAMPLES
from hall_contracts.sample_reviewers import REVIEWER_SAMPLES
from hall_contracts.sample_story import (
    CASE_NO,
    FIRST_RESPONDER,
    at,
    case_facts,
    fixed_id,
    sample,
)

SAMPLES_DIR = Path(__file__).resolve().parents[1] / "samples"
ESCALATED_CASE_NO = "HALL-20260105-9PLT4K6C"
RETURNED_CASE_NO = "HALL-20260105-5MNV7H2B"
MATERIALS = ("个体工商户登记（备案）申请书", "经营者居民身份证", "经营场所使用证明")


def case_registered_v1() -> dict[str, Any]:
    facts = case_facts(status="awaiting_supplement", deadline=None)
    return sample(
        "intake",
        "case_registered",
        CASE_NO,
        {
            **facts,
            "registered_at": at(5, 9, 30, 12).isoformat(),
            "channel": "window",
            "window": "A3",
            "first_responder": FIRST_RESPONDER,
            "holder_id": "S-0107",
            "applicant_ref": f"APP-{CASE_NO}",
            "notices_due": ["receipt", "supplement"],
        },
        at(5, 9, 30, 12),
    )


def supplement_requested_v1() -> dict[str, Any]:
    facts = case_facts(status="awaiting_supplement", deadline=None)
    return sample(
        "intake",
        "supplement_requested",
        CASE_NO,
        {
            **facts,
            "missing_materials": [MATERIALS[2]],
            "round": 1,
            "registered_at": at(5, 9, 30, 12).isoformat(),
            "promised_days": 5,
            "first_responder": FIRST_RESPONDER,
            "applicant_ref": f"APP-{CASE_NO}",
            "notices_due": ["receipt", "supplement"],
        },
        at(5, 9, 30, 12),
    )


def supplement_received_v1() -> dict[str, Any]:
    facts = case_facts(status="awaiting_supplement", deadline=None)
    data = {**facts, "arrived": [MATERIALS[2]], "still_missing": []}
    return sample("intake", "supplement_received", CASE_NO, data, at(6, 10, 5))


def supplement_completed_v1() -> dict[str, Any]:
    facts = case_facts(status="awaiting_supplement", deadline=None)
    data = {**facts, "arrived": [MATERIALS[2]], "still_missing": []}
    return sample("intake", "supplement_completed", CASE_NO, data, at(6, 10, 5))


def case_accepted_v1() -> dict[str, Any]:
    return sample(
        "intake",
        "case_accepted",
        CASE_NO,
        {
            **case_facts(),
            "accepted_at": at(6, 10, 5).isoformat(),
            "item_kind": "promised",
            "promised_days": 5,
            "limit_days": 5,
            "departments": [],
            "lead_department": "market_regulation",
            "forwarding_deadline": None,
            "materials": [
                {"name": MATERIALS[0], "kind": "main", "presented": True},
                {"name": MATERIALS[1], "kind": "main", "presented": True},
                {"name": MATERIALS[2], "kind": "attachment", "presented": True},
            ],
            "first_responder": FIRST_RESPONDER,
            "channel": "window",
            "applicant_ref": f"APP-{CASE_NO}",
            "notices_due": ["acceptance"],  # the receipt went with the registration's supplement notice
        },
        at(6, 10, 5),
    )


def case_accepted_at_registration() -> dict[str, Any]:
    """Not a sample file: the story's ``case_accepted`` as a promised case accepted at its
    registration (every material presented), whose receipt is due with its acceptance (the
    story's supplement case got its receipt with ``supplement_requested``)."""
    event = case_accepted_v1()
    event["id"] = fixed_id("intake", "case_accepted.at_registration")
    event["data"] = {**event["data"], "kind": "promised", "notices_due": ["receipt", "acceptance"]}
    return event


def case_transferred_v1() -> dict[str, Any]:
    return sample(
        "intake",
        "case_transferred",
        CASE_NO,
        {
            **case_facts(),
            "from_staff_id": "S-0107",
            "to_staff_id": "S-0112",
            "to_staff_name": "王五",
            "to_window": "A5",
            "receiver_away": True,
            "agreed_time": "2026-01-08T01:30:00+00:00",
            "first_responder_id": "S-0107",
            "first_responder_name": FIRST_RESPONDER["name"],
            "applicant_ref": f"APP-{CASE_NO}",
            "notices_due": ["transfer"],
        },
        at(7, 14, 20),
    )


def case_completed_v1() -> dict[str, Any]:
    return sample(
        "intake",
        "case_completed",
        CASE_NO,
        {
            **case_facts(status="completed"),
            "outcome": "approved",
            "reason": None,
            "conditions": [],
            "reasons": [],
            "authority": None,
            "authority_reference": None,
            "completed_at": at(9, 15, 42).isoformat(),
            "on_time": True,
            "holder_id": "S-0112",
            "window": "A3",
            "applicant_ref": f"APP-{CASE_NO}",
            "notices_due": ["completion"],
        },
        at(9, 15, 42),
    )


def case_escalated_v1() -> dict[str, Any]:
    facts = case_facts(
        ESCALATED_CASE_NO,
        item_code="MZ-002",
        item_name="城乡最低生活保障申请",
        department="civil_affairs",
        kind="escalated",
        status="awaiting_authority",
        deadline=None,  # R-KIND-6: the authority's time is off the hall's clock
    )
    return sample(
        "intake",
        "case_escalated",
        ESCALATED_CASE_NO,
        {
            **facts,
            "authority": "市民政局",
            "forwarded_on": "2026-01-16",
            "forwarding_deadline": "2026-01-19",
            "forwarded_late": False,
            "applicant_ref": f"APP-{ESCALATED_CASE_NO}",
            "notices_due": ["forwarding"],
        },
        at(16, 11, 0),
    )


def case_returned_v1() -> dict[str, Any]:
    facts = case_facts(RETURNED_CASE_NO, kind="returned", status="returned", deadline=None)
    return sample(
        "intake",
        "case_returned",
        RETURNED_CASE_NO,
        {
            **facts,
            "reason": "缺少主件：经营场所使用证明，申请材料不全，不予受理 "
            "(a main material is missing altogether: 经营场所使用证明)",
            "returned_at": at(5, 11, 15).isoformat(),
            "first_responder": FIRST_RESPONDER,
            "applicant_ref": f"APP-{RETURNED_CASE_NO}",
            "notices_due": ["return"],
        },
        at(5, 11, 15),
    )


INTAKE_SAMPLES = {
    "intake/case_registered.v1.json": case_registered_v1,
    "intake/supplement_requested.v1.json": supplement_requested_v1,
    "intake/supplement_received.v1.json": supplement_received_v1,
    "intake/supplement_completed.v1.json": supplement_completed_v1,
    "intake/case_accepted.v1.json": case_accepted_v1,
    "intake/case_transferred.v1.json": case_transferred_v1,
    "intake/case_completed.v1.json": case_completed_v1,
    "intake/case_escalated.v1.json": case_escalated_v1,
    "intake/case_returned.v1.json": case_returned_v1,
}


SAMPLES = {
    **INTAKE_SAMPLES,
    **CLOCK_SAMPLES,
    **PEER_SAMPLES,
    **DEADLINE_SAMPLES,
    **REVIEWER_SAMPLES,
    **DESK_SAMPLES,
    **COMPLAINT_SAMPLES,
    **NOTIFY_SAMPLES,
    **ENQUIRY_SAMPLES,
}


def render(envelope: dict[str, Any]) -> str:
    return json.dumps(envelope, ensure_ascii=False, indent=2) + "\n"


def write_samples(directory: Path = SAMPLES_DIR, samples: dict[str, Any] | None = None) -> list[Path]:
    """Write every sample (default: the events' ``SAMPLES``) below ``directory``."""
    written = []
    for relative, make in (SAMPLES if samples is None else samples).items():
        path = directory / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render(make()), encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    for written_path in write_samples(Path(sys.argv[1]) if len(sys.argv) > 1 else SAMPLES_DIR):
        print(written_path)
