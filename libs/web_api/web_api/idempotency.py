"""``Idempotency-Key``: a creating POST retried with the same key answers the first result again.

A clerk whose ``POST /cases`` timed out cannot know whether the case was made; resending it with
the same ``Idempotency-Key`` header is safe. The first request's answer (status and body) is
stored in the same transaction as the change it answers, so a crash keeps both or neither;
the retry gets that answer again with ``Idempotent-Replayed: true`` and creates nothing.

* Keys belong to a principal (the bearer token's subject, or the Open311 ``api_key``): two
  clerks may pick the same key without meeting.
* The same key with another method, path or body is refused: 422 ``idempotency_key_reused``.
* While the first request with a key runs, another with it gets 409
  ``idempotency_key_in_progress`` (on SQLite it waits its turn and gets the replay).
* Only 2xx answers are kept: a refused request stores nothing, so a corrected retry with the
  same key goes through.
* Keys are kept ``IDEMPOTENCY_KEY_HOURS`` (default 24) and pruned every
  ``IDEMPOTENCY_PRUNE_SECONDS`` (default 600), ``IDEMPOTENCY_PRUNE_BATCH`` rows at a time.

A route opts in with ``@idempotent`` under its ``@api``. Every transaction the route opens
through ``self.db`` then joins the key's one transaction (see ``Joined``).
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar, cast, overload

from nameko.extensions import DependencyProvider
from werkzeug.wrappers import Response

from refusals import Conflict
from reliable_events.storage import Store
from reliable_events.timers import configured_timer
from reliable_events.transaction import Transaction
from web_api.errors import ApiError
from web_api.idempotency_store import Attempt, KeyBusy, claim, prune, record
from web_api.idempotency_table import MAX_KEY_LENGTH

log = logging.getLogger(__name__)

F = TypeVar("F", bound=Callable[..., Any])
Caller = Callable[[Any, Any], "str | None"]

HEADER = "Idempotency-Key"
REPLAYED = "Idempotent-Replayed"
KEPT_HOURS_KEY = "IDEMPOTENCY_KEY_HOURS"
PRUNE_SECONDS_KEY = "IDEMPOTENCY_PRUNE_SECONDS"
PRUNE_BATCH_KEY = "IDEMPOTENCY_PRUNE_BATCH"
PRUNE_ROUNDS = 20  # batches per tick at most, so one tick never holds the worker for long
PRINTABLE = re.compile(r"[\x20-\x7e]+")


class Stored(Exception):
    """Raised inside the key's transaction to roll it back yet answer ``response``."""

    def __init__(self, response: Response) -> None:
        self.response = response


def request_key(request: Any) -> str | None:
    """The request's key; None without the header; 400 when it cannot be one."""
    key: str | None = request.headers.get(HEADER)
    if key is None:
        return None
    if not key.strip() or len(key) > MAX_KEY_LENGTH or not PRINTABLE.fullmatch(key):
        raise ApiError(
            f"幂等键无效：须为 1 至 {MAX_KEY_LENGTH} 个可打印的 ASCII 字符 "
            f"({HEADER} must be 1 to {MAX_KEY_LENGTH} printable ASCII characters)",
            code="idempotency_key_invalid",
        )
    return key


def fingerprint(request: Any) -> str:
    """What the request asked for: a JSON body is compared by meaning, any other byte for byte."""
    raw = request.get_data(cache=True)
    try:
        body = json.dumps(json.loads(raw), sort_keys=True, ensure_ascii=False).encode()
    except ValueError:
        body = raw
    head = f"{request.method} {request.full_path.rstrip('?')}\n".encode()
    return hashlib.sha256(head + body).hexdigest()


def bearer_subject(service: Any, request: Any) -> str | None:
    """The default principal of a key: the subject of the bearer token, if one is sent."""
    principal = service.access.optional(request)
    return None if principal is None else f"token:{principal.subject}"


class Joined:
    """``self.db`` while a keyed route runs: its transactions are the key's transaction.

    A route that catches a failure of one of its blocks and still answers 2xx would keep that
    block's writes (there is no savepoint); no route here does.
    """

    def __init__(self, store: Store, tx: Transaction) -> None:
        self._store, self._tx = store, tx

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        yield self._tx


