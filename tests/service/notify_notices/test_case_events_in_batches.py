"""The events of every case come to notify in batches (``reliable_batch_handler``): one
transaction for the batch, each event applied once (a copy in the same batch or a later one adds
nothing), each notice announced with its own event's correlation id; an event that cannot fill
its notice fails the whole batch before anything is written (the handler then retries its
messages one by one, so that event alone is dead-lettered)."""

import copy
import json
from datetime import UTC, datetime

import pytest
from nameko.testing.services import worker_factory
from sqlalchemy import event, func, select

from hall_contracts.samples import case_accepted_at_registration
from notify.notices.rules import NoticeDataError
from notify.orm import deliveries, metadata, notices
from notify.service import NotifyService
from reliable_events import Store, add_core_tables

OUTBOX, INBOX = add_core_tables(metadata)
NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)


def accepted(n: int) -> dict:
    found = copy.deepcopy(case_accepted_at_registration())
    found["id"], found["correlationid"] = f"evt-batch-{n}", f"corr-batch-{n}"
    found["data"]["case_no"] = found["subject"] = f"HALL-20261123-BATCH{n}"
    return found


def count(engine, table) -> int:
    with engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(table)).scalar_one()


def test_a_batch_of_cases_is_archived_in_one_transaction_each_event_once(engine):
    store = Store(engine, (OUTBOX, INBOX), "notify", "notify.handle_case_accepted")
    service = worker_factory(NotifyService, db=store, clock=lambda: NOW)
    service.directory.receipt_code.return_value = None
    commits: list[int] = []
    event.listen(engine, "commit", lambda conn: commits.append(1))
    service.handle_case_accepted([accepted(1), accepted(2), accepted(1)])
    assert len(commits) == 1
    service.handle_case_accepted([accepted(2), accepted(3)])  # 2 again: only 3 is new
    with engine.connect() as connection:
        cases = connection.execute(select(notices.c.case_no, func.count()).group_by(notices.c.case_no)).all()
        published = [json.loads(body) for body in connection.execute(select(OUTBOX.c.body)).scalars()]
    assert sorted(cases) == [(f"HALL-20261123-BATCH{n}", 2) for n in (1, 2, 3)]
    assert count(engine, deliveries) == 12
    assert sorted((e["subject"], e["correlationid"]) for e in published) == sorted(
        (f"HALL-20261123-BATCH{n}", f"corr-batch-{n}") for n in (1, 2, 3) for _ in range(2)
    )
    assert service.delivery_bell.call_count == 2  # the loop woken after each commit that queued


def test_an_event_that_cannot_fill_its_notice_fails_its_batch_before_anything_is_written(engine):
    store = Store(engine, (OUTBOX, INBOX), "notify", "notify.handle_case_accepted")
    service = worker_factory(NotifyService, db=store, clock=lambda: NOW)
    service.directory.receipt_code.return_value = None
    poison = accepted(2)
    del poison["data"]["first_responder"]["phone"]
    with pytest.raises(NoticeDataError):
        service.handle_case_accepted([accepted(1), poison, accepted(3)])
    assert count(engine, notices) == 0 and count(engine, INBOX) == 0 and count(engine, OUTBOX) == 0
    for one in (accepted(1), accepted(3)):  # retried one by one: the others go through
        service.handle_case_accepted([one])
    assert count(engine, notices) == 4
