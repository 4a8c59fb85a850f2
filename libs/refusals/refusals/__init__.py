"""Why the hall did not do what was asked: one small vocabulary every service's rules speak.

A domain module raises ``Invalid``, ``NotFound``, ``Conflict``, ``Forbidden`` … with a stable
``code`` (what a client program checks), a ``message`` a window clerk understands (Chinese first)
and optional ``details`` (every problem, by field). It never names an HTTP status: the web edge
(``web_api``) maps each kind to one status, once. (A message consumer treats a refusal like any
other error, retried and then dead-lettered: an event may arrive before the thing it refers to.)

    class AlreadyAnswered(Conflict):
        code = "already_answered"

    raise AlreadyAnswered("该部门本轮已答复 (this department has answered this round)")
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "Conflict",
    "Forbidden",
    "Invalid",
    "Malformed",
    "Misconfigured",
    "NotFound",
    "Refusal",
    "TooMany",
    "Unauthenticated",
]


class Refusal(Exception):
    """A request the hall will not carry out, for a reason the caller can act on."""

    code = "refused"

    def __init__(self, message: str, details: Any = None, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details
        if code is not None:
            self.code = code

    def __repr__(self) -> str:
        return f"{type(self).__name__}(code={self.code!r}, message={self.message!r})"


class Malformed(Refusal):
    """The request cannot even be read (not JSON, not an object, a bad query parameter)."""

    code = "bad_request"


class Invalid(Refusal):
    """Well formed, but it breaks a rule; ``details`` lists every problem by field."""

    code = "validation_failed"


class NotFound(Refusal):
    """No such thing, or none the caller may know of (a window never learns another's cases)."""

    code = "not_found"


class Conflict(Refusal):
    """The thing is not in a state that allows this now (answering twice, completing a closed case)."""

    code = "conflict"


class Unauthenticated(Refusal):
    """Nobody signed in, or the credentials are not known."""

    code = "unauthenticated"


class Forbidden(Refusal):
    """The caller is known, but their role or department may not do this."""

    code = "forbidden"


class TooMany(Refusal):
    """Too many attempts in a short time; ``retry_after`` says, in seconds, when to try again."""

    code = "too_many_attempts"

    def __init__(self, message: str, retry_after: int, details: Any = None, *, code: str | None = None):
        super().__init__(message, details, code=code)
        self.retry_after = retry_after


class Misconfigured(Refusal):
    """The hall's own configuration breaks a rule (an operator's file): not the caller's fault."""

    code = "misconfigured"
