"""``hall dead-letters``: a service's dead letters (or its unrouted events), listed, shown and
re-driven on the broker (``reliable_events.dead_letters.DeadLetterQueue``: a listing leaves every
message in place, a re-drive publishes with confirms before it removes)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import click

from hall_cli.output import USAGE, Refused, output

DEFAULT_AMQP_URI = "amqp://guest:guest@127.0.0.1:5672/"
META = "hall.dead_letters"


def open_queue(amqp_uri: str, service: str, unrouted: bool) -> Any:
    """The broker's queue (tests replace this with a fake)."""
    from reliable_events.dead_letters import DeadLetterQueue
    from reliable_events.topology import unrouted_queue

    return DeadLetterQueue(amqp_uri, service, unrouted_queue(service) if unrouted else None)


@contextmanager
def opened() -> Iterator[Any]:
    """The queue, closed afterwards; a broker that does not answer or refuses becomes a ``Refused``."""
    import amqp

    options = click.get_current_context().meta[META]
    try:
        queue = open_queue(options["amqp_uri"], options["service"], options["queue"] == "unrouted")
    except (OSError, amqp.exceptions.AMQPError) as error:
        raise Refused("broker_unreachable", f"无法连接消息代理 (cannot reach the broker): {error}") from None
    try:
        yield queue
    except amqp.exceptions.NotFound as error:
        raise Refused("queue_missing", f"队列不存在 (no such queue): {error}", USAGE) from None
    except (OSError, amqp.exceptions.AMQPError) as error:
        raise Refused("broker_error", f"消息代理出错 (the broker failed): {error}") from None
    finally:
        queue.close()


@click.group("dead-letters")
@click.option(
    "--amqp-uri",
    default=lambda: os.environ.get("AMQP_URI", DEFAULT_AMQP_URI),
    show_default="$AMQP_URI or guest@127.0.0.1:5672",
    help="the service's own account or the operator's (admin): a re-drive is believed from those only",
)
@click.option("--service", required=True, help="intake, joint_review, complaints, notify")
@click.option(
    "--queue",
    type=click.Choice(["dead_letters", "unrouted"]),
    default="dead_letters",
    show_default=True,
    help="unrouted: the events published while no queue was bound for them",
)
@click.pass_context
def dead_letters(context: click.Context, amqp_uri: str, service: str, queue: str) -> None:
    """List, show and re-drive a service's dead letters (operators; 死信处理)."""
    context.meta[META] = {"amqp_uri": amqp_uri, "service": service, "queue": queue}


def summary(letter: Any) -> dict[str, Any]:
    from service_metrics.operator_views import letter_summary

    return letter_summary(letter)


@dead_letters.command("list")
@click.option("--limit", type=click.IntRange(1, 10000), default=1000, show_default=True)
def list_letters(limit: int) -> None:
    """One line per letter: id, event type, queue it failed in, reason, when."""
    out = output()
    with opened() as queue, out.bar("walking the queue") as bar:
        letters = [summary(letter) for letter in queue.browse(limit, progress=bar.advance)]
        name = queue.queue
    out.result(
        letters,
        (
            f"{s['id']}\t{s['event_type']}\t{s['queue']}\t{s['dead_lettered_at']}\t{s['reason']}"
            for s in letters
        ),
    )
    out.note(f"{len(letters)} dead letter(s) in {name}")


@dead_letters.command("show")
@click.argument("message_id")
def show(message_id: str) -> None:
    """One letter with its headers and body (always JSON)."""
    from service_metrics.operator_views import letter_shown

    with opened() as queue:
        found = [letter for letter in queue.browse() if letter.message_id == message_id]
        name = queue.queue
    if not found:
        raise Refused("dead_letter_not_found", f"{name} 中没有该死信 (no dead letter with id {message_id!r})")
    output().result(letter_shown(found[0]), [_pretty(letter_shown(found[0]))])


def _pretty(shown: dict[str, Any]) -> str:
    import json

    return json.dumps(shown, ensure_ascii=False, indent=2)


@dead_letters.command("redrive")
@click.argument("message_id", required=False)
@click.option("--all", "everything", is_flag=True, help="every letter of the queue")
@click.option("--version", help="only if dead-lettered at this time (the listing's dead_lettered_at)")
def redrive(message_id: str | None, everything: bool, version: str | None) -> None:
    """Send letters back to the queue they failed in, afresh; then remove them from here."""
    if bool(message_id) == everything:
        raise Refused("usage", "请给出一个消息 id 或 --all (give one message id or --all)", USAGE)
    out = output()
    with opened() as queue, out.bar("re-driving") as bar:
        if everything:
            count = queue.redrive_all(progress=bar.advance)
            outcome = "redriven"
        else:
            outcome = queue.redrive_one(message_id, version, progress=bar.advance)
            count = int(outcome == "redriven")
    if outcome == "absent":
        raise Refused("dead_letter_not_found", f"没有该死信，可能已重新投递 (no dead letter {message_id!r})")
    if outcome == "changed":
        raise Refused(
            "dead_letter_changed",
            "该消息重新投递后再次进入死信，请查看后再操作 (dead-lettered again since that version)",
        )
    out.result({"redriven": count}, [f"re-drove {count} message(s)"])
