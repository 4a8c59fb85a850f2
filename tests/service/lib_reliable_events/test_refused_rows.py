"""The relay against a real database with a fake broker that refuses chosen events."""

import pytest
from sqlalchemy import select

from notify.orm import metadata
from reliable_events import OutboxRelay, PublishNotConfirmed, Store, add_core_tables, make_engine, outbox_rows
from reliable_events.telemetry import OUTBOX_REFUSED, OUTBOX_REPUBLISHED

OUTBOX, INBOX = add_core_tables(metadata)


class RefusingPublisher:
    """Confirms every message except those whose event id is in ``refuse`` (nack)."""

    blocked = False
    aborted = False

    def __init__(self, refuse=(), unanswered_batches=0):
        self.refuse = set(refuse)
        self.unanswered_batches = unanswered_batches
        self.batches = []

    def publish_each(self, messages):
        self.batches.append([message.message_id for message in messages])
        if self.unanswered_batches:
            self.unanswered_batches -= 1
            raise PublishNotConfirmed("no confirm in time")
        return [i for i, message in enumerate(messages) if message.message_id in self.refuse]

    def published(self):
        return [event_id for batch in self.batches for event_id in batch]

    def keep_alive(self):
        pass

    def close(self):
        pass


@pytest.fixture
def engine(migrated):
    engine = make_engine(migrated("notify"))
    yield engine
    engine.dispose()


def commit_events(engine, count):
    ids = []
    for n in range(count):
        with Store(engine, (OUTBOX, INBOX), "notify", "notify.test").transaction() as tx:
            ids.append(tx.publish("notice_issued", f"HALL-{n}", {"n": n})["id"])
    return ids


def relay_for(engine, publisher, **settings):
    return OutboxRelay(
        engine, OUTBOX, "notify", "amqp://unused/", publisher=publisher, inbox=INBOX, **settings
    )


def row_of(engine, event_id):
    with engine.connect() as connection:
        return connection.execute(select(OUTBOX).where(OUTBOX.c.event_id == event_id)).one()


def sent_ids(engine):
    with engine.connect() as connection:
        return set(
            connection.execute(select(OUTBOX.c.event_id).where(OUTBOX.c.sent_at.is_not(None))).scalars()
        )


def test_a_refused_event_waits_alone_while_the_rest_of_its_batch_is_marked_sent(engine):
    ids = commit_events(engine, 10)
    publisher = RefusingPublisher(refuse={ids[3]})
    refusals_before = OUTBOX_REFUSED.labels("notify")._value.get()
    relay = relay_for(engine, publisher, retry_base=60)
    assert relay.relay_once() == 9
    assert relay.relay_once() == 0
    assert sent_ids(engine) == set(ids) - {ids[3]}
    assert publisher.published() == ids  # nothing published twice
    refused = row_of(engine, ids[3])
    assert (refused.attempts, refused.sent_at, refused.parked_at) == (1, None, None)
    assert refused.next_attempt_at is not None and refused.last_error
    assert OUTBOX_REFUSED.labels("notify")._value.get() == refusals_before + 1


def test_an_event_refused_max_attempts_times_is_parked_and_retried_on_request(engine):
    ids = commit_events(engine, 3)
    publisher = RefusingPublisher(refuse={ids[1]})
    relay = relay_for(engine, publisher, retry_base=0, max_attempts=4)
    for _ in range(6):
        relay.relay_once()
    assert publisher.published().count(ids[1]) == 4
    assert [ids.count(i) for i in publisher.published()] == [1] * len(publisher.published())
    with engine.connect() as connection:
        assert [row.event_id for row in outbox_rows.parked_rows(connection, OUTBOX)] == [ids[1]]
    publisher.refuse.clear()
    with engine.begin() as connection:
        assert outbox_rows.unpark(connection, OUTBOX) == 1
    assert relay.relay_once() == 1
    assert sent_ids(engine) == set(ids)


def test_a_failed_mark_is_retried_without_publishing_the_confirmed_batch_again(engine, monkeypatch):
    ids = commit_events(engine, 5)
    publisher = RefusingPublisher()
    relay = relay_for(engine, publisher)
    real_mark = outbox_rows.mark_sent
    failures = iter([True])

    def mark_that_fails_once(*args):
        if next(failures, False):
            raise RuntimeError("database is locked")
        return real_mark(*args)

    monkeypatch.setattr(outbox_rows, "mark_sent", mark_that_fails_once)
    with pytest.raises(RuntimeError):
        relay.relay_once()
    relay.relay_once()
    assert publisher.published() == ids
    assert sent_ids(engine) == set(ids)


def test_events_published_again_after_an_unanswered_attempt_are_counted(engine):
    ids = commit_events(engine, 4)
    publisher = RefusingPublisher(unanswered_batches=1)
    before = OUTBOX_REPUBLISHED.labels("notify")._value.get()
    relay = relay_for(engine, publisher)
    with pytest.raises(PublishNotConfirmed):
        relay.relay_once()
    assert relay.relay_once() == 4
    assert publisher.published() == ids + ids
    assert OUTBOX_REPUBLISHED.labels("notify")._value.get() == before + 4
