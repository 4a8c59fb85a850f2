"""A local SMTP server (aiosmtpd) that keeps every message it accepts, and can refuse.

Nothing is relayed: each accepted message is recorded (envelope sender and recipients, parsed
headers incl. Message-ID, decoded subject and text body). Per recipient address it can be
scripted to answer RCPT or DATA with 4xx a number of times (then accept) or with 5xx always.

Another process reads it through a small JSON HTTP server beside it (``control_port``; 8027
under ``make up``), with the same shape as the SMS gateway's control endpoints::

    GET  /_control/messages -> {"received_count", "messages": [{mail_from, rcpt_tos,
                                message_id, subject, headers, body, authenticated_as,
                                tls}], "per_message_id"}
    POST /_control/script   {"address": "a@b.cn", "stage": "rcpt" | "data",
                             "answers": [451, 451]}      next answers, then 250
                            {"address": ..., "stage": ..., "always": 550}
    POST /_control/reset    forget messages and scripts

Run alone: ``python -m local_stack.peers.smtp_server --port 8026 [--control-port 8027]``.
"""

from __future__ import annotations

import asyncio
import threading
from collections import Counter
from email import message_from_bytes, policy

from aiosmtpd.controller import Controller

from local_stack.peers.json_http import Answer, BackgroundJsonServer
from local_stack.peers.smtp_security import SmtpSecurity, session_facts

STAGES = ("rcpt", "data")
REPLIES = {
    421: "421 4.3.2 Service not available (scripted)",
    450: "450 4.2.1 Mailbox busy (scripted)",
    451: "451 4.3.0 Temporary local problem, try again later (scripted)",
    452: "452 4.2.2 Insufficient storage (scripted)",
    550: "550 5.1.1 <{address}>: Recipient address rejected: User unknown (scripted)",
    552: "552 5.2.2 Mailbox full (scripted)",
    553: "553 5.1.3 Mailbox name not allowed (scripted)",
    554: "554 5.7.1 Message rejected (scripted)",
}


class _PortReadingController(Controller):
    """aiosmtpd's Controller, able to listen on port 0 (the OS picks; read it back)."""

    def _trigger_server(self):
        assert isinstance(self.server, asyncio.Server)  # started by now: a listening server
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


class _Recorder:
    """The aiosmtpd handler: consults the scripts, records what it accepts."""

    def __init__(self, peer: LocalSmtpServer):
        self.peer = peer

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        refusal = self.peer._scripted_reply(address, "rcpt")
        if refusal:
            return refusal
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        for address in envelope.rcpt_tos:
            refusal = self.peer._scripted_reply(address, "data")
            if refusal:
                return refusal
        self.peer._record(envelope, session_facts(server, session))
        return "250 2.0.0 Message accepted for delivery"


