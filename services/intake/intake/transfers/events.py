"""The payload of the public ``case_transferred`` event: no free-text note (it may name people)."""

from __future__ import annotations

from intake.cases.events import applicant_ref, case_facts
from intake.cases.rules import Case


def case_transferred(case: Case, recorded: dict) -> dict:
    """R-FIRST-2: who holds the case now; the first responder stays (R-FIRST-3). With an agreed
    time (always when the receiver is away) the applicant is owed the transfer notice: to whom,
    at which window, when."""
    return {
        **case_facts(case),
        "from_staff_id": recorded["from"],
        "to_staff_id": recorded["to"]["staff_id"],
        "to_staff_name": recorded["to"]["name"],
        "to_window": recorded["to"]["window"],
        "receiver_away": recorded["receiver_away"],
        "agreed_time": recorded["agreed_time"],
        "first_responder_id": case["staff_id"],
        "first_responder_name": case["staff_name"],
        "applicant_ref": applicant_ref(case),
        "notices_due": ["transfer"] if recorded["agreed_time"] else [],
    }
