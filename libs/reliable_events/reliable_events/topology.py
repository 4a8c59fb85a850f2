"""Names and declarations of the exchanges and queues the core relies on.

Per service:
- ``<service>.events`` (topic): its domain events. Its alternate exchange
  ``<service>.events.unrouted`` (fanout) takes every event no queue is bound for into the durable
  queue ``<service>.unrouted``, so a publish is never confirmed into nowhere (a first deploy, a
  consumer not yet started, a re-created queue); an operator replays them from there or from the
  outbox.
- ``<service>.dlx`` (fanout) -> ``<service>.dead_letters``: messages the service gave up on.
- ``<service>.retry.<ms>ms`` (fanout exchange and queue of the same name), one per step of the
  retry schedule: a failed message waits there for ``<ms>`` milliseconds (the queue's TTL) and is
  then dead-lettered through the default exchange back to the queue it failed in (its routing
  key is that queue's name). The delay is in the queue's name, so a new schedule declares new
  queues instead of clashing with the old ones' arguments.

Every declaration here is also in deploy/rabbitmq/definitions.json (a contract test compares
them), so a broker booted from the definitions already holds every queue before any service
publishes.
"""

from __future__ import annotations

from typing import Any

EVENTS_EXCHANGE_SUFFIX = ".events"
QUORUM = "quorum"
CLASSIC = "classic"
DEFAULT_EXCHANGE = ""
# The broker's own redelivery bound is only a backstop (a handler that kills its process every
# time); the project counts attempts itself. RabbitMQ 4 applies 20 to quorum queues by default.
DEFAULT_BROKER_DELIVERY_LIMIT = 20
DEFAULT_RETRY_DELAYS = (1.0, 10.0, 60.0, 300.0, 900.0)


def events_exchange(service: str) -> str:
    return f"{service}{EVENTS_EXCHANGE_SUFFIX}"


def unrouted_exchange(service: str) -> str:
    return f"{events_exchange(service)}.unrouted"


def unrouted_queue(service: str) -> str:
    return f"{service}.unrouted"


def events_exchange_arguments(service: str) -> dict[str, Any]:
    """Whoever declares ``<service>.events`` (its relay, a consumer binding to it, an agency, the
    deploy definitions) declares it with these arguments, or the broker refuses the second
    declaration (PRECONDITION_FAILED)."""
    return {"alternate-exchange": unrouted_exchange(service)}


def dead_letter_exchange(service: str) -> str:
    return f"{service}.dlx"


def dead_letter_queue(service: str) -> str:
    return f"{service}.dead_letters"


def retry_queue(service: str, delay_seconds: float) -> str:
    """``retry_queue("notify", 10)`` -> ``notify.retry.10000ms`` (also its exchange's name)."""
    return f"{service}.retry.{round(delay_seconds * 1000)}ms"


def parse_retry_delays(text: str | None) -> tuple[float, ...]:
    """``"1,10,60"`` -> ``(1.0, 10.0, 60.0)``: the waits before the 1st, 2nd, 3rd... retry."""
    if not text:
        return DEFAULT_RETRY_DELAYS
    delays = tuple(float(part) for part in str(text).split(",") if part.strip())
    if not delays or any(delay <= 0 for delay in delays):
        raise ValueError(f"RETRY_DELAYS must be positive seconds separated by commas, not {text!r}")
    return delays


def _quorum(arguments: dict[str, Any]) -> dict[str, Any]:
    return {"x-queue-type": QUORUM, **arguments}


def consumer_queue_arguments(service: str, queue_type: str, delivery_limit: int) -> dict[str, Any]:
    """Arguments of a consumer queue: dead letters go to the service's DLX.

    On a quorum queue the broker also bounds redelivery (``x-delivery-limit``): the backstop
    for a message that kills its consumer before any verdict; dead-lettering is at-least-once
    so the move to the DLQ cannot lose the message.
    """
    args: dict[str, Any] = {"x-dead-letter-exchange": dead_letter_exchange(service)}
    if queue_type == QUORUM:
        args.update(
            {
                "x-queue-type": QUORUM,
                "x-delivery-limit": delivery_limit,
                "x-dead-letter-strategy": "at-least-once",
                "x-overflow": "reject-publish",
            }
        )
    elif queue_type != CLASSIC:
        raise ValueError(f"QUEUE_TYPE must be {QUORUM!r} or {CLASSIC!r}, not {queue_type!r}")
    return args


def retry_queue_arguments(delay_seconds: float, queue_type: str) -> dict[str, Any]:
    """A delay queue: its messages expire after the delay into the default exchange, whose
    routing by queue name sends each back to the queue it failed in."""
    args = {"x-message-ttl": round(delay_seconds * 1000), "x-dead-letter-exchange": DEFAULT_EXCHANGE}
    if queue_type == QUORUM:
        args.update({"x-dead-letter-strategy": "at-least-once", "x-overflow": "reject-publish"})
        return _quorum(args)
    return args


def declare_events_exchange(channel: Any, service: str) -> None:
    """The events exchange (topic, durable) with its alternate exchange and unrouted queue."""
    channel.exchange_declare(unrouted_exchange(service), "fanout", durable=True, auto_delete=False)
    channel.queue_declare(unrouted_queue(service), durable=True, auto_delete=False, arguments=_quorum({}))
    channel.queue_bind(unrouted_queue(service), unrouted_exchange(service), routing_key="")
    channel.exchange_declare(
        events_exchange(service),
        "topic",
        durable=True,
        auto_delete=False,
        arguments=events_exchange_arguments(service),
    )


def declare_dead_letters(channel: Any, service: str) -> None:
    channel.exchange_declare(dead_letter_exchange(service), "fanout", durable=True, auto_delete=False)
    channel.queue_declare(
        dead_letter_queue(service),
        durable=True,
        auto_delete=False,
        arguments=_quorum({}),
    )
    channel.queue_bind(dead_letter_queue(service), dead_letter_exchange(service), routing_key="")


def declare_retry_queues(channel: Any, service: str, delays: Any, queue_type: str = QUORUM) -> None:
    for delay in delays:
        name = retry_queue(service, delay)
        channel.exchange_declare(name, "fanout", durable=True, auto_delete=False)
        channel.queue_declare(
            name, durable=True, auto_delete=False, arguments=retry_queue_arguments(delay, queue_type)
        )
        channel.queue_bind(name, name, routing_key="")
