"""The local SMTP server asks for a login when given one, and records who logged in."""

from __future__ import annotations

import smtplib

import pytest

from local_stack.peers import LocalSmtpServer
from local_stack.peers.smtp_security import SmtpSecurity

MAIL = "From: notice@hall.local\r\nTo: a@example.cn\r\nSubject: test\r\n\r\nbody\r\n"


def test_a_message_is_accepted_only_after_the_login_and_records_it():
    with LocalSmtpServer(security=SmtpSecurity(username="hall", password="pw-1")) as smtp:
        with smtplib.SMTP(smtp.host, smtp.port, timeout=5) as client:
            with pytest.raises(smtplib.SMTPSenderRefused) as refused:
                client.sendmail("notice@hall.local", ["a@example.cn"], MAIL)
            assert refused.value.smtp_code == 530
            with pytest.raises(smtplib.SMTPAuthenticationError):
                client.login("hall", "wrong")
            client.login("hall", "pw-1")
            client.sendmail("notice@hall.local", ["a@example.cn"], MAIL)
        [mail] = smtp.messages()
    assert (mail["authenticated_as"], mail["tls"]) == ("hall", False)


def test_without_security_anyone_may_send_as_under_make_up():
    with LocalSmtpServer() as smtp:
        with smtplib.SMTP(smtp.host, smtp.port, timeout=5) as client:
            client.sendmail("notice@hall.local", ["a@example.cn"], MAIL)
        [mail] = smtp.messages()
    assert mail["authenticated_as"] is None and mail["tls"] is False


@pytest.mark.parametrize(("mode", "certfile"), [("tls", "x.pem"), ("ssl", None), ("starttls", None)])
def test_a_mode_it_does_not_know_or_tls_without_a_certificate_is_refused(mode, certfile):
    with pytest.raises(ValueError):
        SmtpSecurity(mode, certfile)
