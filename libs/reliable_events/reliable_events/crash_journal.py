"""Telling the message that kills its consumer from the ones that were only beside it.

When a handler kills its process (a native crash, the OOM killer, a ``SIGKILL``), every message
the process had taken comes back, and the broker counts one more delivery for each of them:
its ``x-delivery-limit`` would dead-letter a message that merely shared the process with the
killer. So the count that decides is ours:

- a first delivery costs nothing here (``redelivered`` is false: no crash can be involved);
- a redelivered message records, in a transaction committed just before its handler runs,
  that its handling began (``handling_journal``: starts + 1), and the row is removed once the
  message is settled (acked, retried or dead-lettered). A row still there at the next delivery
  means the process died while handling it (a message that only waited in line is not counted);
- such a message runs **alone** (``HandlingGate``): whatever kills the process now is that
  message, and nobody else's handling is cut short beside it;
- once its handling began ``max_attempts`` times and never ended, it is dead-lettered: it
  killed its consumer each time.

The broker's ``x-delivery-limit`` stays, well above this, as the backstop for a service with no
database.
"""

from __future__ import annotations

import logging
from collections import deque
from datetime import UTC, datetime
from typing import Any

import eventlet
from nameko.extensions import SharedExtension
from sqlalchemy import Engine, Table, delete, select
from sqlalchemy.dialects import postgresql, sqlite

log = logging.getLogger(__name__)

ALONE_AFTER = 1  # handling that began and never ended: it was in flight when the process died


class CrashJournal:
    def __init__(self, engine: Engine, table: Table):
        self.engine = engine
        self.table = table

    def started(self, consumer: str, message_id: str) -> int:
        """Record one more start of this message's handling; return how many there were."""
        row = {
            "consumer": consumer,
            "message_id": message_id,
            "starts": 1,
            "first_started_at": datetime.now(UTC),
        }
        upsert = _upsert(self.table, self.engine.dialect.name).values(row)
        statement = upsert.on_conflict_do_update(
            index_elements=["consumer", "message_id"],
            set_={"starts": self.table.c.starts + 1},
        ).returning(self.table.c.starts)
        with self.engine.begin() as connection:
            starts: int = connection.execute(statement).scalar_one()
        return starts

    def starts(self, consumer: str, message_id: str) -> int:
        with self.engine.connect() as connection:
            return (
                connection.execute(
                    select(self.table.c.starts).where(
                        self.table.c.consumer == consumer, self.table.c.message_id == message_id
                    )
                ).scalar_one_or_none()
                or 0
            )

    def settled(self, consumer: str, message_id: str) -> None:
        with self.engine.begin() as connection:
            connection.execute(
                delete(self.table).where(
                    self.table.c.consumer == consumer, self.table.c.message_id == message_id
                )
            )


def _upsert(table: Table, dialect: str) -> postgresql.Insert | sqlite.Insert:
    if dialect == "postgresql":
        return postgresql.insert(table)
    return sqlite.insert(table)


class HandlingGate(SharedExtension):
    """Starts workers in arrival order; a worker marked ``alone`` starts only when no other
    handler of the service runs, and none starts while it runs. Never blocks its caller: what
    cannot start yet waits in line and is started (in a green thread of its own) on a release."""

    def setup(self) -> None:
        self.running = 0
        self.alone = False
        self.line: deque[Any] = deque()

    def admit(self, alone: bool, start: Any) -> None:
        if not self.line and self._can_start(alone):
            self._start(alone, start)
        else:
            self.line.append((alone, start))

    def release(self, alone: bool) -> None:
        self.running -= 1
        if alone:
            self.alone = False
        while self.line and self._can_start(self.line[0][0]):
            waiting_alone, start = self.line.popleft()
            # not in this thread: it may be a worker's own, and a full pool would wait on it
            self._start(waiting_alone, lambda start=start: eventlet.spawn(start))

    def _can_start(self, alone: bool) -> bool:
        return not self.alone and (self.running == 0 or not alone)

    def _start(self, alone: bool, start: Any) -> None:
        self.running += 1
        self.alone = alone
        try:
            start()
        except Exception:
            self.release(alone)
            raise


class JournalMixin:
    """The journal's side of a consumer entrypoint (``ReliableEventHandler``)."""

    # what the entrypoint has: nameko's container and the queue it consumes from
    container: Any
    queue: Any

    _journal: CrashJournal | None = None

    def crash_journal(self) -> CrashJournal | None:
        """The journal in the service's own database (None for a service without one)."""
        if self._journal is None:
            from reliable_events.storage import Database
            from reliable_events.tables import HANDLING

            for provider in self.container.dependencies:
                if isinstance(provider, Database) and provider.engine is not None:
                    self._journal = CrashJournal(provider.engine, provider.metadata.tables[HANDLING])
        return self._journal

    def journal_previous(self, parsed: Any, message: Any) -> int:
        """How many times this message's handling began and never ended (0 for a first
        delivery, which costs nothing: no crash can be involved yet)."""
        journal = self.crash_journal()
        if not message.delivery_info.get("redelivered") or journal is None:
            return 0
        key = message.properties.get("message_id") or (parsed.get("id") if isinstance(parsed, dict) else None)
        if not key:
            return 0
        message.hall_journal_key = str(key)[:200]
        return journal.starts(self.queue.name, message.hall_journal_key)

    def journal_begin(self, message: Any) -> None:
        """Committed just before the handler runs: if the process dies now, it counts."""
        key = getattr(message, "hall_journal_key", None)
        journal = self.crash_journal()
        if key is not None and journal is not None:  # a key is only set when there is a journal
            journal.started(self.queue.name, key)

    def journal_settled(self, message: Any) -> None:
        key = getattr(message, "hall_journal_key", None)
        journal = self.crash_journal()
        if key is None or journal is None:
            return
        try:
            journal.settled(self.queue.name, key)
            message.hall_journal_key = None
        except Exception:  # the row only makes a later crash count one more: never fatal
            log.warning("could not clear the handling journal of %s", key, exc_info=True)
