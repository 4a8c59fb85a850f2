"""Wrong verification codes on the public tracking routes are limited (issue 12, point 13).

``GET /track/{case_no}`` and ``POST /track/{case_no}/rating`` need no login: the receipt's code is
the key, so a stranger could try codes as fast as the service answers. Failed attempts are
counted per case number and per client address, each over a sliding window:

- ``CASE_LIMIT`` (10) wrong codes for one case number within ``CASE_WINDOW`` (15 minutes): that
  number answers 429 to everyone until the oldest of them leaves the window (a guesser moving
  from address to address gets no further);
- ``CLIENT_LIMIT`` (30) wrong codes from one address within ``CLIENT_WINDOW`` (1 minute): that
  address answers 429 for every number (a guesser moving from number to number).

A refused attempt is not checked and not counted again; a right code counts nothing. Other
clients and other cases are not touched. The counts live in the memory of each replica (one
``TrackingGuard`` per service container), so with N replicas a guesser gets at most N times the
limits; a restart forgets them. The address is the TCP peer's: a reverse proxy in front would make
every applicant one address. At most ``MAX_KEYS`` numbers and addresses are remembered (the
oldest forgotten first), so the memory is bounded too.
"""

from __future__ import annotations

import math
import time
from collections import OrderedDict, deque
from collections.abc import Callable

from nameko.extensions import DependencyProvider

from intake.refusals import IntakeError
from refusals import TooMany

CASE_LIMIT, CASE_WINDOW = 10, 15 * 60.0
CLIENT_LIMIT, CLIENT_WINDOW = 30, 60.0
MAX_KEYS = 100_000
MAX_KEY_LENGTH = 64  # a case number is 22 characters; a longer path segment is cut, not stored whole


class TooManyAttempts(IntakeError, TooMany):
    code = "too_many_attempts"

    def __init__(self, retry_after: int):
        super().__init__(
            f"验证码错误次数过多，请 {retry_after} 秒后再试，或携带回执到窗口查询 "
            f"(too many wrong codes: try again in {retry_after} s, or ask at a window with the receipt)",
            retry_after,
            {"retry_after": retry_after},
        )
        # the edge sets Retry-After from ``retry_after``; the same header here, for callers that log it
        self.headers = (("Retry-After", str(retry_after)),)


class AttemptLog:
    """The times of the failures of each key within ``window`` seconds, oldest key first."""

    def __init__(self, limit: int, window: float, clock: Callable[[], float], max_keys: int = MAX_KEYS):
        self.limit, self.window, self.clock, self.max_keys = limit, window, clock, max_keys
        self.failures: OrderedDict[str, deque[float]] = OrderedDict()

    def retry_after(self, key: str) -> int | None:
        """Seconds until ``key`` may try again, or None while it is under the limit."""
        times = self._recent(key)
        if len(times) < self.limit:
            return None
        return max(1, math.ceil(times[-self.limit] + self.window - self.clock()))

    def fail(self, key: str) -> None:
        times = self._recent(key)
        times.append(self.clock())
        self.failures[key] = times
        self.failures.move_to_end(key)
        while len(self.failures) > self.max_keys:
            self.failures.popitem(last=False)

    def _recent(self, key: str) -> deque[float]:
        times = self.failures.get(key, deque())
        horizon = self.clock() - self.window
        while times and times[0] <= horizon:
            times.popleft()
        if not times:
            self.failures.pop(key, None)
        return times


class Guard:
    """``check`` before the code is compared, ``failed`` after a wrong one."""

    def __init__(self, clock: Callable[[], float] = time.monotonic):
        self.cases = AttemptLog(CASE_LIMIT, CASE_WINDOW, clock)
        self.clients = AttemptLog(CLIENT_LIMIT, CLIENT_WINDOW, clock)

    def check(self, case_no: str, client: str | None) -> None:
        """429 ``too_many_attempts`` with ``Retry-After`` when the number or the address is over its limit."""
        waits = [self.cases.retry_after(_key(case_no)), self.clients.retry_after(_key(client))]
        found = [wait for wait in waits if wait is not None]
        if found:
            raise TooManyAttempts(max(found))

    def failed(self, case_no: str, client: str | None) -> None:
        self.cases.fail(_key(case_no))
        self.clients.fail(_key(client))


def _key(text: str | None) -> str:
    return (text or "")[:MAX_KEY_LENGTH]


class TrackingGuard(DependencyProvider):
    """One ``Guard`` per service container, shared by its workers (eventlet: no thread switches
    inside a check or a count, so no lock is needed)."""

    def setup(self):
        self.guard = Guard()

    def get_dependency(self, worker_ctx) -> Guard:
        return self.guard
