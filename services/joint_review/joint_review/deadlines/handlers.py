"""The deadline sweep (R-JOINT-6, R-CLOCK-5): urge the lead about tasks due soon, report overdue
tasks to the hall's supervision, answer for silent departments where the item says silence is consent.

Each alert is raised once per task and threshold, in its own transaction: the ``task_alerts`` key
decides, so two replicas sweeping at once publish it once. A review whose site inspection is
still running is skipped (its clock is off, R-CLOCK-2).
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from joint_review.deadlines import events, repository, rules
from joint_review.reviews.handlers import record_opinion
from joint_review.reviews.repository import get_review, get_task
from joint_review.unit_of_work import Context
from workday_calendar import DUE_SOON, WorkingCalendar, deadline_alert

SWEEPER = "system"


def sweep(transaction, calendar: WorkingCalendar, now: datetime, silence_items: frozenset[str]) -> dict:
    """Raise every alert due at ``now``; returns how many of each were raised by this sweep.

    ``transaction`` opens one (a ``Store.transaction``). Example result:
    ``{"due_soon": 2, "overdue": 1, "silence_consent": 0}``.
    """
    with transaction() as tx:
        found = repository.candidates(tx.connection, calendar.next_working_day(calendar.today(now)))
    raised: Counter = Counter({"due_soon": 0, "overdue": 0, "silence_consent": 0})
    for task_id, review_id in found:
        with transaction() as tx:
            outcome = raise_alert(task_id, review_id, Context(tx, calendar, now, SWEEPER), silence_items)
        if outcome:
            raised.update(outcome)
    return dict(raised)


def raise_alert(task_id: str, review_id: str, ctx: Context, silence_items) -> list[str]:
    """Under the review's lock: the alert the task has reached, if no one raised it yet."""
    review = get_review(ctx.connection, review_id)
    task = get_task(ctx.connection, task_id)
    if (
        task["status"] != "open"
        or review["status"] != "in_review"
        or repository.inspection_running(ctx.connection, review_id)
    ):
        return []
    threshold = deadline_alert(ctx.calendar, task["due_date"], ctx.now)
    if threshold is None or not repository.claim(ctx.connection, task, threshold, ctx.now):
        return []
    if threshold == DUE_SOON:
        ctx.note(review_id, "urged", department=task["department"], due_date=task["due_date"].isoformat())
        ctx.tx.publish(
            "task_due_soon", review["case_no"], events.task_due_soon(review, task, ctx.calendar, ctx.now)
        )
        return [threshold]
    silent = review["item_code"] in silence_items
    ctx.note(review_id, "reported_overdue", department=task["department"], silence_consent=silent)
    ctx.tx.publish(
        "task_overdue", review["case_no"], events.task_overdue(review, task, ctx.calendar, ctx.now, silent)
    )
    if not silent:
        return [threshold]
    record_opinion(rules.silence_opinion(task_id), ctx, rules.SILENCE_CHANNEL)
    return [threshold, "silence_consent"]
