"""The delivery loop on a real database (SQLite, or PostgreSQL with HALL_TEST_DB=postgresql) with
an archive of finished deliveries: it reads them through the partial index of open deliveries
only (no scan of the table), delivers a due one once, retries a failed send, records the outcomes
of a pass in one transaction (a record that fails, alone), and a finished delivery, out of that
index, is still found by the archive and by the operators' list."""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event, insert, select, text

from hall_contracts.samples import case_accepted_at_registration
from notify.delivery.handlers import run_once
from notify.delivery.rules import DELIVERED, TEMPORARY, Outcome, Settings
from notify.directory import Contact
from notify.notices.handlers import IssueNotices, issue_notices, rendered_plans
from notify.orm import deliveries, metadata, notices
from notify.unit_of_work import unit_of_work
from reliable_events import Store, add_core_tables, make_engine

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
ARCHIVED = 3000  # finished deliveries already in the table


class Channel:
    """Answers the n-th send of a delivery with its n-th answer (the last one after that)."""

    def __init__(self, *answers: Outcome):
        self.answers, self.sent = answers, []

    def send(self, message) -> Outcome:
        tried = self.sent.count(message.idempotency_key)
        self.sent.append(message.idempotency_key)
        return self.answers[min(tried, len(self.answers) - 1)]

    def receipt(self, provider_ref) -> Outcome:
        return Outcome(DELIVERED)

    def receipts(self, provider_refs) -> dict[str, Outcome]:
        return {ref: Outcome(DELIVERED) for ref in provider_refs}


class Directory:
    def contact(self, *args) -> Contact:
        return Contact(phone="13900000001")


@pytest.fixture
def store(migrated):
    engine = make_engine(migrated("notify"))
    old = NOW - timedelta(days=40)
    with engine.begin() as connection:
        connection.execute(
            insert(notices),
            [
                {
                    "notice_no": f"N-OLD-{n}",
                    "notice_type": "acceptance",
                    "case_no": f"HALL-OLD-{n}",
                    "recipient_ref": f"APP-OLD-{n}",
                    "channel": "sms",
                    "template": "acceptance",
                    "template_version": 1,
                    "content": "受理通知书",
                    "content_sha256": "0" * 64,
                    "source_event_id": f"old-{n}",
                    "created_at": old,
                }
                for n in range(ARCHIVED)
            ],
        )
        connection.execute(
            insert(deliveries),
            [
                {
                    "notice_no": f"N-OLD-{n}",
                    "channel": "sms",
                    "idempotency_key": f"old-{n}:sms",
                    "status": "failed" if n == 0 else DELIVERED,
                    "failure": "permanent" if n == 0 else None,
                    "attempts": 1,
                    "created_at": old,
                    "updated_at": old,
                    "delivered_at": None if n == 0 else old,
                }
                for n in range(ARCHIVED)
            ],
        )
        if engine.dialect.name == "postgresql":
            connection.execute(text("ANALYZE deliveries"))
    yield Store(engine, add_core_tables(metadata), "notify", "notify.deliver")
    engine.dispose()


def accept_a_case(store) -> None:
    """A case accepted: its receipt and acceptance, each for the inbox and by SMS (4 deliveries)."""
    event_ = copy.deepcopy(case_accepted_at_registration())
    with unit_of_work(store) as uow:
        issue_notices(IssueNotices(event_, rendered_plans(event_), NOW), uow)


def run(store, sms: Channel, at: datetime = NOW):
    channels = {"inbox": Channel(Outcome(DELIVERED)), "sms": sms}
    return run_once(lambda: unit_of_work(store), channels, Directory(), at, Settings())