class KeyPolicy:
    """What a worker sees as ``self.idempotency``: how long keys are kept, and the keyed run."""

    def __init__(self, kept: timedelta, batch: int) -> None:
        self.kept, self.batch = kept, batch

    def answer(self, service: Any, attempt: Attempt, run: Callable[[], Response]) -> Response:
        """Replay the answer stored for ``attempt``'s key, or ``run`` the route and store its."""
        store, now = service.db, _now(service)
        try:
            with store.transaction() as tx:
                held = claim(tx.connection, attempt, now, self.kept)
                if held is not None:
                    return replay(held, attempt)
                service.db = Joined(store, tx)
                try:
                    response = run()
                finally:
                    service.db = store
                if not 200 <= response.status_code < 300:
                    raise Stored(response)
                record(
                    tx.connection,
                    attempt,
                    response.status_code,
                    response.content_type,
                    response.get_data(as_text=True),
                )
        except KeyBusy:
            raise Conflict(
                "相同幂等键的请求正在处理，请稍后重试 (a request with this "
                f"{HEADER} is still being processed; retry shortly)",
                code="idempotency_key_in_progress",
            ) from None
        except Stored as refused:
            return refused.response
        return response

    def prune(self, service: Any) -> int:
        """Delete expired keys, a batch per transaction; how many went."""
        cutoff, total = _now(service) - self.kept, 0
        for _ in range(PRUNE_ROUNDS):
            with service.db.transaction() as tx:
                gone = prune(tx.connection, cutoff, self.batch)
            total += gone
            if gone < self.batch:
                break
        return total


def replay(held: dict[str, Any], attempt: Attempt) -> Response:
    if held["fingerprint"] != attempt.fingerprint:
        raise ApiError(
            "该幂等键已用于另一内容的请求，请换用新的幂等键 (this "
            f"{HEADER} was used for a different request; use a new key)",
            status=422,
            code="idempotency_key_reused",
        )
    response = Response(held["body"], status=held["status"], content_type=held["content_type"])
    response.headers[REPLAYED] = "true"
    return response


def _now(service: Any) -> datetime:
    """The service's clock (tests move it), in UTC: SQLite keeps no time zone."""
    clock = getattr(service, "clock", None)
    now: datetime = clock() if clock is not None else datetime.now(UTC)
    return now.astimezone(UTC)


class IdempotencyKeys(DependencyProvider):
    """Reads the keeping time and the pruning batch once, at container setup."""

    def setup(self) -> None:
        config = self.container.config
        hours = float(config.get(KEPT_HOURS_KEY) or 24)
        batch = int(config.get(PRUNE_BATCH_KEY) or 500)
        if hours <= 0 or batch <= 0:
            raise ValueError(f"{KEPT_HOURS_KEY} and {PRUNE_BATCH_KEY} must be positive")
        self.policy = KeyPolicy(timedelta(hours=hours), batch)

    def get_dependency(self, worker_ctx: Any) -> KeyPolicy:
        return self.policy


@overload
def idempotent(route: F, *, caller: Caller = ...) -> F: ...
@overload
def idempotent(route: None = None, *, caller: Caller = ...) -> Callable[[F], F]: ...
def idempotent(route: F | None = None, *, caller: Caller = bearer_subject) -> F | Callable[[F], F]:
    """Honour ``Idempotency-Key`` on a route (under its ``@api``). ``caller(service, request)``
    names the key's principal; without a key or a principal the route runs as it always did
    (it then refuses an unknown caller itself)."""

    def wrap(route: F) -> F:
        @functools.wraps(route)
        def keyed(self: Any, request: Any, *args: Any, **kwargs: Any) -> Any:
            key = request_key(request)
            if key is None:
                return route(self, request, *args, **kwargs)
            asked = fingerprint(request)  # first: reading a form would consume the body
            principal = caller(self, request)
            if principal is None:
                return route(self, request, *args, **kwargs)
            attempt = Attempt(principal, key, request.method, request.path, asked)
            return self.idempotency.answer(self, attempt, lambda: route(self, request, *args, **kwargs))

        # the mark the OpenAPI check reads (tests/service/test_openapi.py): keyed routes are documented
        keyed.idempotency_key = True  # type: ignore[attr-defined]
        return cast(F, keyed)

    return wrap(route) if route is not None else wrap


class IdempotentPosts:
    """Mixin of a service with ``@idempotent`` routes: the key policy and the pruning timer.

    Needs ``db`` (and uses ``clock`` when the service has one).
    """

    idempotency = IdempotencyKeys()

    @configured_timer(PRUNE_SECONDS_KEY, 600)
    def prune_idempotency_keys(self) -> None:
        gone = self.idempotency.prune(self)
        if gone:
            log.info("pruned %d expired idempotency keys", gone)
