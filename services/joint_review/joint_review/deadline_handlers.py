"""The deadline sweep (R-JOINT-6, R-CLOCK-5): urge the lead about tasks due soon, report overdue
tasks to the hall's supervision, answer for silent departments where the item says silence is consent.

Each alert is raised once per task and threshold, in its own transaction: the ``task_alerts`` key
decides, so two replicas sweeping at once publish it once. A review whose site inspection is
still running is skipped (its clock is off, R-CLOCK-2).
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from joint_review import deadlines, handlers, repository
from joint_review.orm import inspections, reviews, task_alerts, tasks
from workday_calendar import WorkingCalendar

SWEEPER = "system"


def sweep(transaction, calendar: WorkingCalendar, now: datetime, silence_items: frozenset[str]) -> dict:
    """Raise every alert due at ``now``; returns how many of each were raised by this sweep.

    ``transaction`` opens one (a ``Store.transaction``). Example result:
    ``{"due_soon": 2, "overdue": 1, "silence_consent": 0}``.
    """
    with transaction() as tx:
        found = candidates(tx.connection, calendar.next_working_day(calendar.today(now)))
    raised: Counter = Counter({"due_soon": 0, "overdue": 0, "silence_consent": 0})
    for task_id, review_id in found:
        with transaction() as tx:
            outcome = raise_alert(
                task_id, review_id, handlers.Context(tx, calendar, now, SWEEPER), silence_items
            )
        if outcome:
            raised.update(outcome)
    return dict(raised)


def candidates(connection, horizon) -> list[tuple[str, str]]:
    """Open tasks of the current round due by ``horizon``, of reviews with no inspection running."""
    running = select(inspections.c.review_id).where(inspections.c.ends_on.is_(None))
    rows = connection.execute(
        select(tasks.c.task_id, tasks.c.review_id)
        .join(reviews, reviews.c.review_id == tasks.c.review_id)
        .where(
            tasks.c.status == "open",
            tasks.c.due_date <= horizon,
            tasks.c.round == reviews.c.round,
            reviews.c.status == "in_review",
            reviews.c.review_id.not_in(running),
        )
        .order_by(tasks.c.due_date, tasks.c.task_id)
    ).all()
    return [tuple(row) for row in rows]


def raise_alert(task_id: str, review_id: str, ctx: handlers.Context, silence_items) -> list[str]:
    """Under the review's lock: the alert the task has reached, if no one raised it yet."""
    review = repository.get_review(ctx.connection, review_id)
    task = repository.get_task(ctx.connection, task_id)
    if task["status"] != "open" or review["status"] != "in_review" or _inspection_running(ctx, review_id):
        return []
    threshold = deadlines.threshold_reached(ctx.calendar, task["due_date"], ctx.now)
    if threshold is None or not claim(ctx.connection, task, threshold, ctx.now):
        return []
    if threshold == deadlines.DUE_SOON:
        ctx.note(review_id, "urged", department=task["department"], due_date=task["due_date"].isoformat())
        ctx.tx.publish("task_due_soon", review["case_no"], task_due_soon(review, task, ctx))
        return [threshold]
    silent = review["item_code"] in silence_items
    ctx.note(review_id, "reported_overdue", department=task["department"], silence_consent=silent)
    ctx.tx.publish("task_overdue", review["case_no"], task_overdue(review, task, ctx, silent))
    if not silent:
        return [threshold]
    handlers.record_opinion(deadlines.silence_opinion(task_id), ctx, deadlines.SILENCE_CHANNEL)
    return [threshold, "silence_consent"]


def _inspection_running(ctx, review_id: str) -> bool:
    query = select(inspections.c.inspection_id).where(
        inspections.c.review_id == review_id, inspections.c.ends_on.is_(None)
    )
    return ctx.connection.execute(query).first() is not None


def claim(connection, task: dict, threshold: str, now: datetime) -> bool:
    """Insert the alert's row unless it exists; True when this transaction raised it."""
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    inserted = connection.execute(
        dialect.insert(task_alerts)
        .values(
            task_id=task["task_id"],
            threshold=threshold,
            review_id=task["review_id"],
            department=task["department"],
            due_date=task["due_date"],
            raised_at=now,
        )
        .on_conflict_do_nothing()
        .returning(task_alerts.c.task_id)
    ).first()
    return inserted is not None


def _task(review: dict, task: dict, calendar: WorkingCalendar) -> dict:
    return {
        "case_no": review["case_no"],
        "review_id": review["review_id"],
        "round": task["round"],
        "item_code": review["item_code"],
        "lead_department": review["lead_department"],
        "task_id": task["task_id"],
        "department": task["department"],
        "assignee": {"reviewer_id": task["assignee_id"]} if task["assignee_id"] else None,
        "due_date": task["due_date"].isoformat(),
        "due_by": calendar.closes_at(task["due_date"]).isoformat(),
    }


def task_due_soon(review: dict, task: dict, ctx: handlers.Context) -> dict:
    """催办: the lead window urges the department; its task is due today or the next working day."""
    return {**_task(review, task, ctx.calendar), "urged_at": ctx.now.isoformat(), "notices_due": ["reminder"]}


def task_overdue(review: dict, task: dict, ctx: handlers.Context, silent: bool) -> dict:
    """督办: supervision is told; ``outcome`` says whether it is escalated or silence is consent."""
    return {
        **_task(review, task, ctx.calendar),
        "reported_at": ctx.now.isoformat(),
        "outcome": "silence_consent" if silent else "escalated",
        "notices_due": ["overdue_report"],
    }
