"""Names and declarations of the exchanges and queues the core relies on."""

from __future__ import annotations

EVENTS_EXCHANGE_SUFFIX = ".events"
QUORUM = "quorum"
CLASSIC = "classic"


def events_exchange(service: str) -> str:
    return f"{service}{EVENTS_EXCHANGE_SUFFIX}"


def dead_letter_exchange(service: str) -> str:
    return f"{service}.dlx"


def dead_letter_queue(service: str) -> str:
    return f"{service}.dead_letters"


def consumer_queue_arguments(service: str, queue_type: str, max_deliveries: int) -> dict:
    """Arguments of a consumer queue: dead letters go to the service's DLX.

    On a quorum queue the broker itself bounds redelivery (``x-delivery-limit``), which also
    stops a message that crashes its consumer every time; dead-lettering is at-least-once so
    the move to the DLQ cannot lose the message.
    """
    args = {"x-dead-letter-exchange": dead_letter_exchange(service)}
    if queue_type == QUORUM:
        args.update(
            {
                "x-queue-type": QUORUM,
                "x-delivery-limit": max_deliveries,
                "x-dead-letter-strategy": "at-least-once",
                "x-overflow": "reject-publish",
            }
        )
    elif queue_type != CLASSIC:
        raise ValueError(f"QUEUE_TYPE must be {QUORUM!r} or {CLASSIC!r}, not {queue_type!r}")
    return args


def declare_events_exchange(channel, service: str) -> None:
    """Same declaration as nameko's ``get_event_exchange``: topic, durable."""
    channel.exchange_declare(events_exchange(service), "topic", durable=True, auto_delete=False)


def declare_dead_letters(channel, service: str) -> None:
    channel.exchange_declare(dead_letter_exchange(service), "fanout", durable=True, auto_delete=False)
    channel.queue_declare(
        dead_letter_queue(service), durable=True, auto_delete=False,
        arguments={"x-queue-type": QUORUM},
    )
    channel.queue_bind(dead_letter_queue(service), dead_letter_exchange(service), routing_key="")
