"""The unit of work every use case runs in: one transaction, handing out the repositories the use
cases need, what they publish, the calendar, the time and who acts.

Use cases are plain functions ``(command, uow)``; unit tests give them a fake with in-memory
repositories (tests/unit/joint_review_fakes.py) instead of this one.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from joint_review.deadlines.repository import DeadlineRepository
from joint_review.meetings.repository import MeetingRepository
from joint_review.reviewers.repository import RosterRepository
from joint_review.reviews.repository import ReviewRepository
from reliable_events import Transaction
from workday_calendar import WorkingCalendar


class UnitOfWork:
    """``tx`` is the outbox too: what a use case publishes on it goes out once the transaction
    committed (tests/contracts/test_contract_publishers.py finds every such call)."""

    def __init__(self, tx: Transaction, calendar: WorkingCalendar, now: datetime, actor: str) -> None:
        self.tx, self.calendar, self.now, self.actor = tx, calendar, now, actor
        self.reviews = ReviewRepository(tx.connection)
        self.meetings = MeetingRepository(tx.connection)
        self.deadlines = DeadlineRepository(tx.connection)
        self.rosters = RosterRepository(tx.connection)

    @property
    def today(self) -> date:
        return self.calendar.today(self.now)

    def note(self, review_id: str, action: str, **details: Any) -> None:
        """One line of the review's timeline, at this unit's time, by its actor."""
        self.reviews.note(review_id, self.now, action, self.actor, **details)
