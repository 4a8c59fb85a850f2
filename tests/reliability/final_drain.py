"""The end of a scenario, read from the broker and the producer: wait until everything
settled (``final_drain``), then count the dead letters and the longest outbox wait."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import unquote


@dataclass
class Drain:
    """The end of a scenario: how long the system took to settle, and what it dead-lettered."""

    seconds: float
    dead_letters: list[str]


# The broker refreshes the message counts rabbitmqctl lists every 5 s (quorum queues show 0
# for a while after a restart), so a count there is believed only once it stayed 0 longer.
STATS_INTERVAL = 5.0


def queue_depths(broker, vhost: str) -> dict[str, int]:
    """Ready and unacknowledged messages of every queue of ``vhost``, as of the broker's last
    statistics (up to ``STATS_INTERVAL`` old)."""
    listing = broker.ctl("list_queues", "-p", vhost, "name", "messages", "--silent")
    return {
        name: int(count)
        for name, count in (line.split("\t") for line in listing.splitlines() if "\t" in line)
    }


def ready_now(amqp_uri: str, queues) -> int:
    """Ready messages of ``queues`` as the queues themselves count them (a passive declare)."""
    from bus import connect

    connection = connect(amqp_uri)
    try:
        channel = connection.channel()
        return sum(channel.queue_declare(name, passive=True).method.message_count for name in queues)
    finally:
        connection.close()


def on_the_way(depths: dict[str, int], service: str) -> dict[str, int]:
    """The queues that hold messages on their way to ``service``: its consumer queues and
    delay queues (not its dead letters)."""
    return {
        name: count
        for name, count in depths.items()
        if f"--{service}." in name or name.startswith(f"{service}.retry.")
    }


def in_transit(depths: dict[str, int], service: str) -> int:
    return sum(on_the_way(depths, service).values())


def final_drain(stack, consumer: str, producer_database: str | None, timeout: float = 180) -> Drain:
    """Wait until the producer's outbox (if any) has no pending row and nothing is on its way
    to ``consumer`` (no ready message in its consumer and delay queues, none unacknowledged),
    for longer than the broker's statistics interval; then read what its dead letters hold.
    Judge only after this."""
    from bus import wait_for
    from outbox_scenarios import outbox_state

    started = time.monotonic()
    vhost = unquote(stack.amqp_uri.rsplit("/", 1)[1])
    quiet_since = []

    def settled() -> bool:
        queues = on_the_way(queue_depths(stack.broker, vhost), consumer)
        quiet = (
            (producer_database is None or outbox_state(producer_database)["pending"] == 0)
            and bool(queues)
            and sum(queues.values()) == 0
            and ready_now(stack.amqp_uri, queues) == 0
        )
        if not quiet:
            quiet_since.clear()
            return False
        quiet_since[:] = quiet_since or [time.monotonic()]
        return time.monotonic() - quiet_since[0] > STATS_INTERVAL + 1

    wait_for(settled, timeout=timeout, interval=0.5)
    seconds = time.monotonic() - started - STATS_INTERVAL - 1
    return Drain(max(seconds, 0.0), dead_letter_ids(stack.amqp_uri, consumer))


def dead_letter_ids(amqp_uri: str, service: str) -> list[str]:
    """The ids the service's dead letters hold (a listing leaves them where they are)."""
    from reliable_events.dead_letters import DeadLetterQueue

    dlq = DeadLetterQueue(amqp_uri, service)
    try:
        return [letter.message_id for letter in dlq.browse()]
    finally:
        dlq.close()


def max_outbox_age(producer_database: str) -> float:
    """The longest a committed event waited in the outbox before the broker confirmed it."""
    from sqlalchemy import create_engine, text

    engine = create_engine(producer_database)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                text("SELECT created_at, sent_at FROM outbox WHERE sent_at IS NOT NULL")
            ).all()
    finally:
        engine.dispose()
    return max((_when(sent) - _when(created)).total_seconds() for created, sent in rows) if rows else 0.0


def _when(value) -> datetime:
    """SQLite hands timestamps back as text or naive datetimes; they were written in UTC."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)
