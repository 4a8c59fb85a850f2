"""Keys older than the keeping time are pruned, in batches, and fresh ones stay."""

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

from sqlalchemy import insert, select

from intake.orm import metadata
from reliable_events import Store, add_core_tables, make_engine
from web_api.idempotency import KeyPolicy
from web_api.idempotency_table import keys

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)


def key_row(name: str, age: timedelta) -> dict:
    return {
        "principal": "token:S01",
        "idem_key": name,
        "method": "POST",
        "path": "/cases",
        "fingerprint": "0" * 64,
        "status": 201,
        "content_type": "application/json",
        "body": "{}",
        "created_at": NOW - age,
    }


def test_keys_past_the_keeping_time_are_pruned_in_batches_and_fresh_ones_stay(migrated):
    engine = make_engine(migrated("intake"))
    store = Store(engine, add_core_tables(metadata), "intake", "intake.tests")
    with engine.begin() as connection:
        connection.execute(
            insert(keys),
            [key_row(f"old-{n}", timedelta(hours=30 + n)) for n in range(5)]
            + [key_row("fresh", timedelta(hours=23))],
        )
    service = SimpleNamespace(db=store, clock=lambda: NOW)

    gone = KeyPolicy(timedelta(hours=24), batch=2).prune(service)

    with engine.connect() as connection:
        left = list(connection.execute(select(keys.c.idem_key)).scalars())
    engine.dispose()
    assert gone == 5 and left == ["fresh"]
