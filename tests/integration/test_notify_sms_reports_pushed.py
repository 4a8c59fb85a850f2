"""The SMS gateway pushes its delivery reports to notify (``POST /callbacks/sms/reports``): a real
broker, intake and notify as processes, the local gateway pushing to notify over HTTP, and a
receipt poll of an hour, so that nothing but a push can mark an SMS delivered."""

from __future__ import annotations

import json

import pytest
import requests
from bus import bind_spy_queue, wait_for
from intake_requests import case_body, window_of
from notify_peers import notify_env
from sqlalchemy import create_engine, select

from local_stack.peers.sms_gateway import LocalSmsGateway
from local_stack.peers.sms_push import signed_headers
from local_stack.peers.smtp_server import LocalSmtpServer

SECRET = "secret-of-this-hall"
NO_POLL = "3600"  # the receipt poll would come after the test's timeouts


def start_hall(stack, gateway, smtp):
    """intake and notify (no receipt poll), ``gateway`` pushing to notify with its own secret."""
    intake = stack.start("intake")
    env = notify_env(gateway, smtp, intake, SMS_REPORT_SECRET=SECRET, RECEIPT_POLL_SECONDS=NO_POLL)
    notify = stack.start("notify", env)
    gateway.pusher.url = f"{notify.url}/callbacks/sms/reports"
    return intake, notify


@pytest.fixture
def hall(stack):
    """intake, notify (no receipt poll) and the local peers; the gateway pushes to notify."""
    gateway, smtp = LocalSmsGateway(report_secret=SECRET).start(), LocalSmtpServer().start()
    intake, notify = start_hall(stack, gateway, smtp)
    yield intake, notify, gateway, smtp
    gateway.stop()
    smtp.stop()


def accept(intake, phone: str, **changes) -> str:
    body = case_body("SC-010", applicant_phone=phone, **changes)
    answer = requests.post(
        f"{intake.url}/cases", data=json.dumps(body), headers=window_of("SC-010"), timeout=10
    )
    assert answer.status_code == 201, answer.text
    return answer.json()["case_no"]


def sms_of(notify, case_no: str) -> list[dict]:
    """The SMS deliveries of the case's notices, as notify's outbox and deliveries record them."""
    from notify.orm import deliveries, notices

    engine = create_engine(notify.database_url)
    with engine.connect() as connection:
        rows = connection.execute(
            select(deliveries.c.provider_ref, deliveries.c.status, deliveries.c.failure)
            .join(notices, notices.c.notice_no == deliveries.c.notice_no)
            .where(notices.c.case_no == case_no, deliveries.c.channel == "sms")
        ).all()
    engine.dispose()
    return [row._asdict() for row in rows]


def published(notify, kind: str, channel: str) -> list[dict]:
    """The events notify wrote to its outbox (each relayed once): of ``kind`` on ``channel``."""
    engine = create_engine(notify.database_url)
    with engine.connect() as connection:
        bodies = connection.exec_driver_sql("SELECT body, routing_key FROM outbox").all()
    engine.dispose()
    events = [json.loads(body) for body, key in bodies if key == kind]
    return [event["data"] for event in events if event["data"]["channel"] == channel]


