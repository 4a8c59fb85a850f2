"""Replay: republish a retained range of already-sent outbox events to one named queue.

An agency that binds its queue tomorrow catches up on what it missed: each event goes
through the default exchange straight to that queue (routing key = queue name), never to an
exchange where every other consumer would receive it again, with its original message id and
body so the agency's inbox recognises any event it already had.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import amqp
from sqlalchemy import Engine, Table, select

from reliable_events.columns import as_utc
from reliable_events.publisher import ConfirmingPublisher, OutgoingMessage

DEFAULT_EXCHANGE = ""
REPLAY_BATCH = 500


class QueueMissing(Exception):
    """The named queue does not exist: replaying would silently drop every event."""


def _moment(text: str) -> datetime:
    """An operator's ISO time; without an offset it is UTC, as the outbox stores it."""
    return as_utc(datetime.fromisoformat(text))


@dataclass(frozen=True)
class ReplayRange:
    since: datetime | None = None
    until: datetime | None = None
    from_id: int | None = None
    to_id: int | None = None

    @staticmethod
    def add_arguments(parser: Any) -> None:
        parser.add_argument("--queue", required=True, help="the one queue to replay to")
        parser.add_argument("--since", type=_moment, help="events created at or after (ISO time)")
        bounds = parser.add_mutually_exclusive_group()
        bounds.add_argument("--until", type=_moment, help="events created before (ISO time)")
        bounds.add_argument("--from-id", type=int, help="first outbox id (with --to-id)")
        parser.add_argument("--to-id", type=int, help="last outbox id, included")

    @classmethod
    def from_args(cls, args: Any) -> ReplayRange:
        return cls(args.since, args.until, args.from_id, args.to_id)

    def query(self, outbox: Table, after_id: int, limit: int | None) -> Any:
        c = outbox.c
        query = select(c.id, c.event_id, c.body).where(c.sent_at.is_not(None), c.id > after_id)
        if self.since is not None:
            query = query.where(c.created_at >= self.since)
        if self.until is not None:
            query = query.where(c.created_at < self.until)
        if self.from_id is not None:
            query = query.where(c.id >= self.from_id)
        if self.to_id is not None:
            query = query.where(c.id <= self.to_id)
        return query.order_by(c.id).limit(limit)

    def count_query(self, outbox: Table) -> Any:
        from sqlalchemy import func

        return select(func.count()).select_from(self.query(outbox, 0, None).subquery())


def replay(
    engine: Engine, outbox: Table, amqp_uri: str, queue: str, wanted: ReplayRange, progress: Any = None
) -> int:
    """Publish the range in id order, batch by batch with publisher confirms; returns how
    many events the broker confirmed. Raises ``QueueMissing`` before publishing anything."""
    publisher = ConfirmingPublisher(amqp_uri)
    try:
        _require_queue(publisher, queue)
        with engine.connect() as connection:
            total = connection.execute(wanted.count_query(outbox)).scalar_one()
        done, after_id = 0, 0
        while True:
            with engine.connect() as connection:
                rows = connection.execute(wanted.query(outbox, after_id, REPLAY_BATCH)).all()
            if not rows:
                return done
            publisher.publish_batch(
                [OutgoingMessage(DEFAULT_EXCHANGE, queue, row.body, row.event_id) for row in rows]
            )
            done, after_id = done + len(rows), rows[-1].id
            if progress is not None:
                progress(done, total)
    finally:
        publisher.close()


def _require_queue(publisher: ConfirmingPublisher, queue: str) -> None:
    try:
        publisher.channel.queue_declare(queue, passive=True)
    except amqp.exceptions.NotFound:
        publisher.close()
        raise QueueMissing(
            f"queue {queue!r} does not exist on the broker; declare and bind it "
            "first (replay publishes to one existing queue, never to an exchange)"
        ) from None
