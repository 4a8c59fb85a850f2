"""Cases at intake: rules only, no framework.

The walking skeleton accepts a case for a catalogue item and says which notice is due.
(The six kinds, the working-day clock and the full catalogue come with the intake issue.)
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime

CASE_NO_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read aloud at a window


class IntakeError(Exception):
    code = "intake_error"
    status = 400

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class UnknownItem(IntakeError):
    code, status = "unknown_item", 404


@dataclass(frozen=True)
class ServiceItem:
    code: str
    name: str
    department: str
    kind: str
    legal_days: int
    promised_days: int


@dataclass(frozen=True)
class Staff:
    staff_id: str
    name: str
    phone: str
    window: str


@dataclass
class Case:
    case_no: str
    item: ServiceItem
    applicant_name: str
    applicant_phone: str
    channel: str
    urgent: bool
    first_responder: Staff
    accepted_at: datetime
    kind: str
    status: str
    notices_due: list[str] = field(default_factory=list)

    @property
    def applicant_ref(self) -> str:
        """An opaque reference for public events: no name, no phone."""
        return f"APP-{self.case_no}"


def new_case_no(accepted_at: datetime) -> str:
    """Unique across replicas without coordination: date + 8 random symbols (32^8)."""
    suffix = "".join(secrets.choice(CASE_NO_ALPHABET) for _ in range(8))
    return f"HALL-{accepted_at:%Y%m%d}-{suffix}"


def accept(item: ServiceItem, applicant_name: str, applicant_phone: str, channel: str,
           urgent: bool, staff: Staff, now: datetime, case_no: str) -> Case:
    kind = "immediate" if item.kind == "immediate" else "promised"
    status = "completed_on_the_spot" if kind == "immediate" else "accepted"
    return Case(case_no, item, applicant_name, applicant_phone, channel, urgent, staff, now,
                kind, status, notices_due=["receipt"])


def case_accepted_data(case: Case) -> dict:
    """The public ``case_accepted`` event: no applicant contact details."""
    return {
        "case_no": case.case_no,
        "item_code": case.item.code,
        "item_name": case.item.name,
        "department": case.item.department,
        "kind": case.kind,
        "status": case.status,
        "accepted_at": case.accepted_at.isoformat(),
        "deadline": None,
        "promised_days": case.item.promised_days,
        "first_responder": {
            "staff_id": case.first_responder.staff_id,
            "name": case.first_responder.name,
            "phone": case.first_responder.phone,
            "window": case.first_responder.window,
        },
        "channel": case.channel,
        "urgent": case.urgent,
        "notices_due": list(case.notices_due),
        "applicant_ref": case.applicant_ref,
    }
