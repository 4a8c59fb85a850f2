"""Notify's unit of work: one transaction (``reliable_events.Transaction``: a connection, the
outbox, the inbox) with the repositories notify's use cases ask it for. A use case is
``def use_case(command, uow)``; its unit tests hand it an in-memory fake with the same faces."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from notify.archive.repository import ArchiveRepository
from notify.delivery.repository import DeliveryRepository
from notify.enquiries.repository import OneTimeNoticeRepository
from notify.letters.repository import PrintJobRepository
from notify.notices.repository import NoticeRepository
from reliable_events import Store, Transaction


class UnitOfWork:
    def __init__(self, tx: Transaction):
        # the outbox of this transaction: use cases publish through ``uow.tx`` with the event
        # type as a literal, where the contract test finds every type notify publishes
        self.tx = tx
        self.notices = NoticeRepository(tx.connection)
        self.deliveries = DeliveryRepository(tx.connection)
        self.archive = ArchiveRepository(tx.connection)
        self.print_jobs = PrintJobRepository(tx.connection)
        self.one_time = OneTimeNoticeRepository(tx.connection)

    def seen_before(self, event: dict[str, Any]) -> bool:
        """True if this consumer applied the event already; otherwise marks it applied."""
        return self.tx.seen_before(event)


@contextmanager
def unit_of_work(store: Store) -> Iterator[UnitOfWork]:
    with store.transaction() as tx:
        yield UnitOfWork(tx)
