"""Notify killed (SIGKILL) in the middle of delivering 500 notices, then restarted: every SMS and
every email reaches the real peers exactly once (issue 5, done means).

500 immediate cases (MZ-001, one receipt each) are accepted at intake; one applicant in five
has a number the gateway refuses for good, so their receipt falls back to email. Notify is
killed once a third of the SMS are at the gateway, restarted on the same database, and the run
is counted at the gateway (by idempotency key) and at the SMTP server (by Message-ID). An email
whose sender died between the SMTP server's 250 and the database's commit is ``in_doubt``:
never resent by notify itself; the test, as the operator, resends those that did not arrive.
"""

from __future__ import annotations

import json
from collections import Counter

import requests
from bus import wait_for
from intake_requests import bearer, case_body, window_of
from notify_peers import notify_env

from local_stack.peers.sms_gateway import LocalSmsGateway
from local_stack.peers.smtp_server import LocalSmtpServer
from notify.delivery.channels.email import message_id
from notify.delivery.handlers import RECORD_BATCH

CASES = 500
REFUSED_EVERY = 5  # one applicant in five: SMS refused for good, email instead
OPERATOR = bearer("dev-operator")
CONCURRENCY = 8  # DELIVERY_CONCURRENCY of the two replicas


def phone(index: int) -> str:
    return f"139{index:08d}"


def exactly_once_env(gateway, smtp, intake, **settings: str) -> dict[str, str]:
    """notify's settings for these scenarios: a receipt poll of 0.5 s, a sending timeout of 2 s."""
    return notify_env(
        gateway, smtp, intake, RECEIPT_POLL_SECONDS="0.5", SENDING_TIMEOUT_SECONDS="2", **settings
    )


