"""The consumer side of the core benchmark: a nameko service on the reliability core.

For every event it opens one transaction, checks and marks the inbox and writes one row,
exactly like a real service's handler.
"""

from reliable_events import Database, reliable_event_handler
from sqlalchemy import Column, Integer, MetaData, String, Table, insert

metadata = MetaData()
applied = Table(
    "bench_applied", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("event_id", String(64), nullable=False),
)


APPLY = insert(applied)


class BenchConsumer:
    name = "bench_consumer"
    db = Database(metadata)

    @reliable_event_handler("bench", "bench_event")
    def handle_bench_event(self, event):
        with self.db.transaction() as tx:
            if tx.seen_before(event):
                return
            tx.connection.execute(APPLY, {"event_id": event["id"]})
