"""The local SMS gateway pushes its delivery reports (``local_stack.peers.sms_push``): a batch of
the messages that became delivered, signed so that notify's check passes, tried again when the
push fails and given up after ``ATTEMPTS``; the pull API stays."""

from __future__ import annotations

import threading
import time

import pytest
import requests

from local_stack.peers import DEFAULT_API_KEY, LocalSmsGateway
from local_stack.peers.json_http import BackgroundJsonServer
from local_stack.peers.sms_push import ATTEMPTS
from notify.delivery.report_signature import ReportAuth

SECRET = "the-shared-secret"
AUTH = {"Authorization": f"Bearer {DEFAULT_API_KEY}"}


class Notify:
    """Records each push; answers the first ``failures`` with 503. Checks the signature as notify does."""

    def __init__(self, failures: int = 0):
        self.failures, self.pushes, self.lock = failures, [], threading.Lock()

    def handle(self, method, path, headers, body):
        ReportAuth(SECRET.encode()).check(
            headers.get("x-sms-timestamp"), headers.get("x-sms-signature"), self.raw(body), time.time()
        )
        with self.lock:
            self.pushes.append(body)
            if len(self.pushes) <= self.failures:
                return 503, {"code": "busy"}, {}
        return 200, {"received": len(body)}, {}

    @staticmethod
    def raw(body) -> bytes:
        import json

        return json.dumps(body).encode()  # the pusher sends json.dumps(reports) as is


@pytest.fixture
def notify_with():
    servers = []

    def start(failures: int = 0):
        notify = Notify(failures)
        servers.append(BackgroundJsonServer(notify).start())
        return notify, f"{servers[-1].url}/callbacks/sms/reports"

    yield start
    for server in servers:
        server.stop()


def send(gateway, to: str, key: str) -> str:
    answer = requests.post(
        f"{gateway.url}/v1/messages",
        json={"to": to, "text": "您的申请已受理", "reference": "N-1"},
        headers={**AUTH, "Idempotency-Key": key},
        timeout=5,
    )
    return answer.json()["id"]


def wait_until(probe, timeout: float = 15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if probe():
            return
        time.sleep(0.02)
    raise AssertionError("not reached in time")


def test_messages_delivered_together_are_pushed_in_one_signed_batch(notify_with):
    notify, url = notify_with()
    with LocalSmsGateway(report_url=url, report_secret=SECRET) as gateway:
        gateway.make_undeliverable("13900000003")
        ids = [send(gateway, f"1390000000{n}", f"k-{n}") for n in (1, 2, 3)]
        wait_until(lambda: gateway.pusher.pushed == 3)
        assert len(notify.pushes) == 1
        assert {(r["id"], r["status"]) for r in notify.pushes[0]} == {
            (ids[0], "delivered"),
            (ids[1], "delivered"),
            (ids[2], "undeliverable"),
        }
        assert all(r["reported_at"].endswith("+00:00") for r in notify.pushes[0])
        receipt = requests.get(f"{gateway.url}/v1/messages/{ids[0]}", headers=AUTH, timeout=5)
        assert receipt.json()["status"] == "delivered"  # the pull API stays


def test_a_report_is_pushed_once_its_delivery_delay_has_passed_not_before(notify_with):
    notify, url = notify_with()
    with LocalSmsGateway(report_url=url, report_secret=SECRET, delivery_delay=0.5) as gateway:
        send(gateway, "13900000001", "k-1")
        accepted = time.monotonic()
        wait_until(lambda: gateway.pusher.pushed == 1)
        assert time.monotonic() - accepted >= 0.5
        assert notify.pushes[0][0]["status"] == "delivered"


def test_a_failed_push_is_tried_again_and_one_that_keeps_failing_is_dropped(notify_with):
    flaky, flaky_url = notify_with(failures=2)
    with LocalSmsGateway(report_url=flaky_url, report_secret=SECRET) as gateway:
        send(gateway, "13900000001", "k-1")
        wait_until(lambda: gateway.pusher.pushed == 1)
        assert len(flaky.pushes) == 3 and gateway.pusher.dropped == 0
    down, down_url = notify_with(failures=100)
    with LocalSmsGateway(report_url=down_url, report_secret=SECRET) as gateway:
        send(gateway, "13900000001", "k-1")
        wait_until(lambda: gateway.pusher.dropped == 1)
        assert len(down.pushes) == ATTEMPTS and gateway.pusher.pushed == 0


def test_without_a_report_url_nothing_is_pushed(notify_with):
    notify, _ = notify_with()
    with LocalSmsGateway() as gateway:
        send(gateway, "13900000001", "k-1")
        assert gateway.messages()[0]["status"] == "delivered"
    assert notify.pushes == [] and gateway.pusher.pushed == 0
