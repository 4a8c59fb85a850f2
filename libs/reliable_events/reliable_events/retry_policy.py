"""What happens to a message whose handler failed: retry later, wait out an outage, or give up.

Pure decisions (no broker, no nameko), so every branch is unit-tested:
- a failure counts as an attempt; after ``max_attempts`` attempts the message is dead-lettered;
- ``Unprocessable`` (the data can never be used) is dead-lettered at once;
- a dependency that is down (database unreachable, a peer refusing connections) is not the
  message's fault: it waits and comes back without counting an attempt, until it has waited
  ``unavailable_for`` seconds in all (a dependency down for a day is an incident, not a retry);
- each retry waits longer: the n-th wait is ``delays[n-1]`` (the last one repeats).

The counts travel in headers the project controls (``x-hall-*``), trusted only on a message the
service's own broker account published (the broker checks ``user_id`` against the account that
publishes, so nobody else can forge them). The broker's ``x-delivery-count`` is never read: it
differs between versions, survives dead-lettering and grows when a channel closes.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass
from typing import Any

ATTEMPTS_HEADER = "x-hall-attempts"
WAITS_HEADER = "x-hall-waits"
FIRST_FAILED_HEADER = "x-hall-first-failed-at"
REASON_HEADER = "x-hall-reason"
ORIGINAL_QUEUE_HEADER = "x-hall-original-queue"
# headers of the broker's that must not travel on a copy we publish ourselves
BROKER_HEADERS = ("x-delivery-count",)

RETRY = "retry"
WAIT = "wait"
DEAD_LETTER = "dead_letter"


class Unprocessable(Exception):
    """A handler's verdict that no retry can help: the message is dead-lettered at once."""


class Unavailable(Exception):
    """A handler's verdict that something it needs is down: retry later, without counting."""


@dataclass(frozen=True)
class History:
    """What earlier deliveries of this message went through (zero for a fresh message)."""

    attempts: int = 0  # failures counted toward poison
    waits: int = 0  # retries because a dependency was down
    first_failed_at: float | None = None  # epoch seconds of the first uncounted wait

    @classmethod
    def from_headers(cls, headers: dict[str, Any] | None, trusted: bool) -> History:
        if not trusted or not headers:
            return cls()
        first = headers.get(FIRST_FAILED_HEADER)
        return cls(
            int(headers.get(ATTEMPTS_HEADER, 0) or 0),
            int(headers.get(WAITS_HEADER, 0) or 0),
            float(first) if first is not None else None,
        )

    def headers(self) -> dict[str, Any]:
        values: dict[str, Any] = {ATTEMPTS_HEADER: self.attempts, WAITS_HEADER: self.waits}
        if self.first_failed_at is not None:
            values[FIRST_FAILED_HEADER] = repr(self.first_failed_at)
        return values


@dataclass(frozen=True)
class Verdict:
    action: str  # RETRY, WAIT or DEAD_LETTER
    history: History  # what the next delivery (or the dead letter) carries
    delay: float = 0.0
    reason: str = ""


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int
    delays: tuple[float, ...]
    unavailable_for: float

    def _delay(self, step: int) -> float:
        return self.delays[min(step, len(self.delays) - 1)]

    def decide(self, history: History, exc: BaseException, now: float) -> Verdict:
        reason = f"{type(exc).__name__}: {exc}"
        if isinstance(exc, Unprocessable):
            return Verdict(
                DEAD_LETTER,
                History(history.attempts + 1, history.waits, history.first_failed_at),
                reason=reason,
            )
        if is_unavailable(exc):
            first = history.first_failed_at if history.first_failed_at is not None else now
            waited = History(history.attempts, history.waits + 1, first)
            if now - first >= self.unavailable_for:
                return Verdict(DEAD_LETTER, waited, reason=f"unavailable for {now - first:.0f}s: {reason}")
            return Verdict(WAIT, waited, self._delay(history.waits), reason)
        failed = History(history.attempts + 1, history.waits, history.first_failed_at)
        if failed.attempts >= self.max_attempts:
            return Verdict(DEAD_LETTER, failed, reason=reason)
        return Verdict(RETRY, failed, self._delay(history.attempts), reason)


def parse_seconds(text: Any, default: float) -> float:
    """A configured duration in seconds; empty means the default."""
    if text in (None, ""):
        return default
    value = float(text)
    if value <= 0:
        raise ValueError(f"a duration must be positive seconds, not {text!r}")
    return value


# SQLite reports a wrong statement as OperationalError too: that is a bug, not an outage.
_SQLITE_BUGS = ("no such table", "no such column", "syntax error", "has no column")


def is_unavailable(exc: BaseException) -> bool:
    """True when the failure says a dependency is down rather than that the message is bad."""
    if isinstance(exc, Unavailable):
        return True
    if isinstance(exc, (ConnectionError, TimeoutError, socket.timeout, socket.gaierror)):
        return True
    names = {f"{cls.__module__}.{cls.__name__}" for cls in type(exc).__mro__}
    if names & {
        "requests.exceptions.ConnectionError",
        "requests.exceptions.Timeout",
        "sqlalchemy.exc.TimeoutError",
        "sqlalchemy.exc.InterfaceError",
    }:
        return True
    if "sqlalchemy.exc.DBAPIError" in names and getattr(exc, "connection_invalidated", False):
        return True
    if "sqlalchemy.exc.OperationalError" in names:
        return not any(marker in str(exc) for marker in _SQLITE_BUGS)
    return False