def test_a_notify_killed_mid_batch_sends_each_of_500_messages_exactly_once(stack):
    gateway, smtp = LocalSmsGateway().start(), LocalSmtpServer().start()
    try:
        intake = stack.start("intake")
        env = exactly_once_env(gateway, smtp, intake, DELIVERY_BATCH="50", RETRY_BASE_SECONDS="0.5")
        refused = {phone(i) for i in range(CASES) if i % REFUSED_EVERY == 0}
        for number in refused:
            gateway.fail_always(number, 404)
        notify = stack.start("notify", env)
        session = requests.Session()
        for index in range(CASES):
            body = case_body(
                "MZ-001", applicant_phone=phone(index), applicant_email=f"applicant{index}@example.cn"
            )
            answer = session.post(
                f"{intake.url}/cases", data=json.dumps(body), headers=window_of("MZ-001"), timeout=10
            )
            assert answer.status_code == 201, answer.text
        sms_expected, email_expected = CASES - len(refused), len(refused)

        wait_for(lambda: gateway.sent_count >= sms_expected // 3, timeout=120, interval=0.01)
        notify.kill()  # SIGKILL: no chance to finish what it was sending
        killed_at = gateway.sent_count
        assert killed_at < sms_expected, "the kill must land in the middle of the batch"
        notify.restart(env=env)

        wait_for(lambda: gateway.sent_count == sms_expected, timeout=180)

        def deliveries(status: str) -> list[dict]:
            answer = session.get(
                f"{notify.url}/deliveries", params={"status": status}, headers=OPERATOR, timeout=5
            )
            return answer.json()["deliveries"]

        wait_for(lambda: not deliveries("pending") and not deliveries("sending"), timeout=180)
        in_doubt = deliveries("in_doubt")
        assert all(delivery["channel"] == "email" for delivery in in_doubt)
        # the operator's procedure: resend an in-doubt email only when it did not arrive
        for delivery in in_doubt:
            arrived = smtp.count_for_message_id(message_id(delivery["idempotency_key"]))
            if not arrived:
                answer = session.post(
                    f"{notify.url}/deliveries/{delivery['id']}/resend", headers=OPERATOR, timeout=5
                )
                assert answer.status_code == 202
        wait_for(lambda: smtp.received_count == email_expected, timeout=60)

        sms_keys = [message["idempotency_key"] for message in gateway.messages()]
        assert len(sms_keys) == len(set(sms_keys)) == sms_expected
        assert {message["to"] for message in gateway.messages()} == {phone(i) for i in range(CASES)} - refused
        mail_ids = [message["message_id"] for message in smtp.messages()]
        assert len(mail_ids) == len(set(mail_ids)) == email_expected
        print(f"killed after {killed_at} of {sms_expected} SMS; {len(in_doubt)} email(s) in doubt")
    finally:
        gateway.stop()
        smtp.stop()


def test_two_notify_replicas_one_killed_mid_batch_send_each_message_exactly_once(stack):
    """Two replicas of notify on one database (PostgreSQL in the PG leg: SKIP LOCKED claims) share
    the deliveries of 200 cases, each woken by the batches it consumed and polling for the rest,
    each with ``DELIVERY_CONCURRENCY`` sends in flight; one is killed (SIGKILL) mid-way: the other
    settles what it left ``sending``. The gateway does not deduplicate, so every send is seen:
    each SMS reached it once while both replicas ran; the only repeats are the killed replica's
    unrecorded sends, resent after the kill (at most concurrency + RECORD_BATCH of them, under
    the same key, which a real gateway deduplicates); every notice the applicant's inbox once."""
    # every send answered 50 ms late, so that the kill lands while both replicas are sending
    gateway = LocalSmsGateway(response_delay=0.05, deduplicate=False).start()
    smtp = LocalSmtpServer().start()
    cases = 200
    try:
        intake = stack.start("intake")
        env = exactly_once_env(
            gateway, smtp, intake, DELIVERY_BATCH="20", DELIVERY_CONCURRENCY=str(CONCURRENCY)
        )
        first = stack.start("notify", env)
        second = stack.start_replica(first)
        session = requests.Session()
        for index in range(cases):
            body = case_body("MZ-001", applicant_phone=phone(index))
            answer = session.post(
                f"{intake.url}/cases", data=json.dumps(body), headers=window_of("MZ-001"), timeout=10
            )
            assert answer.status_code == 201, answer.text
        wait_for(lambda: gateway.sent_count >= cases // 3, timeout=120, interval=0.01)
        first.kill()
        killed_at = gateway.sent_count
        assert killed_at < cases, "the kill must land in the middle of the sends"
        wait_for(lambda: len({m["idempotency_key"] for m in gateway.messages()}) == cases, timeout=180)

        def deliveries(status: str) -> list[dict]:
            answer = session.get(
                f"{second.url}/deliveries", params={"status": status}, headers=OPERATOR, timeout=5
            )
            return answer.json()["deliveries"]

        wait_for(lambda: not deliveries("pending") and not deliveries("sending"), timeout=120)
        sms_keys = [message["idempotency_key"] for message in gateway.messages()]  # as accepted
        repeated = {key for key, count in Counter(sms_keys).items() if count > 1}
        assert len(set(sms_keys)) == cases and len(sms_keys) == cases + len(repeated)  # twice at most
        assert len(repeated) <= CONCURRENCY + RECORD_BATCH
        # a repeat is the survivor settling the killed replica's send: never while both ran
        assert all(sms_keys.index(key, sms_keys.index(key) + 1) >= killed_at for key in repeated)
        assert {message["to"] for message in gateway.messages()} == {phone(i) for i in range(cases)}
        inbox = [d["idempotency_key"] for d in deliveries("delivered") if d["channel"] == "inbox"]
        assert len(inbox) == len(set(inbox)) >= cases  # the receipts' copies (completions may follow)
        assert not deliveries("failed") and not deliveries("in_doubt")
        print(f"first replica killed after {killed_at} of {cases} SMS; {len(repeated)} resent after")
    finally:
        gateway.stop()
        smtp.stop()
