"""``hall outbox``: a service's outbox from its config (``services/<service>/config.yml`` by default):
its backlog, the relay as a process of its own, a replay to one queue, the parked rows and their
retry (``reliable_events.outbox_cli``, ``outbox_replay``, ``outbox_rows``)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from types import SimpleNamespace
from typing import Any

import click

from hall_cli.output import USAGE, Refused, output

META = "hall.outbox"


def open_outbox(options: dict[str, Any]) -> Any:
    """The service's ``Outbox`` (config, engine, tables); tests replace this with a fake."""
    from reliable_events.outbox_cli import Outbox

    try:
        return Outbox(SimpleNamespace(**options))
    except SystemExit as refused:
        raise Refused("config_missing", f"找不到配置文件 (config missing): {refused}", USAGE) from None


@contextmanager
def box() -> Iterator[Any]:
    """The outbox of the command's service; its engine disposed afterwards, a database that cannot
    be reached refused with a code instead of a traceback."""
    import amqp
    from sqlalchemy.exc import SQLAlchemyError

    found = open_outbox(click.get_current_context().meta[META])
    try:
        yield found
    except SQLAlchemyError as error:
        cause = getattr(error, "orig", None) or error
        raise Refused("database_error", f"无法访问数据库 (the database failed): {cause}") from None
    except (OSError, amqp.exceptions.AMQPError) as error:
        raise Refused("broker_error", f"无法连接消息代理 (the broker failed): {error!r}") from None
    finally:
        found.engine.dispose()


@click.group("outbox")
@click.option("--service", required=True, help="intake, joint_review, complaints, notify")
@click.option("--config", help="default: services/<service>/config.yml (run from the repository root)")
@click.option("--module", help="where the service class is (default <service>.service)")
@click.option("--database-url", help="default: DATABASE_URL of the config")
@click.option("--amqp-uri", help="default: AMQP_URI of the config")
@click.pass_context
def outbox(context: click.Context, /, **options: Any) -> None:
    """A service's outbox: status, relay, replay, parked rows (operators; 发件箱)."""
    context.meta[META] = options


@outbox.command("status")
def status() -> None:
    """Pending rows, the age of the oldest, parked rows."""
    from reliable_events.outbox_rows import backlog
    from service_metrics.operator_views import backlog_answer

    with box() as found, found.engine.connect() as connection:
        answer = backlog_answer(found.service, *backlog(connection, found.outbox))
    output().result(
        answer,
        [
            f"{answer['service']}: {answer['pending']} pending "
            f"(oldest {answer['oldest_pending_seconds']} s), {answer['parked']} parked"
        ],
    )


@outbox.command("relay")
def relay() -> None:
    """Publish the outbox: the relay as its own process (OUTBOX_RELAY_ENABLED=false in the service)."""
    from reliable_events.outbox_cli import run_relay

    with box() as found:
        run_relay(found, None)


def _moment(context: click.Context, param: click.Parameter, text: str | None) -> datetime | None:
    from reliable_events.columns import as_utc

    try:
        return as_utc(datetime.fromisoformat(text)) if text else None
    except ValueError:
        raise click.BadParameter(f"应为 ISO 时间 (expected an ISO time), got {text!r}") from None


@outbox.command("replay")
@click.option("--queue", required=True, help="the one queue to replay to (it must exist)")
@click.option(
    "--since", callback=_moment, help="events created at or after (ISO time; UTC without an offset)"
)
@click.option("--until", callback=_moment, help="events created before (ISO time)")
@click.option("--from-id", type=int, help="first outbox id")
@click.option("--to-id", type=int, help="last outbox id, included")
def replay_command(queue: str, since: Any, until: Any, from_id: int | None, to_id: int | None) -> None:
    """Republish already-sent events to one queue, with their ids (an agency's inbox drops repeats)."""
    from reliable_events.outbox_replay import QueueMissing, ReplayRange, replay

    if until is not None and from_id is not None:
        raise Refused("usage", "--until 与 --from-id 不能同时使用 (--until or --from-id, not both)", USAGE)
    out = output()
    with box() as found, out.bar(f"replaying to {queue}") as bar:
        wanted = ReplayRange(since, until, from_id, to_id)
        try:
            count = replay(found.engine, found.outbox, found.amqp_uri, queue, wanted, progress=bar.advance)
        except QueueMissing as missing:
            raise Refused("queue_missing", f"队列不存在 (queue missing): {missing}", USAGE) from None
    out.result(
        {"service": found.service, "queue": queue, "replayed": count},
        [f"{count} event(s) of {found.service} replayed to queue {queue}"],
    )


@outbox.command("parked")
def parked() -> None:
    """The rows the broker kept refusing (one line each)."""
    from reliable_events.outbox_rows import parked_rows

    out = output()
    with box() as found, found.engine.connect() as connection:
        rows = [_parked(row) for row in parked_rows(connection, found.outbox)]
    out.result(rows, (f"{r['id']}\t{r['event_id']}\t{r['routing_key']}\t{r['last_error']}" for r in rows))
    out.note(f"{len(rows)} parked event(s) in the outbox of {found.service}")


def _parked(row: Any) -> dict[str, Any]:
    names = ("id", "event_id", "exchange", "routing_key", "attempts", "last_error")
    return {**{name: getattr(row, name) for name in names}, "parked_at": str(row.parked_at)}


@outbox.command("retry-parked")
@click.option("--id", "ids", type=int, multiple=True, help="only this row (repeatable); default: all")
def retry_parked(ids: tuple[int, ...]) -> None:
    """Make parked rows due again: the relay publishes them on its next pass."""
    from reliable_events.outbox_rows import unpark

    with box() as found, found.engine.begin() as connection:
        count = unpark(connection, found.outbox, list(ids) or None)
    output().result(
        {"service": found.service, "due_again": count},
        [f"{count} parked event(s) of {found.service} are due again; the relay publishes them next pass"],
    )
