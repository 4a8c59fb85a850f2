"""The queries that run per request or per sweep and would otherwise read a growing table use an
index (migration 0012), on SQLite and PostgreSQL (``HALL_TEST_DB``). SQLite has no statistics on a
fresh file, PostgreSQL is told to avoid a sequential scan when any index serves: so a plan without
an index means no index serves the query."""

from datetime import date

import pytest
from sqlalchemy import create_engine, event

from intake.cases.rules import CLOCK_RUNNING
from intake.clock.repository import AlertRepository
from intake.staff.repository import RosterRepository

DAY = date(2026, 11, 23)
QUERIES = {
    "ix_cases_holder": lambda c: RosterRepository(c).open_cases_held_by("S01"),
    "ix_leaves_ends_on": lambda c: RosterRepository(c).leaves_to_hand_over(DAY),
    "ix_cases_forwarding": lambda c: AlertRepository(c).forwarding_due_before(DAY),
    "ix_cases_open_deadline": lambda c: AlertRepository(c).due_before(CLOCK_RUNNING, DAY),
}


@pytest.mark.parametrize("index", sorted(QUERIES))
def test_the_query_finds_its_rows_by_its_index(migrated, index):
    engine = create_engine(migrated("intake"))
    statements: list[tuple[str, object]] = []

    @event.listens_for(engine, "before_cursor_execute")
    def keep(conn, cursor, statement, parameters, context, executemany):
        if statement.startswith("SELECT"):
            statements.append((statement, parameters))

    with engine.begin() as connection:
        QUERIES[index](connection)
        postgresql = connection.dialect.name == "postgresql"
        if postgresql:
            connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
        plan = " | ".join(
            str(row[-1])
            for statement, parameters in statements
            for row in connection.exec_driver_sql(
                ("EXPLAIN " if postgresql else "EXPLAIN QUERY PLAN ") + statement, parameters
            )
        )
    engine.dispose()
    assert index in plan, plan
