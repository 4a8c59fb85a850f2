"""The relay's prune on 10^5 rows: old sent events and old inbox marks go, batch by batch."""

import time
from datetime import UTC, datetime, timedelta

from row_copies import doubled
from sqlalchemy import func, insert, select

from notify.orm import metadata
from reliable_events import OutboxRelay, add_core_tables, make_engine, outbox_rows

OUTBOX, INBOX = add_core_tables(metadata)
NOW = datetime.now(UTC)
OLD, RECENT = NOW - timedelta(days=40), NOW - timedelta(days=1)
COPIES = 16  # the rows written from Python, doubled in the database up to 10^5 a table


def outbox_row(n, sent_at):
    return {
        "event_id": f"evt-{n}",
        "exchange": "notify.events",
        "routing_key": "notice_issued",
        "body": "{}",
        "created_at": sent_at or NOW,
        "sent_at": sent_at,
        "attempts": 0,
    }


def fill(engine):
    """60k old sent, 20k recent sent, 20k pending outbox rows; 60k old and 40k recent inbox marks:
    a sixteenth written from Python, doubled four times in the database (``row_copies``)."""
    kinds = [OLD] * (60_000 // COPIES) + [RECENT] * (20_000 // COPIES) + [None] * (20_000 // COPIES)
    with engine.begin() as connection:
        connection.execute(insert(OUTBOX), [outbox_row(n, at) for n, at in enumerate(kinds)])
        connection.execute(
            insert(INBOX),
            [
                {
                    "event_id": f"evt-{n}",
                    "consumer": "notify.test",
                    "applied_at": OLD if n < 60_000 // COPIES else RECENT,
                }
                for n in range(100_000 // COPIES)
            ],
        )
        doubled(connection, COPIES.bit_length() - 1, [(OUTBOX, ["event_id"]), (INBOX, ["event_id"])])


def count(engine, table, *where):
    with engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(table).where(*where)).scalar_one()


def test_the_prune_removes_only_rows_past_retention_in_batches(migrated):
    engine = make_engine(migrated("notify"))
    fill(engine)
    relay = OutboxRelay(
        engine, OUTBOX, "notify", "amqp://unused/", inbox=INBOX, retention_days=7, inbox_retention_days=30
    )
    batches = []
    started = time.monotonic()
    removed = relay.prune(progress=batches.append)
    print(f"\npruned {removed} rows of 2x10^5 in {time.monotonic() - started:.2f}s, {len(batches)} batches")
    assert removed == (60_000, 60_000)
    assert len(batches) >= 24  # 5,000 rows per transaction
    assert count(engine, OUTBOX, OUTBOX.c.sent_at.is_not(None)) == 20_000
    assert count(engine, OUTBOX, OUTBOX.c.sent_at.is_(None)) == 20_000
    assert count(engine, INBOX) == 40_000
    assert count(engine, INBOX, INBOX.c.applied_at < NOW - timedelta(days=30)) == 0
    engine.dispose()


def test_the_prune_finds_its_rows_through_the_retention_indexes_never_by_a_scan(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path}/plan.db")
    metadata.create_all(engine)
    try:
        with engine.connect() as connection:
            for table, column, index in (
                (OUTBOX, "sent_at", "ix_outbox_sent_at"),
                (INBOX, "applied_at", "ix_inbox_applied_at"),
            ):
                statement = outbox_rows._prune(table, column).compile(engine)
                plan = connection.exec_driver_sql(
                    f"EXPLAIN QUERY PLAN {statement}",
                    tuple(statement.construct_params({"before": OLD, "batch": 5000}).values()),
                ).all()
                details = [row[-1] for row in plan]
                assert any(index in detail for detail in details), details
                assert not any(detail.startswith("SCAN") for detail in details), details
    finally:
        engine.dispose()
