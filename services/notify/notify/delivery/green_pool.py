"""Sends in flight side by side: a bounded pool of green threads, and HTTP sessions sized for it.

notify runs under nameko, on eventlet: a send is a wait on a peer (the SMS gateway, SMTP,
intake's directory), and a green thread waiting on a socket lets the others run. The loop keeps
at most ``DELIVERY_CONCURRENCY`` sends in flight (``as_completed``) and records their outcomes
as they come back, so one slow answer holds up no other send. The database is only touched by
the loop's own green thread and by the local channels (inbox, print queue), whose SQLite and
psycopg2 calls never yield mid-transaction.

A ``requests.Session`` keeps at most ``pool_maxsize`` connections per host alive; a pool smaller
than the sends in flight would open (and drop) a new connection for each send beyond it
(``pooled_session``).
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterable
from typing import TypeVar

import eventlet
import requests
from eventlet.greenpool import GreenPool
from eventlet.queue import LightQueue
from requests.adapters import DEFAULT_POOLSIZE, HTTPAdapter

from notify.delivery.rules import Settings

Item = TypeVar("Item")
Result = TypeVar("Result")


def as_completed(
    items: Iterable[Item], act: Callable[[Item], Result], size: int
) -> Generator[tuple[Item, Result]]:
    """``(item, act(item))`` for each item, in the order the answers come back, with at most
    ``size`` calls of ``act`` running at once (1: one after the other, in this green thread).

    An exception raised by ``act`` (a bug: channels answer refusals with an outcome) is raised
    here; no further call starts once the caller stops iterating, and the calls in flight are
    waited for (their results are dropped: like a crash, they stay ``sending`` until settled)."""
    items = list(items)
    if size <= 1:
        yield from ((item, act(item)) for item in items)
    else:
        yield from _side_by_side(items, act, size)


def _side_by_side(
    items: list[Item], act: Callable[[Item], Result], size: int
) -> Generator[tuple[Item, Result]]:
    pool: GreenPool = GreenPool(size)
    answers: LightQueue = LightQueue()
    stopped = False

    def one(item: Item) -> None:
        if stopped:  # started after the caller stopped: no send
            return
        try:
            answers.put((item, act(item), None))
        except Exception as error:
            answers.put((item, None, error))

    def start_all() -> None:
        for item in items:
            if stopped:
                return
            pool.spawn_n(one, item)  # waits while ``size`` calls are in flight

    feeder = eventlet.spawn(start_all)
    try:
        for _ in items:
            item, result, error = answers.get()
            if error is not None:
                raise error
            yield item, result
    finally:
        stopped = True
        feeder.wait()
        pool.waitall()


def delivery_concurrency(config) -> int:
    """``DELIVERY_CONCURRENCY`` of a nameko config: the sends in flight, and so the connections
    to keep alive to each peer (the SMS gateway, intake's and complaints' directory paths)."""
    return int(config.get("DELIVERY_CONCURRENCY") or Settings.concurrency)


def pooled_session(size: int) -> requests.Session:
    """A session keeping up to ``size`` connections per host alive (never fewer than requests'
    default 10): one for each send in flight."""
    session = requests.Session()
    adapter = HTTPAdapter(pool_maxsize=max(size, DEFAULT_POOLSIZE))
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session
