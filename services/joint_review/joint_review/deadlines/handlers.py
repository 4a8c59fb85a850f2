"""The deadline sweep (R-JOINT-6, R-CLOCK-5): urge the lead about tasks due soon, report overdue
tasks to the hall's supervision, answer for silent departments where the item says silence is consent.

Each alert is raised once per task and threshold, in its own transaction: the ``task_alerts`` key
decides, so two replicas sweeping at once publish it once. A review whose site inspection is
still running is skipped (its clock is off, R-CLOCK-2). An overdue task is also counted against
its department (``overdue_records``) in the transaction that publishes its ``task_overdue``, once
per task: the month's report (``department_overdue``) reads those rows, so nothing is lost on a
restart and no redelivery of the event can count it twice (no consumer counts it).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import date
from typing import Any

from joint_review.deadlines import events, rules
from joint_review.reviewers.handlers import person
from joint_review.reviews.handlers import record_opinion
from joint_review.unit_of_work import UnitOfWork
from workday_calendar import DUE_SOON, deadline_alert

SWEEPER = "system"


def sweep(command: dict[str, Any], units: Callable[[], AbstractContextManager[UnitOfWork]]) -> dict[str, int]:
    """Raise every alert due now (``{"silence_items": frozenset of item codes}``); returns how many
    of each this sweep raised, e.g. ``{"due_soon": 2, "overdue": 1, "silence_consent": 0}``.

    ``units()`` opens a unit of work: one to find the candidates, then one per alert, so each
    alert commits (or not) on its own.
    """
    with units() as uow:
        found = uow.deadlines.candidates(uow.calendar.next_working_day(uow.today))
    raised: Counter[str] = Counter({"due_soon": 0, "overdue": 0, "silence_consent": 0})
    for task_id, review_id in found:
        with units() as uow:
            raised.update(raise_alert({**command, "task_id": task_id, "review_id": review_id}, uow))
    return dict(raised)


def raise_alert(command: dict[str, Any], uow: UnitOfWork) -> list[str]:
    """Under the review's lock: the alert the task has reached, if no one raised it yet
    (``{"task_id", "review_id", "silence_items"}``); returns what it raised."""
    review = uow.reviews.get(command["review_id"])
    task = uow.reviews.get_task(command["task_id"])
    if (
        task["status"] != "open"
        or review["status"] != "in_review"
        or uow.deadlines.inspection_running(review["review_id"])
    ):
        return []
    threshold = deadline_alert(uow.calendar, task["due_date"], uow.now)
    if threshold is None or not uow.deadlines.claim(task, threshold, uow.now):
        return []
    name = (person(task["department"], task["assignee_id"], uow) or {}).get("name")
    if threshold == DUE_SOON:
        uow.note(
            review["review_id"], "urged", department=task["department"], due_date=task["due_date"].isoformat()
        )
        data = events.task_due_soon(review, task, uow.calendar, uow.now, name)
        uow.tx.publish("task_due_soon", review["case_no"], data)
        return [threshold]
    silent = review["item_code"] in command["silence_items"]
    uow.note(review["review_id"], "reported_overdue", department=task["department"], silence_consent=silent)
    data = events.task_overdue(review, task, uow.calendar, uow.now, silent, name)
    uow.tx.publish("task_overdue", review["case_no"], data)
    late = rules.days_late(uow.calendar, task["due_date"], uow.today)
    outcome = "silence_consent" if silent else "escalated"
    uow.deadlines.record_overdue(rules.overdue_record(task, review["case_no"], late, outcome, uow.now))
    if not silent:
        return [threshold]
    record_opinion({**rules.silence_opinion(task["task_id"]), "channel": rules.SILENCE_CHANNEL}, uow)
    return [threshold, "silence_consent"]


def department_overdue(command: dict[str, Any], uow: UnitOfWork) -> dict[str, Any]:
    """The month's report (``{"first": date, "last": date, "department": code or None}``): per
    department, the tasks due in the month whose due time has passed, those reported overdue
    (with how many working days late) and the on-time rate (R-JOINT-6)."""
    first: date = command["first"]
    passed = rules.passed_through(uow.now, uow.calendar.closes_at(uow.today))
    last = min(command["last"], passed)
    due = uow.deadlines.due_between(first, last, command["department"]) if last >= first else {}
    records = uow.deadlines.overdue_in(f"{first:%Y-%m}", command["department"])
    return {"month": f"{first:%Y-%m}", "departments": rules.department_report(due, records)}
