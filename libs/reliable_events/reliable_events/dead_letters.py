"""List, inspect and re-drive a service's dead letters.

    hall-dead-letters --amqp-uri amqp://guest:guest@127.0.0.1:5672/ --service notify list
    hall-dead-letters --service notify show <message-id>
    hall-dead-letters --service notify redrive <message-id>|--all

Browsing never relies on the broker putting messages back: a message taken unacked and
returned counts as a delivery, and a quorum queue with a delivery limit (RabbitMQ 4 gives every
quorum queue one of 20 by default) would drop a dead letter after that many listings. So a
listing walks the queue once around: it takes each message, publishes an identical copy to the
back of the queue with publisher confirms, and only then acks the one it took. The queue ends
in its original order; a crash in the middle leaves at most one duplicate, never a gap.
A re-drive publishes the message to the queue it failed in (with publisher confirms), without
the project's attempt headers (it starts afresh) but with the exchange it first came from
(``x-hall-origin-exchange``, believed by the consumer only from the service's own account or the
operator's: run this tool with one of those), and only then removes it from the dead letters.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable

from reliable_events.dead_letter_records import DeadLetter, describe
from reliable_events.provenance import ORIGIN_HEADER
from reliable_events.publisher import (
    ConfirmingPublisher,
    OutgoingMessage,
    broker_uris,
    connection_params,
)
from reliable_events.queue_depths import first_answering, parking_depths, queue_depths
from reliable_events.retry_policy import BROKER_HEADERS
from reliable_events.topology import dead_letter_queue, unrouted_queue

__all__ = ["DeadLetter", "DeadLetterQueue", "main", "parking_depths", "queue_depths"]

BROWSE_LIMIT = 1000
Progress = Callable[[int, int], None]  # (messages walked so far, messages in the queue at the start)


class DeadLetterQueue:
    """A service's dead letters (or, with ``queue=``, another parking queue of the service)."""

    def __init__(self, amqp_uri: str, service: str, queue: str | None = None):
        self.amqp_uri = amqp_uri
        self.queue = queue or dead_letter_queue(service)
        self.conn = first_answering(amqp_uri, 10.0)
        self.channel = self.conn.channel()
        self.publisher = ConfirmingPublisher(amqp_uri)
        self.user = connection_params(broker_uris(amqp_uri)[0])["userid"]

    def browse(self, limit: int = BROWSE_LIMIT, progress: Progress | None = None) -> list[DeadLetter]:
        """Every message in the queue (up to ``limit``), left in place: see the module doc."""
        _, waiting, _ = self.channel.queue_declare(self.queue, passive=True)
        letters = []
        for walked in range(1, min(waiting, limit) + 1):
            message = self.channel.basic_get(self.queue, no_ack=False)
            if message is None:
                break
            letter = describe(message)
            self.publisher.publish_batch([letter.copy_to("", self.queue, letter.requeued_headers())])
            self.channel.basic_ack(message.delivery_tag)
            letters.append(letter)
            if progress is not None:
                progress(walked, min(waiting, limit))
        return letters

    def redrive(self, wanted: list[DeadLetter], progress: Progress | None = None) -> int:
        """Send each wanted letter back to its queue, and only then remove it from here."""
        ids = {letter.message_id for letter in wanted}
        return self._walk(lambda letter, done: letter.message_id in ids, progress)

    def redrive_all(self, progress: Progress | None = None) -> int:
        """Every letter back to its queue, in one walk around the queue."""
        return self._walk(lambda letter, done: True, progress)

    def redrive_one(
        self, message_id: str, version: str | None = None, progress: Progress | None = None
    ) -> str:
        """Re-drive exactly one letter with ``message_id`` (and, if given, dead-lettered at
        ``version``): "redriven"; "absent" when no letter has that id (re-driven already);
        "changed" when it has but was dead-lettered again since (another, later failure)."""
        seen: list[DeadLetter] = []

        def chosen(letter: DeadLetter, done: int) -> bool:
            if letter.message_id != message_id:
                return False
            seen.append(letter)
            return not done and (version is None or letter.dead_lettered_at == version)

        if self._walk(chosen, progress):
            return "redriven"
        return "changed" if seen else "absent"

    def _walk(self, chosen: Callable[[DeadLetter, int], bool], progress: Progress | None = None) -> int:
        """Once around the queue: each letter ``chosen(letter, re-driven so far)`` is re-driven,
        every other goes to the back of the queue, as a listing does; ``progress(walked,
        waiting)`` after each message."""
        _, waiting, _ = self.channel.queue_declare(self.queue, passive=True)
        done = 0
        for walked in range(1, waiting + 1):
            message = self.channel.basic_get(self.queue, no_ack=False)
            if message is None:
                break
            letter = describe(message)
            if chosen(letter, done):
                self.publisher.publish_batch([self._fresh_copy(letter)])
                done += 1
            else:
                self.publisher.publish_batch([letter.copy_to("", self.queue, letter.requeued_headers())])
            self.channel.basic_ack(message.delivery_tag)
            if progress is not None:
                progress(walked, waiting)
        return done

    def _fresh_copy(self, letter: DeadLetter) -> OutgoingMessage:
        """Afresh, but with the exchange of first arrival (reliable_events.provenance), vouched
        for by this account's user_id (the service's own or the operator's)."""
        fresh = {
            key: value
            for key, value in letter.headers.items()
            if (not key.startswith("x-hall-") or key == ORIGIN_HEADER)
            and key != "x-death"
            and key not in BROKER_HEADERS
        }
        copy = letter.copy_to(*letter.home(), fresh)
        copy.user_id = self.user
        return copy

    def close(self) -> None:
        self.publisher.close()
        self.conn.close()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="hall-dead-letters", description=(__doc__ or "").split("\n")[0])
    parser.add_argument(
        "--amqp-uri", default=os.environ.get("AMQP_URI", "amqp://guest:guest@127.0.0.1:5672/")
    )
    parser.add_argument("--service", required=True)
    parser.add_argument(
        "--queue",
        choices=("dead_letters", "unrouted"),
        default="dead_letters",
        help="unrouted: the events published while no queue was bound for them",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("list")
    show = sub.add_parser("show")
    show.add_argument("message_id")
    redrive = sub.add_parser("redrive")
    redrive.add_argument("message_id", nargs="?")
    redrive.add_argument("--all", action="store_true")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    queue = unrouted_queue(args.service) if args.queue == "unrouted" else None
    dlq = DeadLetterQueue(args.amqp_uri, args.service, queue)
    try:
        return _run(dlq, args)
    finally:
        dlq.close()


def _run(dlq: DeadLetterQueue, args: argparse.Namespace) -> int:
    letters = dlq.browse()
    if args.command == "list":
        for letter in letters:
            print(json.dumps(letter.summary(), ensure_ascii=False))
        print(f"{len(letters)} dead letter(s) in {dlq.queue}", file=sys.stderr)
        return 0
    wanted = (
        letters
        if getattr(args, "all", False)
        else [letter for letter in letters if letter.message_id == args.message_id]
    )
    if not wanted:
        print(f"no dead letter with id {args.message_id!r} in {dlq.queue}", file=sys.stderr)
        return 1
    if args.command == "show":
        _show(wanted[0])
        return 0
    count = dlq.redrive(wanted)
    print(f"re-drove {count} message(s)")
    return 0


def _show(letter: DeadLetter) -> None:
    shown = {
        **letter.summary(),
        "headers": {k: str(v) for k, v in letter.headers.items()},
        "body": letter.body.decode("utf-8", "replace"),
    }
    print(json.dumps(shown, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    sys.exit(main())
