"""Receipts asked 100 at a time (``POST /v1/messages/status``) of the local gateway (a real HTTP
server), and one GET each from a gateway without that query (404/405), by the delivery loop."""

from __future__ import annotations

from datetime import timedelta

import pytest
import requests
from test_deliver_with_fakes import NOW, FakeChannel, FakeDirectory, accepted_case, statuses

from local_stack.peers import LocalSmsGateway
from local_stack.peers.json_http import BackgroundJsonServer
from notify.delivery.channels.sms import RECEIPT_BATCH, SmsGateway
from notify.delivery.handlers import run_once
from notify.delivery.rules import DELIVERED, PERMANENT, SENT, TEMPORARY, Outcome, Outgoing, Settings

AUTH = {"Authorization": "Bearer dev-sms-key"}


class CountingSession(requests.Session):
    """A real session that notes each request's method and path."""

    def __init__(self) -> None:
        super().__init__()
        self.asked: list[tuple[str, str]] = []

    def request(self, method, url, *args, **kwargs):
        self.asked.append((method, url.split("/", 3)[3]))
        return super().request(method, url, *args, **kwargs)


def sent_messages(sms: SmsGateway, count: int, to: str = "13900000001") -> list[str]:
    outgoing = (Outgoing(f"k-{n}", f"N-{n}", to, "受理通知书", "您的申请已受理") for n in range(count))
    return [sms.send(message).provider_ref or "" for message in outgoing]


def test_the_gateway_answers_the_ids_it_knows_and_leaves_out_the_others(gateway):
    gateway.make_undeliverable("13900000002")
    sms = SmsGateway(gateway.url, gateway.api_key)
    [delivered] = sent_messages(sms, 1)
    undeliverable = sms.send(Outgoing("k-x", "N-x", "13900000002", "t", "x")).provider_ref

    answer = requests.post(
        f"{gateway.url}/v1/messages/status", json={"ids": [delivered, "m-999", undeliverable]}, headers=AUTH
    )

    assert answer.status_code == 200
    assert answer.json() == {
        "messages": [
            {"id": delivered, "status": "delivered"},
            {"id": undeliverable, "status": "undeliverable"},
        ]
    }


@pytest.mark.parametrize(
    "body", [None, {}, {"ids": []}, {"ids": "m-1"}, {"ids": [f"m-{n}" for n in range(RECEIPT_BATCH + 1)]}]
)
def test_a_batch_query_without_1_to_100_ids_is_400_bad_ids(gateway, body):
    answer = requests.post(f"{gateway.url}/v1/messages/status", json=body, headers=AUTH, timeout=5)

    assert (answer.status_code, answer.json()["code"]) == (400, "bad_ids")


def test_the_batch_query_wants_the_key(gateway):
    answer = requests.post(f"{gateway.url}/v1/messages/status", json={"ids": ["m-1"]}, timeout=5)

    assert answer.status_code == 401


def test_the_channel_asks_100_receipts_per_request_and_maps_each_status():
    with LocalSmsGateway(delivery_delay=3600) as slow_carrier:
        session = CountingSession()
        sms = SmsGateway(slow_carrier.url, slow_carrier.api_key, session=session)
        refs = sent_messages(sms, RECEIPT_BATCH + 50)
        session.asked.clear()

        found = sms.receipts([*refs, "m-never"])

    assert session.asked == [("POST", "v1/messages/status")] * 2
    assert {ref: found[ref].status for ref in refs} == dict.fromkeys(refs, SENT)
    assert found["m-never"].status == TEMPORARY  # left out of the answer: asked again later


def test_ids_the_answer_names_but_were_not_asked_for_change_nothing():
    class Careless:
        def handle(self, method, path, headers, body):
            return (
                200,
                {
                    "messages": [
                        {"id": "m-1", "status": "undeliverable"},
                        {"id": "m-2", "status": "delivered"},
                    ]
                },
                {},
            )

    server = BackgroundJsonServer(Careless()).start()
    try:
        found = SmsGateway(server.url, "key").receipts(["m-2"])
    finally:
        server.stop()

    assert found == {"m-2": Outcome(DELIVERED, "receipt: delivered", "m-2")}


@pytest.mark.parametrize("batch_status", [True, False])
def test_the_loop_asks_in_batches_and_one_by_one_from_a_gateway_without_the_query(batch_status):
    """The same loop against a gateway with the batch query and one answering it 404."""
    with LocalSmsGateway(batch_status=batch_status) as running:
        session = CountingSession()
        sms = SmsGateway(running.url, running.api_key, session=session)
        running.make_undeliverable("13900000001")
        uow = accepted_case()
        channels = {
            "sms": sms,
            "inbox": FakeChannel(Outcome(DELIVERED)),
            "email": FakeChannel(Outcome(DELIVERED)),
        }
        run_once(uow.start, channels, FakeDirectory(), NOW, Settings(concurrency=4))
        assert statuses(uow, "sms") == ["sent", "sent"]
        session.asked.clear()

        run_once(uow.start, channels, FakeDirectory(), NOW + timedelta(seconds=60), Settings(concurrency=4))

    asked = sorted(session.asked)
    refs = sorted(row["provider_ref"] for row in uow.deliveries.of_channel("sms"))
    batch = [("POST", "v1/messages/status")]
    one_by_one = [("GET", f"v1/messages/{ref}") for ref in refs]
    assert asked == (batch if batch_status else sorted(batch + one_by_one))
    assert statuses(uow, "sms") == ["failed", "failed"]  # undeliverable: permanent, fell back
    assert {row["failure"] for row in uow.deliveries.of_channel("sms")} == {PERMANENT}
    assert statuses(uow, "email") == ["pending", "pending"]  # the fallbacks, queued
