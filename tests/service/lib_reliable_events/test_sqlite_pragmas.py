"""A service's SQLite file is opened with the pragmas sqlite_engine documents, on every
connection: the service's own and the relay's engine made again from its URL."""

from reliable_events import make_engine
from reliable_events.relay import _own_engine_for_sqlite


def pragmas(engine):
    with engine.connect() as connection:
        return {
            name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("journal_mode", "synchronous", "mmap_size", "foreign_keys", "busy_timeout")
        }


def test_a_service_sqlite_file_is_wal_normal_sync_and_read_through_a_memory_map(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path}/service.db")
    relay_engine = _own_engine_for_sqlite(engine)
    try:
        assert relay_engine is not engine
        for each in (engine, relay_engine):
            assert pragmas(each) == {
                "journal_mode": "wal",
                "synchronous": 1,  # NORMAL
                "mmap_size": 256 * 2**20,
                "foreign_keys": 1,
                "busy_timeout": 0,  # waits happen off the hub only (sqlite_engine.GreenConnection)
            }
    finally:
        engine.dispose()
        relay_engine.dispose()
