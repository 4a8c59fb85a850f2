"""``make up`` starts the peers for notify, reuses running ones, refuses a foreign port."""

import socket

import pytest

from local_stack import free_port, port_in_use
from local_stack.peers.local_run import PeerPortTaken, start_peers
from notify.delivery.channels.email import SmtpEmail
from notify.delivery.channels.sms import SmsGateway
from notify.delivery.rules import DELIVERED, SENT, Outgoing


def test_started_peers_are_reachable_with_the_env_notify_is_given():
    ports = free_port(), free_port(), free_port()
    peers = start_peers(*ports, report_url=None)  # not to whatever notify listens on 8004
    try:
        env = peers.notify_env
        message = Outgoing("k-1", "N-1", "13900000001", "受理通知书", "已受理")
        sms = SmsGateway(env["SMS_GATEWAY_URL"], env["SMS_GATEWAY_KEY"]).send(message)
        email = SmtpEmail(env["SMTP_HOST"], int(env["SMTP_PORT"]), "notice@hall.local").send(
            Outgoing("k-2", "N-1", "a@example.cn", "受理通知书", "已受理")
        )
        assert (sms.status, email.status) == (SENT, DELIVERED)
        assert f"{ports[2]}/_control/messages" in peers.table()
    finally:
        peers.stop()
    assert not any(port_in_use(port) for port in ports)


def test_peers_already_running_are_reused_not_started_twice():
    ports = free_port(), free_port(), free_port()
    first = start_peers(*ports)
    try:
        second = start_peers(*ports)
        assert second.started == []
    finally:
        first.stop()


def test_a_port_taken_by_another_program_stops_the_run():
    with socket.socket() as foreign:
        foreign.bind(("127.0.0.1", 0))
        foreign.listen(1)
        with pytest.raises(PeerPortTaken, match="taken by another program"):
            start_peers(foreign.getsockname()[1], free_port(), free_port())
