"""The data of intake's public events: what other services and agencies may know of a case.

Never the applicant's name or phone: ``applicant_ref`` is an opaque reference, and notify asks
intake for the contact through an internal path. Staff names and phones are public duty
information (the receipt prints them, R-FIRST-1).
"""

from __future__ import annotations

from intake.cases.rules import Case
from intake.catalogue.rules import ServiceItem


def _day(value):
    return value.isoformat() if value is not None else None


def case_facts(case: Case) -> dict:
    """What every case event carries."""
    return {
        "case_no": case["case_no"],
        "item_code": case["item_code"],
        "item_name": case["item_name"],
        "department": case["department"],
        "kind": case["kind"],
        "status": case["status"],
        "urgent": bool(case["urgent"]),
        "deadline": _day(case["deadline"]),
        "deadline_provisional": bool(case["deadline_provisional"]),
    }


def first_responder(case: Case) -> dict:
    return {
        "staff_id": case["staff_id"],
        "name": case["staff_name"],
        "phone": case["staff_phone"],
        "window": case["window"],
    }


def case_registered(case: Case, notices_due: list[str]) -> dict:
    return {
        **case_facts(case),
        "registered_at": case["registered_at"].isoformat(),
        "channel": case["channel"],
        "window": case["window"],
        "first_responder": first_responder(case),
        "holder_id": case["holder_id"],
        "applicant_ref": applicant_ref(case),
        "notices_due": notices_due,
    }


def case_accepted(case: Case, item: ServiceItem, notices_due: list[str]) -> dict:
    """The clock started: joint review opens on ``item_kind == "joint"`` and sends every department
    the materials and its own review limit (R-JOINT-2)."""
    limits = item.review_limits
    return {
        **case_facts(case),
        "accepted_at": _day(case.get("accepted_at")),
        "item_kind": item.kind,
        "promised_days": item.promised_days,
        "limit_days": case["limit_days"],
        "departments": list(item.departments),
        "lead_department": item.lead,
        "forwarding_deadline": _day(case["forwarding_deadline"]),
        "materials": materials(case, item),
        **({"department_limits": limits} if limits else {}),
        "first_responder": first_responder(case),
        "channel": case["channel"],
        "applicant_ref": applicant_ref(case),
        "notices_due": notices_due,
    }


def materials(case: Case, item: ServiceItem) -> list[dict]:
    """The application's materials as the catalogue names them (never their content), each main or
    attachment and whether it is in hand (not on the case's missing list)."""
    missing = set(case["missing_materials"])
    return [{"name": m.name, "kind": m.kind, "presented": m.name not in missing} for m in item.materials]


def supplement_requested(case: Case, notices_due: list[str], promised_days: int) -> dict:
    """R-KIND-3 / R-ONCE-1: every missing item in one notice; with the registration's facts the
    receipt due with it prints (the limit counts from the day the last material arrives)."""
    return {
        **case_facts(case),
        "missing_materials": list(case["missing_materials"]),
        "round": case["supplement_rounds"],
        "registered_at": case["registered_at"].isoformat(),
        "promised_days": promised_days,
        "first_responder": first_responder(case),
        "applicant_ref": applicant_ref(case),
        "notices_due": notices_due,
    }


def supplement_received(case: Case, arrived: list[str]) -> dict:
    return {**case_facts(case), "arrived": arrived, "still_missing": list(case["missing_materials"])}


def case_returned(case: Case) -> dict:
    return {
        **case_facts(case),
        "reason": case["outcome_reason"],
        "returned_at": _day(case.get("completed_at") or case["registered_at"]),
        "first_responder": first_responder(case),
        "applicant_ref": applicant_ref(case),
        "notices_due": ["return"],
    }


def case_escalated(case: Case, authority: str, forwarded_on, late: bool) -> dict:
    """R-KIND-6: the authority holds it, off the hall's clock (``deadline`` null until it answers);
    the applicant is told in writing (the forwarding notice)."""
    return {
        **case_facts(case),
        "authority": authority,
        "forwarded_on": forwarded_on.isoformat(),
        "forwarding_deadline": _day(case["forwarding_deadline"]),
        "forwarded_late": late,
        "applicant_ref": applicant_ref(case),
        "notices_due": ["forwarding"],
    }


def case_completed(case: Case) -> dict:
    return {
        **case_facts(case),
        "outcome": case["outcome"],
        "reason": case["outcome_reason"],
        "conditions": [],  # a joint case's departments' conditions and reasons (R-JOINT-4),
        "reasons": [],  # filled by ``complete_case`` from the lead's decision
        "authority": None,  # an escalated case's deciding authority and its decision's reference
        "authority_reference": None,  # (R-KIND-6), filled by ``record_authority_answer``
        "completed_at": _day(case.get("completed_at")),
        "on_time": bool(case["on_time"]),
        "holder_id": case["holder_id"],
        "window": case["window"],
        "applicant_ref": applicant_ref(case),
        "notices_due": ["completion"],
    }


APPLICANT_REF_PREFIX = "APP-"


def applicant_ref(case: Case) -> str:
    return f"{APPLICANT_REF_PREFIX}{case['case_no']}"
