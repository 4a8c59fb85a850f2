"""Who may open a sealed identity, and when (R-COMP-4, R-COMP-7).

- the complaints office, always (each read is on the complaint's timeline, without the identity);
- notify, only while a written notice is being delivered to a written complaint's complainant (the
  answer, the delay notice of R-COMP-5, a department's report of R-COMP-8): ``ANSWER_DELIVERY_DAYS``
  calendar days from the latest of them, 7 by default, to address the letter or e-mail;
- an agency a complaint was referred to, once, after the office granted its recorded request.
"""

from __future__ import annotations

import logging
import uuid
from datetime import timedelta
from typing import Any

from complaints.identity.rules import (
    AlreadyDecided,
    AlreadyRead,
    ContactNotAvailable,
    InvalidPurpose,
    NotGranted,
    NotReferred,
    NotTheOwningUnit,
    NotTheRequestingAgency,
)
from complaints.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)

ANSWER_DELIVERY_DAYS_KEY = "ANSWER_DELIVERY_DAYS"
DEFAULT_ANSWER_DELIVERY_DAYS = 7


# why a member of the office opens an identity: at the desk, or printing the written answer's
# letter through notify (notify forwards the printing person's own token, never its own)
OFFICE_PURPOSES = ("complaints_office", "answer_letter")


def read_by_office(command: dict[str, Any], uow: UnitOfWork) -> dict:
    """The office opens an identity: ``{"complaint_no", "purpose"}`` (on the timeline, without it)."""
    complaint_no, purpose = command["complaint_no"], command.get("purpose", "complaints_office")
    if purpose not in OFFICE_PURPOSES:
        raise InvalidPurpose(
            "查阅目的无效 (purpose must be one of: " + ", ".join(OFFICE_PURPOSES) + ")",
            {"purpose": [f"one of {', '.join(OFFICE_PURPOSES)}"]},
        )
    complaint = uow.complaints.get(complaint_no)
    uow.note(complaint_no, "identity_read", by=uow.actor, purpose=purpose)
    return uow.seal.open(complaint["identity"])


def contact_for_delivery(command: dict[str, Any], uow: UnitOfWork) -> dict:
    """notify's internal read, ``{"complaint_no", "delivery_days"}``; 409 unless a written notice to
    a written complaint's complainant is out for delivery: the answer, the delay notice or a
    department's report, for ``delivery_days`` after the latest of them."""
    complaint_no, delivery_days = command["complaint_no"], command["delivery_days"]
    complaint = uow.complaints.get(complaint_no)
    written_at = [
        complaint["answered_at"],  # the answer (R-COMP-6)
        complaint["explained_at"],  # the delay notice (R-COMP-5)
        *(row["reported_at"] for row in uow.complaints.forwards(complaint_no)),  # reports (R-COMP-8)
    ]
    latest = max((moment for moment in written_at if moment is not None), default=None)
    delivering = (
        complaint["written"] and latest is not None and uow.now <= latest + timedelta(days=delivery_days)
    )
    if not delivering:
        raise ContactNotAvailable(
            "仅在书面通知送达期间可读取联系方式 (the contact is readable only while a written notice is"
            " being delivered)",
        )
    uow.note(complaint_no, "identity_read", by=uow.actor, purpose="written_answer_delivery")
    log.info(
        "contact of %s read by %s to deliver its written answer", complaint["complainant_ref"], uow.actor
    )
    return uow.seal.open(complaint["identity"])


def request_identity(command: dict[str, Any], uow: UnitOfWork) -> dict:
    """An agency a complaint was referred to asks the office for the identity (recorded):
    ``{"complaint_no", "reason"}``."""
    complaint_no, reason = command["complaint_no"], command["reason"]
    complaint = uow.complaints.get(complaint_no)
    if not complaint["referred_to"]:
        raise NotReferred(
            "只有已移送的投诉可申请查询投诉人身份 (only a referred complaint's identity may be requested)",
        )
    row = {
        "request_id": f"IR-{uuid.uuid4().hex[:12].upper()}",
        "complaint_no": complaint_no,
        "agency": uow.actor,
        "reason": reason,
        "status": "pending",
        "requested_at": uow.now,
    }
    uow.identity_requests.add(row)
    uow.note(complaint_no, "identity_requested", agency=uow.actor, request_id=row["request_id"])
    return uow.identity_requests.get(row["request_id"])


