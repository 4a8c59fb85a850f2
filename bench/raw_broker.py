"""The raw broker ceiling on this machine: what RabbitMQ and pika manage with no database,
no outbox, no nameko, but with the same durability the core asks for.

One fresh durable queue (quorum or classic, deleted afterwards), persistent messages,
publisher confirms used asynchronously (at most ``window`` unconfirmed messages in flight),
and a consumer on its own connection with manual acks (``prefetch``; acks are sent with
``multiple=True`` every quarter of the prefetch). The end-to-end clock runs from the first
publish to the last message consumed. Each side runs a pika ``SelectConnection`` in its own
thread; the whole run is bounded by ``timeout`` and cleans up after itself.

A benchmark, not a test: it reports numbers and asserts nothing about them.
"""

from __future__ import annotations

import contextlib
import threading
import time
import uuid

import pika
from pika.spec import Basic

QUEUE_TYPES = ("quorum", "classic")


class _Side:
    """One connection on its own I/O loop thread; records the first error it meets."""

    def __init__(self, parameters: pika.URLParameters, name: str):
        self.parameters = parameters
        self.name = name
        self.connection: pika.SelectConnection | None = None
        self.error: str | None = None
        self.finished = False
        self.thread = threading.Thread(target=self._run, name=name, daemon=True)

    def start(self) -> None:
        self.thread.start()

    def _run(self) -> None:
        try:
            self.connection = pika.SelectConnection(
                self.parameters,
                on_open_callback=lambda conn: conn.channel(on_open_callback=self._on_channel),
                on_open_error_callback=self._on_open_error,
                on_close_callback=self._on_close,
            )
            self.connection.ioloop.start()
        except Exception as exc:  # noqa: BLE001 - reported to the caller, not swallowed
            self.error = self.error or f"{self.name}: {exc!r}"

    def _on_channel(self, channel) -> None:
        raise NotImplementedError

    def _on_open_error(self, connection, reason) -> None:
        self.error = f"{self.name}: cannot connect: {reason}"
        connection.ioloop.stop()

    def _on_close(self, connection, reason) -> None:
        if not self.finished and self.error is None:
            self.error = f"{self.name}: connection closed early: {reason}"
        connection.ioloop.stop()

    def _on_channel_closed(self, _channel, reason) -> None:
        if not self.finished and self.error is None:
            self.error = f"{self.name}: channel closed: {reason}"
        self._close()

    def _close(self) -> None:
        if self.connection.is_open:
            self.connection.close()
        elif self.connection.is_closed:
            self.connection.ioloop.stop()

    def stop(self, join_timeout: float = 10.0) -> None:
        """From another thread: close the connection, stop the loop, wait for the thread."""
        if self.connection is not None and self.thread.is_alive():
            # the loop may have ended since is_alive(); then there is nothing left to stop
            with contextlib.suppress(Exception):
                self.connection.ioloop.add_callback_threadsafe(self._close)
        self.thread.join(join_timeout)


class _Publisher(_Side):
    def __init__(self, parameters, queue: str, n: int, window: int, body: bytes):
        super().__init__(parameters, "raw-publisher")
        self.queue, self.n, self.window, self.body = queue, n, window, body
        self.properties = pika.BasicProperties(delivery_mode=2, content_type="application/cloudevents+json")
        self.sent = 0
        self.confirmed = 0
        self.nacked = 0
        self.outstanding: set[int] = set()
        self.first_publish: float | None = None
        self.last_confirm: float | None = None

    def _on_channel(self, channel) -> None:
        self.channel = channel
        channel.add_on_close_callback(self._on_channel_closed)
        channel.confirm_delivery(
            ack_nack_callback=self._on_confirm, callback=lambda _frame: self._publish_more()
        )

    def _publish_more(self) -> None:
        if self.first_publish is None:
            self.first_publish = time.perf_counter()
        while self.sent < self.n and len(self.outstanding) < self.window:
            self.channel.basic_publish("", self.queue, self.body, self.properties)
            self.sent += 1  # the channel's delivery tags count publishes from 1
            self.outstanding.add(self.sent)

    def _on_confirm(self, frame) -> None:
        method = frame.method
        if method.multiple:
            settled = {tag for tag in self.outstanding if tag <= method.delivery_tag}
        else:
            settled = {method.delivery_tag} & self.outstanding
        self.outstanding -= settled
        if isinstance(method, Basic.Nack):
            self.nacked += len(settled)
        else:
            self.confirmed += len(settled)
        if self.confirmed + self.nacked >= self.n:
            self.last_confirm = time.perf_counter()
            self.finished = True
            self._close()
        else:
            self._publish_more()


