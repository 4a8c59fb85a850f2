"""The email channel through a relay that wants STARTTLS or SMTPS and a login: the local SMTP
server (aiosmtpd) with a self-signed certificate made for the test and one account."""

from __future__ import annotations

import ssl

import pytest
from self_signed import self_signed

from local_stack.peers import LocalSmtpServer
from local_stack.peers.smtp_security import SmtpSecurity
from notify.delivery.channels.email import SmtpEmail
from notify.delivery.rules import DELIVERED, TEMPORARY, Outgoing

LOGIN = {"username": "hall-notify", "password": "relay-Pa55-word"}


def notice() -> Outgoing:
    return Outgoing(
        "evt-9:receipt:applicant:email",
        "N-20261201-0009",
        "li.si@example.cn",
        "受理通知书",
        "李四：已受理。\n",
    )


@pytest.fixture
def certificate(tmp_path):
    return self_signed(tmp_path)


def relay(certificate, mode: str, **login) -> LocalSmtpServer:
    cert, key = certificate
    return LocalSmtpServer(security=SmtpSecurity(mode, cert, key, **login))


def trusting(certificate) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=certificate[0])


@pytest.mark.parametrize("mode", ["starttls", "ssl"])
def test_a_notice_goes_through_an_encrypted_session_after_the_halls_login(certificate, mode):
    with relay(certificate, mode, **LOGIN) as smtp:
        channel = SmtpEmail(
            "127.0.0.1",
            smtp.port,
            "notice@hall.local",
            security=mode,
            **LOGIN,
            tls_context=trusting(certificate),
        )
        outcome = channel.send(notice())
        [mail] = smtp.messages()
    assert outcome.status == DELIVERED, outcome.detail
    assert (mail["authenticated_as"], mail["tls"], mail["rcpt_tos"]) == (
        "hall-notify",
        True,
        ["li.si@example.cn"],
    )


def test_a_wrong_password_is_a_temporary_failure_naming_the_relays_535_and_sends_nothing(certificate, caplog):
    with relay(certificate, "starttls", **LOGIN) as smtp:
        channel = SmtpEmail(
            "127.0.0.1",
            smtp.port,
            "notice@hall.local",
            security="starttls",
            username="hall-notify",
            password="guess",
            tls_context=trusting(certificate),
        )
        outcome = channel.send(notice())
        assert smtp.received_count == 0
    assert outcome.status == TEMPORARY and outcome.detail.startswith("session: 535")
    assert "guess" not in caplog.text and "guess" not in outcome.detail


@pytest.mark.parametrize(
    ("options", "why"),
    [
        ({"security": "none", **LOGIN}, "not supported"),  # no STARTTLS: the relay offers no AUTH
        ({"security": "starttls"}, "session: 530"),  # encrypted, but no login
    ],
)
def test_a_session_the_relay_refuses_sends_nothing_and_waits_for_a_retry(certificate, options, why):
    with relay(certificate, "starttls", **LOGIN) as smtp:
        outcome = SmtpEmail(
            "127.0.0.1", smtp.port, "notice@hall.local", tls_context=trusting(certificate), **options
        ).send(notice())
        assert smtp.received_count == 0
    assert outcome.status == TEMPORARY and outcome.detail.startswith(why), outcome.detail


@pytest.mark.parametrize("mode", ["starttls", "ssl"])
def test_a_relay_whose_certificate_no_trusted_ca_signed_gets_no_notice(certificate, mode):
    with relay(certificate, mode, **LOGIN) as smtp:
        outcome = SmtpEmail("127.0.0.1", smtp.port, "notice@hall.local", security=mode, **LOGIN).send(
            notice()
        )
        assert smtp.received_count == 0
    assert outcome.status == TEMPORARY and "CERTIFICATE_VERIFY_FAILED" in outcome.detail, outcome.detail


def test_an_unknown_security_mode_is_a_mistake_caught_at_once():
    with pytest.raises(ValueError, match="security"):
        SmtpEmail("127.0.0.1", 25, "notice@hall.local", security="tls")
