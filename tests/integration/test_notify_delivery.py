"""Notify delivers over real channels: a real broker, intake and notify as processes, the local
SMS gateway and SMTP server as their real protocol peers (issue 5, done means)."""

from __future__ import annotations

import json

import pytest
import requests
from bus import RawPublisher, bind_spy_queue, drain, wait_for
from intake_requests import bearer, case_body, window_of
from notify_peers import notify_env

from local_stack.peers.sms_gateway import LocalSmsGateway
from local_stack.peers.smtp_server import LocalSmtpServer

WINDOW = bearer("dev-window-market")
OPERATOR = bearer("dev-operator")


@pytest.fixture
def peers():
    gateway, smtp = LocalSmsGateway().start(), LocalSmtpServer().start()
    yield gateway, smtp
    gateway.stop()
    smtp.stop()


@pytest.fixture
def hall(stack, peers):
    gateway, smtp = peers
    intake = stack.start("intake")
    notify = stack.start("notify", notify_env(gateway, smtp, intake, RETRY_BASE_SECONDS="0.3"))
    return intake, notify, gateway, smtp


def accept(intake, phone: str, **changes) -> dict:
    body = case_body("SC-010", applicant_phone=phone, **changes)
    answer = requests.post(
        f"{intake.url}/cases", data=json.dumps(body), headers=window_of("SC-010"), timeout=10
    )
    assert answer.status_code == 201, answer.text
    return answer.json()


def notices_of(notify, case_no: str) -> list[dict]:
    answer = requests.get(f"{notify.url}/notices", params={"case_no": case_no}, headers=WINDOW, timeout=5)
    assert answer.status_code == 200, answer.text
    return answer.json()["notices"]


def settled(notify, case_no: str, count: int, channel: str, status: str = "delivered"):
    """The case's ``count`` notices once each has a delivery on ``channel`` in ``status``."""

    def probe():
        found = notices_of(notify, case_no)
        done = [
            n
            for n in found
            if any(d["channel"] == channel and d["status"] == status for d in n["deliveries"])
        ]
        return found if len(found) == count and len(done) == count else None

    return wait_for(probe, timeout=40)


def test_r_once_2_an_accepted_case_gets_its_receipt_and_acceptance_by_sms_and_in_the_app(hall):
    intake, notify, gateway, _ = hall
    case = accept(intake, "13900000101")
    found = settled(notify, case["case_no"], 2, "sms")
    assert sorted(n["notice_type"] for n in found) == ["acceptance", "receipt"]
    texts = [m["text"] for m in gateway.messages() if m["to"] == "13900000101"]
    assert len(texts) == 2 and any(case["case_no"] in text and "5个工作日" in text for text in texts)
    # the receipt's SMS states the code the applicant tracks, reads notices and rates with
    assert [text for text in texts if f"查询码：{case['verification_code']}" in text]
    for notice in found:
        assert {d["channel"]: d["status"] for d in notice["deliveries"]} == {
            "inbox": "delivered",
            "sms": "delivered",
        }
    # the applicant reads the same notices with the receipt's code, no login
    mine = requests.get(
        f"{notify.url}/applicant/notices",
        params={"case_no": case["case_no"], "code": case["verification_code"]},
        timeout=5,
    )
    assert mine.status_code == 200 and len(mine.json()["notices"]) == 2
    wrong = requests.get(
        f"{notify.url}/applicant/notices", params={"case_no": case["case_no"], "code": "WRONG000"}, timeout=5
    )
    assert wrong.status_code == 404
    # printable, with the hash that proves the text
    receipt = next(n for n in found if n["notice_type"] == "receipt")
    page = requests.get(f"{notify.url}/notices/{receipt['notice_no']}/print", headers=WINDOW, timeout=5)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert receipt["content_sha256"] in page.text and case["case_no"] in page.text


def test_a_temporary_sms_failure_is_retried_with_back_off_and_then_delivered(hall):
    intake, notify, gateway, _ = hall
    gateway.script("13900000102", [503, 503, 503, 503])
    case = accept(intake, "13900000102")
    found = settled(notify, case["case_no"], 2, "sms")
    attempts = sorted(d["attempts"] for n in found for d in n["deliveries"] if d["channel"] == "sms")
    assert attempts[-1] >= 3 and sum(attempts) == 6  # four 503s shared by the two, then success
    assert len([m for m in gateway.messages() if m["to"] == "13900000102"]) == 2
    metrics = requests.get(f"{notify.url}/metrics", timeout=5).text
    assert 'hall_notify_delivery_retries_total{channel="sms"} 4.0' in metrics
    assert 'hall_notify_delivery_seconds_count{channel="sms"} 2.0' in metrics
    assert 'hall_notify_notices_total{notice_type="receipt"} 1.0' in metrics
    assert 'hall_notify_deliveries_open{channel="sms",status="pending"} 0.0' in metrics


