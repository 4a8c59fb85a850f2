"""The roster's answers a new case needs, kept per process while the roster stays the same.

Every ``POST /cases`` asks who holds the window today (R-AB-1: its A, or B while A is away) and
what the roster knows of the first responder (R-FIRST-1). Both change only when the roster does
(a post set, a leave recorded or cancelled, an opening), and every such write adds one to the
single row of ``roster_version`` in its own transaction (``RosterRepository``). A request reads
that number first, in its transaction, and uses a kept answer only if it was computed under the
same number: one primary-key read instead of three queries, and never a stale answer, on this
process or on a replica that did not see the write (its next request reads the new number).

Why not a time-to-live: a leave recorded today hands the absent person's open cases to their
partner once (``leave_handovers``); a replica that kept giving new cases to the absent person for
a few seconds after that would leave those cases with nobody for the rest of the leave.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from nameko.extensions import DependencyProvider

from intake.staff.handlers import holder_at
from intake.staff.repository import RosterRepository

MAX_KEPT = 4096  # answers kept per kind; all are dropped when full (windows x days in use is small)


class RosterAnswers:
    """The kept answers of one process: ``(version, answer)`` per window and day, per staff id."""

    def __init__(self) -> None:
        self.holders: dict[tuple[str, date], tuple[int, str | None]] = {}
        self.staff: dict[str, tuple[int, dict | None]] = {}

    def now(self, roster: RosterRepository) -> RosterNow:
        """The roster as this transaction sees it: reads its version (one query)."""
        return RosterNow(self, roster, roster.version())


class RosterNow:
    """The answers of one transaction: kept ones of the same version, else asked and kept."""

    def __init__(self, answers: RosterAnswers, roster: RosterRepository, version: int | None) -> None:
        self.answers = answers
        self.roster = roster
        self.version = version  # None: no version row (an unmigrated database): never kept

    def holder(self, window: str, day: date) -> str | None:
        """R-AB-1: who receives new work at ``window`` on ``day`` (``staff.handlers.holder_at``)."""
        return self._kept(self.answers.holders, (window, day), lambda: holder_at(self.roster, window, day))

    def find_staff(self, staff_id: str) -> dict | None:
        """The roster's row of ``staff_id`` (a copy: the caller may change it)."""
        found = self._kept(self.answers.staff, staff_id, lambda: self.roster.find_staff(staff_id))
        return dict(found) if found is not None else None

    def _kept(self, kept: dict, key: Any, ask: Any) -> Any:
        if self.version is None:
            return ask()
        found = kept.get(key)
        if found is not None and found[0] == self.version:
            return found[1]
        answer = ask()
        if len(kept) >= MAX_KEPT:
            kept.clear()
        kept[key] = (self.version, answer)
        return answer


class KeptRosterAnswers(DependencyProvider):
    """One ``RosterAnswers`` per service container (two containers in one process share nothing)."""

    def setup(self) -> None:
        self.answers = RosterAnswers()

    def get_dependency(self, worker_ctx: Any) -> RosterAnswers:
        return self.answers
