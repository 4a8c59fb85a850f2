"""The peers of ``make up``: the SMS gateway on 8025, SMTP on 8026 (control API on 8027).

They run as threads of the ``local_stack up`` process and stop with it. The gateway pushes its
delivery reports to notify on 8004 (``/callbacks/sms/reports``, signed with notify's development
``SMS_REPORT_SECRET``); notify's receipt poll stays at its default (60 s), the safety net. A peer already
answering its control endpoint on its port (one started by hand with ``python -m
local_stack.peers...``) is reused; a port taken by another program stops the run.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import requests

from local_stack.conventions import HTTP_PORTS, port_in_use
from local_stack.peers.sms_gateway import DEFAULT_API_KEY, LocalSmsGateway
from local_stack.peers.smtp_server import LocalSmtpServer

SMS_GATEWAY_PORT = 8025
SMTP_PORT = 8026
SMTP_CONTROL_PORT = 8027
HOST = "127.0.0.1"
DEV_SMS_REPORT_SECRET = "dev-sms-report-secret"  # notify's config.yml default (development only)
REPORT_URL = f"http://{HOST}:{HTTP_PORTS['notify']}/callbacks/sms/reports"


class PeerPortTaken(RuntimeError):
    """A peer's port is taken by a program that is not that peer."""


@dataclass
class RunningPeers:
    sms_port: int = SMS_GATEWAY_PORT
    smtp_port: int = SMTP_PORT
    smtp_control_port: int = SMTP_CONTROL_PORT
    started: list = field(default_factory=list)

    @property
    def notify_env(self) -> dict[str, str]:
        """What notify's config.yml reads to reach them."""
        return {
            "SMS_GATEWAY_URL": f"http://{HOST}:{self.sms_port}",
            "SMS_GATEWAY_KEY": DEFAULT_API_KEY,
            "SMS_REPORT_SECRET": DEV_SMS_REPORT_SECRET,
            "SMTP_HOST": HOST,
            "SMTP_PORT": str(self.smtp_port),
        }

    def table(self) -> str:
        return "\n".join(
            [
                f"sms gateway: http://{HOST}:{self.sms_port} (what it accepted: "
                f"http://{HOST}:{self.sms_port}/_control/messages)",
                f"smtp server: {HOST}:{self.smtp_port} (what it received: "
                f"http://{HOST}:{self.smtp_control_port}/_control/messages)",
            ]
        )

    def stop(self) -> None:
        for peer in reversed(self.started):
            peer.stop()
        self.started.clear()


def _answers_control(port: int) -> bool:
    try:
        return requests.get(f"http://{HOST}:{port}/_control/messages", timeout=2).ok
    except requests.RequestException:
        return False


def _free_or_peer(port: int, control_port: int, what: str) -> bool:
    """True when the port is free; False when the peer already runs there."""
    if not port_in_use(port):
        return True
    if _answers_control(control_port):
        print(f"{what}: port {port} already answers as the local peer: reusing it")
        return False
    raise PeerPortTaken(f"port {port} ({what}) is taken by another program")


def start_peers(
    sms_port: int = SMS_GATEWAY_PORT,
    smtp_port: int = SMTP_PORT,
    smtp_control_port: int = SMTP_CONTROL_PORT,
    report_url: str | None = REPORT_URL,
) -> RunningPeers:
    """The peers of ``make up``; the gateway pushes its reports to ``report_url`` (None: nowhere)."""
    peers = RunningPeers(sms_port, smtp_port, smtp_control_port)
    try:
        if _free_or_peer(sms_port, sms_port, "sms gateway"):
            gateway = LocalSmsGateway(
                host=HOST, port=sms_port, report_url=report_url, report_secret=DEV_SMS_REPORT_SECRET
            )
            peers.started.append(gateway.start())
        if _free_or_peer(smtp_port, smtp_control_port, "smtp server"):
            peers.started.append(
                LocalSmtpServer(host=HOST, port=smtp_port, control_port=smtp_control_port).start()
            )
    except OSError as error:  # e.g. the control port taken: the bind fails
        peers.stop()
        raise PeerPortTaken(f"a peer could not listen: {error}") from error
    except PeerPortTaken:
        peers.stop()
        raise
    return peers
