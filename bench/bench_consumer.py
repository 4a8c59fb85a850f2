"""The consumer side of the core benchmark: a nameko service on the reliability core.

``BenchConsumer`` opens one transaction per event, checks and marks the inbox and writes
one row, exactly like a real service's per-event handler; ``BenchBatchConsumer`` does the
same for batches of events (one transaction, one inbox statement per batch).
"""

from sqlalchemy import Column, Integer, MetaData, String, Table, insert

from reliable_events import Database, reliable_batch_handler, reliable_event_handler

metadata = MetaData()
applied = Table(
    "bench_applied",
    metadata,
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


class BenchBatchConsumer:
    name = "bench_consumer"
    db = Database(metadata)

    @reliable_batch_handler("bench", "bench_event")
    def handle_bench_event(self, events):
        with self.db.transaction() as tx:
            fresh = tx.new_events(events)
            if fresh:
                tx.connection.execute(APPLY, [{"event_id": event["id"]} for event in fresh])
