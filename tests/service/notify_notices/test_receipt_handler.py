"""Notify's consumers with a real database; the worker built by worker_factory (no broker)."""

import copy
from datetime import UTC, datetime

import pytest
from nameko.testing.services import worker_factory
from sqlalchemy import func, select

from hall_contracts.samples import case_accepted_v1
from notify.orm import deliveries, metadata, notices
from notify.service import NotifyService
from reliable_events import Store, add_core_tables, make_engine

OUTBOX, INBOX = add_core_tables(metadata)
NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)


@pytest.fixture
def engine(migrated):
    engine = make_engine(migrated("notify"))
    yield engine
    engine.dispose()


def count(engine, table) -> int:
    with engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(table)).scalar_one()


def test_r_once_3_a_case_accepted_event_delivered_twice_archives_its_notices_once(engine):
    store = Store(engine, (OUTBOX, INBOX), "notify", "notify.handle_case_accepted")
    service = worker_factory(NotifyService, db=store, clock=lambda: NOW)
    event = case_accepted_v1()
    service.handle_case_accepted(event)
    service.handle_case_accepted(event)
    with engine.connect() as connection:
        types = sorted(connection.execute(select(notices.c.notice_type)).scalars())
        channels = sorted(connection.execute(select(deliveries.c.channel)).scalars())
        routing_keys = connection.execute(select(OUTBOX.c.routing_key)).scalars().all()
    assert types == ["acceptance", "receipt"]
    # each notice: a copy in the applicant's inbox and an SMS, both pending for the delivery loop
    assert channels == ["inbox", "inbox", "sms", "sms"]
    assert routing_keys == ["notice_issued", "notice_issued"]


def test_an_event_that_cannot_fill_its_notice_writes_nothing_and_is_unprocessable(engine):
    from notify.notices.rules import NoticeDataError
    from reliable_events import Unprocessable

    store = Store(engine, (OUTBOX, INBOX), "notify", "notify.handle_case_accepted")
    service = worker_factory(NotifyService, db=store, clock=lambda: NOW)
    event = copy.deepcopy(case_accepted_v1())  # the sample builders share nested dicts
    del event["data"]["first_responder"]["phone"]
    with pytest.raises(NoticeDataError, match="first_responder.phone") as raised:
        service.handle_case_accepted(event)
    assert isinstance(raised.value, Unprocessable)
    assert count(engine, notices) == 0 and count(engine, OUTBOX) == 0 and count(engine, INBOX) == 0
