"""The checker that judges every reliability scenario must itself tell the buckets apart."""

from collections import Counter
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
from checker import SpyQueue, agency_outcome, check, judge
from final_drain import _when, in_transit

# the checker's own logic; no database: run once, in the SQLite leg (scripts/test)
pytestmark = pytest.mark.database_agnostic


def test_a_message_delivered_and_applied_once_is_delivered_once():
    report = check(["a"], Counter(a=1), Counter(a=1))
    assert report.counts()["delivered_once"] == 1 and report.clean


def test_a_redelivered_message_applied_once_is_a_harmless_duplicate():
    report = check(["a"], Counter(a=3), Counter(a=1))
    assert report.duplicated_applied_once == ["a"] and report.clean


def test_a_message_never_applied_is_lost():
    report = check(["a", "b"], Counter(a=1), Counter(a=1))
    assert report.lost == ["b"] and not report.clean


def test_a_message_applied_twice_is_unexpected():
    report = check(["a"], Counter(a=2), Counter(a=2))
    assert report.unexpected == ["a: applied 2 times"] and not report.clean


def test_a_message_nobody_sent_is_unexpected():
    report = check(["a"], Counter(a=1, z=1), Counter(a=1, z=1))
    assert report.unexpected == ["z: never sent"] and not report.clean


# -- the Jepsen buckets -------------------------------------------------------------------


def test_a_message_applied_once_untouched_by_the_fault_is_ok():
    outcome = judge(["a"], Counter(a=1), Counter(a=1))
    assert outcome.ok == ["a"] and outcome.clean and outcome.committed == 1


def test_a_message_redelivered_or_caught_by_the_fault_and_applied_once_is_recovered():
    outcome = judge(["a", "b", "c"], Counter(a=1, b=1, c=1), Counter(a=3, b=1, c=1), caught={"b"})
    assert outcome.recovered == ["a", "b"] and outcome.ok == ["c"] and outcome.clean


def test_a_message_re_driven_from_the_dead_letters_and_applied_once_is_recovered():
    outcome = judge(["a"], Counter(a=1), Counter(a=4), caught={"a"})
    assert outcome.recovered == ["a"] and not outcome.dead_lettered and outcome.clean


def test_a_message_held_in_the_dead_letters_is_dead_lettered_not_lost():
    outcome = judge(["a", "b"], Counter(b=1), Counter(a=3, b=1), dead_letters=["a"])
    assert outcome.dead_lettered == ["a"] and not outcome.lost and outcome.clean


def test_a_message_neither_applied_nor_dead_lettered_is_lost():
    outcome = judge(["a", "b"], Counter(b=1), Counter(b=1))
    assert outcome.lost == ["a"] and not outcome.clean


def test_a_message_applied_twice_is_duplicated_whatever_else_happened():
    outcome = judge(["a"], Counter(a=2), Counter(a=2), caught={"a"}, dead_letters=["a"])
    assert outcome.duplicated == ["a"] and not outcome.recovered and not outcome.clean


def test_a_message_nobody_committed_is_unexpected_wherever_it_shows_up():
    outcome = judge(["a"], Counter(a=1, x=1), Counter(a=1, y=1), received=Counter(z=1), dead_letters=["w"])
    assert outcome.unexpected == ["w", "x", "y", "z"] and not outcome.clean


def test_copies_at_the_consumer_or_at_an_agency_are_counted_as_delivered_twice():
    outcome = judge(
        ["a", "b", "c"], Counter(a=1, b=1, c=1), Counter(a=2, b=1, c=1), received=Counter(a=1, b=2, c=1)
    )
    assert outcome.delivered_twice == ["a", "b"] and outcome.clean


def test_an_agency_missing_an_event_lost_it_and_its_copies_are_reported():
    outcome = agency_outcome(["a", "b"], Counter(a=3))
    assert outcome.lost == ["b"] and outcome.delivered_twice == ["a"] and not outcome.clean


# -- the spy queue and the final drain ----------------------------------------------------


class FakeChannel:
    """A queue holding ``bodies``; records what the spy declares and binds."""

    def __init__(self, messages):
        self.messages, self.calls = list(messages), []

    def __getattr__(self, name):  # queue_declare, exchange_declare, queue_bind
        return lambda *args, **kwargs: self.calls.append((name, args, kwargs))

    def basic_get(self, queue, auto_ack):
        if not self.messages:
            return None, None, None
        message_id, body = self.messages.pop(0)
        return object(), SimpleNamespace(message_id=message_id), body


class FakeConnection:
    def __init__(self, channel):
        self._channel, self.closed = channel, False

    def channel(self):
        return self._channel

    def close(self):
        self.closed = True


def test_the_spy_counts_every_copy_and_hides_no_duplicate():
    channel = FakeChannel(
        [("a", b"{}"), ("b", b"{}"), ("a", b"{}"), (None, b'{"id": "c"}'), (None, b'{"id": "c"}')]
    )
    spy = SpyQueue("amqp://unused", "intake.events", connect=lambda: FakeConnection(channel))
    assert spy.take() == Counter(a=2, b=1, c=2)
    assert spy.duplicates() == {"a": 2, "c": 2}


def test_the_spy_is_a_durable_quorum_queue_bound_to_everything_the_producer_publishes():
    channel = FakeChannel([])
    spy = SpyQueue("amqp://unused", "intake.events", connect=lambda: FakeConnection(channel))
    declared = [
        args for name, args, kwargs in channel.calls if name == "queue_declare" and args[0] == spy.name
    ]
    binding = [args for name, args, _ in channel.calls if name == "queue_bind" and args[0] == spy.name]
    assert declared and binding == [(spy.name, "intake.events")]
    assert ("exchange_declare", ("intake.events", "topic")) in [
        (name, args) for name, args, _ in channel.calls
    ]


def test_messages_on_their_way_are_those_of_the_consumer_queues_and_delay_queues():
    depths = {
        "evt-intake-case_accepted--probe.handle_case_accepted": 2,
        "probe.retry.500ms": 1,
        "probe.dead_letters": 7,
        "probe.unrouted": 4,
        "evt-intake-case_accepted--notify.handle": 9,
    }
    assert in_transit(depths, "probe") == 3


def test_the_longest_outbox_wait_reads_sqlite_text_and_naive_timestamps_as_utc():
    assert _when("2026-11-23 10:00:01.500000") == datetime(2026, 11, 23, 10, 0, 1, 500000, tzinfo=UTC)
    assert _when(datetime(2026, 11, 23, 10, 0)).tzinfo is UTC
