"""The print queue's use cases: which letters a caller may print, and the hand-over that
delivers one (R-COMP-4: a complaint's letter is the complaints office's alone)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from notify.archive.rules import as_read_by, may_print
from notify.delivery.handlers import RecordOutcome, record_outcome
from notify.delivery.rules import DELIVERED, SENT, Outcome, Settings
from notify.letters.rules import AlreadyHandedOver
from notify.unit_of_work import UnitOfWork
from refusals import NotFound


@dataclass(frozen=True)
class ListPrintJobs:
    principal: Any
    waiting_only: bool


@dataclass(frozen=True)
class ReadPrintJob:
    principal: Any
    job_id: int


@dataclass(frozen=True)
class HandOver:
    job_id: int
    how: str  # in_person or post
    by: str  # who handed it over
    now: datetime
    settings: Settings


def no_such_job(job_id: int) -> NotFound:
    return NotFound(f"没有打印任务 {job_id} (no print job {job_id})")


def print_queue(command: ListPrintJobs, uow: UnitOfWork) -> list[dict[str, Any]]:
    jobs = uow.print_jobs.queue(command.waiting_only)
    return [job for job in jobs if may_print(command.principal, job)]


def printable_letter(command: ReadPrintJob, uow: UnitOfWork) -> dict[str, Any]:
    """The notice a job prints, as the caller reads it (``as_read_by``), when the caller may
    print it; NotFound alike otherwise."""
    job = uow.print_jobs.get(command.job_id)
    found = uow.archive.notice(job["notice_no"]) if job else None
    if found is None or not may_print(command.principal, found):
        raise no_such_job(command.job_id)
    return as_read_by(command.principal, found)


def hand_over_letter(command: HandOver, uow: UnitOfWork) -> None:
    """The window handed a letter over (or posted it): its delivery is delivered, once."""
    job = uow.print_jobs.get(command.job_id)
    if job is None:
        raise no_such_job(command.job_id)
    if job["handed_over_at"] is not None:
        raise AlreadyHandedOver("该信件已交付 (this letter was handed over already)")
    now = command.now
    printed_at = job["printed_at"] or now
    values = {
        "handed_over_at": now,
        "printed_at": printed_at,
        "handed_over_by": command.by,
        "how": command.how,
    }
    uow.print_jobs.hand_over(command.job_id, values)
    outcome = Outcome(DELIVERED, f"handed over ({command.how})")
    for delivery in uow.deliveries.sent_letters(job["notice_no"]):
        record_outcome(RecordOutcome(delivery, outcome, now, command.settings, expected=SENT), uow)
