"""Counts what happened to every message a scenario sent.

``check`` (the first checker, kept for its callers): each expected message ends in exactly one
bucket:
- delivered_once: delivered once, applied once;
- duplicated_applied_once: delivered more than once (redelivery, duplicate), applied once;
- lost: never applied.
``unexpected`` lists anything else: a message applied twice, or one nobody sent.
A scenario passes when lost and unexpected are both empty.

``judge`` sorts the same facts into Jepsen's buckets, with what the broker held at the end
(``final_drain.final_drain``) and what an agency received (``SpyQueue``): see ``Outcome``.
"""

from __future__ import annotations

import json
import uuid
from collections import Counter
from dataclasses import dataclass, field

from reliable_events.topology import EVENTS_EXCHANGE_SUFFIX, declare_events_exchange


@dataclass
class DeliveryReport:
    delivered_once: list[str] = field(default_factory=list)
    duplicated_applied_once: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)
    unexpected: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {name: len(ids) for name, ids in vars(self).items()}

    @property
    def clean(self) -> bool:
        return not self.lost and not self.unexpected


def check(expected: list[str], deliveries: Counter, applications: Counter) -> DeliveryReport:
    report = DeliveryReport()
    expected_set = set(expected)
    for message_id in expected:
        applied = applications.get(message_id, 0)
        if applied == 0:
            report.lost.append(message_id)
        elif applied > 1:
            report.unexpected.append(f"{message_id}: applied {applied} times")
        elif deliveries.get(message_id, 1) > 1:
            report.duplicated_applied_once.append(message_id)
        else:
            report.delivered_once.append(message_id)
    for message_id in set(applications) | set(deliveries):
        if message_id not in expected_set:
            report.unexpected.append(f"{message_id}: never sent")
    return report


@dataclass
class Outcome:
    """Every committed message in exactly one bucket:

    - ok: applied exactly once, untouched by the fault;
    - recovered: applied exactly once after the fault caught it: re-driven from the dead
      letters, redelivered to the consumer, or in flight during an outage;
    - dead_lettered: not applied, held in the dead letters (an operator re-drives it);
    - lost: not applied and nowhere to be found;
    - duplicated: applied more than once (the inbox failed);
    - unexpected: applied, delivered or received by an agency, yet never committed.

    ``delivered_twice`` is not a bucket: it counts messages that arrived more than once (at the
    consumer or at an agency's queue), harmless while each is applied once.
    """

    ok: list[str] = field(default_factory=list)
    recovered: list[str] = field(default_factory=list)
    dead_lettered: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)
    duplicated: list[str] = field(default_factory=list)
    unexpected: list[str] = field(default_factory=list)
    delivered_twice: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not self.lost and not self.duplicated and not self.unexpected

    def counts(self) -> dict[str, int]:
        return {name: len(ids) for name, ids in vars(self).items()}

    @property
    def committed(self) -> int:
        return sum(
            len(getattr(self, name)) for name in ("ok", "recovered", "dead_lettered", "lost", "duplicated")
        )


def judge(
    expected,
    applications: Counter,
    deliveries: Counter | None = None,
    *,
    received: Counter | None = None,
    dead_letters=(),
    caught=(),
) -> Outcome:
    """``expected``: the committed ids; ``applications`` / ``deliveries``: per id, how often the
    consumer applied / received it; ``received``: per id, the copies an agency's queue got (the
    spy; ids committed but not meant for the consumer belong in ``expected`` too when it is
    given); ``dead_letters``: ids held in the dead letters; ``caught``: ids the scenario knows
    the fault caught (re-driven, in flight during an outage)."""
    deliveries, received = deliveries or Counter(), received or Counter()
    outcome, held, caught = Outcome(), set(dead_letters), set(caught)
    for message_id in expected:
        applied = applications.get(message_id, 0)
        if applied > 1:
            outcome.duplicated.append(message_id)
        elif applied == 1 and (message_id in caught or deliveries.get(message_id, 0) > 1):
            outcome.recovered.append(message_id)
        elif applied == 1:
            outcome.ok.append(message_id)
        elif message_id in held:
            outcome.dead_lettered.append(message_id)
        else:
            outcome.lost.append(message_id)
    committed = set(expected)
    strangers = (set(applications) | set(deliveries) | set(received) | held) - committed
    outcome.unexpected = sorted(strangers)
    twice = {i for copies in (deliveries, received) for i, n in copies.items() if n > 1}
    outcome.delivered_twice = sorted(twice & committed)
    return outcome


def agency_outcome(committed, received: Counter) -> Outcome:
    """What an agency's queue got: every committed event at least once (``ok``), none it was
    not sent; copies are ``delivered_twice``, never hidden."""
    return judge(committed, Counter(dict.fromkeys(received, 1)), received=received)


# -- what the broker and the producer hold ------------------------------------------------


class SpyQueue:
    """What an agency receives: a durable quorum queue bound with ``#`` to an events exchange.
    ``take()`` counts every copy by message id and never deduplicates: a copy the relay
    published twice shows as 2. It connects afresh for each take, so a broker that was killed,
    stopped or closed every connection in between does not break it."""

    def __init__(self, amqp_uri: str, exchange: str, connect=None):
        from bus import connect as connect_to

        self.connect = connect or (lambda: connect_to(amqp_uri))
        self.name = f"agency.spy.{uuid.uuid4().hex[:8]}"
        self.received: Counter = Counter()
        connection = self.connect()
        try:
            channel = connection.channel()
            channel.queue_declare(self.name, durable=True, arguments={"x-queue-type": "quorum"})
            if exchange.endswith(EVENTS_EXCHANGE_SUFFIX):
                declare_events_exchange(channel, exchange.removesuffix(EVENTS_EXCHANGE_SUFFIX))
            channel.queue_bind(self.name, exchange, routing_key="#")
        finally:
            connection.close()

    def take(self) -> Counter:
        connection = self.connect()
        try:
            channel = connection.channel()
            while True:
                method, properties, body = channel.basic_get(self.name, auto_ack=True)
                if method is None:
                    return self.received
                self.received[properties.message_id or json.loads(body)["id"]] += 1
        finally:
            connection.close()

    def duplicates(self) -> dict[str, int]:
        return {message_id: n for message_id, n in self.received.items() if n > 1}
