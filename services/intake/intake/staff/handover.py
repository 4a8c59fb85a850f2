"""R-AB-1 on the day a leave recorded in advance starts: the absent clerk's open cases go to the
post partner, as they do at once for a leave that starts the day it is recorded.

Each leave is handed over once: the ``leave_handovers`` row and the moves are written in one
transaction per leave, and the row's key decides between replicas sweeping at the same moment and
between a sweep and the leave's own recording (``insert_once``): the loser moves nothing. A case
transferred to the absent person after that (R-FIRST-2, with an agreed time) stays with them.
"""

from __future__ import annotations

from datetime import datetime

from intake.catalogue.repository import Catalogue
from intake.staff.handlers import hand_over
from intake.staff.repository import RosterRepository
from intake.unit_of_work import Context
from workday_calendar import WorkingCalendar

SWEEPER = "timer"  # the actor of the history lines the sweep writes
NO_ITEMS = Catalogue({})  # the hand-over reads no catalogue item


def sweep(db, calendar: WorkingCalendar, now: datetime) -> dict:
    """Hand over every leave that covers today and was not handed over yet:
    ``{"leaves": 1, "moved": ["HALL-..."], "skipped": 0}`` (skipped: another replica did it first)."""
    today = calendar.today(now)
    with db.transaction() as tx:
        due = RosterRepository(tx.connection).leaves_to_hand_over(today)
    answer: dict = {"leaves": 0, "moved": [], "skipped": 0}
    for leave in due:
        with db.transaction() as tx:
            ctx = Context(tx, NO_ITEMS, calendar, now, SWEEPER)
            moved = hand_over_leave(leave["id"], leave["staff_id"], ctx)
        if moved is None:
            answer["skipped"] += 1
        else:
            answer["leaves"] += 1
            answer["moved"] += moved
    return answer


def hand_over_leave(leave_id: int, staff_id: str, ctx: Context) -> list[str] | None:
    """The leave's hand-over, once; None when a replica or the leave's recording did it first, or
    the leave was cancelled since the sweep looked."""
    held = ctx.roster.posts_of(staff_id, lock=True)  # the same lock a new leave of this person takes
    leave = ctx.roster.find_leave(staff_id, leave_id)
    if leave is None or leave.get("cancelled") or not ctx.roster.hand_over_once(leave_id, ctx.now):
        return None
    return hand_over(staff_id, held, ctx)
