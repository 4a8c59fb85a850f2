"""The unit of work every use case gets: the transaction, the repositories it hands out, the
rules' data, the time and the actor.

A use case is ``def use_case(command, uow)``: it reads and writes through ``uow.cases``,
``uow.roster``, ``uow.alerts`` and ``uow.ratings`` and publishes through ``uow.tx.publish`` (the
outbox, in the same transaction), so the unit tests run it against in-memory fakes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from intake.cases.repository import CaseRepository
from intake.cases.rules import Case
from intake.catalogue.repository import Catalogue
from intake.clock.repository import AlertRepository
from intake.enquiries.repository import EnquiryRepository
from intake.staff.repository import RosterRepository
from intake.tracking.repository import RatingRepository
from reliable_events import Transaction
from workday_calendar import WorkingCalendar


@dataclass
class Context:
    """One transaction's work: what every use case works with."""

    tx: Transaction
    catalogue: Catalogue
    calendar: WorkingCalendar
    now: datetime
    actor: str
    cases: CaseRepository = field(init=False)
    roster: RosterRepository = field(init=False)
    alerts: AlertRepository = field(init=False)
    ratings: RatingRepository = field(init=False)
    enquiries: EnquiryRepository = field(init=False)

    def __post_init__(self) -> None:
        connection = self.tx.connection
        self.cases = CaseRepository(connection)
        self.roster = RosterRepository(connection)
        self.alerts = AlertRepository(connection)
        self.ratings = RatingRepository(connection)
        self.enquiries = EnquiryRepository(connection)

    @property
    def connection(self):
        return self.tx.connection

    @property
    def today(self) -> date:
        return self.calendar.today(self.now)

    def record(self, case: Case, action: str, details: dict | None = None) -> None:
        self.cases.record(case["case_no"], action, self.now, self.today, self.actor, details)
