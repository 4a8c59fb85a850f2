"""R-ONCE-2 in notify on a real database (SQLite, or PostgreSQL with HALL_TEST_DB=postgresql):
the enquiry's event issues the one-time notice and keeps its due time once, the sweep raises it
once past due, and the lists tell pending, overdue and late apart."""

import copy
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from nameko.testing.services import worker_factory
from sqlalchemy import func, select

from hall_contracts.sample_enquiries import enquiry_recorded_v1
from notify.enquiries.rules import DELIVERED_LATE, OVERDUE, PENDING
from notify.orm import deliveries, metadata, notices, one_time_notices
from notify.service import NotifyService
from notify.unit_of_work import unit_of_work
from reliable_events import Store, add_core_tables, make_engine

OUTBOX, INBOX = add_core_tables(metadata)
RECORDED = datetime(2026, 1, 5, 2, 12, tzinfo=UTC)
DUE = datetime(2026, 1, 8, 16, 0, tzinfo=UTC)
CATALOGUE = Path(__file__).resolve().parents[3] / "services" / "intake" / "intake" / "catalogue.json"


class Directory:
    """intake's public catalogue, as notify reads it for the one-time notice."""

    def catalogue_item(self, code: str) -> dict:
        items = json.loads(CATALOGUE.read_text(encoding="utf-8"))["items"]
        return next(item for item in items if item["code"] == code)


@pytest.fixture
def engine(migrated):
    engine = make_engine(migrated("notify"))
    yield engine
    engine.dispose()


def count(engine, table, *where) -> int:
    with engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(table).where(*where)).scalar_one()


def worker(engine, consumer: str, at: datetime):
    store = Store(engine, (OUTBOX, INBOX), "notify", consumer)
    return worker_factory(NotifyService, db=store, clock=lambda: at, directory=Directory()), store


def test_r_once_2_the_enquirys_notice_is_kept_with_its_due_time_once_and_raised_once_past_it(engine):
    service, store = worker(engine, "notify.handle_enquiry_recorded", RECORDED)
    event = copy.deepcopy(enquiry_recorded_v1())
    service.handle_enquiry_recorded(event)
    service.handle_enquiry_recorded(event)  # redelivered: nothing more
    assert count(engine, notices) == 1 and count(engine, one_time_notices) == 1
    with engine.connect() as connection:
        assert connection.execute(select(deliveries.c.channel)).scalars().all() == ["sms"]
        row = connection.execute(select(one_time_notices)).one()._mapping
    assert row["notice_due_at"] == DUE and row["department"] == "market_regulation"
    with unit_of_work(store) as uow:
        assert [r["enquiry_no"] for r in uow.one_time.listing(PENDING, None, DUE, 10)] == [row["enquiry_no"]]

    for minutes in (0, 1, 2, 60):  # the sweep at its due time raises nothing; after it, once
        sweeper, _ = worker(engine, "notify.sweep", DUE + timedelta(minutes=minutes))
        sweeper.sweep_one_time_notices()
    raised = OUTBOX.c.routing_key == "one_time_notice_overdue"
    assert count(engine, OUTBOX, raised) == 1
    later = DUE + timedelta(hours=2)
    with unit_of_work(store) as uow:
        assert [r["enquiry_no"] for r in uow.one_time.listing(OVERDUE, "market_regulation", later, 10)] == [
            row["enquiry_no"]
        ]
        assert uow.one_time.listing(OVERDUE, "civil_affairs", later, 10) == []
        uow.one_time.mark_delivered(row["notice_no"], later, "letter")  # handed over late
        uow.one_time.mark_delivered(row["notice_no"], later + timedelta(hours=1), "email")  # the first counts
    with unit_of_work(store) as uow:
        [late] = uow.one_time.listing(DELIVERED_LATE, None, later, 10)
        assert (late["delivered_at"], late["delivered_channel"]) == (later, "letter")
        assert uow.one_time.count_overdue(later) == 0