def repush(gateway, notify, reports: list[dict]) -> dict:
    body = json.dumps(reports).encode()
    answer = requests.post(
        f"{notify.url}/callbacks/sms/reports", data=body, headers=signed_headers(SECRET, body), timeout=10
    )
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_a_pushed_report_delivers_the_sms_without_any_poll_and_notice_delivered_goes_out_once(hall, stack):
    intake, notify, gateway, _ = hall
    spy = bind_spy_queue(stack.amqp_uri, ["notify.events"])
    case_no = accept(intake, "13900000201")
    wait_for(lambda: [d["status"] for d in sms_of(notify, case_no)] == ["delivered"] * 2, timeout=40)
    assert len(published(notify, "notice_delivered", "sms")) == 2
    channels: list[str] = []  # of the notice_delivered events on the bus (other events pass by)

    def delivered_on_the_bus():
        _, channel, queue = spy
        _, _, body = channel.basic_get(queue, auto_ack=True)
        if body is not None and json.loads(body)["type"].endswith("notice_delivered"):
            channels.append(json.loads(body)["data"]["channel"])
        return len(channels) >= 4

    wait_for(delivered_on_the_bus, timeout=30)
    assert sorted(channels) == ["inbox", "inbox", "sms", "sms"]
    assert gateway.pusher.pushed >= 2
    # the gateway pushes the same reports again (it did not hear our 200): nothing changes
    refs = [d["provider_ref"] for d in sms_of(notify, case_no)]
    again = repush(
        gateway,
        notify,
        [{"id": r, "status": "delivered", "reported_at": "2026-12-05T10:00:00Z"} for r in refs],
    )
    assert again == {"received": 2, "applied": 0, "already_settled": 2, "unknown": 0}
    unknown = repush(
        gateway, notify, [{"id": "m-999", "status": "delivered", "reported_at": "2026-12-05T10:00:00Z"}]
    )
    assert unknown["unknown"] == 1
    assert len(published(notify, "notice_delivered", "sms")) == 2
    metrics = requests.get(f"{notify.url}/metrics", timeout=5).text
    assert 'hall_notify_sms_reports_total{outcome="already_settled"} 2.0' in metrics
    assert 'hall_notify_deliveries_total{channel="sms",outcome="delivered"} 2.0' in metrics


def test_an_undeliverable_report_falls_back_to_email_once(hall):
    intake, notify, gateway, smtp = hall
    gateway.make_undeliverable("13900000202")
    case_no = accept(intake, "13900000202", applicant_email="zhaoliu@example.cn")
    wait_for(
        lambda: len([m for m in smtp.messages() if "zhaoliu@example.cn" in m["rcpt_tos"]]) == 2, timeout=40
    )
    assert [(d["status"], d["failure"]) for d in sms_of(notify, case_no)] == [("failed", "permanent")] * 2
    refs = [d["provider_ref"] for d in sms_of(notify, case_no)]
    again = repush(
        gateway,
        notify,
        [{"id": r, "status": "undeliverable", "reported_at": "2026-12-05T10:00:00Z"} for r in refs],
    )
    assert again["already_settled"] == 2
    assert len(published(notify, "notice_failed", "sms")) == 2
    metrics = requests.get(f"{notify.url}/metrics", timeout=5).text
    assert 'hall_notify_fallbacks_total{from_channel="sms",to_channel="email"} 2.0' in metrics


def test_a_forged_or_stale_push_is_refused_and_delivers_nothing(stack):
    """A gateway pushing with the wrong secret is refused (401) on every push: the SMS stay sent."""
    gateway, smtp = LocalSmsGateway(report_secret="not-the-hall-secret").start(), LocalSmtpServer().start()
    try:
        intake, notify = start_hall(stack, gateway, smtp)
        case_no = accept(intake, "13900000203")
        refused = 'hall_notify_sms_report_pushes_refused_total{reason="report_signature_invalid"}'
        wait_for(
            lambda: (
                refused in requests.get(f"{notify.url}/metrics", timeout=5).text
                and gateway.pusher.dropped == 2
            ),
            timeout=40,
        )
        assert [d["status"] for d in sms_of(notify, case_no)] == ["sent", "sent"]
        body = json.dumps(
            [{"id": "m-1", "status": "delivered", "reported_at": "2026-12-05T10:00:00Z"}]
        ).encode()
        stale = requests.post(
            f"{notify.url}/callbacks/sms/reports",
            data=body,
            headers=signed_headers(SECRET, body, 1_000_000_000),
            timeout=10,
        )
        assert (stale.status_code, stale.json()["error"]["code"]) == (401, "report_stale")
        assert [d["status"] for d in sms_of(notify, case_no)] == ["sent", "sent"]
        assert published(notify, "notice_delivered", "sms") == []
    finally:
        gateway.stop()
        smtp.stop()