def decide(command: dict[str, Any], uow: UnitOfWork) -> dict:
    """The office grants or refuses a pending request: ``{"request_id", "grant", "note"}``."""
    request_id, grant, note = command["request_id"], command["grant"], command.get("note")
    row = uow.identity_requests.get(request_id)
    if row["status"] != "pending":
        raise AlreadyDecided(
            f"申请已处理 ({row['status']}) (the request was already decided)",
        )
    status = "granted" if grant else "refused"
    if not uow.identity_requests.move_on(
        request_id, "pending", status=status, decided_by=uow.actor, decided_at=uow.now
    ):
        raise AlreadyDecided("申请已处理 (the request was already decided)")
    uow.note(row["complaint_no"], f"identity_request_{status}", request_id=request_id, note=note)
    return uow.identity_requests.get(request_id)


def read_granted(command: dict[str, Any], uow: UnitOfWork) -> dict:
    """The agency reads the identity once, ``{"request_id"}``; a second read is refused."""
    request_id = command["request_id"]
    row = uow.identity_requests.get(request_id)
    if row["agency"] != uow.actor:
        raise NotTheRequestingAgency("只有申请机关可读取 (only the requesting agency may read it)")
    if row["status"] != "granted":
        raise (AlreadyRead if row["status"] == "read" else NotGranted)(
            f"申请状态为 {row['status']}，不可读取 (the request is {row['status']})",
        )
    if not uow.identity_requests.move_on(
        request_id, "granted", status="read", read_at=uow.now
    ):  # two at once
        raise AlreadyRead("已读取过 (already read)")
    uow.note(row["complaint_no"], "identity_read", by=uow.actor, purpose="referral", request_id=request_id)
    return uow.seal.open(uow.complaints.get(row["complaint_no"])["identity"])


# R-UNRES-2: the desk's reporter contact, sealed like a complainant's identity (``desk_items.identity``)
REPORTING_BACK = ("forwarded", "answered")  # the owning unit reports the result while the item is open
RESULT_NOTICE = ("answered", "closed")  # notify delivers the result notice after the unit's answer


def reporter_for_unit(command: dict[str, Any], uow: UnitOfWork) -> dict:
    """The reporter's contact, ``{"item_no", "caller_department"}`` (None for the office): the
    office always; the owning unit, to report the result back (R-UNRES-2), only while the item is
    forwarded to it or answered by it. Each read is a step of the item's trail (who, why)."""
    item = uow.desk.get(command["item_no"])
    caller = command.get("caller_department")
    if caller is not None and caller != item["department"]:
        raise NotTheOwningUnit(
            f"只有承办单位可查看反映人联系方式 (only the owning unit reads the reporter's contact; "
            f"the item is with {item['department'] or 'no unit yet'})"
        )
    if caller is not None and item["status"] not in REPORTING_BACK:
        raise ContactNotAvailable(
            f"反映事项状态为 {item['status']}，承办单位不能查看联系方式 (the unit reads the contact only "
            "while the item is forwarded to it or answered)",
            {"status": [item["status"]], "allowed": list(REPORTING_BACK)},
        )
    purpose = "desk" if caller is None else "report_back"
    uow.step(item, "contact_read", {"purpose": purpose, "reporter_ref": item["reporter_ref"]})
    return uow.seal.open(item["identity"])


def reporter_for_delivery(command: dict[str, Any], uow: UnitOfWork) -> dict:
    """notify's internal read for the desk result notice, ``{"item_no", "delivery_days"}``: only
    after the unit's answer, for ``delivery_days``; a step of the trail."""
    item = uow.desk.get(command["item_no"])
    answered = item["answered_at"]
    if not (
        item["status"] in RESULT_NOTICE
        and answered is not None
        and uow.now <= answered + timedelta(days=command["delivery_days"])
    ):
        raise ContactNotAvailable(
            "仅在办理结果通知送达期间可读取联系方式 (the contact is readable only while the result "
            "notice is being delivered)",
        )
    uow.step(item, "contact_read", {"purpose": "result_notice", "reporter_ref": item["reporter_ref"]})
    log.info("contact of %s read by %s to deliver its result notice", item["reporter_ref"], uow.actor)
    return uow.seal.open(item["identity"])
