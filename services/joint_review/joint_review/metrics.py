"""joint_review's business metrics (Prometheus). Labels are bounded: department, verdict, channel.

Counters and histograms move only after a transaction committed: ``MeteredDatabase``
(``dependencies.py``) hands the service a store whose transactions, once committed, read what
they published (an opinion, an opening, a convergence, an overdue report) and count it here.
A rolled-back transaction counts nothing. The gauges are read from the database at each scrape (``refresh``).
"""

from __future__ import annotations

from collections import Counter as Tally
from datetime import datetime

from prometheus_client import Counter, Gauge, Histogram
from sqlalchemy import func, select, text

from joint_review.orm import reviews, tasks
from workday_calendar import OVERDUE, deadline_alert

OPEN_REVIEWS = Gauge("hall_joint_review_reviews_open", "Joint reviews not yet decided")
OPEN_TASKS = Gauge("hall_joint_review_tasks_open", "Open review tasks by department", ["department"])
OVERDUE_TASKS = Gauge(
    "hall_joint_review_tasks_overdue", "Open review tasks past their due date by department", ["department"]
)
OVERDUE_REPORTED = Counter(
    "hall_joint_review_tasks_overdue_reported_total",
    "Tasks reported overdue to supervision (督办), counted against the department",
    ["department"],
)
OPINIONS = Counter("hall_joint_review_opinions_total", "Opinions recorded", ["verdict", "channel"])
FAN_OUT = Histogram(
    "hall_joint_review_fan_out_departments",
    "Departments a joint review fans out to at opening",
    buckets=(1, 2, 3, 4, 5, 6, 8, 10, 15, 20),
)
REFUSED = Counter(
    "hall_joint_review_opinions_refused_total",
    "Opinion commands dead-lettered at once: not sent by the task's department's account "
    "(no_sender, wrong_department), an opinion id reused for another task, or never answerable",
    ["reason"],
)
TIME_TO_CONVERGENCE = Histogram(
    "hall_joint_review_time_to_convergence_seconds",
    "From a review's opening to each convergence",
    buckets=tuple(hours * 3600 for hours in (1, 4, 8, 24, 48, 72, 120, 168, 240, 480)),
)


def observe_committed(engine, published: list[dict]) -> None:
    """Count what a committed transaction published."""
    converged = {}
    for envelope in published:
        kind, data = envelope["type"].rsplit(".", 1)[-1], envelope["data"]
        if kind == "opinion_recorded":
            OPINIONS.labels(data["verdict"], data["channel"]).inc()
        elif kind == "review_opened":
            FAN_OUT.observe(len(data["departments"]))
        elif kind == "review_converged":
            converged[data["review_id"]] = datetime.fromisoformat(data["converged_at"])
        elif kind == "task_overdue":
            OVERDUE_REPORTED.labels(data["department"]).inc()
    if converged:
        with engine.connect() as connection:
            opened = dict(
                connection.execute(
                    select(reviews.c.review_id, reviews.c.opened_at).where(
                        reviews.c.review_id.in_(list(converged))
                    )
                ).all()
            )
        for review_id, at in converged.items():
            if review_id in opened:
                TIME_TO_CONVERGENCE.observe(max((at - opened[review_id]).total_seconds(), 0))


UNDECIDED = ("in_review", "awaiting_supplement", "converged")  # every status but decided
# each department that ever had a task, one index probe per department (a loose index scan on
# ix_tasks_department_status): SELECT DISTINCT would read every task
_DEPARTMENTS = text(
    "WITH RECURSIVE seen(department) AS ("
    " SELECT MIN(department) FROM tasks"
    " UNION ALL SELECT (SELECT MIN(department) FROM tasks WHERE department > seen.department)"
    " FROM seen WHERE seen.department IS NOT NULL)"
    " SELECT department FROM seen WHERE department IS NOT NULL"
)


def refresh(connection, calendar, now: datetime) -> None:
    """Set the gauges from the database: open reviews, open and overdue tasks by department
    (by index only: the open ones, and one probe per department)."""
    undecided = connection.execute(select(func.count()).where(reviews.c.status.in_(UNDECIDED))).scalar_one()
    rows = connection.execute(
        select(tasks.c.department, tasks.c.due_date).where(tasks.c.status == "open")
    ).all()
    departments = connection.execute(_DEPARTMENTS).scalars().all()
    open_by: Tally[str] = Tally()
    overdue_by: Tally[str] = Tally()
    for (department, due), count in Tally(rows).items():
        open_by[department] += count
        if deadline_alert(calendar, due, now) == OVERDUE:
            overdue_by[department] += count
    OPEN_REVIEWS.set(undecided)
    for gauge, counts in ((OPEN_TASKS, open_by), (OVERDUE_TASKS, overdue_by)):
        gauge.clear()
        for department in departments:  # a department with none open shows 0, not a gap
            gauge.labels(department).set(counts[department])
