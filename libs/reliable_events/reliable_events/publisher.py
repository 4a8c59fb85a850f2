"""Publishing with pipelined publisher confirms over one py-amqp channel.

nameko's publisher waits for each confirm in turn (about 750 msg/s here). This one sends a
whole batch, then waits once for the broker to confirm every message in it, so a batch of
500 costs one round trip and one disk sync instead of 500.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from urllib.parse import unquote, urlparse

import amqp

from hall_contracts import CONTENT_TYPE

log = logging.getLogger(__name__)

PERSISTENT = 2


class PublishNotConfirmed(Exception):
    """The broker refused (nack) or did not confirm a message in time; retry the batch."""


@dataclass
class OutgoingMessage:
    exchange: str
    routing_key: str
    body: str | bytes
    message_id: str
    headers: dict = field(default_factory=dict)
    content_type: str = CONTENT_TYPE


def connection_params(amqp_uri: str) -> dict:
    """py-amqp keyword arguments for an ``amqp://user:pass@host:port/vhost`` URI."""
    parts = urlparse(amqp_uri)
    vhost = unquote(parts.path[1:]) if len(parts.path) > 1 else "/"
    return {
        "host": f"{parts.hostname or 'localhost'}:{parts.port or 5672}",
        "userid": unquote(parts.username or "guest"),
        "password": unquote(parts.password or "guest"),
        "virtual_host": vhost,
    }


class ConfirmingPublisher:
    """A lazily (re)connected channel in confirm mode. Not shared between threads."""

    def __init__(self, amqp_uri: str, confirm_timeout: float = 30.0, on_connect=None):
        self.amqp_uri = amqp_uri
        self.confirm_timeout = confirm_timeout
        self.on_connect = on_connect
        self._conn = None
        self._channel = None
        self._next_tag = 1
        self._unconfirmed: set[int] = set()
        self._nacked: set[int] = set()

    def connect(self) -> None:
        if self._channel is None:
            self._connect()

    def _connect(self):
        conn = amqp.Connection(connect_timeout=10, read_timeout=None, **connection_params(self.amqp_uri))
        conn.connect()
        channel = conn.channel()
        channel.confirm_select()
        channel.events["basic_ack"].add(self._on_ack)
        channel.events["basic_nack"].add(self._on_nack)
        self._conn, self._channel, self._next_tag = conn, channel, 1
        if self.on_connect:
            self.on_connect(channel)

    @property
    def channel(self):
        if self._channel is None:
            self._connect()
        return self._channel

    def _settle(self, delivery_tag: int, multiple: bool) -> set[int]:
        if multiple:
            done = {tag for tag in self._unconfirmed if tag <= delivery_tag}
        else:
            done = {delivery_tag} & self._unconfirmed
        self._unconfirmed -= done
        return done

    def _on_ack(self, delivery_tag, multiple):
        self._settle(delivery_tag, multiple)

    def _on_nack(self, delivery_tag, multiple):
        self._nacked |= self._settle(delivery_tag, multiple)

    def publish_batch(self, messages: list[OutgoingMessage]) -> None:
        """Publish every message and return once the broker has confirmed all of them."""
        if not messages:
            return
        try:
            self._publish_and_wait(messages)
        except PublishNotConfirmed:
            self.close()
            raise
        except Exception as exc:  # connection lost, broker restarting, socket errors...
            self.close()
            raise PublishNotConfirmed(f"publish failed: {exc!r}") from exc

    def _publish_and_wait(self, messages):
        channel = self.channel
        self._nacked.clear()
        for message in messages:
            channel.basic_publish(
                amqp.Message(
                    message.body,
                    content_type=message.content_type,
                    delivery_mode=PERSISTENT,
                    message_id=message.message_id,
                    application_headers=message.headers,
                ),
                exchange=message.exchange,
                routing_key=message.routing_key,
            )
            self._unconfirmed.add(self._next_tag)
            self._next_tag += 1
        deadline = time.monotonic() + self.confirm_timeout
        while self._unconfirmed:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise PublishNotConfirmed(f"{len(self._unconfirmed)} messages not confirmed in time")
            self._conn.drain_events(timeout=remaining)
        if self._nacked:
            raise PublishNotConfirmed(f"broker refused {len(self._nacked)} messages")

    def close(self) -> None:
        conn, self._conn, self._channel = self._conn, None, None
        self._unconfirmed.clear()
        if conn is not None:
            try:
                conn.collect()
            except Exception:  # pragma: no cover - best effort on a dead socket
                log.debug("closing a broken connection", exc_info=True)
