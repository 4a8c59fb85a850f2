"""The outbox and inbox against a real database, with a fake broker publisher."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update

from notify.orm import metadata
from reliable_events import OutboxRelay, PublishNotConfirmed, Store, add_core_tables, make_engine

OUTBOX, INBOX = add_core_tables(metadata)


class FakePublisher:
    def __init__(self, fail=False):
        self.batches, self.fail = [], fail

    def publish_batch(self, messages):
        if self.fail:
            raise PublishNotConfirmed("broker away")
        self.batches.append(list(messages))

    def publish_each(self, messages):
        self.publish_batch(messages)
        return []

    def close(self):
        pass


@pytest.fixture
def engine(migrated):
    engine = make_engine(migrated("notify"))
    yield engine
    engine.dispose()


def store(engine, consumer="notify.test"):
    return Store(engine, (OUTBOX, INBOX), "notify", consumer)


def relay_for(engine, publisher, batch_size=500):
    relay = OutboxRelay(engine, OUTBOX, "notify", "amqp://unused/", batch_size=batch_size)
    relay.publisher = publisher
    return relay


def pending(engine):
    with engine.connect() as connection:
        return connection.execute(select(OUTBOX.c.event_id).where(OUTBOX.c.sent_at.is_(None))).all()


def test_an_event_is_recorded_only_when_its_transaction_commits(engine):
    with pytest.raises(RuntimeError):
        with store(engine).transaction() as tx:
            tx.publish("notice_issued", "HALL-1", {"n": 1})
            raise RuntimeError("the state change failed")
    assert pending(engine) == []
    with store(engine).transaction() as tx:
        envelope = tx.publish("notice_issued", "HALL-1", {"n": 1})
    assert [row.event_id for row in pending(engine)] == [envelope["id"]]


def test_the_relay_publishes_pending_events_in_commit_order_and_marks_them_sent(engine):
    ids = []
    for n in range(5):
        with store(engine).transaction() as tx:
            ids.append(tx.publish("notice_issued", f"HALL-{n}", {"n": n})["id"])
    publisher = FakePublisher()
    assert relay_for(engine, publisher, batch_size=3).relay_once() == 3
    assert relay_for(engine, publisher, batch_size=3).relay_once() == 2
    sent = [message.message_id for batch in publisher.batches for message in batch]
    assert sent == ids
    assert publisher.batches[0][0].exchange == "notify.events"
    assert publisher.batches[0][0].routing_key == "notice_issued"
    assert pending(engine) == []


def test_an_unconfirmed_batch_stays_pending_for_the_next_pass(engine):
    with store(engine).transaction() as tx:
        tx.publish("notice_issued", "HALL-1", {"n": 1})
    with pytest.raises(PublishNotConfirmed):
        relay_for(engine, FakePublisher(fail=True)).relay_once()
    assert len(pending(engine)) == 1
    assert relay_for(engine, FakePublisher()).relay_once() == 1


def test_the_inbox_lets_a_consumer_apply_an_event_once(engine):
    envelope = {"id": "evt-1", "correlationid": "corr-1"}
    with store(engine).transaction() as tx:
        assert tx.seen_before(envelope) is False
    with store(engine).transaction() as tx:
        assert tx.seen_before(envelope) is True


def test_the_inbox_is_per_consumer(engine):
    envelope = {"id": "evt-2", "correlationid": "corr-2"}
    with store(engine, "notify.a").transaction() as tx:
        assert tx.seen_before(envelope) is False
    with store(engine, "notify.b").transaction() as tx:
        assert tx.seen_before(envelope) is False


def test_an_inbox_mark_rolls_back_with_the_change_that_failed(engine):
    envelope = {"id": "evt-3", "correlationid": "corr-3"}
    with pytest.raises(RuntimeError):
        with store(engine).transaction() as tx:
            tx.seen_before(envelope)
            raise RuntimeError("handler failed")
    with store(engine).transaction() as tx:
        assert tx.seen_before(envelope) is False


def test_events_published_while_consuming_carry_the_consumed_events_correlation_id(engine):
    with store(engine).transaction() as tx:
        tx.seen_before({"id": "evt-4", "correlationid": "corr-from-intake"})
        envelope = tx.publish("notice_issued", "HALL-4", {})
    assert envelope["correlationid"] == "corr-from-intake"


def test_backlog_gauges_report_count_and_age_of_the_oldest_pending_event(engine):
    from reliable_events.telemetry import OUTBOX_OLDEST_AGE, OUTBOX_PENDING

    for n in range(3):
        with store(engine).transaction() as tx:
            tx.publish("notice_issued", f"HALL-{n}", {})
    with engine.begin() as connection:
        connection.execute(update(OUTBOX).values(created_at=datetime.now(UTC) - timedelta(minutes=10)))
    relay_for(engine, FakePublisher()).refresh_gauges()
    assert OUTBOX_PENDING.labels("notify")._value.get() == 3
    assert 590 < OUTBOX_OLDEST_AGE.labels("notify")._value.get() < 700