class LocalSmtpServer:
    """``with LocalSmtpServer() as smtp: SmtpEmail(smtp.host, smtp.port, "notice@hall.local")``

    ``port=0`` picks a free port; ``control_port`` starts the JSON control API (0: any free
    port, None: none; ``control_url`` tells where); ``security``: TLS and a login (``smtp_security``).
    """

    def __init__(
        self, *, host: str = "127.0.0.1", port: int = 0, control_port: int | None = None, security=None
    ):
        self.host, self.security = host, security or SmtpSecurity()
        self.requested_port = port
        self._controller: Controller | None = None
        self._control = BackgroundJsonServer(self, host, control_port) if control_port is not None else None
        self._lock = threading.Lock()
        self.reset()

    # -- running
    def start(self) -> LocalSmtpServer:
        if self._control:
            self._control.start()
        controller = _PortReadingController(
            _Recorder(self),
            hostname=self.host,
            port=self.requested_port,
            server_hostname="hall-local-smtp",
            enable_SMTPUTF8=True,
            decode_data=False,
            **self.security.controller_options(),
        )
        try:
            controller.start()
        except BaseException:
            if self._control:
                self._control.stop()
            raise
        self._controller = controller
        return self

    def stop(self) -> None:
        if self._control:
            self._control.stop()
        if self._controller:
            self._controller.stop()
            self._controller = None

    def __enter__(self) -> LocalSmtpServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._controller is None:
            raise RuntimeError("not started")
        return self._controller.port

    @property
    def control_url(self) -> str | None:
        return self._control.url if self._control else None

    # -- scripting
    def script(self, address: str, answers: list[int], stage: str = "rcpt") -> None:
        """The next ``stage`` replies for ``address``: these codes in order, then 250."""
        _check(stage, answers)
        with self._lock:
            self._scripts.setdefault((address.lower(), stage), []).extend(answers)

    def fail_always(self, address: str, code: int = 550, stage: str = "rcpt") -> None:
        _check(stage, [code])
        with self._lock:
            self._always[(address.lower(), stage)] = code

    def reset(self) -> None:
        with self._lock:
            self._messages: list[dict] = []
            self._scripts: dict[tuple[str, str], list[int]] = {}
            self._always: dict[tuple[str, str], int] = {}

    # -- reading
    @property
    def received_count(self) -> int:
        with self._lock:
            return len(self._messages)

    def messages(self) -> list[dict]:
        with self._lock:
            return list(self._messages)

    def count_for_message_id(self, message_id: str) -> int:
        wanted = message_id.strip("<>")
        with self._lock:
            return sum(1 for m in self._messages if (m["message_id"] or "").strip("<>") == wanted)

    def snapshot(self) -> dict:
        with self._lock:
            return {
                "received_count": len(self._messages),
                "messages": list(self._messages),
                "per_message_id": dict(Counter(m["message_id"] for m in self._messages)),
            }

    # -- the SMTP side (called on the aiosmtpd thread)
    def _scripted_reply(self, address: str, stage: str) -> str | None:
        key = (address.lower(), stage)
        with self._lock:
            code = self._always.get(key)
            if code is None and self._scripts.get(key):
                code = self._scripts[key].pop(0)
        if code is None:
            return None
        reply = REPLIES.get(code, f"{code} {'4.0.0' if code < 500 else '5.0.0'} Refused (scripted)")
        return reply.format(address=address)  # 550 repeats the address, as Postfix does

    def _record(self, envelope, facts: dict) -> None:
        parsed = message_from_bytes(envelope.original_content or envelope.content, policy=policy.default)
        body_part = parsed.get_body(preferencelist=("plain",)) or parsed
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": list(envelope.rcpt_tos),
            "message_id": str(parsed.get("Message-ID") or "").strip() or None,
            "subject": parsed.get("Subject"),
            "headers": {name: str(value).strip() for name, value in parsed.items()},
            "body": body_part.get_content().replace("\r\n", "\n"),
            **facts,
        }
        with self._lock:
            self._messages.append(record)

    # -- the control API
    def handle(self, method: str, path: str, headers: dict[str, str], body) -> Answer:
        if method == "GET" and path == "/_control/messages":
            return 200, self.snapshot(), {}
        if method == "POST" and path == "/_control/reset":
            self.reset()
            return 200, {"reset": True}, {}
        if method == "POST" and path == "/_control/script":
            body = body if isinstance(body, dict) else {}
            try:
                address, stage = str(body["address"]), body.get("stage", "rcpt")
                if "always" in body:
                    self.fail_always(address, int(body["always"]), stage)
                else:
                    self.script(address, list(body["answers"]), stage)
            except (KeyError, ValueError, TypeError) as error:
                return 400, {"code": "bad_script", "message": f"{type(error).__name__}: {error}"}, {}
            return 200, {"scripted": body}, {}
        return 404, {"code": "not_found", "message": f"no control {method} {path}"}, {}


def _check(stage: str, codes: list[int]) -> None:
    if stage not in STAGES:
        raise ValueError(f"stage is one of {STAGES}, not {stage!r}")
    for code in codes:
        if not isinstance(code, int) or not 400 <= code <= 599:
            raise ValueError(f"a scripted reply is a 4xx or 5xx code, not {code!r}")


def start(port: int = 0, control_port: int | None = 0, **options) -> tuple[LocalSmtpServer, str]:
    """Start a server on ``port`` (0: any free one); returns it and ``smtp://host:port``."""
    server = LocalSmtpServer(port=port, control_port=control_port, **options).start()
    return server, f"smtp://{server.host}:{server.port}"


def main(argv: list[str] | None = None) -> int:
    """``python -m local_stack.peers.smtp_server``: see ``local_stack.peers.cli``."""
    from local_stack.peers.cli import smtp_server_main

    return smtp_server_main(argv)


if __name__ == "__main__":
    raise SystemExit(main())
