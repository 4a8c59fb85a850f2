"""List, inspect and re-drive a service's dead letters.

    hall-dead-letters --amqp-uri amqp://guest:guest@127.0.0.1:5672/ --service notify list
    hall-dead-letters --service notify show <message-id>
    hall-dead-letters --service notify redrive <message-id>|--all

Browsing takes messages without acking them and closes the channel, so the broker puts
them back; a re-drive publishes the message to the queue it failed in (with publisher
confirms) and only then removes it from the dead-letter queue.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import dataclass

import amqp

from reliable_events.consumer import ORIGINAL_QUEUE_HEADER, REASON_HEADER
from reliable_events.publisher import ConfirmingPublisher, OutgoingMessage, connection_params
from reliable_events.topology import dead_letter_queue

BROWSE_LIMIT = 1000


@dataclass
class DeadLetter:
    delivery_tag: int
    message_id: str
    original_queue: str
    reason: str
    headers: dict
    body: bytes
    content_type: str

    def summary(self) -> dict:
        return {"message_id": self.message_id, "queue": self.original_queue, "reason": self.reason}


def _describe(message) -> DeadLetter:
    headers = dict(message.properties.get("application_headers") or {})
    deaths = headers.get("x-death") or []
    queue = headers.get(ORIGINAL_QUEUE_HEADER) or (deaths[0].get("queue") if deaths else "")
    reason = headers.get(REASON_HEADER) or (deaths[0].get("reason") if deaths else "unknown")
    body = message.body if isinstance(message.body, bytes) else str(message.body).encode()
    return DeadLetter(message.delivery_tag, message.properties.get("message_id") or _envelope_id(body),
                      str(queue), str(reason), headers, body,
                      message.properties.get("content_type", "application/json"))


def _envelope_id(body: bytes) -> str:
    """Messages published without a message id are still named by their envelope's id."""
    try:
        return str(json.loads(body).get("id", ""))
    except (ValueError, AttributeError):
        return ""


class DeadLetterQueue:
    def __init__(self, amqp_uri: str, service: str):
        self.amqp_uri = amqp_uri
        self.queue = dead_letter_queue(service)
        self.conn = amqp.Connection(**connection_params(amqp_uri))
        self.conn.connect()
        self.channel = self.conn.channel()

    def browse(self, limit: int = BROWSE_LIMIT) -> list[DeadLetter]:
        letters = []
        while len(letters) < limit:
            message = self.channel.basic_get(self.queue, no_ack=False)
            if message is None:
                break
            letters.append(_describe(message))
        return letters

    def redrive(self, letters: list[DeadLetter]) -> int:
        publisher = ConfirmingPublisher(self.amqp_uri)
        try:
            for letter in letters:
                headers = {k: v for k, v in letter.headers.items()
                           if not k.startswith("x-hall-") and k != "x-death"}
                publisher.publish_batch([OutgoingMessage(
                    "", letter.original_queue, letter.body, letter.message_id, headers,
                    content_type=letter.content_type)])
                self.channel.basic_ack(letter.delivery_tag)
        finally:
            publisher.close()
        return len(letters)

    def close(self) -> None:
        self.conn.close()  # unacked browsed messages go back to the queue


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="hall-dead-letters", description=__doc__.split("\n")[0])
    parser.add_argument("--amqp-uri", default=os.environ.get("AMQP_URI", "amqp://guest:guest@127.0.0.1:5672/"))
    parser.add_argument("--service", required=True)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("list")
    show = sub.add_parser("show")
    show.add_argument("message_id")
    redrive = sub.add_parser("redrive")
    redrive.add_argument("message_id", nargs="?")
    redrive.add_argument("--all", action="store_true")
    args = parser.parse_args(argv)

    dlq = DeadLetterQueue(args.amqp_uri, args.service)
    try:
        letters = dlq.browse()
        if args.command == "list":
            for letter in letters:
                print(json.dumps(letter.summary(), ensure_ascii=False))
            print(f"{len(letters)} dead letter(s) in {dlq.queue}", file=sys.stderr)
            return 0
        wanted = letters if getattr(args, "all", False) else [
            letter for letter in letters if letter.message_id == args.message_id]
        if not wanted:
            print(f"no dead letter with id {args.message_id!r} in {dlq.queue}", file=sys.stderr)
            return 1
        if args.command == "show":
            letter = wanted[0]
            print(json.dumps({**letter.summary(), "headers": {k: str(v) for k, v in letter.headers.items()},
                              "body": letter.body.decode("utf-8", "replace")}, ensure_ascii=False, indent=2))
            return 0
        count = dlq.redrive(wanted)
        print(f"re-drove {count} message(s)")
        return 0
    finally:
        dlq.close()


if __name__ == "__main__":
    sys.exit(main())


def dead_letter_depth(amqp_uri: str, service: str, timeout: float = 2.0) -> int:
    """Messages waiting in the service's DLQ; raises if the broker cannot be reached.

    Doubles as the broker check of ``/health``.
    """
    conn = amqp.Connection(connect_timeout=timeout, **connection_params(amqp_uri))
    conn.connect()
    try:
        channel = conn.channel()
        try:
            _, count, _ = channel.queue_declare(dead_letter_queue(service), passive=True)
        except amqp.exceptions.NotFound:
            return 0
        return count
    finally:
        try:
            conn.close()
        except Exception:  # the channel error above already closed things
            pass
