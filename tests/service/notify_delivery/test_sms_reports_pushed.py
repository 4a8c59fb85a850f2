"""The SMS gateway's pushed delivery reports on notify's real HTTP API and a real database
(SQLite, or PostgreSQL with HALL_TEST_DB=postgresql), with no delivery loop running: a report
settles its delivery exactly as the receipt poll does, once, whoever comes second (a repeated
push, two pushes at the same time, the poll first) changes nothing and publishes nothing, and
a refused push changes nothing at all."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime

import eventlet
import pytest
from sqlalchemy import event, func, select

from hall_contracts.samples import case_accepted_at_registration
from local_stack.peers.sms_push import signed_headers
from notify.delivery.handlers import run_once
from notify.delivery.rules import DELIVERED, SENT, Outcome, Settings
from notify.directory import Contact
from notify.notices.handlers import IssueNotices, issue_notices, rendered_plans
from notify.orm import deliveries, metadata
from notify.unit_of_work import unit_of_work
from reliable_events import Store, add_core_tables, make_engine

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
SECRET = "secret-of-this-test"
PATH = "/callbacks/sms/reports"


class Sms:
    """The gateway as the loop sees it: accepts every message (``m-1``, ``m-2`` ...); its receipt
    says ``receipt`` (SENT: not known yet, unless a test says otherwise)."""

    def __init__(self):
        self.sent, self.receipt_says = [], Outcome(SENT)

    def send(self, message) -> Outcome:
        self.sent.append(message.idempotency_key)
        return Outcome(SENT, "HTTP 202 accepted", f"m-{len(self.sent)}")

    def receipt(self, provider_ref) -> Outcome:
        return Outcome(self.receipt_says.status, "receipt", provider_ref)

    def receipts(self, provider_refs) -> None:
        return None  # no batch status query: the loop asks one receipt at a time


class Inbox:
    def send(self, message) -> Outcome:
        return Outcome(DELIVERED)


class Directory:
    def contact(self, *args) -> Contact:
        return Contact(phone="13900000001", email="wangwu@example.cn")


@pytest.fixture
def hall(container_factory, web_config, migrated, web_session):
    """notify's HTTP API; a case's receipt and acceptance sent by SMS (``m-1``, ``m-2``) and
    waiting for their reports; the delivery loop is not running (``run`` runs one pass)."""
    from service.conftest import start_http_only

    from notify.service import NotifyService

    url = migrated("notify")
    config = dict(web_config, SMS_REPORT_SECRET=SECRET, INTAKE_URL="http://127.0.0.1:1")
    start_http_only(container_factory, config, NotifyService, url)
    engine = make_engine(url)
    store = Store(engine, add_core_tables(metadata), "notify", "notify.tests")
    accepted = copy.deepcopy(case_accepted_at_registration())
    with unit_of_work(store) as uow:
        issue_notices(IssueNotices(accepted, rendered_plans(accepted), NOW), uow)
    sms = Sms()

    def run(at=NOW):
        channels = {"inbox": Inbox(), "sms": sms}
        return run_once(lambda: unit_of_work(store), channels, Directory(), at, Settings())

    run()
    assert sms.sent and len(sms.sent) == 2
    yield store, web_session, sms, run
    engine.dispose()


def push(http, reports, secret=SECRET, headers=None):
    body = json.dumps(reports).encode()
    return http.post(PATH, data=body, headers=headers or signed_headers(secret, body))


def report(ref: str, status: str = "delivered") -> dict:
    return {"id": ref, "status": status, "reported_at": "2026-11-23T02:00:05+08:00"}


def sms_rows(store) -> dict[str, tuple]:
    with store.engine.connect() as connection:
        rows = connection.execute(
            select(deliveries.c.provider_ref, deliveries.c.status, deliveries.c.failure).where(
                deliveries.c.channel == "sms"
            )
        ).all()
    return {row[0]: (row[1], row[2]) for row in rows}


def published(store, kind: str) -> int:
    outbox = metadata.tables["outbox"]
    with store.engine.connect() as connection:
        return connection.scalar(select(func.count()).where(outbox.c.routing_key == kind)) or 0


def test_a_pushed_report_delivers_the_sms_once_and_a_repeat_changes_nothing(hall):
    store, http, _, _ = hall
    inbox_copies = published(store, "notice_delivered")  # the two inbox copies, delivered at once
    answer = push(http, [report("m-1")])
    assert answer.status_code == 200, answer.text
    assert answer.json() == {"received": 1, "applied": 1, "already_settled": 0, "unknown": 0}
    assert sms_rows(store) == {"m-1": (DELIVERED, None), "m-2": (SENT, None)}
    assert published(store, "notice_delivered") == inbox_copies + 1
    again = push(http, [report("m-1"), report("m-1"), report("m-404")])
    assert again.status_code == 200
    assert again.json() == {"received": 3, "applied": 0, "already_settled": 2, "unknown": 1}
    assert published(store, "notice_delivered") == inbox_copies + 1
    metrics = http.get("/metrics").text
    assert 'hall_notify_sms_reports_total{outcome="applied"} 1.0' in metrics
    assert 'hall_notify_sms_reports_total{outcome="already_settled"} 2.0' in metrics
    assert 'hall_notify_sms_reports_total{outcome="unknown"} 1.0' in metrics


def test_two_pushes_of_one_report_at_the_same_time_publish_notice_delivered_once(hall):
    store, http, _, _ = hall
    before = published(store, "notice_delivered")
    pushes = [eventlet.spawn(push, http, [report("m-1"), report("m-2")]) for _ in range(4)]
    answers = [green.wait() for green in pushes]
    assert [a.status_code for a in answers] == [200] * 4
    assert sum(a.json()["applied"] for a in answers) == 2
    assert sum(a.json()["already_settled"] for a in answers) == 6
    assert published(store, "notice_delivered") == before + 2
    assert set(sms_rows(store).values()) == {(DELIVERED, None)}


def test_a_report_pushed_after_the_poll_delivered_the_sms_changes_nothing(hall):
    store, http, sms, run = hall
    sms.receipt_says = Outcome(DELIVERED)
    polled = run(datetime(2026, 11, 23, 2, 5, tzinfo=UTC))  # the receipts are due: the poll asks
    assert sorted(polled.outcomes) == [("sms", DELIVERED)] * 2
    before = published(store, "notice_delivered")
    answer = push(http, [report("m-1"), report("m-2", "undeliverable")])
    assert answer.json() == {"received": 2, "applied": 0, "already_settled": 2, "unknown": 0}
    assert published(store, "notice_delivered") == before and published(store, "notice_failed") == 0
    assert set(sms_rows(store).values()) == {(DELIVERED, None)}


def test_an_undeliverable_report_fails_the_sms_and_queues_the_email_fallback_once(hall):
    store, http, _, _ = hall
    for _ in range(2):
        assert push(http, [report("m-2", "undeliverable")]).status_code == 200
    assert sms_rows(store)["m-2"] == ("failed", "permanent")
    assert published(store, "notice_failed") == 1
    with store.engine.connect() as connection:
        emails = connection.execute(
            select(deliveries.c.status, deliveries.c.fallback_from).where(deliveries.c.channel == "email")
        ).all()
    assert len(emails) == 1 and emails[0].status == "pending"


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"id": "m-1", "status": "delivered"}, 400, "invalid_reports"),
        ([], 422, "too_many_reports"),
        ([report(f"m-{n}") for n in range(501)], 422, "too_many_reports"),
        ([report("m-1"), {"id": "m-2", "status": "read"}], 422, "validation_failed"),
        ([{"id": "m-1", "status": "delivered", "reported_at": "yesterday"}], 422, "validation_failed"),
        (
            [{"id": "", "status": "delivered", "reported_at": "2026-11-23T02:00:05Z"}],
            422,
            "validation_failed",
        ),
    ],
)
def test_a_malformed_push_is_refused_with_its_code_and_changes_nothing(hall, body, status, code):
    store, http, _, _ = hall
    before = (sms_rows(store), published(store, "notice_delivered"))
    answer = push(http, body)
    assert answer.status_code == status, answer.text
    assert answer.json()["error"]["code"] == code and "回执" in answer.json()["error"]["message"]
    assert (sms_rows(store), published(store, "notice_delivered")) == before


def test_a_push_with_a_forged_or_missing_signature_is_401_and_changes_nothing(hall):
    store, http, _, _ = hall
    before = (sms_rows(store), published(store, "notice_delivered"))
    body = json.dumps([report("m-1")]).encode()
    forged = push(http, [report("m-1")], secret="guessed")
    unsigned = http.post(PATH, data=body, headers={"Content-Type": "application/json"})
    stale = push(http, [report("m-1")], headers=signed_headers(SECRET, body, 1_000_000_000))
    codes = [(a.status_code, a.json()["error"]["code"]) for a in (forged, unsigned, stale)]
    assert codes == [(401, "report_signature_invalid"), (401, "report_unsigned"), (401, "report_stale")]
    assert (sms_rows(store), published(store, "notice_delivered")) == before
    assert (
        'hall_notify_sms_report_pushes_refused_total{reason="report_stale"} 1.0' in http.get("/metrics").text
    )


def test_a_report_finds_its_delivery_through_the_index_of_provider_refs(hall):
    store, *_ = hall
    seen = []
    capture = lambda conn, cursor, statement, parameters, *rest: seen.append((statement, parameters))  # noqa: E731
    event.listen(store.engine, "before_cursor_execute", capture)
    with unit_of_work(store) as uow:
        found = uow.deliveries.sms_by_provider_refs({"m-1", "m-2"})
    event.remove(store.engine, "before_cursor_execute", capture)
    assert sorted(found) == ["m-1", "m-2"]
    statement, parameters = next((s, p) for s, p in seen if "provider_ref IN" in s)
    sqlite = store.engine.dialect.name == "sqlite"
    with store.engine.connect() as connection:
        cursor = connection.connection.driver_connection.cursor()
        if not sqlite:  # a few rows: PostgreSQL would rightly scan them; is the index usable at all?
            cursor.execute("SET enable_seqscan = off")
        cursor.execute(("EXPLAIN QUERY PLAN " if sqlite else "EXPLAIN ") + statement, parameters)
        plan = " | ".join(str(row[-1] if sqlite else row[0]) for row in cursor.fetchall())
    assert "ix_deliveries_provider_ref" in plan, plan
