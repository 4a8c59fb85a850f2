"""SQLite for one service process, without freezing it when another process holds the lock.

The ``sqlite3`` module is not green: a statement waiting for SQLite's file lock (held by a
``hall-outbox relay`` process, an operator's ``sqlite3`` shell, a backup) blocks the OS thread,
and with it every green thread of the service: health, reads, AMQP heartbeats. Two measures:

- the one statement of a transaction that can wait for the lock (the first write, which
  takes it) is tried at once on the hub; only when the lock is held is it retried in
  eventlet's thread pool, so the hub keeps serving while it waits;
- it waits at most ``SQLITE_BUSY_TIMEOUT`` seconds (1), then fails with ``database is locked``:
  consumers treat that as "unavailable" (retried later without counting an attempt) and the
  HTTP API answers 503 ``database_unavailable``. The service's own writes are serialized on its one
  connection and never wait on each other; only another process makes them wait.

Reads never wait in WAL mode, so they stay on the hub (a thread hop costs more than they do).

Pragmas (``PRAGMAS``), measured on a table shaped like the services' (150,000 rows of 600
bytes, 100 MB): WAL with ``synchronous=NORMAL`` (no fsync per commit; the WAL is synced at
each checkpoint); reads through a memory map of up to 256 MiB (``mmap_size``: a point lookup
cost a quarter less CPU, a full scan half, since pages are read in place instead of copied
from the OS cache). A bigger ``cache_size``, ``temp_store=MEMORY`` and a rarer
``wal_autocheckpoint`` gained nothing measurable and stay at SQLite's defaults. SQLite
writes through ``write()``, not the map, so the map changes nothing in what is written; an
I/O error while reading a mapped page ends the process (SIGBUS) instead of raising. What
``synchronous=NORMAL`` risks on a power loss: docs/architecture.md, "SQLite durability".
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from typing import Any, cast

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

DEFAULT_BUSY_TIMEOUT = 1.0
# statements that take the write lock when no transaction holds it yet (the sqlite3 module
# opens the transaction right before them, inside the same call)
PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=NORMAL",
    "PRAGMA mmap_size=268435456",
    "PRAGMA foreign_keys=ON",
)
_TAKES_WRITE_LOCK = re.compile(r"\s*(INSERT|UPDATE|DELETE|REPLACE|BEGIN|WITH)\b", re.IGNORECASE)


def _off_the_hub(call: Any, *args: Any) -> Any:
    """Run ``call`` in eventlet's thread pool when the process is green, else in place."""
    from eventlet import patcher, tpool

    if not patcher.is_monkey_patched("thread"):
        return call(*args)
    return tpool.execute(call, *args)


class GreenCursor(sqlite3.Cursor):
    """A cursor whose lock-taking statements wait in a thread, not on the hub."""

    def execute(self, sql: str, parameters: Any = (), /) -> Any:
        return self._write_locked(super().execute, sql, parameters)

    def executemany(self, sql: str, seq_of_parameters: Any, /) -> Any:
        return self._write_locked(super().executemany, sql, seq_of_parameters)

    def _write_locked(self, run: Callable[[str, Any], Any], sql: str, parameters: Any) -> Any:
        """Try at once on the hub (the lock is nearly always free, and a thread hop would
        double the cost of a write); only when it is held, wait for it in a thread."""
        if self.connection.in_transaction or not _TAKES_WRITE_LOCK.match(sql):
            return run(sql, parameters)
        try:
            return run(sql, parameters)
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc):
                raise
        # the failed statement was the transaction's first write: nothing is lost, and a fresh
        # transaction cannot hit a stale snapshot (which would fail at once instead of waiting)
        self.connection.rollback()
        connection = cast(GreenConnection, self.connection)  # the only factory of this cursor
        return _off_the_hub(connection.waiting, run, sql, parameters)


class GreenConnection(sqlite3.Connection):
    """Busy timeout 0 on the hub; ``busy_timeout`` seconds only in ``waiting``."""

    busy_timeout = DEFAULT_BUSY_TIMEOUT

    def cursor(self, factory: Any = GreenCursor) -> Any:
        return super().cursor(factory)

    def waiting(self, run: Any, sql: Any, parameters: Any) -> Any:
        self.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout * 1000)}")
        try:
            return run(sql, parameters)
        finally:
            self.execute("PRAGMA busy_timeout = 0")


def sqlite_file_engine(url: str, busy_timeout: float | None = None) -> Engine:
    """One connection (the service's writes queue for it greenly, never on the file lock), WAL.

    The busy timeout goes into the URL (``?timeout=``), so an engine made again from
    ``engine.url`` (the relay's own) waits no longer than the service's.
    """
    parsed = make_url(url)
    if busy_timeout is None:
        configured = parsed.query.get("timeout", DEFAULT_BUSY_TIMEOUT)
        busy_timeout = float(configured[-1] if isinstance(configured, tuple) else configured)
    engine = create_engine(
        parsed.update_query_dict({"timeout": str(busy_timeout)}),
        pool_size=1,
        max_overflow=0,
        pool_timeout=60,
        connect_args={"check_same_thread": False, "factory": GreenConnection},
    )

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.busy_timeout = busy_timeout
        cursor = dbapi_connection.cursor()
        for pragma in PRAGMAS:
            cursor.execute(pragma)
        cursor.execute("PRAGMA busy_timeout = 0")
        cursor.close()

    return engine


def health_engine(engine: Engine) -> Engine:
    """What the health check pings: on a SQLite file a connection of its own, so ``/health``
    does not queue behind writers that hold the service's one connection while another
    process holds the lock; elsewhere the engine itself."""
    if engine.dialect.name != "sqlite" or ":memory:" in str(engine.url):
        return engine
    return create_engine(engine.url, poolclass=NullPool, connect_args={"check_same_thread": False})


__all__ = [
    "DEFAULT_BUSY_TIMEOUT",
    "PRAGMAS",
    "GreenConnection",
    "GreenCursor",
    "health_engine",
    "sqlite_file_engine",
]
