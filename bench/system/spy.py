"""The spy: one queue bound to every exchange the hall's messages cross (each service's events
exchange with ``#``, joint_review's task exchange and its command exchange), consumed without
acks on a thread of its own. It counts every message (the bus rate) and hands the tracker the
type, case and arrival time of each (the hops). A message routed to several queues counts once:
the bus rate is messages published through the hall's exchanges."""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections import Counter

import pika

from hall_contracts.topology import COMMANDS_EXCHANGE, SUBMIT_OPINION, TASKS_EXCHANGE

EVENT_EXCHANGES = ("intake.events", "joint_review.events", "notify.events", "complaints.events")


class Spy:
    def __init__(self, amqp_uri: str, departments: tuple[str, ...], tracker):
        self.amqp_uri, self.departments, self.tracker = amqp_uri, departments, tracker
        self.counts: Counter = Counter()  # exchange -> messages
        self.total = 0
        self.stopping = False
        self.error: str | None = None
        self.ready = threading.Event()
        self.thread = threading.Thread(target=self._run, name="spy", daemon=True)

    def start(self) -> Spy:
        self.thread.start()
        if not self.ready.wait(30) or self.error:
            raise RuntimeError(f"the spy could not start: {self.error}")
        return self

    def _bind(self, channel) -> str:
        from reliable_events.topology import declare_events_exchange

        name = f"agency.bench.spy.{uuid.uuid4().hex[:8]}"
        channel.queue_declare(name, exclusive=True, auto_delete=True)
        for exchange in EVENT_EXCHANGES:
            declare_events_exchange(channel, exchange.removesuffix(".events"))
            channel.queue_bind(name, exchange, routing_key="#")
        for department in self.departments:
            channel.queue_bind(name, TASKS_EXCHANGE, routing_key=department)
        channel.queue_bind(name, COMMANDS_EXCHANGE, routing_key=SUBMIT_OPINION)
        return name

    def _run(self) -> None:
        try:
            connection = pika.BlockingConnection(pika.URLParameters(self.amqp_uri))
            channel = connection.channel()
            channel.basic_qos(prefetch_count=2000)
            name = self._bind(channel)
            channel.basic_consume(name, self._on_message, auto_ack=True)
            self.ready.set()
            while not self.stopping:
                connection.process_data_events(time_limit=0.2)
            connection.close()
        except Exception as error:  # noqa: BLE001 - reported by start() / the run
            self.error = repr(error)
            self.ready.set()

    def _on_message(self, _channel, method, _properties, body: bytes) -> None:
        at = time.monotonic()
        self.total += 1
        self.counts[method.exchange] += 1
        try:
            message = json.loads(body)
        except ValueError:
            return
        if method.exchange == COMMANDS_EXCHANGE:
            case_no, kind, data = str(message.get("review_id", ""))[3:], "submit_opinion", message
        else:
            data = message.get("data") or {}
            case_no = message.get("subject") or data.get("case_no") or ""
            kind = "task_queued" if method.exchange == TASKS_EXCHANGE else method.routing_key
        if case_no:
            self.tracker.seen(case_no, kind, data, at)

    def stop(self) -> None:
        self.stopping = True
        self.thread.join(10)


def queue_depth(amqp_uri: str, queues: list[str]) -> int:
    """Messages ready in ``queues`` (passive declares on one short connection)."""
    connection = pika.BlockingConnection(pika.URLParameters(amqp_uri))
    total = 0
    try:
        for name in queues:
            channel = connection.channel()
            try:
                total += channel.queue_declare(name, passive=True).method.message_count
                channel.close()
            except pika.exceptions.ChannelClosedByBroker:
                pass
    finally:
        if connection.is_open:
            connection.close()
    return total
