"""The sweep, the hand-over, the month's report and the gauges read by index at 10^5 tasks
(issue 17): EXPLAIN of each statement they run, on SQLite and on PostgreSQL, names no full scan
of a table that only grows (tasks, reviews, inspections, reviewer_leaves)."""

import json
import re
from datetime import UTC, date, datetime, timedelta

import pytest
from row_copies import doubled
from sqlalchemy import event, insert, text

from joint_review import metrics
from joint_review.deadlines.repository import DeadlineRepository
from joint_review.orm import inspections, reviewer_leaves, reviews, tasks
from joint_review.reviewers.repository import RosterRepository
from joint_review.reviews.repository import ReviewRepository
from reliable_events import make_engine
from workday_calendar import WorkingCalendar

TASKS = 100_000
COPIES = 16  # the seed written from Python, doubled in the database up to TASKS
GROWING = ("tasks", "reviews", "inspections", "reviewer_leaves")
NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
SEEDED = (  # each table with the keys its copies prefix, a review before its tasks and inspections
    (reviews, ("review_id", "case_no")),
    (tasks, ("task_id", "review_id")),
    (inspections, ("inspection_id", "review_id")),
    (reviewer_leaves, ()),
)
PARTIAL = "INDEX ix_inspections_running"  # holds the running inspections only: reading it all is bounded


def load(engine) -> None:
    """10^5 tasks of 33,344 reviews, one in a hundred still open, due over two years; 2 x 10^4
    leaves and 10^4 site inspections, nearly all over: a sixteenth written from Python, then
    doubled four times inside the database (``row_copies.doubled``), then ``ANALYZE``."""
    first = date(2025, 1, 1)
    review_rows, task_rows = [], []
    for number in range(TASKS // 3 // COPIES + 1):
        review_id = f"JR-HALL-{number:08d}"
        decided = number % 100 != 0
        review_rows.append(
            {
                "review_id": review_id,
                "case_no": f"HALL-{number:08d}",
                "item_code": "NY-001",
                "item_name": "联办",
                "lead_department": "agriculture_rural",
                "departments": ["a", "b", "c"],
                "materials": [],
                "status": "decided" if decided else "in_review",
                "round": 1,
                "task_limit_days": 3,
                "opened_at": NOW,
                "version": 1,
            }
        )
        for department in ("agriculture_rural", "natural_resources", "housing_construction"):
            task_rows.append(
                {
                    "task_id": f"{review_id}-{department}-1",
                    "review_id": review_id,
                    "department": department,
                    "round": 1,
                    "status": "answered" if decided else "open",
                    "assignee_id": f"R-{department}",
                    "assigned_at": NOW,
                    "due_date": first + timedelta(days=number % 700),
                    "asked_materials": [],
                }
            )
    leave_rows = [  # years of leave, nearly all of it over
        {
            "reviewer_id": f"R{number % 500:03d}",
            "starts_on": first + timedelta(days=number % 690),
            "ends_on": first + timedelta(days=number % 690 + 2),
            "reason": "年休假",
            "recorded_at": NOW,
            "recorded_by": "operator",
        }
        for number in range(TASKS // 5 // COPIES)
    ]
    inspection_rows = [  # site inspections, all but a few ended
        {
            "inspection_id": f"INS-{number:06d}",
            "review_id": f"JR-HALL-{number * 3:08d}",
            "site": "村东",
            "departments": ["natural_resources"],
            "starts_on": first,
            "ends_on": None if number % 1000 == 0 else first + timedelta(days=3),
            "started_by": "lead",
        }
        for number in range(TASKS // 10 // COPIES)
    ]
    with engine.begin() as connection:
        connection.execute(insert(reviews), review_rows)
        connection.execute(insert(tasks), task_rows)
        connection.execute(insert(reviewer_leaves), leave_rows)
        connection.execute(insert(inspections), inspection_rows)
        doubled(connection, COPIES.bit_length() - 1, SEEDED)
        connection.execute(text("ANALYZE"))  # the planners' statistics, as after a day of work


def statements_of(engine, run) -> list[tuple[str, object]]:
    """Every statement ``run(connection)`` sends to the database, with its parameters."""
    sent = []

    def keep(conn, cursor, statement, parameters, context, executemany):
        sent.append((statement, parameters))

    with engine.connect() as connection:
        event.listen(connection, "before_cursor_execute", keep)
        run(connection)
        event.remove(connection, "before_cursor_execute", keep)
    return sent


def full_scans(engine, statement: str, parameters) -> list[str]:
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            plan = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters).all()
            lines = [row[-1] for row in plan]
            return [
                line
                for line in lines
                if re.match(rf"SCAN ({'|'.join(GROWING)})\b", line) and not line.endswith(PARTIAL)
            ]
        plan = connection.exec_driver_sql(f"EXPLAIN (FORMAT JSON) {statement}", parameters).scalar_one()
        found = re.findall(r'"Node Type": "Seq Scan",[^}]*?"Relation Name": "(\w+)"', json.dumps(plan))
        return [f"Seq Scan on {table}" for table in found if table in GROWING]


@pytest.fixture
def engine(migrated):
    engine = make_engine(migrated("joint_review"))
    load(engine)
    yield engine
    engine.dispose()


QUERIES = {
    "sweep candidates": lambda c: DeadlineRepository(c).candidates(date(2026, 11, 24)),
    "a reviewer's open tasks": lambda c: ReviewRepository(c).tasks_held_by("R-natural_resources"),
    "reviewers away holding tasks": lambda c: RosterRepository(c).away_holding_tasks(date(2026, 11, 23)),
    "the month's report": lambda c: DeadlineRepository(c).due_between(
        date(2026, 11, 1), date(2026, 11, 30), None
    ),
    "the gauges": lambda c: metrics.refresh(c, WorkingCalendar(), NOW),
}


def test_reads_of_the_sweep_and_reports_do_not_scan_a_growing_table(engine):
    found = {}
    for name, run in QUERIES.items():
        sent = statements_of(engine, run)
        assert sent, name
        for statement, parameters in sent:
            found[f"{name}: {statement}"] = full_scans(engine, statement, parameters)
    assert found == dict.fromkeys(found, [])
