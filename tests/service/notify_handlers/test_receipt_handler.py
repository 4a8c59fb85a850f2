"""Notify's case_accepted handler with a real database; the worker built by worker_factory."""

import pytest
from nameko.testing.services import worker_factory
from sqlalchemy import func, select

from hall_contracts.samples import case_accepted_v1
from notify.orm import metadata, notices
from notify.service import NotifyService
from reliable_events import Store, add_core_tables, make_engine

OUTBOX, INBOX = add_core_tables(metadata)


@pytest.fixture
def engine(migrated):
    engine = make_engine(migrated("notify"))
    yield engine
    engine.dispose()


def test_a_case_accepted_event_delivered_twice_archives_one_receipt_and_announces_it_once(engine):
    store = Store(engine, (OUTBOX, INBOX), "notify", "notify.handle_case_accepted")
    service = worker_factory(NotifyService, db=store)
    event = case_accepted_v1()
    service.handle_case_accepted(event)
    service.handle_case_accepted(event)
    with engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(notices)).scalar_one() == 1
        routing_keys = connection.execute(select(OUTBOX.c.routing_key)).scalars().all()
    assert routing_keys == ["notice_issued"]
