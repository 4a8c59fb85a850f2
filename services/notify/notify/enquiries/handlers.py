"""Use cases of the one-time notices owed to enquirers (R-ONCE-2): start tracking one when its
notice is issued, note its delivery, raise the overdue ones to supervision once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from notify.enquiries import events
from notify.enquiries.rules import Tracked, tracked_from
from notify.notices.rules import Notice
from notify.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class Track:
    event: dict  # intake.enquiry_recorded
    issued: list[Notice]  # what ``issue_notices`` archived for it (empty on a redelivery)


@dataclass(frozen=True)
class RaiseOverdue:
    now: datetime


def track(command: Track, uow: UnitOfWork) -> None:
    """Keep the notice's due time, in the transaction that issued it (a redelivery issues none)."""
    for notice in command.issued:
        if notice["notice_type"] == "one_time":
            uow.one_time.add(tracked_from(command.event, notice["notice_no"]))


def note_delivered(notice_type: str, notice_no: str, at: datetime, channel: str, uow: UnitOfWork) -> None:
    """A delivery reached its recipient: a tracked one-time notice is done (the first time)."""
    if notice_type == "one_time":
        uow.one_time.mark_delivered(notice_no, at, channel)


def raise_overdue(command: RaiseOverdue, uow: UnitOfWork) -> list[Tracked]:
    """Every notice past its due time and not delivered, raised once (``one_time_notice_overdue``,
    for supervision): a second sweep, or another replica's, finds it raised already."""
    raised = []
    for row in uow.one_time.overdue_unraised(command.now):
        if uow.one_time.raise_once(row["enquiry_no"], command.now):
            data = events.overdue(row, command.now, uow.one_time.channels_tried(row["notice_no"]))
            uow.tx.publish("one_time_notice_overdue", row["enquiry_no"], data)
            raised.append(row)
    return raised
