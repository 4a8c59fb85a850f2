"""The SMS channel against the local gateway (a real HTTP server): what each answer means."""

import logging

import pytest

from local_stack import free_port
from local_stack.peers import LocalSmsGateway
from notify.delivery.channels.sms import SmsGateway
from notify.delivery.rules import DELIVERED, PERMANENT, SENT, TEMPORARY, Outgoing

PHONE = "13900000001"


def notice(key="evt-1:receipt:applicant:sms", to=PHONE, notice_no="N-20261201-0001"):
    return Outgoing(
        idempotency_key=key,
        notice_no=notice_no,
        address=to,
        subject="受理通知书",
        text="【政务服务中心】您的申请已受理，办件号 HALL-20261201-ABCD。",
    )


def channel(gateway, **options):
    return SmsGateway(gateway.url, gateway.api_key, **options)


def test_an_accepted_message_is_sent_with_the_gateway_id_and_its_receipt_says_delivered(gateway):
    sms = channel(gateway)

    outcome = sms.send(notice())

    assert outcome.status == SENT
    assert outcome.provider_ref == "m-1"
    [received] = gateway.messages()
    assert received["to"] == PHONE
    assert received["text"].startswith("【政务服务中心】您的申请已受理")
    assert received["reference"] == "N-20261201-0001"
    assert received["idempotency_key"] == "evt-1:receipt:applicant:sms"
    receipt = sms.receipt(outcome.provider_ref)
    assert (receipt.status, receipt.provider_ref) == (DELIVERED, "m-1")


def test_the_receipt_stays_sent_while_the_gateway_has_not_delivered():
    with LocalSmsGateway(delivery_delay=3600) as slow_carrier:
        sms = channel(slow_carrier)
        outcome = sms.send(notice())

        assert sms.receipt(outcome.provider_ref).status == SENT


def test_an_undeliverable_receipt_is_permanent(gateway):
    gateway.make_undeliverable(PHONE)
    sms = channel(gateway)

    outcome = sms.send(notice())

    assert outcome.status == SENT
    assert sms.receipt(outcome.provider_ref).status == PERMANENT


def test_a_receipt_the_gateway_cannot_give_is_temporary(gateway):
    sms = channel(gateway)

    assert sms.receipt("m-404").status == TEMPORARY


def test_a_503_is_temporary_and_the_retry_succeeds(gateway):
    gateway.script(PHONE, [503])
    sms = channel(gateway)

    first = sms.send(notice())
    second = sms.send(notice())

    assert first.status == TEMPORARY
    assert "503" in first.detail
    assert second.status == SENT
    assert gateway.sent_count == 1


def test_rate_limiting_is_temporary_and_keeps_the_retry_after_hint(gateway):
    gateway.script(PHONE, [429])

    outcome = channel(gateway).send(notice())

    assert outcome.status == TEMPORARY
    assert "Retry-After" in outcome.detail


@pytest.mark.parametrize(
    "status, code",
    [(400, "invalid_number"), (403, "blocked"), (404, "unknown_subscriber"), (422, "invalid_number")],
)
def test_a_refused_number_is_permanent_with_the_gateways_words(gateway, status, code):
    gateway.fail_always(PHONE, status)

    outcome = channel(gateway).send(notice())

    assert outcome.status == PERMANENT
    assert outcome.detail.startswith(f"HTTP {status} {code}: ")
    assert gateway.sent_count == 0


def test_a_number_that_is_no_mobile_number_is_permanent(gateway):
    outcome = channel(gateway).send(notice(to="010-12345678"))

    assert outcome.status == PERMANENT
    assert "invalid_number" in outcome.detail


def test_the_same_idempotency_key_twice_sends_one_message(gateway):
    sms = channel(gateway)

    first = sms.send(notice())
    again = sms.send(notice())

    assert first == again
    assert gateway.sent_count == 1
    assert gateway.sent_for_key("evt-1:receipt:applicant:sms") == 1
    assert gateway.requests_for_key("evt-1:receipt:applicant:sms") == 2


def test_a_wrong_api_key_is_temporary_sends_nothing_and_logs_an_error(gateway, caplog):
    sms = SmsGateway(gateway.url, "not-the-key")

    with caplog.at_level(logging.ERROR, logger="notify.channels.sms"):
        outcome = sms.send(notice())

    assert outcome.status == TEMPORARY
    assert "401" in outcome.detail
    assert gateway.sent_count == 0
    assert any("SMS_GATEWAY_KEY" in record.getMessage() for record in caplog.records)
    assert not any(PHONE in record.getMessage() for record in caplog.records)


def test_a_gateway_slower_than_the_timeout_is_temporary_and_the_retry_sends_nothing_more(gateway):
    gateway.response_delay = 2.0
    sms = channel(gateway, timeout=0.3)

    timed_out = sms.send(notice())
    gateway.response_delay = 0.0
    retried = sms.send(notice())

    assert timed_out.status == TEMPORARY
    assert timed_out.detail.startswith("timeout")
    assert retried.status == SENT
    assert gateway.sent_count == 1  # the gateway had accepted it: the key kept it single


def test_no_gateway_listening_is_temporary():
    sms = SmsGateway(f"http://127.0.0.1:{free_port()}", "dev-sms-key", timeout=2)

    outcome = sms.send(notice())

    assert outcome.status == TEMPORARY
    assert outcome.detail.startswith("no connection")
    assert sms.receipt("m-1").status == TEMPORARY
