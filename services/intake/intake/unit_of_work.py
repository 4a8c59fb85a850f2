"""What every use case works with: the transaction, the rules' data, the time and the actor."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from intake.cases import repository
from intake.catalogue.repository import Catalogue
from reliable_events import Transaction
from workday_calendar import WorkingCalendar


@dataclass
class Context:
    """What every use case works with: the transaction, the rules' data, the time and the actor."""

    tx: Transaction
    catalogue: Catalogue
    calendar: WorkingCalendar
    now: datetime
    actor: str

    @property
    def connection(self):
        return self.tx.connection

    @property
    def today(self) -> date:
        return self.calendar.today(self.now)

    def record(self, case: dict, action: str, details: dict | None = None) -> None:
        repository.record(self.connection, case["case_no"], action, self.now, self.today, self.actor, details)
