"""The archive's use cases: who reads which notices, and the inboxes (read marks them read)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from notify.archive.rules import as_read_by, inbox_refs, may_read
from notify.unit_of_work import UnitOfWork
from refusals import NotFound


@dataclass(frozen=True)
class ListNotices:
    principal: Any
    case_no: str | None
    complaint_no: str | None
    item_no: str | None = None  # a desk item's (R-UNRES-2)


@dataclass(frozen=True)
class ReadNotice:
    principal: Any
    notice_no: str


@dataclass(frozen=True)
class ApplicantNotices:
    case_no: str  # the receipt's code was checked with intake before
    now: datetime


@dataclass(frozen=True)
class StaffInbox:
    principal: Any
    now: datetime


def list_notices(command: ListNotices, uow: UnitOfWork) -> list[dict[str, Any]]:
    """Only those ``read_notice`` would show the caller, one by one, as it shows them."""
    found = uow.archive.listed(command.case_no, command.complaint_no, command.item_no)
    return [as_read_by(command.principal, row) for row in found if may_read(command.principal, row)]


def read_notice(command: ReadNotice, uow: UnitOfWork) -> dict[str, Any]:
    """The notice as the caller reads it (``as_read_by``: the receipt's code masked but for the
    case's windows), or NotFound alike for no such notice and one the caller may not read."""
    found = uow.archive.notice(command.notice_no)
    if found is None or not may_read(command.principal, found):
        raise NotFound(f"没有通知 {command.notice_no} (no notice {command.notice_no})")
    return as_read_by(command.principal, found)


def applicant_notices(command: ApplicantNotices, uow: UnitOfWork) -> list[dict[str, Any]]:
    """The applicant's notices of the case, as issued (the receipt's code: they hold it); their
    in-app inbox copies are now read."""
    found = uow.archive.of_applicant(command.case_no)
    uow.archive.inbox(sorted({row["recipient_ref"] for row in found}), command.now)
    return found


def staff_inbox(command: StaffInbox, uow: UnitOfWork) -> list[dict[str, Any]]:
    """The caller's inbox, each message's text as ``as_read_by`` shows it to them."""
    found = uow.archive.inbox(inbox_refs(command.principal), command.now)
    return [as_read_by(command.principal, row) for row in found]
