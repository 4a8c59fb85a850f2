"""The tracking routes' limit on wrong codes (issue 12 point 13), on a fake monotonic clock."""

import pytest

from intake.tracking.guard import CASE_WINDOW, CLIENT_WINDOW, AttemptLog, Guard, TooManyAttempts
from web_api import status_of


class FakeClock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_tenth_wrong_code_for_a_number_locks_it_until_the_oldest_leaves_the_15_minutes():
    clock = FakeClock()
    guard = Guard(clock)
    for minute in range(10):
        guard.check("HALL-1", f"10.0.0.{minute}")
        guard.failed("HALL-1", f"10.0.0.{minute}")
        clock.now += 60
    with pytest.raises(TooManyAttempts) as refused:
        guard.check("HALL-1", "10.0.0.99")
    assert status_of(refused.value) == 429
    assert refused.value.headers == (("Retry-After", str(int(CASE_WINDOW) - 600)),)
    guard.check("HALL-2", "10.0.0.99")  # another number is free
    clock.now += CASE_WINDOW - 600
    guard.check("HALL-1", "10.0.0.99")  # the first failure has left the window


def test_thirty_wrong_codes_from_one_address_in_a_minute_lock_that_address():
    clock = FakeClock()
    guard = Guard(clock)
    for n in range(30):
        guard.failed(f"HALL-{n}", "10.0.0.1")
    with pytest.raises(TooManyAttempts) as refused:
        guard.check("HALL-new", "10.0.0.1")
    assert refused.value.details == {"retry_after": int(CLIENT_WINDOW)}
    guard.check("HALL-new", "10.0.0.2")
    clock.now += CLIENT_WINDOW
    guard.check("HALL-new", "10.0.0.1")


def test_the_log_forgets_the_oldest_key_beyond_its_size_and_empty_keys_at_once():
    clock = FakeClock()
    log = AttemptLog(limit=1, window=60, clock=clock, max_keys=2)
    for key in ("a", "b", "c"):
        log.fail(key)
    assert list(log.failures) == ["b", "c"] and log.retry_after("a") is None
    assert log.retry_after("b") == 60
    clock.now += 60
    assert log.retry_after("b") is None and list(log.failures) == ["c"]
