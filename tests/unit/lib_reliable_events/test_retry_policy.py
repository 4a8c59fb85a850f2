"""The consumer's verdict on a failed message: wait and retry, wait out an outage, or give up."""

import socket

import pytest
from sqlalchemy.exc import OperationalError

from reliable_events.retry_policy import (
    ATTEMPTS_HEADER,
    DEAD_LETTER,
    FIRST_FAILED_HEADER,
    RETRY,
    WAIT,
    WAITS_HEADER,
    History,
    RetryPolicy,
    Unavailable,
    Unprocessable,
    is_unavailable,
)
from reliable_events.topology import parse_retry_delays, retry_queue, retry_queue_arguments

POLICY = RetryPolicy(max_attempts=3, delays=(1.0, 10.0, 60.0), unavailable_for=3600.0)


def test_each_failure_waits_longer_and_the_last_attempt_dead_letters_the_message():
    first = POLICY.decide(History(), RuntimeError("boom"), now=0)
    second = POLICY.decide(first.history, RuntimeError("boom"), now=1)
    third = POLICY.decide(second.history, RuntimeError("boom"), now=11)
    assert (first.action, first.delay, first.history.attempts) == (RETRY, 1.0, 1)
    assert (second.action, second.delay, second.history.attempts) == (RETRY, 10.0, 2)
    assert (third.action, third.history.attempts) == (DEAD_LETTER, 3)
    assert third.reason == "RuntimeError: boom"


def test_a_dependency_that_is_down_waits_without_counting_an_attempt():
    history = History()
    delays = []
    for minute in range(30):  # half an hour of outage: never dead-lettered
        verdict = POLICY.decide(
            history, OperationalError("SELECT 1", {}, Exception("refused")), now=minute * 60
        )
        assert verdict.action == WAIT
        delays.append(verdict.delay)
        history = verdict.history
    assert history.attempts == 0 and history.waits == 30
    assert delays[:4] == [1.0, 10.0, 60.0, 60.0]  # the last delay repeats


def test_a_dependency_down_longer_than_the_limit_dead_letters_the_message_with_the_reason():
    waited = POLICY.decide(History(), Unavailable("the gateway"), now=1000).history
    verdict = POLICY.decide(waited, Unavailable("the gateway"), now=1000 + 3600)
    assert verdict.action == DEAD_LETTER
    assert verdict.reason.startswith("unavailable for 3600s")


def test_an_outage_does_not_use_up_the_attempts_of_a_message_that_also_failed():
    failed = POLICY.decide(History(), RuntimeError("bug"), now=0).history
    waited = POLICY.decide(failed, ConnectionRefusedError(), now=1).history
    assert (waited.attempts, waited.waits) == (1, 1)
    assert POLICY.decide(waited, RuntimeError("bug"), now=2).action == RETRY


def test_unprocessable_data_is_dead_lettered_at_once():
    verdict = POLICY.decide(History(), Unprocessable("no such notice type"), now=0)
    assert verdict.action == DEAD_LETTER and verdict.history.attempts == 1


@pytest.mark.parametrize(
    "exc",
    [
        ConnectionRefusedError(),
        TimeoutError(),
        socket.gaierror(),
        Unavailable("peer"),
        OperationalError("SELECT 1", {}, Exception("could not connect to server")),
        OperationalError("INSERT", {}, Exception("database is locked")),
    ],
)
def test_outages_are_told_apart_from_bad_messages(exc):
    assert is_unavailable(exc)


@pytest.mark.parametrize(
    "exc",
    [
        RuntimeError("bug"),
        KeyError("case_no"),
        ValueError("bad date"),
        OperationalError("SELECT x FROM y", {}, Exception("no such table: y")),
    ],
)
def test_a_bug_or_a_bad_message_is_not_an_outage(exc):
    assert not is_unavailable(exc)


def test_the_history_is_read_only_from_a_message_the_services_own_account_wrote():
    headers = {ATTEMPTS_HEADER: 99, WAITS_HEADER: 7, FIRST_FAILED_HEADER: "12.5"}
    assert History.from_headers(headers, trusted=True) == History(99, 7, 12.5)
    assert History.from_headers(headers, trusted=False) == History()
    assert History.from_headers({"x-delivery-count": 99}, trusted=True) == History()


def test_the_history_travels_in_headers_and_comes_back_the_same():
    history = History(2, 3, 1733300000.25)
    assert History.from_headers(history.headers(), trusted=True) == history


def test_the_retry_schedule_is_configured_in_seconds_and_each_delay_has_its_own_queue():
    assert parse_retry_delays("0.1, 0.5,1") == (0.1, 0.5, 1.0)
    assert parse_retry_delays("") == (1.0, 10.0, 60.0, 300.0, 900.0)
    assert retry_queue("notify", 0.5) == "notify.retry.500ms"
    assert retry_queue_arguments(10, "quorum")["x-message-ttl"] == 10000
    # expired messages go back through the default exchange, routed by their queue's name
    assert retry_queue_arguments(10, "classic") == {"x-message-ttl": 10000, "x-dead-letter-exchange": ""}
    with pytest.raises(ValueError, match="RETRY_DELAYS"):
        parse_retry_delays("1,-5")
