"""Who may open a sealed identity, and when (R-COMP-4, R-COMP-7).

- the complaints office, always (each read is on the complaint's timeline, without the identity);
- notify, only while a written answer is being delivered (``ANSWER_DELIVERY_DAYS`` calendar days
  from the answer, 7 by default), to address the letter or e-mail;
- an agency a complaint was referred to, once, after the office granted its recorded request.
"""

from __future__ import annotations

import logging
import uuid
from datetime import timedelta

from complaints.complaint.handlers import Context
from complaints.complaint.repository import add, get_complaint
from complaints.identity import repository
from complaints.identity.rules import (
    AlreadyDecided,
    AlreadyRead,
    ContactNotAvailable,
    InvalidPurpose,
    NotGranted,
    NotReferred,
    NotTheRequestingAgency,
)
from complaints.orm import identity_requests

log = logging.getLogger(__name__)

ANSWER_DELIVERY_DAYS_KEY = "ANSWER_DELIVERY_DAYS"
DEFAULT_ANSWER_DELIVERY_DAYS = 7


# why a member of the office opens an identity: at the desk, or printing the written answer's
# letter through notify (notify forwards the printing person's own token, never its own)
OFFICE_PURPOSES = ("complaints_office", "answer_letter")


def read_by_office(complaint_no: str, ctx: Context, purpose: str = "complaints_office") -> dict:
    if purpose not in OFFICE_PURPOSES:
        raise InvalidPurpose(
            "查阅目的无效 (purpose must be one of: " + ", ".join(OFFICE_PURPOSES) + ")",
            {"purpose": [f"one of {', '.join(OFFICE_PURPOSES)}"]},
        )
    complaint = get_complaint(ctx.connection, complaint_no)
    ctx.note(complaint_no, "identity_read", by=ctx.actor, purpose=purpose)
    return ctx.seal.open(complaint["identity"])


def contact_for_delivery(complaint_no: str, ctx: Context, delivery_days: int) -> dict:
    """notify's internal read; 409 unless a written answer is out for delivery."""
    complaint = get_complaint(ctx.connection, complaint_no)
    answered = complaint["answered_at"]
    delivering = (
        complaint["answer_channel"] == "written"
        and answered is not None
        and ctx.now <= answered + timedelta(days=delivery_days)
    )
    if not delivering:
        raise ContactNotAvailable(
            "仅在书面答复送达期间可读取联系方式 (the contact is readable only while a written answer is"
            " being delivered)",
        )
    ctx.note(complaint_no, "identity_read", by=ctx.actor, purpose="written_answer_delivery")
    log.info(
        "contact of %s read by %s to deliver its written answer", complaint["complainant_ref"], ctx.actor
    )
    return ctx.seal.open(complaint["identity"])


def request_identity(complaint_no: str, reason: str, ctx: Context) -> dict:
    """An agency a complaint was referred to asks the office for the identity (recorded)."""
    complaint = get_complaint(ctx.connection, complaint_no)
    if not complaint["referred_to"]:
        raise NotReferred(
            "只有已移送的投诉可申请查询投诉人身份 (only a referred complaint's identity may be requested)",
        )
    row = {
        "request_id": f"IR-{uuid.uuid4().hex[:12].upper()}",
        "complaint_no": complaint_no,
        "agency": ctx.actor,
        "reason": reason,
        "status": "pending",
        "requested_at": ctx.now,
    }
    add(ctx.connection, identity_requests, **row)
    ctx.note(complaint_no, "identity_requested", agency=ctx.actor, request_id=row["request_id"])
    return repository.get_identity_request(ctx.connection, row["request_id"])


def decide(request_id: str, grant: bool, note: str | None, ctx: Context) -> dict:
    row = repository.get_identity_request(ctx.connection, request_id)
    if row["status"] != "pending":
        raise AlreadyDecided(
            f"申请已处理 ({row['status']}) (the request was already decided)",
        )
    status = "granted" if grant else "refused"
    if (
        repository.update_request(
            ctx.connection, request_id, "pending", status=status, decided_by=ctx.actor, decided_at=ctx.now
        )
        != 1
    ):
        raise AlreadyDecided("申请已处理 (the request was already decided)")
    ctx.note(row["complaint_no"], f"identity_request_{status}", request_id=request_id, note=note)
    return repository.get_identity_request(ctx.connection, request_id)


def read_granted(request_id: str, ctx: Context) -> dict:
    """The agency reads the identity once; a second read is refused."""
    row = repository.get_identity_request(ctx.connection, request_id)
    if row["agency"] != ctx.actor:
        raise NotTheRequestingAgency("只有申请机关可读取 (only the requesting agency may read it)")
    if row["status"] != "granted":
        raise (AlreadyRead if row["status"] == "read" else NotGranted)(
            f"申请状态为 {row['status']}，不可读取 (the request is {row['status']})",
        )
    if (
        repository.update_request(ctx.connection, request_id, "granted", status="read", read_at=ctx.now) != 1
    ):  # two reads at once
        raise AlreadyRead("已读取过 (already read)")
    ctx.note(row["complaint_no"], "identity_read", by=ctx.actor, purpose="referral", request_id=request_id)
    return ctx.seal.open(get_complaint(ctx.connection, row["complaint_no"])["identity"])
