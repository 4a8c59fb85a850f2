"""Notify's consumers with a real database; the worker built by worker_factory (no broker)."""

import copy
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from nameko.testing.services import worker_factory
from sqlalchemy import func, select

from hall_contracts.samples import case_accepted_at_registration, case_accepted_v1, supplement_requested_v1
from notify.orm import deliveries, metadata, notices
from notify.service import NotifyService
from reliable_events import Store, add_core_tables

OUTBOX, INBOX = add_core_tables(metadata)
NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)


def count(engine, table) -> int:
    with engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(table)).scalar_one()


def test_a_case_accepted_event_delivered_twice_archives_its_notices_once(engine):
    store = Store(engine, (OUTBOX, INBOX), "notify", "notify.handle_case_accepted")
    service = worker_factory(NotifyService, db=store, clock=lambda: NOW)
    event = case_accepted_at_registration()
    service.handle_case_accepted([event])
    service.handle_case_accepted([event])  # redelivered: nothing more
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
    event = copy.deepcopy(case_accepted_at_registration())  # the sample builders share nested dicts
    del event["data"]["first_responder"]["phone"]
    with pytest.raises(NoticeDataError, match="first_responder.phone") as raised:
        service.handle_case_accepted([event])
    assert isinstance(raised.value, Unprocessable)
    assert count(engine, notices) == 0 and count(engine, OUTBOX) == 0 and count(engine, INBOX) == 0


def test_r_kind_3_a_supplement_case_gets_one_receipt_at_registration_and_none_at_acceptance(engine):
    catalogue = Path(__file__).resolve().parents[3] / "services" / "intake" / "intake" / "catalogue.json"
    items = {i["code"]: i for i in json.loads(catalogue.read_text(encoding="utf-8"))["items"]}
    for queue, handler, event in (
        ("notify.handle_supplement_requested", "handle_supplement_requested", supplement_requested_v1()),
        ("notify.handle_case_accepted", "handle_case_accepted", case_accepted_v1()),
    ):
        store = Store(engine, (OUTBOX, INBOX), "notify", queue)
        service = worker_factory(NotifyService, db=store, clock=lambda: NOW)
        service.directory.catalogue_item.side_effect = items.__getitem__
        service.directory.receipt_code.return_value = "W4RB9TZ3"
        event = copy.deepcopy(event)
        getattr(service, handler)([event] if handler == "handle_case_accepted" else event)  # a batch
    with engine.connect() as connection:
        rows = connection.execute(select(notices.c.notice_type, notices.c.content)).all()
        published = [str(body) for body in connection.execute(select(OUTBOX.c.body)).scalars()]
    assert sorted(t for t, _ in rows) == ["acceptance", "one_time", "receipt", "supplement"]
    [receipt] = [content for notice_type, content in rows if notice_type == "receipt"]
    assert "查询码：W4RB9TZ3" in receipt and "收件时间：2026年1月5日 09:30" in receipt
    assert len(published) == 4 and not [body for body in published if "W4RB9TZ3" in body]
