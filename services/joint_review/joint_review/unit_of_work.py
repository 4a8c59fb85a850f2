"""The unit of work every use case runs in: one transaction, the calendar, the time, who acts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from joint_review.reviews import repository
from reliable_events import Transaction
from workday_calendar import WorkingCalendar


@dataclass
class Context:
    tx: Transaction
    calendar: WorkingCalendar
    now: datetime
    actor: str

    @property
    def connection(self):
        return self.tx.connection

    @property
    def today(self) -> date:
        return self.calendar.today(self.now)

    def note(self, review_id: str, action: str, **details) -> None:
        repository.note(self.connection, review_id, self.now, action, self.actor, **details)
