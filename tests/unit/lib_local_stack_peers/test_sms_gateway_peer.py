"""The local SMS gateway (local_stack.peers.sms_gateway): its API, dedup, scripts, control."""

import subprocess
import sys
import time

import pytest
import requests

from local_stack import free_port, port_in_use
from local_stack.peers import DEFAULT_API_KEY, LocalSmsGateway

PHONE = "13900000001"
AUTH = {"Authorization": f"Bearer {DEFAULT_API_KEY}"}


@pytest.fixture
def gateway():
    with LocalSmsGateway() as running:
        yield running


def send(url, to=PHONE, key="k-1", auth=AUTH, text="您的申请已受理"):
    headers = {**auth, **({"Idempotency-Key": key} if key else {})}
    return requests.post(
        f"{url}/v1/messages", json={"to": to, "text": text, "reference": "N-1"}, headers=headers, timeout=5
    )


def test_without_the_bearer_key_it_answers_401_and_records_nothing(gateway):
    answer = send(gateway.url, auth={"Authorization": "Bearer wrong"})

    assert answer.status_code == 401
    assert answer.json()["code"] == "unauthorized"
    assert gateway.sent_count == 0


def test_a_repeated_idempotency_key_gets_the_first_answer_and_sends_nothing_more(gateway):
    first = send(gateway.url, key="k-1")
    repeat = send(gateway.url, key="k-1", text="changed")
    other = send(gateway.url, key="k-2")

    assert first.status_code == repeat.status_code == 202
    assert repeat.json() == first.json() == {"id": "m-1", "status": "accepted"}
    assert other.json()["id"] == "m-2"
    assert gateway.sent_count == 2
    assert [m["text"] for m in gateway.messages()] == ["您的申请已受理", "您的申请已受理"]
    assert (gateway.sent_for_key("k-1"), gateway.requests_for_key("k-1")) == (1, 2)


def test_without_dedup_every_request_is_a_new_message():
    with LocalSmsGateway(deduplicate=False) as careless:
        send(careless.url, key="k-1")
        send(careless.url, key="k-1")

        assert careless.sent_count == 2
        assert careless.sent_for_key("k-1") == 2


def test_a_script_answers_in_order_then_accepts_and_failures_are_not_remembered(gateway):
    gateway.script(PHONE, [503, 429])

    statuses = [send(gateway.url, key="k-1").status_code for _ in range(3)]

    assert statuses == [503, 429, 202]
    assert gateway.sent_count == 1
    assert gateway.requests_for_key("k-1") == 3


def test_a_permanent_failure_never_ends_and_other_numbers_are_untouched(gateway):
    gateway.fail_always(PHONE, 404)

    assert [send(gateway.url, key=f"k-{n}").status_code for n in range(3)] == [404, 404, 404]
    assert send(gateway.url, to="13900000002", key="k-9").status_code == 202


@pytest.mark.parametrize("body", [None, {"to": PHONE}, {"to": "", "text": "x"}, {"text": "x"}])
def test_a_body_without_number_or_text_is_400_bad_request(gateway, body):
    answer = requests.post(f"{gateway.url}/v1/messages", json=body, headers=AUTH, timeout=5)

    assert answer.status_code == 400
    assert answer.json()["code"] == "bad_request"


def test_scripts_accept_only_failure_statuses(gateway):
    with pytest.raises(ValueError):
        gateway.script(PHONE, [200])


def test_a_receipt_is_delivered_or_undeliverable_and_needs_the_key(gateway):
    gateway.make_undeliverable("13900000002")
    delivered = send(gateway.url, key="k-1").json()["id"]
    lost = send(gateway.url, to="13900000002", key="k-2").json()["id"]

    def status(message_id, auth=AUTH):
        return requests.get(f"{gateway.url}/v1/messages/{message_id}", headers=auth, timeout=5)

    assert status(delivered).json()["status"] == "delivered"
    assert status(lost).json()["status"] == "undeliverable"
    assert status("m-99").status_code == 404
    assert status(delivered, auth={}).status_code == 401


def test_the_control_endpoints_script_list_and_reset(gateway):
    control = f"{gateway.url}/_control"

    scripted = requests.post(f"{control}/script", json={"to": PHONE, "answers": [503]}, timeout=5)
    always = requests.post(f"{control}/script", json={"to": "13900000003", "always": 403}, timeout=5)
    refused = send(gateway.url, key="k-1")
    accepted = send(gateway.url, key="k-1")
    blocked = send(gateway.url, to="13900000003", key="k-3")
    listing = requests.get(f"{control}/messages", timeout=5).json()
    bad = requests.post(f"{control}/script", json={"answers": [503]}, timeout=5)
    reset = requests.post(f"{control}/reset", timeout=5)

    assert (scripted.status_code, always.status_code) == (200, 200)
    assert (refused.status_code, accepted.status_code, blocked.status_code) == (503, 202, 403)
    assert listing["sent_count"] == 1
    assert listing["messages"][0]["to"] == PHONE
    assert listing["sent_per_key"] == {"k-1": 1}
    assert listing["requests_per_key"] == {"k-1": 2, "k-3": 1}
    assert bad.status_code == 400
    assert reset.status_code == 200
    assert gateway.sent_count == 0


def test_the_command_line_gateway_is_scripted_and_read_from_another_process():
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "local_stack.peers.sms_gateway", "--port", str(port), "--key", "k"],
        stdout=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 20
        while not port_in_use(port) and time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.05)
        url = f"http://127.0.0.1:{port}"
        requests.post(f"{url}/_control/script", json={"to": PHONE, "answers": [500]}, timeout=5)

        first = send(url, auth={"Authorization": "Bearer k"})
        second = send(url, auth={"Authorization": "Bearer k"})
        listing = requests.get(f"{url}/_control/messages", timeout=5).json()
    finally:
        process.terminate()
        process.wait(timeout=10)

    assert (first.status_code, second.status_code) == (500, 202)
    assert listing["sent_count"] == 1