def plans_of_the_loop(store) -> list[str]:
    """The plan of every query on deliveries one pass of the loop runs."""
    seen = []

    def capture(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("SELECT") and "FROM deliveries" in statement:
            seen.append((statement, parameters))

    event.listen(store.engine, "before_cursor_execute", capture)
    run(store, Channel(Outcome(DELIVERED)))
    event.remove(store.engine, "before_cursor_execute", capture)
    sqlite = store.engine.dialect.name == "sqlite"
    found = []
    with store.engine.connect() as connection:
        cursor = connection.connection.driver_connection.cursor()
        for statement, parameters in seen:
            cursor.execute(("EXPLAIN QUERY PLAN " if sqlite else "EXPLAIN ") + statement, parameters)
            found.append(" | ".join(str(row[-1] if sqlite else row[0]) for row in cursor.fetchall()))
    assert len(found) >= 3, found  # the in-doubt check, the due sends, the receipts due
    return found


def test_the_loop_reads_deliveries_through_the_index_of_open_ones_never_the_whole_table(store):
    accept_a_case(store)
    for plan in plans_of_the_loop(store):
        assert "ix_deliveries_open" in plan, plan
        assert "SCAN deliveries" not in plan and "Seq Scan on deliveries" not in plan, plan


def test_a_due_delivery_is_delivered_once_and_a_failed_send_retried_with_its_record_kept(store):
    accept_a_case(store)
    sms = Channel(Outcome(TEMPORARY, "gateway busy"), Outcome(DELIVERED))
    first = run(store, sms)
    assert sorted(first.outcomes) == [("inbox", DELIVERED)] * 2 + [("sms", "retry")] * 2
    assert run(store, sms).outcomes == []  # not due yet: nothing sent again
    later = run(store, sms, NOW + timedelta(minutes=5))
    assert sorted(later.outcomes) == [("sms", DELIVERED), ("sms", DELIVERED)]
    assert len(sms.sent) == len(set(sms.sent)) * 2 == 4  # each SMS: one retry, then delivered
    assert run(store, sms, NOW + timedelta(hours=2)).outcomes == []
    with unit_of_work(store) as uow:
        delivered = [row for row in uow.deliveries.with_status(DELIVERED) if row["created_at"] == NOW]
    assert len(delivered) == 4 and all(row["status"] == DELIVERED for row in delivered)
    retried = [row for row in delivered if row["channel"] == "sms"]
    assert [row["attempts"] for row in retried] == [2, 2]


def test_a_finished_delivery_out_of_the_loops_index_is_still_in_the_archive_and_the_operators_list(store):
    accept_a_case(store)
    run(store, Channel(Outcome(DELIVERED)))
    with unit_of_work(store) as uow:
        failed = uow.deliveries.with_status("failed")
        old = uow.archive.notice("N-OLD-7")
        case_no = case_accepted_at_registration()["data"]["case_no"]
        listed = uow.archive.listed(case_no, None)
        still_open = uow.tx.connection.execute(
            select(deliveries.c.id).where(deliveries.c.status.in_(("pending", "sending", "sent")))
        ).all()
    assert [row["idempotency_key"] for row in failed] == ["old-0:sms"]
    assert old is not None and [d["status"] for d in old["deliveries"]] == [DELIVERED]
    assert sorted(d["status"] for notice in listed for d in notice["deliveries"]) == [DELIVERED] * 4
    assert still_open == []


def transactions_of(store, action) -> list[list[str]]:
    """The statements ``action`` runs, grouped by the transaction they ran in."""
    found: list[list[str]] = []
    event.listen(store.engine, "begin", lambda conn: found.append([]))
    capture = lambda conn, cursor, statement, *rest: found[-1].append(statement)  # noqa: E731
    event.listen(store.engine, "before_cursor_execute", capture)
    try:
        action()
    finally:
        event.remove(store.engine, "before_cursor_execute", capture)
    return found


def test_the_outcomes_of_a_pass_are_recorded_in_one_transaction(store):
    accept_a_case(store)
    found = transactions_of(store, lambda: run(store, Channel(Outcome(DELIVERED))))
    recorded = [
        n
        for n, statements in enumerate(found)
        if any(s.startswith("UPDATE deliveries SET") and "delivered_at" in s for s in statements)
    ]
    assert len(recorded) == 1, found  # four deliveries: one transaction records them all
    assert sum(s.startswith("UPDATE deliveries SET") for s in found[recorded[0]]) == 4


def test_a_record_that_fails_fails_alone_and_the_others_of_its_batch_are_kept(store, monkeypatch):
    from notify.delivery import handlers

    original = handlers.note_delivered

    def refuses_the_receipt(notice_type, *args):
        if notice_type == "receipt":
            raise RuntimeError("the receipt's record fails")
        return original(notice_type, *args)

    monkeypatch.setattr(handlers, "note_delivered", refuses_the_receipt)
    accept_a_case(store)
    with pytest.raises(RuntimeError, match="receipt's record"):
        run(store, Channel(Outcome(DELIVERED)))
    with store.engine.connect() as connection:
        rows = connection.execute(
            select(notices.c.notice_type, deliveries.c.status)
            .join(notices, notices.c.notice_no == deliveries.c.notice_no)
            .where(deliveries.c.created_at == NOW)
        ).all()
    assert sorted(rows) == [("acceptance", DELIVERED)] * 2 + [("receipt", "sending")] * 2