class _Consumer(_Side):
    def __init__(self, parameters, queue: str, n: int, prefetch: int):
        super().__init__(parameters, "raw-consumer")
        self.queue, self.n, self.prefetch = queue, n, prefetch
        self.ack_every = max(1, prefetch // 4)  # must stay below prefetch or it stalls
        self.ready = threading.Event()
        self.received = 0
        self.unacked = 0
        self.first_message: float | None = None
        self.last_message: float | None = None

    def _on_channel(self, channel) -> None:
        channel.add_on_close_callback(self._on_channel_closed)
        channel.basic_qos(
            prefetch_count=self.prefetch,
            callback=lambda _frame: channel.basic_consume(
                self.queue,
                self._on_message,
                auto_ack=False,
                callback=lambda _ok: self.ready.set(),
            ),
        )

    def _on_message(self, channel, method, _properties, _body) -> None:
        now = time.perf_counter()
        if self.first_message is None:
            self.first_message = now
        self.received += 1
        self.unacked += 1
        if self.unacked >= self.ack_every or self.received >= self.n:
            channel.basic_ack(method.delivery_tag, multiple=True)
            self.unacked = 0
        if self.received >= self.n:
            self.last_message = now
            self.finished = True
            self._close()


def _declare(parameters, queue: str, queue_type: str) -> None:
    with pika.BlockingConnection(parameters) as connection:
        connection.channel().queue_declare(queue, durable=True, arguments={"x-queue-type": queue_type})


def _delete(parameters, queue: str) -> None:
    try:
        with pika.BlockingConnection(parameters) as connection:
            connection.channel().queue_delete(queue)
    except pika.exceptions.AMQPError as exc:
        print(f"warning: could not delete benchmark queue {queue}: {exc!r}")


def _body(size: int) -> bytes:
    padding = max(0, size - len(b'{"pad":""}'))
    return b'{"pad":"' + b"x" * padding + b'"}'


def measure_raw_ceiling(
    amqp_uri: str,
    n: int = 20000,
    queue_type: str = "quorum",
    window: int = 500,
    body_size: int = 600,
    prefetch: int = 1000,
    timeout: float = 120.0,
) -> dict:
    """Messages per second through one durable queue with confirms and manual acks.

    Returns ``end_to_end_per_s`` (first publish -> last consume), ``publish_confirm_per_s``
    (first publish -> last confirm), ``consume_per_s`` (first -> last consume), the settings
    and the seconds taken. Raises TimeoutError after ``timeout`` seconds and RuntimeError if
    a connection fails or the broker nacks a message; the queue is deleted in every case.
    """
    if queue_type not in QUEUE_TYPES:
        raise ValueError(f"queue_type must be one of {QUEUE_TYPES}, not {queue_type!r}")
    if n < 1 or window < 1 or prefetch < 2:
        raise ValueError("n and window must be positive and prefetch at least 2")
    parameters = pika.URLParameters(amqp_uri)
    queue = f"bench.raw.{queue_type}.{uuid.uuid4().hex[:12]}"
    consumer = _Consumer(parameters, queue, n, prefetch)
    publisher = _Publisher(parameters, queue, n, window, _body(body_size))
    deadline = time.monotonic() + timeout
    _declare(parameters, queue, queue_type)
    try:
        consumer.start()
        ready_by = time.monotonic() + min(30.0, timeout)
        while not consumer.ready.wait(0.05):
            if not consumer.thread.is_alive() or time.monotonic() > ready_by:
                raise RuntimeError(consumer.error or "the consumer did not start consuming")
        publisher.start()
        for side in (publisher, consumer):
            side.thread.join(max(0.0, deadline - time.monotonic()))
        if publisher.thread.is_alive() or consumer.thread.is_alive():
            raise TimeoutError(
                f"raw benchmark ({queue_type}) not done after {timeout}s: published "
                f"{publisher.sent}, confirmed {publisher.confirmed}, consumed {consumer.received}"
            )
        errors = [e for e in (publisher.error, consumer.error) if e]
        if errors or publisher.nacked:
            raise RuntimeError("; ".join(errors) or f"the broker nacked {publisher.nacked}")
    finally:
        publisher.stop()
        consumer.stop()
        _delete(parameters, queue)
    elapsed = consumer.last_message - publisher.first_publish
    return {
        "queue_type": queue_type,
        "messages": n,
        "body_bytes": len(publisher.body),
        "window": window,
        "prefetch": prefetch,
        "end_to_end_per_s": n / elapsed,
        "publish_confirm_per_s": n / (publisher.last_confirm - publisher.first_publish),
        "consume_per_s": n / max(consumer.last_message - consumer.first_message, 1e-9),
        "seconds": elapsed,
    }


__all__ = ["QUEUE_TYPES", "measure_raw_ceiling"]
