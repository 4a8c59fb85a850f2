"""What every entrypoint class of joint_review has and shares: its dependencies and the unit of work.

The service class (``service.py``) assigns the dependency providers; nameko hands each worker the
dependency they provide, which is what the annotations below state (so mypy knows ``self.db``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from joint_review.dependencies import MeteredStore
from joint_review.unit_of_work import UnitOfWork
from reliable_events import Transaction
from web_api import Forbidden
from web_api.access import Gate, Principal
from workday_calendar import WorkingCalendar


class Entrypoints:
    """The base of each concept's entrypoint class: no entrypoint here, only what they share."""

    db: MeteredStore
    clock: Callable[[], datetime]
    calendar: WorkingCalendar
    access: Gate
    config: dict[str, Any]

    def work_in(self, tx: Transaction, actor: str, now: datetime | None = None) -> UnitOfWork:
        """A unit of work in a transaction already open (a consumer checks ``seen_before`` first)."""
        return UnitOfWork(tx, self.calendar, now or self.clock(), actor)

    @contextmanager
    def unit_of_work(self, actor: str, now: datetime | None = None) -> Iterator[UnitOfWork]:
        """One transaction for a use case, at ``now`` (the clock's by default); a refusal goes
        through to the edge, which answers it."""
        uow = None
        try:
            with self.db.transaction() as tx:
                uow = self.work_in(tx, actor, now)
                yield uow
        finally:
            if uow is not None and uow.rosters.changed:
                uow.rosters.forget()  # once more, now that the change is committed or gone

    @staticmethod
    def only_for(principal: Principal, department: str) -> None:
        if principal.department != department:
            raise Forbidden(
                f"只能处理本部门 ({principal.department}) 的联审 "
                f"(you act for {principal.department}, not {department})"
            )
