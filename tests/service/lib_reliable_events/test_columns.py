"""The aware-UTC column and insert-once, on the database of this run (SQLite or PostgreSQL)."""

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, UniqueConstraint, select
from sqlalchemy.exc import StatementError

from reliable_events import UtcDateTime, insert_once, make_engine

metadata = MetaData()
alerts = Table(
    "alerts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("subject", String(32), nullable=False),
    Column("threshold", String(16), nullable=False),
    Column("raised_at", UtcDateTime, nullable=False),
    UniqueConstraint("subject", "threshold"),
)
CHINA = timezone(timedelta(hours=8))


@pytest.fixture
def engine(database_url):
    engine = make_engine(database_url("columns"))
    metadata.create_all(engine)
    yield engine
    engine.dispose()


def test_a_moment_comes_back_aware_in_utc_whatever_zone_it_was_written_in(engine):
    written = datetime(2026, 12, 4, 9, 30, tzinfo=CHINA)
    with engine.begin() as connection:
        insert_once(connection, alerts, {"subject": "C1", "threshold": "overdue", "raised_at": written})
        read = connection.execute(select(alerts.c.raised_at)).scalar_one()
    assert read == written
    assert read.utcoffset() == timedelta(0)


def test_a_naive_moment_is_refused_before_it_reaches_the_database(engine):
    with pytest.raises(StatementError), engine.begin() as connection:
        insert_once(
            connection, alerts, {"subject": "C1", "threshold": "due_soon", "raised_at": datetime(2026, 12, 4)}
        )


def test_insert_once_lets_only_the_first_of_two_writers_raise_the_alert(engine):
    row = {"subject": "C2", "threshold": "due_soon", "raised_at": datetime.now(UTC)}
    with engine.begin() as connection:
        first = insert_once(connection, alerts, row)
    with engine.begin() as connection:
        second = insert_once(connection, alerts, row)
        count = len(connection.execute(select(alerts.c.id)).all())
    assert (first, second, count) == (True, False, 1)


def test_insert_once_builds_its_statement_once_and_takes_each_call_s_values_as_parameters(engine):
    """Rows with other values and other columns go through the same statement; each keeps its own
    values (a statement cached with the first call's values would write those again)."""
    from reliable_events.columns import _insert_once

    _insert_once.cache_clear()
    later = datetime(2026, 12, 5, 8, 0, tzinfo=UTC)
    with engine.begin() as connection:
        assert insert_once(connection, alerts, {"subject": "C3", "threshold": "due_soon", "raised_at": later})
        assert insert_once(
            connection, alerts, {"id": 99, "subject": "C4", "threshold": "overdue", "raised_at": later}
        )
        rows = connection.execute(select(alerts.c.subject, alerts.c.threshold, alerts.c.id)).all()
    written = {(row.subject, row.threshold) for row in rows}
    assert {("C3", "due_soon"), ("C4", "overdue")} <= written
    assert [row.id for row in rows if row.subject == "C4"] == [99]
    assert (_insert_once.cache_info().misses, _insert_once.cache_info().hits) == (1, 1)