def test_a_permanent_sms_failure_falls_back_to_email(hall):
    intake, notify, gateway, smtp = hall
    gateway.fail_always("13900000103", 404)
    case = accept(intake, "13900000103", applicant_email="wangwu@example.cn")
    found = settled(notify, case["case_no"], 2, "email")
    for notice in found:
        sms = next(d for d in notice["deliveries"] if d["channel"] == "sms")
        email = next(d for d in notice["deliveries"] if d["channel"] == "email")
        assert (sms["status"], sms["failure"]) == ("failed", "permanent")
        assert email["fallback_from"] == sms["id"]
    mails = [m for m in smtp.messages() if "wangwu@example.cn" in m["rcpt_tos"]]
    assert len(mails) == 2 and any(case["case_no"] in m["body"] for m in mails)
    assert gateway.sent_count == 0
    metrics = requests.get(f"{notify.url}/metrics", timeout=5).text
    assert 'hall_notify_fallbacks_total{from_channel="sms",to_channel="email"} 2.0' in metrics


def test_without_phone_or_email_the_notice_becomes_a_letter_the_window_hands_over(hall):
    intake, notify, gateway, _ = hall
    gateway.fail_always("13900000104", 400)
    case = accept(intake, "13900000104")
    found = settled(notify, case["case_no"], 2, "letter", status="sent")
    jobs = requests.get(f"{notify.url}/print-jobs", headers=WINDOW, timeout=5).json()["jobs"]
    mine = [job for job in jobs if job["case_no"] == case["case_no"]]
    assert len(mine) == 2
    page = requests.get(f"{notify.url}/print-jobs/{mine[0]['id']}/print", headers=WINDOW, timeout=5)
    assert page.status_code == 200 and "no postal address" in page.text and case["case_no"] in page.text
    for job in mine:
        handed = requests.post(
            f"{notify.url}/print-jobs/{job['id']}/handed-over",
            data=json.dumps({"how": "in_person"}),
            headers=WINDOW,
            timeout=5,
        )
        assert handed.status_code == 200, handed.text
    again = requests.post(
        f"{notify.url}/print-jobs/{mine[0]['id']}/handed-over",
        data=json.dumps({"how": "post"}),
        headers=WINDOW,
        timeout=5,
    )
    assert again.status_code == 409
    assert len(settled(notify, case["case_no"], 2, "letter")) == len(found)


def test_a_duplicated_event_sends_each_message_once(hall, stack):
    intake, notify, gateway, _ = hall
    spy = bind_spy_queue(stack.amqp_uri, ["intake.events"])
    case = accept(intake, "13900000105")
    settled(notify, case["case_no"], 2, "sms")
    published = drain(spy, expected=2)  # case_registered, case_accepted
    accepted = next(body for body, _ in published if b"case_accepted" in body)
    publisher = RawPublisher(stack.amqp_uri)
    for _ in range(3):
        envelope = json.loads(accepted)
        publisher.publish("intake.events", "case_accepted", envelope)
    publisher.close()
    # wait until notify has consumed the copies (its inbox saw them), then count at the gateway
    skipped = 'hall_inbox_duplicates_total{consumer="notify.handle_case_accepted",service="notify"} 3.0'
    wait_for(lambda: skipped in requests.get(f"{notify.url}/metrics", timeout=5).text)
    settled(notify, case["case_no"], 2, "sms")
    assert len([m for m in gateway.messages() if m["to"] == "13900000105"]) == 2
    for message in gateway.messages():
        assert gateway.requests_for_key(message["idempotency_key"]) == 1


def test_a_new_notice_is_sent_when_it_is_written_not_at_the_loops_next_poll(stack, peers):
    """The consumer that queues a delivery wakes this process's loop (``notify.delivery.bell``):
    with a poll of two minutes, the case's notices still reach the applicant within seconds."""
    gateway, smtp = peers
    intake = stack.start("intake")
    notify = stack.start(
        "notify", notify_env(gateway, smtp, intake, RETRY_BASE_SECONDS="0.3", DELIVERY_POLL_SECONDS="120")
    )
    case = accept(intake, "13900000109")
    wait_for(lambda: len([m for m in gateway.messages() if m["to"] == "13900000109"]) == 2, timeout=15)
    found = notices_of(notify, case["case_no"])
    assert sorted(n["notice_type"] for n in found) == ["acceptance", "receipt"]
