"""The handling journal counts the starts of a redelivered message that never ended."""

from sqlalchemy import MetaData

from reliable_events import add_core_tables, make_engine
from reliable_events.crash_journal import CrashJournal
from reliable_events.tables import HANDLING


def test_each_start_counts_until_the_message_is_settled(database_url):
    metadata = MetaData()
    add_core_tables(metadata)
    engine = make_engine(database_url("journal"))
    metadata.create_all(engine)
    journal = CrashJournal(engine, metadata.tables[HANDLING])
    try:
        assert journal.starts("probe.q", "m-1") == 0
        assert journal.started("probe.q", "m-1") == 1
        assert journal.started("probe.q", "m-1") == 2  # the process died once while handling it
        assert journal.started("other.q", "m-1") == 1  # each consumer counts its own
        journal.settled("probe.q", "m-1")
        assert journal.starts("probe.q", "m-1") == 0
        assert journal.starts("other.q", "m-1") == 1
    finally:
        engine.dispose()
