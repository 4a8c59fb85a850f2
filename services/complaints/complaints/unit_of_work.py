"""The unit of work every complaints use case runs in: ``def use_case(command, uow)``.

It hands out the repositories of one transaction, publishes through that transaction's outbox
(an event goes out once, and only if the work commits), and says who acts, when, on which
calendar, with which seal and settings. ``sql_unit_of_work`` builds it over a
``reliable_events.Transaction``; unit tests build it over in-memory fakes
(``tests/unit/complaints_fakes.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol

from complaints.case_events.repository import CaseRepository
from complaints.complaint.repository import ComplaintRepository
from complaints.complaint.rules import Settings
from complaints.desk.repository import DeskRepository
from complaints.desk.rules import DeskItem
from complaints.identity.repository import IdentityRequestRepository
from complaints.identity.rules import Seal
from reliable_events import Transaction
from workday_calendar import WorkingCalendar


class Outbox(Protocol):
    def publish(self, event_type: str, subject: str, data: dict[str, Any]) -> Any: ...


@dataclass
class UnitOfWork:
    """What a use case works with; nothing in it is a framework's."""

    complaints: ComplaintRepository
    cases: CaseRepository
    identity_requests: IdentityRequestRepository
    desk: DeskRepository
    tx: Outbox  # the transaction's outbox: what it publishes goes out once, if the work commits
    calendar: WorkingCalendar
    now: datetime
    actor: str
    role: str
    seal: Seal
    settings: Settings

    @property
    def today(self) -> date:
        return self.calendar.today(self.now)

    def note(self, complaint_no: str, action: str, **details: Any) -> None:
        """A line of the complaint's timeline, by whoever acts now."""
        self.complaints.note(complaint_no, self.now, action, self.actor, **details)

    def step(self, item: DeskItem, step: str, details: dict[str, Any]) -> None:
        """A step of a desk item's trail, by whoever acts now."""
        self.desk.record_step(item["item_no"], step, self.now, self.actor, self.role, details)


def sql_unit_of_work(
    tx: Transaction,
    calendar: WorkingCalendar,
    now: datetime,
    actor: str,
    role: str,
    seal: Seal,
    settings: Settings,
) -> UnitOfWork:
    """The unit of work over one database transaction (``Store.transaction()``)."""
    connection = tx.connection
    return UnitOfWork(
        ComplaintRepository(connection),
        CaseRepository(connection),
        IdentityRequestRepository(connection),
        DeskRepository(connection),
        tx,
        calendar,
        now,
        actor,
        role,
        seal,
        settings,
    )
