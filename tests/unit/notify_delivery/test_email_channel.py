"""The email channel against the local SMTP server (aiosmtpd, a real SMTP peer)."""

import logging
import socket

import pytest

from local_stack import free_port
from notify.delivery.channels.email import SmtpEmail, message_id
from notify.delivery.rules import DELIVERED, PERMANENT, TEMPORARY, Outgoing

ADDRESS = "zhang.san@example.cn"
SENDER = "某市政务服务中心 <notice@hall.local>"
KEY = "evt-7:acceptance:applicant:email"


def notice(to=ADDRESS, key=KEY):
    return Outgoing(
        idempotency_key=key,
        notice_no="N-20261201-0007",
        address=to,
        subject="受理通知书（办件号 HALL-20261201-ABCD）",
        text="张三：\n您于2026年12月1日提交的申请已受理。\n承诺办结时限：5个工作日。\n",
    )


def channel(smtp, **options):
    return SmtpEmail("127.0.0.1", smtp.port, SENDER, **options)


def test_a_notice_arrives_with_its_chinese_subject_body_and_the_message_id_of_its_key(smtp):
    outcome = channel(smtp).send(notice())

    assert outcome.status == DELIVERED
    [mail] = smtp.messages()
    assert mail["mail_from"] == "notice@hall.local"
    assert mail["rcpt_tos"] == [ADDRESS]
    assert mail["subject"] == "受理通知书（办件号 HALL-20261201-ABCD）"
    assert mail["body"] == notice().text
    assert mail["message_id"] == message_id(KEY)
    assert mail["headers"]["X-Hall-Notice"] == "N-20261201-0007"
    assert mail["headers"]["From"] == SENDER
    assert mail["headers"]["Auto-Submitted"] == "auto-generated"


def test_the_message_on_the_wire_is_7bit_with_an_rfc2047_subject():
    raw = SmtpEmail("127.0.0.1", 25, SENDER).build(notice()).as_bytes()

    raw.decode("ascii")  # raises if any byte is not ASCII
    assert b"Subject: =?utf-8?" in raw
    assert b"Content-Transfer-Encoding: base64" in raw


def test_the_message_id_is_a_valid_id_derived_from_the_key_and_the_same_on_every_attempt():
    key = "evt 7/验收:申请人 <x>"

    assert message_id(key) == message_id(key)
    assert message_id(key) != message_id(key + "-other")
    local, domain = message_id(key).strip("<>").split("@")
    assert (len(local), domain) == (32, "hall.local")
    assert all(ch in "0123456789abcdef" for ch in local)


def test_a_451_at_rcpt_is_temporary_and_the_retry_is_delivered(smtp):
    smtp.script(ADDRESS, [451], stage="rcpt")
    email = channel(smtp)

    first = email.send(notice())
    second = email.send(notice())

    assert first.status == TEMPORARY
    assert first.detail.startswith("RCPT: 451 4.3.0")
    assert second.status == DELIVERED
    assert smtp.count_for_message_id(message_id(KEY)) == 1


def test_a_451_after_data_is_temporary(smtp):
    smtp.script(ADDRESS, [451], stage="data")

    outcome = channel(smtp).send(notice())

    assert outcome.status == TEMPORARY
    assert outcome.detail.startswith("DATA: 451")
    assert smtp.received_count == 0


def test_550_no_such_user_is_permanent_with_the_smtp_reply_which_stays_out_of_the_log(smtp, caplog):
    smtp.fail_always(ADDRESS, 550, stage="rcpt")

    with caplog.at_level(logging.DEBUG, logger="notify.delivery.channels.email"):
        outcome = channel(smtp).send(notice())

    assert outcome.status == PERMANENT
    assert outcome.detail == (
        f"RCPT: 550 5.1.1 <{ADDRESS}>: Recipient address rejected: User unknown (scripted)"
    )
    assert caplog.records  # the refusal is logged ...
    assert not any(ADDRESS in record.getMessage() for record in caplog.records)  # ... anonymously


def test_554_after_data_is_permanent(smtp):
    smtp.fail_always(ADDRESS, 554, stage="data")

    outcome = channel(smtp).send(notice())

    assert outcome.status == PERMANENT
    assert outcome.detail.startswith("DATA: 554 5.7.1")


@pytest.mark.parametrize(
    "address", ["", "zhang.san", "zhang@localhost", "a b@example.cn", "x@example.cn\r\nBcc: y@example.cn"]
)
def test_something_that_is_no_address_is_permanent_without_connecting(smtp, address):
    outcome = channel(smtp).send(notice(to=address))

    assert outcome.status == PERMANENT
    assert smtp.received_count == 0


def test_no_server_listening_is_temporary():
    email = SmtpEmail("127.0.0.1", free_port(), SENDER, timeout=2)

    outcome = email.send(notice())

    assert outcome.status == TEMPORARY
    assert outcome.detail.startswith("no connection")


def test_a_server_that_never_greets_is_a_temporary_timeout(caplog):
    with socket.socket() as silent:  # the kernel completes the handshake; nobody ever speaks
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        email = SmtpEmail("127.0.0.1", silent.getsockname()[1], SENDER, timeout=0.3)

        with caplog.at_level(logging.INFO, logger="notify.delivery.channels.email"):
            outcome = email.send(notice())

    assert outcome.status == TEMPORARY
    assert outcome.detail.startswith("timeout")
    assert not any(ADDRESS in record.getMessage() for record in caplog.records)
