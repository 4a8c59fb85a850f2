"""Notify's case_accepted handler with a real database; the worker built by worker_factory."""

import pytest
from nameko.testing.services import worker_factory
from sqlalchemy import func, select

from hall_contracts import build_envelope
from notify.orm import metadata, notices
from notify.service import NotifyService
from reliable_events import Store, add_core_tables, make_engine

OUTBOX, INBOX = add_core_tables(metadata)


@pytest.fixture
def engine(migrated):
    engine = make_engine(migrated("notify"))
    yield engine
    engine.dispose()


def case_accepted():
    data = {
        "case_no": "HALL-20261123-ABCDEFGH", "item_code": "SC-010", "item_name": "个体工商户设立登记",
        "department": "market_regulation", "kind": "promised", "status": "accepted",
        "accepted_at": "2026-11-23T09:30:00+00:00", "deadline": None, "promised_days": 5,
        "first_responder": {"staff_id": "S01", "name": "李四", "phone": "0571-1234", "window": "W03"},
        "channel": "window", "urgent": False, "notices_due": ["receipt"],
        "applicant_ref": "APP-HALL-20261123-ABCDEFGH",
    }
    return build_envelope("intake", "case_accepted", data["case_no"], data)


def test_a_case_accepted_event_delivered_twice_archives_one_receipt_and_announces_it_once(engine):
    store = Store(engine, (OUTBOX, INBOX), "notify", "notify.handle_case_accepted")
    service = worker_factory(NotifyService, db=store)
    event = case_accepted()
    service.handle_case_accepted(event)
    service.handle_case_accepted(event)
    with engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(notices)).scalar_one() == 1
        routing_keys = connection.execute(select(OUTBOX.c.routing_key)).scalars().all()
    assert routing_keys == ["notice_issued"]
